"""JSON and JSON Lines records: fields title, text, url, outlet, published, byline."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sitroom.errors import InputError
from sitroom.ingest.dates import normalise_published
from sitroom.model import Article

FIELDS = ("title", "text", "url", "outlet", "published", "byline")


def read_json_records(text: str, source: str, lines: bool) -> Iterator[Article | InputError]:
    """Yield one Article (or the InputError for that record) per record; a bad record does not stop the rest."""
    if lines:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{source}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield InputError(where, f"is not valid JSON ({exc.msg})", "fix or remove that line")
                continue
            yield _record_or_error(record, where)
        return
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        yield InputError(source, f"is not valid JSON ({exc.msg} at line {exc.lineno})", "fix the file or save it as .jsonl")
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        yield _record_or_error(record, f"{source}#{number}" if isinstance(data, list) else source)


def _record_or_error(record: Any, where: str) -> Article | InputError:
    try:
        return article_from_record(record, where)
    except InputError as exc:
        return exc


def article_from_record(record: Any, where: str) -> Article:
    """Validate one record and turn it into an Article."""
    if not isinstance(record, dict):
        raise InputError(where, f"is a JSON {type(record).__name__}, not an object", f"give objects with fields {', '.join(FIELDS)}")
    values = {k: record.get(k) for k in FIELDS}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise InputError(where, f'field "{key}" is not a string', f'give "{key}" as a JSON string')
    title = (values["title"] or "").strip()
    text = (values["text"] or "").strip()
    if not text:
        raise InputError(where, 'has no "text"', 'add the article body as "text"')
    if not title:
        raise InputError(where, 'has no "title"', 'add the headline as "title"')
    published = normalise_published(values["published"], where) if values["published"] else None
    return Article(
        title=title,
        text=text.replace("\r\n", "\n"),
        outlet=(values["outlet"] or "").strip() or None,
        published=published,
        url=values["url"] or None,
        byline=values["byline"] or None,
        source=where,
    )
