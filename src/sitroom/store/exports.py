"""Every table as flat rows for CSV, NDJSON and PLOVER: ``sitroom export`` and ``/api/export``.

One row per item, each with its article's id, date, outlet and URL and the item's exact
character span, so an exported row can always be traced back to its sentence. Events come
out in the columns event-data users load (GDELT / ACLED style) and as PLOVER-style records.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sitroom.store import Store
from sitroom.store.queries import ArticleFilter, list_articles, public_source
from sitroom.store.schema import articles, spans, story_articles

KINDS = ("articles", "quotes", "figures", "events", "claims", "stories", "people")
FORMATS = ("csv", "ndjson", "parquet", "plover")  # plover: events only
MEDIA = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson", "parquet": "application/vnd.apache.parquet",
         "plover": "application/json"}  # fmt: skip
# Each kind's columns, in order: the CSV header even when no row matches (pinned by tests/test_export.py).
COLUMNS = {
    "articles": ("id", "title", "outlet", "published", "url", "word_count", "near_duplicate_of", "story", "source"),
    "quotes": ("article_id", "published", "outlet", "kind", "speaker", "role", "org", "cue", "text", "confidence", "start",
               "end", "source_url"),
    "figures": ("article_id", "published", "outlet", "value", "low", "high", "approx", "unit", "counted", "holder", "date",
                "text", "start", "end", "source_url"),
    "events": ("date", "actor1", "actor1_code", "actor1_country", "actor2", "actor2_code", "actor2_country", "cameo",
               "cameo_root", "plover", "quad_class", "goldstein", "location", "independent_sources", "text", "article_id",
               "outlet", "published", "source_url", "start", "end", "mode", "context"),
    "claims": ("article_id", "published", "outlet", "type", "holder", "actor", "action", "if", "then", "text", "start", "end",
               "source_url"),
    "stories": ("id", "title", "first_date", "last_date", "article_count", "outlets"),
    "people": ("id", "name", "variants", "roles", "quote_count", "article_count"),
}  # fmt: skip
EVENT_COLUMNS = COLUMNS["events"]
# Parquet column types (DuckDB's names); every other column is text. Typed, so a column that no
# row fills (a filter matching nothing) still loads as a number, not as a column of nulls.
NUMBER_TYPES = {"word_count": "BIGINT", "story": "BIGINT", "start": "BIGINT", "end": "BIGINT", "quad_class": "BIGINT",
                "independent_sources": "BIGINT", "article_count": "BIGINT", "quote_count": "BIGINT", "confidence": "DOUBLE",
                "goldstein": "DOUBLE", "value": "DOUBLE", "low": "DOUBLE", "high": "DOUBLE"}  # fmt: skip
LIST_TYPES = {"variants": "VARCHAR[]", "roles": "VARCHAR[]"}
KIND_TYPES = {"stories": {"id": "BIGINT", "outlets": "BIGINT"}}  # a story's id is a number, its outlets a count


def span_rows(store: Store, kind: str, flt: ArticleFilter) -> Iterator[dict[str, Any]]:
    """Spans of one kind in the filtered articles, with their article's metadata."""
    story = select(story_articles.c.story_id).where(story_articles.c.article_id == articles.c.id).scalar_subquery()
    query = (select(spans.c.article_id, spans.c.start_char, spans.c.end_char, spans.c.data, articles.c.outlet,
                    articles.c.published, articles.c.url, articles.c.source, story.label("story"))
             .join(articles, articles.c.id == spans.c.article_id)
             .where(spans.c.kind == kind, *flt.conditions(store.engine.dialect.name)).order_by(articles.c.published, spans.c.article_id, spans.c.start_char))  # fmt: skip
    with store.connect() as conn:
        for r in conn.execute(query):
            yield {"article_id": r.article_id, "published": r.published, "outlet": r.outlet, "story": r.story,
                   "source_url": public_source(r.source, r.url), "start": r.start_char, "end": r.end_char, **(r.data or {})}  # fmt: skip


def quote_rows(store: Store, flt: ArticleFilter) -> Iterator[dict[str, Any]]:
    for q in span_rows(store, "quote", flt):
        speaker = q.get("speaker") or {}
        yield {"article_id": q["article_id"], "published": q["published"], "outlet": q["outlet"], "kind": q.get("kind"),
               "speaker": speaker.get("name"), "role": speaker.get("role"), "org": speaker.get("org"), "cue": q.get("cue"),
               "text": q.get("text"), "confidence": q.get("confidence"), "start": q["start"], "end": q["end"],
               "source_url": q["source_url"]}  # fmt: skip


def figure_rows(store: Store, flt: ArticleFilter) -> Iterator[dict[str, Any]]:
    for f in span_rows(store, "figure", flt):
        yield {"article_id": f["article_id"], "published": f["published"], "outlet": f["outlet"], "value": f.get("value"),
               "low": f.get("low"), "high": f.get("high"), "approx": f.get("approx"), "unit": f.get("unit"),
               "counted": f.get("counted"), "holder": f.get("holder"), "date": f.get("date"), "text": f.get("text"),
               "start": f["start"], "end": f["end"], "source_url": f["source_url"]}  # fmt: skip


def claim_rows(store: Store, flt: ArticleFilter) -> Iterator[dict[str, Any]]:
    for c in span_rows(store, "claim", flt):
        yield {"article_id": c["article_id"], "published": c["published"], "outlet": c["outlet"], "type": c.get("type"),
               "holder": c.get("holder"), "actor": c.get("actor"), "action": c.get("action"), "if": c.get("if"),
               "then": c.get("then"), "text": c.get("text"), "start": c["start"], "end": c["end"], "source_url": c["source_url"]}  # fmt: skip


def _country(code: str | None) -> str | None:
    """CAMEO actor codes open with a three-letter country ('BLR GOV'); '---' means none known."""
    head = (code or "").split(" ")[0]
    return head if len(head) == 3 and head.isalpha() and head.isupper() else None


def event_rows(store: Store, flt: ArticleFilter) -> list[dict[str, Any]]:
    """Events in event-data columns; ``independent_sources`` counts the outlets in the same story
    reporting the same date, actors and CAMEO code."""
    rows = list(span_rows(store, "event", flt))
    key = lambda e: (e["story"], e.get("date"), e.get("actor_code"), e.get("target_code"), e.get("cameo"))  # noqa: E731
    outlets: dict[Any, set[str]] = {}
    for e in rows:
        outlets.setdefault(key(e), set()).add(e["outlet"] or e["article_id"])
    return [{"date": e.get("date") or (e["published"] or "")[:10] or None, "actor1": e.get("actor"),
             "actor1_code": e.get("actor_code"), "actor1_country": _country(e.get("actor_code")), "actor2": e.get("target"),
             "actor2_code": e.get("target_code"), "actor2_country": _country(e.get("target_code")), "cameo": e.get("cameo"),
             "cameo_root": (e.get("cameo") or "")[:2] or None, "plover": e.get("plover"), "quad_class": e.get("quad_class"),
             "goldstein": e.get("goldstein"), "location": e.get("location"), "independent_sources": len(outlets[key(e)]),
             "text": e.get("text"), "article_id": e["article_id"], "outlet": e["outlet"], "published": e["published"],
             "source_url": e["source_url"], "start": e["start"], "end": e["end"], "mode": e.get("mode"),
             "context": e.get("context")} for e in rows]  # fmt: skip


def plover_record(e: dict[str, Any]) -> dict[str, Any]:
    """One event as a PLOVER-style record (event, mode, context, actor, recipient, their countries)."""
    return {"id": f"{e['article_id']}-{e['start']}-{e['end']}", "date": e["date"], "event": e["plover"], "mode": e["mode"],
            "context": [e["context"]] if e["context"] else [], "actor": e["actor1"], "actor_country": e["actor1_country"],
            "recipient": e["actor2"], "recipient_country": e["actor2_country"], "location": e["location"],
            "text": e["text"], "cameo": e["cameo"], "quad_class": e["quad_class"], "goldstein": e["goldstein"],
            "independent_sources": e["independent_sources"], "source": e["source_url"], "publisher": e["outlet"],
            "published": e["published"], "coder": "sitroom events.v1"}  # fmt: skip


def article_rows(store: Store, flt: ArticleFilter) -> list[dict[str, Any]]:
    return list_articles(store, flt, limit=10_000_000)[0]


def story_rows(store: Store, flt: ArticleFilter) -> list[dict[str, Any]]:
    rows = store.list_stories(limit=10_000_000)
    return [r for r in rows if flt.story is None or r["id"] == flt.story]


def people_rows(store: Store, flt: ArticleFilter) -> list[dict[str, Any]]:
    from sitroom.resolve.people import build_people

    return [p.row() for p in build_people(store)]


EXPORTERS: dict[str, Callable[[Store, ArticleFilter], Iterable[dict[str, Any]]]] = {
    "articles": article_rows, "quotes": quote_rows, "figures": figure_rows, "events": event_rows,
    "claims": claim_rows, "stories": story_rows, "people": people_rows,
}  # fmt: skip


def export_rows(store: Store, kind: str, flt: ArticleFilter) -> Iterable[dict[str, Any]]:
    """The rows of one export kind (a KeyError names an unknown kind)."""
    return EXPORTERS[kind](store, flt)


def cell(value: Any) -> str:
    """A CSV cell: lists joined with '; ', None empty, dicts as JSON."""
    if value is None:
        return ""
    if isinstance(value, list | tuple | set):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def encode(rows: Iterable[dict[str, Any]], fmt: str, kind: str = "") -> Iterator[str]:
    """Rows as CSV (header from the first row), NDJSON, or a PLOVER JSON array (events)."""
    if fmt == "plover":
        yield json.dumps([plover_record(e) for e in rows], ensure_ascii=False, indent=1, default=str) + "\n"
        return
    if fmt == "ndjson":
        for r in rows:
            yield json.dumps(r, ensure_ascii=False, default=str) + "\n"
        return
    buffer = io.StringIO()
    writer: Any = None
    for r in rows:
        if writer is None:
            writer = csv.DictWriter(buffer, fieldnames=list(r), extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
        writer.writerow({k: cell(v) for k, v in r.items()})
        if buffer.tell() > 65536:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if writer is None and kind in COLUMNS:  # nothing matched: still say what the columns are
        csv.writer(buffer, lineterminator="\n").writerow(COLUMNS[kind])
    yield buffer.getvalue()


def parquet_columns(kind: str) -> dict[str, str]:
    """Each column of a kind with its Parquet (DuckDB) type."""
    own = KIND_TYPES.get(kind, {})
    return {c: own.get(c) or NUMBER_TYPES.get(c) or LIST_TYPES.get(c) or "VARCHAR" for c in COLUMNS[kind]}


def typed_value(value: Any, kind: str) -> Any:
    """A value fitted to its column's type: text columns take lists and dicts as their CSV cell,
    number columns keep numbers only (a word where a number belongs becomes null, not a guess)."""
    if value is None:
        return None
    if kind == "VARCHAR":
        return value if isinstance(value, str) else cell(value)
    if kind.endswith("[]"):
        return [cell(v) for v in value] if isinstance(value, list | tuple | set) else [cell(value)]
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return int(value) if kind == "BIGINT" and float(value).is_integer() else value if kind == "DOUBLE" else None


def write_parquet(rows: Iterable[dict[str, Any]], kind: str, target: Path) -> int:
    """Write the rows of one kind to a Parquet file with typed columns; returns how many were written.

    DuckDB writes it (the smallest of the libraries measured that keeps types and lists, see
    docs/benchmarks.md): the rows go through a temporary NDJSON file that DuckDB reads with the
    column types declared, so nothing is inferred from the first rows.
    """
    import duckdb  # imported here: 0.3 s that only a Parquet export pays

    columns = parquet_columns(kind)
    count = 0
    with tempfile.TemporaryDirectory(prefix="sitroom-parquet-") as tmp:
        source = Path(tmp) / "rows.ndjson"
        with source.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps({c: typed_value(row.get(c), t) for c, t in columns.items()}, ensure_ascii=False) + "\n")
                count += 1
        spec = "{" + ", ".join(f"{_quote(c)}: {_quote(t)}" for c, t in columns.items()) + "}"
        with duckdb.connect() as con:
            con.execute(f"COPY (SELECT * FROM read_json({_quote(str(source))}, format = 'newline_delimited', columns = {spec})) "
                        f"TO {_quote(str(target))} (FORMAT parquet, COMPRESSION zstd)")  # fmt: skip
    return count


def _quote(text: str) -> str:
    """A DuckDB string literal (COPY takes no bound parameters)."""
    return "'" + text.replace("'", "''") + "'"
