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
                record = _loads(line, where)
            except json.JSONDecodeError as exc:
                yield InputError(where, f"is not valid JSON ({exc.msg})", "fix or remove that line")
                continue
            except InputError as exc:
                yield exc
                continue
            yield _record_or_error(record, where)
        return
    try:
        data = _loads(text, source)
    except json.JSONDecodeError as exc:
        yield InputError(source, f"is not valid JSON ({exc.msg} at line {exc.lineno})", "fix the file or save it as .jsonl")
        return
    except InputError as exc:
        yield exc
        return
    records = data if isinstance(data, list) else [data]
    for number, record in enumerate(records, start=1):
        yield _record_or_error(record, f"{source}#{number}" if isinstance(data, list) else source)


def _loads(text: str, where: str) -> Any:
    """``json.loads``, with nesting too deep for the parser refused as an InputError."""
    try:
        return json.loads(text)
    except RecursionError:
        raise InputError(where, "is JSON nested too deeply to be an article record", "give flat objects with fields "
                         + ", ".join(FIELDS)) from None  # fmt: skip


def _record_or_error(record: Any, where: str) -> Article | InputError:
    try:
        return article_from_record(record, where)
    except InputError as exc:
        return exc


def _check_encodable(key: str, value: str, where: str) -> None:
    """Refuse a lone surrogate (``"\\ud800"`` is valid JSON but no character): it cannot be stored or shown."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(where, f'field "{key}" holds a lone surrogate (\\u{ord(value[exc.start]):04x}) at character {exc.start}',
                         "fix the escape sequences in that field; they must encode real characters") from None  # fmt: skip


def article_from_record(record: Any, where: str) -> Article:
    """Validate one record and turn it into an Article."""
    if not isinstance(record, dict):
        raise InputError(where, f"is a JSON {type(record).__name__}, not an object", f"give objects with fields {', '.join(FIELDS)}")
    values = {k: record.get(k) for k in FIELDS}
    for key, value in values.items():
        if value is not None and not isinstance(value, str):
            raise InputError(where, f'field "{key}" is not a string', f'give "{key}" as a JSON string')
        if value is not None and not value.isascii():
            _check_encodable(key, value, where)
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
