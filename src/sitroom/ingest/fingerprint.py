"""Article identity: a content-hash id, and MinHash signatures to find near-duplicates.

Exact duplicates share an id. Near-duplicates (the same wire story with a new headline
and a trimmed paragraph, or syndicated under another outlet) are found without comparing
every pair: the MinHash signature is cut into bands and only articles sharing a band are
compared, by exact Jaccard similarity of their word 3-shingles.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

from sitroom.model import Article

NUM_PERM = 64
BANDS = 16  # 16 bands of 4 rows: P(candidate) is 0.5 at Jaccard 0.5 and 0.98 at 0.7
ROWS = NUM_PERM // BANDS
_WORD = re.compile(r"\w+", re.UNICODE)
_rng = np.random.default_rng(20241027)  # fixed: signatures must be stable across runs and machines
_A = _rng.integers(1, 2**63 - 1, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63 - 1, size=NUM_PERM, dtype=np.uint64)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def fingerprint_article(article: Article) -> str:
    """Content-hash id: the same outlet, title and text always give the same 16 hex digits."""
    key = "\x1f".join([_norm(article.outlet).casefold(), _norm(article.title), _norm(article.text)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def shingles(text: str, size: int = 3) -> set[str]:
    """Word ``size``-grams of the case-folded text (the whole text if it is shorter)."""
    words = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + size]) for i in range(len(words) - size + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def minhash(shingle_set: set[str]) -> np.ndarray:
    """NUM_PERM-value MinHash signature (uint64) of a shingle set."""
    if not shingle_set:
        return np.zeros(NUM_PERM, dtype=np.uint64)
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "little") for s in shingle_set),
        dtype=np.uint64,
        count=len(shingle_set),
    )
    # Multiply-add in wrapping uint64 arithmetic, then an xor-shift to mix the high bits down.
    with np.errstate(over="ignore"):
        mixed = hashes[None, :] * _A[:, None] + _B[:, None]
    mixed ^= mixed >> np.uint64(29)
    return np.asarray(mixed.min(axis=1), dtype=np.uint64)


def band_keys(signature: np.ndarray) -> list[str]:
    """One key per band: articles sharing any key are near-duplicate candidates."""
    keys = []
    for band in range(BANDS):
        chunk = signature[band * ROWS:(band + 1) * ROWS].tobytes()
        keys.append(f"{band:02d}" + hashlib.blake2b(chunk, digest_size=8).hexdigest())
    return keys
