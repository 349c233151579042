"""POST /api/ingest and the upload form: save to a private temp dir, ingest, delete.

Uploads are only ever read by the ingest cascade: they are saved under a sanitised name in a
fresh temp directory, never executed and never served back, and the directory is removed
when the run ends. Reports name the file as the client sent it, not the temp path.
"""

from __future__ import annotations

import json
import re
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.store import Store

SAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Upload:
    """One file as the client sent it."""

    filename: str
    content: bytes


@dataclass
class PastedText:
    title: str
    text: str
    outlet: str | None = None
    published: str | None = None
    url: str | None = None


def safe_name(index: int, filename: str) -> str:
    """``003-name.txt``: no directories, no odd characters; the extension picks the reader."""
    base = SAFE.sub("_", Path(filename.replace("\\", "/")).name).strip("._") or "upload"
    return f"{index:03d}-{base[-100:]}"


def ingest_uploads(store: Store, config: Config, writer: threading.Lock,
                   files: list[Upload], pasted: PastedText | None) -> dict[str, Any]:
    """Run one ingest over the uploaded files and pasted text; the report as a dict."""
    options = IngestOptions(max_bytes=int(config.get("ingest.max_bytes")), encoding=config.get("ingest.encoding"))
    with tempfile.TemporaryDirectory(prefix="sitroom-upload-") as tmp:
        names: dict[str, str] = {}
        paths: list[Path] = []
        for i, f in enumerate(files):
            path = Path(tmp) / safe_name(i, f.filename)
            path.write_bytes(f.content)
            names[str(path)] = f.filename
            paths.append(path)
        if pasted is not None:
            path = Path(tmp) / safe_name(len(files), "pasted.json")
            record = {k: v for k, v in vars(pasted).items() if v}
            path.write_text(json.dumps([record], ensure_ascii=False), "utf-8")
            names[str(path)] = "pasted text"
            paths.append(path)
        # One writer at a time: concurrent ingests would race on duplicate checks and stories.
        with writer:
            report = ingest_paths(paths, store, config, options).to_dict()
    return _client_names(report, names, tmp)


def _client_names(report: dict[str, Any], names: dict[str, str], tmp: str) -> dict[str, Any]:
    """Replace temp paths in the report by the names the client sent."""

    def rename(text: str) -> str:
        for path, name in names.items():
            text = text.replace(path, name)
        return text.replace(tmp, "upload")

    for key in ("added", "duplicates", "near_duplicates", "errors"):
        for item in report[key]:
            for field in ("source", "problem", "hint"):
                if isinstance(item.get(field), str):
                    item[field] = rename(item[field])
    report["warnings"] = [rename(w) for w in report["warnings"]]
    return report
