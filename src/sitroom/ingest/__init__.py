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

from sitroom.errors import InputError
from sitroom.ingest.dates import normalise_published
from sitroom.ingest.html import read_html_article
from sitroom.ingest.reading import decode_bytes, read_input_bytes
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


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files as given, and the article files under each directory, in a stable order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                yield InputError(str(path), "is a directory with no .txt, .md, .html, .json or .jsonl files", "point at the article files")
            yield from found
        elif path.exists() or path.is_symlink():
            yield path
        else:
            yield InputError(str(path), "does not exist", "check the path")


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
    if not article.published:
        article.warnings.append(f"{article.source}: no publication date found (pass --published to set one)")


def iter_articles(paths: Iterable[str | Path], options: IngestOptions) -> Iterator[Article | InputError]:
    """Every article under ``paths`` (or at each http(s) URL), or the error for each input
    that could not be read."""
    for raw in paths:
        if isinstance(raw, str) and raw.split("://", 1)[0].lower() in ("http", "https"):
            yield from read_url(raw, options)
            continue
        for item in expand_paths([raw]):
            if isinstance(item, InputError):
                yield item
            else:
                yield from read_path(item, options)


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
