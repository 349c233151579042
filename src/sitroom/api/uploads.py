"""POST /api/ingest and the upload form: save to a private temp dir, ingest, delete.

Uploads are only ever read by the ingest cascade: they are saved under a sanitised name in a
fresh temp directory, never executed and never served back, and the directory is removed
when the run ends. Reports name the file as the client sent it, not the temp path.
"""

from __future__ import annotations

import json
import multiprocessing
import re
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
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


class IngestWriter:
    """The one writer: every upload's ingest runs here, one at a time, off the request threads.

    Concurrent ingests would race on duplicate checks and stories, so there is one. With
    ``in_process`` (what ``sitroom serve`` uses) it is a worker process: the parse and the
    stages then never compete with reads for the interpreter lock, and a slow upload costs
    reads nothing. Otherwise (tests, in-memory stores) it is one background thread.
    """

    def __init__(self, in_process: bool = False) -> None:
        self.in_process = in_process
        self._lock = threading.Lock()
        self._process: ProcessPoolExecutor | None = None
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="sitroom-writer")

    def ingest(self, store: Store, config: Config, paths: list[Path], options: IngestOptions) -> dict[str, Any]:
        """The report of one ingest run by the writer (it waits for the runs queued before it)."""
        if not (self.in_process and shareable(store.url)):
            return self._thread.submit(_ingest, store, config, paths, options).result()
        with self._lock:
            if self._process is None:
                self._process = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
            pool = self._process
        try:
            return pool.submit(_ingest_in_worker, store.url, config.settings, paths, options).result()
        except BrokenProcessPool:
            self.close()  # the worker died (out of memory?): the next upload gets a new one
            raise

    def close(self) -> None:
        with self._lock:
            if self._process is not None:
                self._process.shutdown(wait=False, cancel_futures=True)
            self._process = None


def shareable(url: str) -> bool:
    """Whether another process can open the store at ``url`` (an in-memory SQLite cannot)."""
    return url not in ("sqlite://", "sqlite:///:memory:") and "mode=memory" not in url


def _ingest(store: Store, config: Config, paths: list[Path], options: IngestOptions) -> dict[str, Any]:
    return ingest_paths(paths, store, config, options).to_dict()


_WORKER_STORES: dict[str, Store] = {}


def _ingest_in_worker(url: str, settings: dict[str, Any], paths: list[Path], options: IngestOptions) -> dict[str, Any]:
    """In the worker process: one Store per URL, opened once (the model, too, loads once)."""
    store = _WORKER_STORES.get(url) or _WORKER_STORES.setdefault(url, Store(url))
    return _ingest(store, Config(settings), paths, options)


def ingest_uploads(store: Store, config: Config, writer: IngestWriter, files: list[Upload], pasted: PastedText | None,
                   given: dict[str, str] | None = None) -> dict[str, Any]:
    """Run one ingest over the uploaded files and pasted text; the report as a dict.

    ``given`` (outlet, published, url) overrides what each file says, as ``sitroom ingest
    --outlet --published --url`` does: an upload of a file already stored corrects it.
    """
    options = IngestOptions(max_bytes=int(config.get("ingest.max_bytes")), encoding=config.get("ingest.encoding"), **(given or {}))
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
            # ASCII escapes: a lone surrogate in pasted JSON then reaches the reader, which
            # refuses it with one line, instead of failing this write.
            path.write_text(json.dumps([record], ensure_ascii=True), "utf-8")
            names[str(path)] = "pasted text"
            paths.append(path)
        report = writer.ingest(store, config, paths, options)
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
