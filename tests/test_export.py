"""Exports: event-data columns, independent sources, PLOVER records, CSV cells, no server paths."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitroom.model import Annotations, Article
from sitroom.store import Store
from sitroom.store.exports import (
    EVENT_COLUMNS,
    cell,
    encode,
    event_rows,
    export_rows,
    plover_record,
)
from sitroom.store.queries import ArticleFilter, public_source

TEXT = "Belarus moved troops to the border with Poland on Monday."


def event(**extra: Any) -> dict[str, Any]:
    return {"text": TEXT[:33], "start": 0, "end": 33, "actor": "Belarus", "action": "move troops", "target": "Poland",
            "actor_code": "BLR GOV", "target_code": "--- MIL", "cameo": "154", "plover": "MOBILIZE", "quad_class": 4,
            "goldstein": -7.2, "location": "border", "date": "2026-09-14", "mode": "troops", "context": "military", **extra}  # fmt: skip


def add(store: Store, aid: str, outlet: str, source: str, events: list[dict[str, Any]], url: str | None = None,
        **more: list[dict[str, Any]]) -> None:
    article = Article(title=f"t {aid}", text=TEXT, outlet=outlet, published="2026-09-14", url=url, source=source, id=aid)
    ann = Annotations(events=events, produced_by={"events": "events.v1", "quotes": "quotes.v1", "figures": "figures.v1",
                                                  "claims": "claims.v1"}, **more)  # fmt: skip
    store.add_article(article, ann, np.zeros(4, dtype=np.uint64), [f"b{aid}"])


@pytest.fixture
def filled(store: Store) -> Store:
    span = {"text": TEXT[:7], "start": 0, "end": 7}
    add(store, "a1", "Wire One", "/srv/private/in/a1.txt", [event()],
        quotes=[{**span, "kind": "direct", "cue": "said", "speaker": {"name": "Jan Nowak", "role": "minister"}, "confidence": 0.9}],
        figures=[{**span, "value": 2000, "unit": None, "counted": "troops"}],
        claims=[{**span, "type": "prediction", "holder": "Jan Nowak"}])  # fmt: skip
    add(store, "a2", "Wire Two", "/srv/private/in/feed.jsonl#record 2", [event(), event(cameo="190", start=34, end=40)],
        url="https://example.org/a2")  # fmt: skip
    return store


def test_event_rows_have_the_event_data_columns(filled: Store) -> None:
    rows = event_rows(filled, ArticleFilter())
    assert len(rows) == 3
    assert set(EVENT_COLUMNS) <= set(rows[0])
    first = rows[0]
    assert (first["actor1_country"], first["actor2_country"], first["cameo_root"]) == ("BLR", None, "15")


def test_independent_sources_count_outlets_reporting_the_same_event(filled: Store) -> None:
    # No story grouping in this store: both outlets' 154 events share (story None, date, actors, code).
    counts = sorted((r["cameo"], r["independent_sources"]) for r in event_rows(filled, ArticleFilter()))
    assert counts == [("154", 2), ("154", 2), ("190", 1)]


def test_plover_records(filled: Store) -> None:
    records = json.loads("".join(encode(event_rows(filled, ArticleFilter()), "plover")))
    assert {r["event"] for r in records} == {"MOBILIZE"} and records[0]["context"] == ["military"]
    assert records[0]["id"].startswith("a1-0-33") and records[0]["actor_country"] == "BLR"
    assert set(plover_record(event_rows(filled, ArticleFilter())[0])) >= {"date", "event", "mode", "actor", "recipient", "source"}


def test_exports_carry_no_server_paths(filled: Store) -> None:
    for kind in ("articles", "events"):
        text = "".join(encode(export_rows(filled, kind, ArticleFilter()), "csv"))
        assert "/srv/private" not in text, kind
    sources = {r["article_id"]: r["source_url"] for r in event_rows(filled, ArticleFilter())}
    assert sources == {"a1": "a1.txt", "a2": "https://example.org/a2"}


def test_filters_apply_to_exports(filled: Store) -> None:
    rows = list(export_rows(filled, "events", ArticleFilter(outlet="wire two")))
    assert {r["article_id"] for r in rows} == {"a2"}


def test_csv_round_trips_awkward_cells(store: Store) -> None:
    add(store, "a3", 'Wire, "Three"\nLtd', "x.txt", [event(location=["a", "b"])])
    rows = list(csv.DictReader(io.StringIO("".join(encode(event_rows(store, ArticleFilter()), "csv")))))
    assert rows[0]["outlet"] == 'Wire, "Three"\nLtd' and rows[0]["location"] == "a; b"


@given(st.text(min_size=1, max_size=40).filter(lambda s: "#" not in s and "/" not in s and "\\" not in s))
def test_public_source_keeps_only_the_base_name(name: str) -> None:
    assert public_source(f"/home/user/secret/{name}") == name
    assert public_source(f"C:\\Users\\me\\{name}#record 3") == f"{name}#record 3"
    assert public_source("/tmp/x.txt", "https://example.org/a") == "https://example.org/a"


@pytest.mark.parametrize(("value", "text"), [(None, ""), ([1, "a"], "1; a"), ({"b": 1, "a": 2}, '{"a": 2, "b": 1}'), (2.5, "2.5")])
def test_csv_cells(value: Any, text: str) -> None:
    assert cell(value) == text


def test_export_to_a_file_needs_no_temp_paths(tmp_path: Path, filled: Store) -> None:
    target = tmp_path / "out.ndjson"
    target.write_text("".join(encode(export_rows(filled, "articles", ArticleFilter()), "ndjson")), "utf-8")
    rows = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a1", "a2"] or [r["id"] for r in rows] == ["a2", "a1"]


@pytest.mark.parametrize("kind", ["articles", "quotes", "figures", "events", "claims", "stories", "people"])
def test_csv_header_is_the_same_with_and_without_rows(filled: Store, kind: str) -> None:
    from sitroom.store.exports import COLUMNS

    empty = "".join(encode(export_rows(filled, kind, ArticleFilter(outlet="nobody")), "csv", kind))
    assert empty.splitlines() == [",".join(COLUMNS[kind])] or kind in ("stories", "people")
    rows = list(export_rows(filled, kind, ArticleFilter()))
    if rows:
        assert tuple(rows[0]) == COLUMNS[kind], kind


def test_parquet_keeps_types_and_empty_exports_keep_columns(filled: Store, tmp_path: Path) -> None:
    import duckdb

    from sitroom.store.exports import COLUMNS, write_parquet

    target = tmp_path / "events.parquet"
    assert write_parquet(event_rows(filled, ArticleFilter()), "events", target) == 3
    table = duckdb.sql(f"SELECT goldstein, quad_class, actor1_country, source_url FROM '{target}' ORDER BY article_id, start")
    assert table.fetchall()[0] == (-7.2, 4, "BLR", "a1.txt")
    empty = tmp_path / "none.parquet"
    assert write_parquet(export_rows(filled, "quotes", ArticleFilter(outlet="nobody")), "quotes", empty) == 0
    assert duckdb.sql(f"SELECT * FROM '{empty}'").columns == [*COLUMNS["quotes"]]


@pytest.mark.parametrize(("value", "kind", "typed"), [(["a", 1], "VARCHAR", "a; 1"), ("about", "DOUBLE", None), (3.0, "BIGINT", 3),
                                                      (True, "BIGINT", None), ("x", "VARCHAR[]", ["x"]), (2.5, "BIGINT", None)])
def test_parquet_values_fit_their_column(value: Any, kind: str, typed: Any) -> None:
    from sitroom.store.exports import typed_value

    assert typed_value(value, kind) == typed
