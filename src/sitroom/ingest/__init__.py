"""Ingest: files, directories, HTML and JSON records -> Article objects.

``iter_articles`` yields an Article or the InputError that explains why an input was
refused, so that one bad file never stops a batch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.errors import InputError, one_line
from sitroom.ingest.dates import check_published_range, normalise_published
from sitroom.ingest.encoding import decode_bytes
from sitroom.ingest.reading import read_input_bytes
from sitroom.ingest.records import read_json_records
from sitroom.ingest.text import read_text_article
from sitroom.model import Article

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass
class IngestOptions:
    """How inputs are read; ``outlet``/``published``/``url`` override what was sniffed."""

    max_bytes: int = 20_000_000
    encoding: str = ""
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    # Fetches http(s) inputs (a sitroom.ingest.urls.Fetcher or a PoliteFetcher); None: URLs are refused.
    fetcher: Any = None


def expand_paths(paths: Iterable[str | Path], skipped: list[str] | None = None) -> Iterator[Path | InputError]:
    """Files as given, and the article files under each directory, in a stable order.

    Paths found in a folder and left out (other file types, links to folders, hidden files)
    are noted in ``skipped``; a sub-folder that cannot be listed is an error, since articles
    in it were missed.
    """
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path, skipped if skipped is not None else [])
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield InputError(str(path), "does not exist", "check the path")


def _walk(root: Path, skipped: list[str]) -> Iterator[Path | InputError]:
    """The article files under ``root``. Links to folders are not followed: a link loop cannot recurse."""
    found: list[Path] = []
    errors: list[InputError] = []

    def unlistable(exc: OSError) -> None:
        errors.append(InputError(str(exc.filename), f"cannot be listed ({exc.strerror})", "check its permissions; the files in it were not read"))

    hidden = 0
    for folder, dirnames, filenames in os.walk(root, onerror=unlistable):
        base = Path(folder)
        hidden += sum(1 for n in dirnames + filenames if n.startswith("."))
        for name in sorted(d for d in dirnames if not d.startswith(".") and (base / d).is_symlink()):
            skipped.append(f"{base / name}: a link to a folder, not followed (give its target to read it)")
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith("."):
                continue
            file = base / name
            if file.suffix.lower() in SUFFIXES:
                found.append(file)
            else:
                skipped.append(f"{file}: not an article file type (.txt .md .html .json .jsonl), skipped")
    if hidden:
        skipped.append(f"{root}: {hidden} hidden files or folders skipped")
    if not found and not errors:
        yield InputError(str(root), "is a directory with no .txt, .md, .html, .json or .jsonl files", "point at the article files")
    yield from errors
    yield from sorted(found)


def read_path(path: Path, options: IngestOptions) -> Iterator[Article | InputError]:
    """All articles in one file (JSON files may hold many)."""
    source = str(path)
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield InputError(source, f"has an unknown type {path.suffix or '(no suffix)'!r}", "use .txt, .md, .html, .json or .jsonl")
        return
    try:
        if not os.access(path, os.R_OK):
            raise InputError(source, "cannot be read (permission denied)", "check its permissions")
        text, warnings = decode_bytes(read_input_bytes(path, options.max_bytes), source, options.encoding)
        if kind in ("json", "jsonl"):
            results: list[Article | InputError] = list(read_json_records(text, source, lines=kind == "jsonl"))
        elif kind == "html":
            # Imported here: trafilatura and lxml cost ~0.2 CPU s to import, and a batch of
            # text files never needs them.
            from sitroom.ingest.html import read_html_article

            results = [read_html_article(text, source)]
        else:
            results = [read_text_article(text, source, markdown=kind == "markdown")]
    except InputError as exc:
        yield exc
        return
    for item in results:
        if isinstance(item, Article):
            item.warnings[:0] = warnings
            try:
                apply_overrides(item, options)
            except InputError as exc:
                yield exc
                continue
        yield item


def apply_overrides(article: Article, options: IngestOptions) -> None:
    """Command-line values win over sniffed ones; warn when nothing gave a date."""
    if options.outlet:
        article.outlet = options.outlet
    if options.url:
        article.url = options.url
    if options.published:
        article.published = normalise_published(options.published, "--published")
    if article.published:
        check_published_range(article.published, article.source)
    else:
        article.warnings.append(f"{article.source}: no publication date found (pass --published to set one)")


def iter_articles(paths: Iterable[str | Path], options: IngestOptions,
                  skipped: list[str] | None = None) -> Iterator[Article | InputError]:
    """Every article under ``paths`` (or at each http(s) URL), or the error for each input
    that could not be read; paths deliberately left out are noted in ``skipped``."""
    for raw in paths:
        if isinstance(raw, str) and raw.split("://", 1)[0].lower() in ("http", "https"):
            yield from _guarded(read_url(raw, options), raw)
            continue
        for item in expand_paths([raw], skipped):
            if isinstance(item, InputError):
                yield item
            else:
                yield from _guarded(read_path(item, options), str(item))


def read_url(url: str, options: IngestOptions) -> Iterator[Article | InputError]:
    """The article on one web page, fetched with ``options.fetcher`` (see ingest/urls.py)."""
    from sitroom.ingest.urls import fetch_article

    if options.fetcher is None:
        yield InputError(url, "is a URL, and URLs are not fetched here", "use `sitroom ingest URL`")
        return
    try:
        article = fetch_article(url, options.fetcher)
        apply_overrides(article, options)
    except InputError as exc:
        yield exc
        return
    yield article


def _guarded(items: Iterator[Article | InputError], source: str) -> Iterator[Article | InputError]:
    """The reader's output; an unexpected exception becomes that file's error, not the batch's end."""
    try:
        yield from items
    except Exception as exc:
        yield InputError(source, f"could not be read ({one_line(exc)})",
                         "a sitroom bug: please report it with this file; the rest of the batch went on")  # fmt: skip
