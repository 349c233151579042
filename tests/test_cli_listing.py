"""Listings on a real store: filters, formats, show's tables, people corrections, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.store import Store

RECORDS = [
    {"title": "Poland closes border crossings with Belarus", "outlet": "Northline Wire", "published": "2026-09-14T10:00",
     "text": "WARSAW - Poland closed two border crossings with Belarus on Monday. \"We will not allow provocations on our border,\" "
             "Interior Minister Ewa Sadowska told reporters in Warsaw. Some 2,000 foreign soldiers are taking part in the drills."},
    {"title": "Lithuania asks NATO for consultations", "outlet": "Baltic Courier", "published": "2026-09-16",
     "text": "VILNIUS - Lithuanian Foreign Minister Rimantas Žukauskas asked NATO allies on Wednesday for consultations. "
             "\"We need our allies at the table now,\" Žukauskas said. Lithuanian intelligence put the foreign troops at 6,000."},
    {"title": "Minister repeats call for consultations", "outlet": "Signal Desk", "published": "2026-09-17",
     "text": "VILNIUS - Foreign Minister Rimantas Zukauskas repeated on Thursday that allies must meet. \"Time matters,\" "
             "Zukauskas said. Belarus said on Thursday its drills near Grodno were purely defensive."},
]  # fmt: skip


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory, module_db_url: str) -> str:
    """A store the CLI reads through --db, on SQLite and on PostgreSQL (the ``backend`` parameter)."""
    root = tmp_path_factory.mktemp("listing")
    (root / "in.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS), "utf-8")
    report = ingest_paths([root / "in.jsonl"], Store(module_db_url), Config.load(), IngestOptions())
    assert len(report.added) == 3
    return module_db_url.removeprefix("sqlite:///")  # as a user types it


def run(db: str, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, [*args, "--db", db], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(("args", "outlets"), [
    (["--outlet", "signal DESK"], ["Signal Desk"]),  # case-insensitive
    (["--since", "2026-09-15"], ["Signal Desk", "Baltic Courier"]),
    (["--until", "2026-09-16"], ["Baltic Courier", "Northline Wire"]),
    (["--person", "Rimantas Zukauskas"], ["Signal Desk", "Baltic Courier"]),  # both spellings
    (["--person", "Ewa Sadowska", "--since", "2026-09-15"], []),
    (["--sort", "title"], ["Baltic Courier", "Signal Desk", "Northline Wire"]),
])  # fmt: skip
def test_list_filters_match_the_api(db: str, args: list[str], outlets: list[str]) -> None:
    code, out, err = run(db, "list", "--format", "json", *args)
    assert code == 0
    assert [r["outlet"] for r in json.loads(out)] == outlets
    assert db in err


def test_list_filter_that_finds_nothing_says_what_to_do(db: str) -> None:
    code, out, err = run(db, "list", "--outlet", "Nowhere Times")
    assert code == 0 and out == "" and "No matching articles" in err and "Loosen the filters" in err


def test_csv_and_ndjson_carry_the_json_rows(db: str) -> None:
    rows = json.loads(run(db, "list", "--format", "json")[1])
    table = list(csv.DictReader(io.StringIO(run(db, "list", "--format", "csv")[1])))
    assert [r["id"] for r in table] == [r["id"] for r in rows] and list(table[0]) == list(rows[0])
    lines = run(db, "list", "--format", "ndjson")[1].splitlines()
    assert [json.loads(line) for line in lines] == rows
    code, out, _ = run(db, "stories", "--format", "csv")
    assert code == 0 and out.startswith("id,title,first_date")


def test_paging_note_points_to_the_next_page(db: str) -> None:
    _, out, err = run(db, "list", "--limit", "2")
    assert "1-2 of 3" in err and "--offset 2" in err


def test_show_prints_quotes_with_speakers_figures_and_claims(db: str) -> None:
    """Regression: `show ID` as a table hid the quotes, figures and claims."""
    article = json.loads(run(db, "list", "--format", "json", "--outlet", "Northline Wire")[1])[0]["id"]
    code, out, _ = run(db, "show", article[:8])
    assert code == 0
    for section in ("Quotes (", "Figures (", "Events (", "Claims ("):
        assert section in out, section
    quotes = out.split("Quotes (", 1)[1].split("Figures (", 1)[0]
    assert "Ewa Sadowska" in quotes and "We will not allow" in quotes


def test_people_join_spellings_and_corrections_survive(db: str) -> None:
    people = json.loads(run(db, "people", "--format", "json")[1])
    zuk = [p for p in people if "Zukauskas" in " ".join(p["variants"])]
    assert len(zuk) == 1 and zuk[0]["article_count"] == 2
    assert set(zuk[0]) == {"id", "name", "variants", "roles", "quote_count", "article_count"}
    assert not any(p["name"] in ("Warsaw", "Grodno", "NATO") for p in people)
    assert run(db, "people", "merge", "Ewa Sadowska", zuk[0]["id"], "--note", "test")[0] == 0
    merged = json.loads(run(db, "people", "--format", "json")[1])
    assert len(merged) == len(people) - 1
    assert run(db, "people", "split", "Ewa Sadowska", zuk[0]["id"])[0] == 0
    assert len(json.loads(run(db, "people", "--format", "json")[1])) == len(people)
    audit = json.loads(run(db, "corrections", "--format", "json")[1])
    assert [a["kind"] for a in audit][:2] == ["not_same_person", "same_person"] and audit[1]["note"] == "test"
    code, _, err = run(db, "people", "merge", "Nobody Here", "Ewa Sadowska")
    assert code == 1


def test_export_quotes_csv_and_events_plover(db: str, tmp_path: Path) -> None:
    code, out, err = run(db, "export", "quotes")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows and "quotes from" in err
    assert {"article_id", "published", "outlet", "speaker", "text", "start", "end", "source_url"} <= set(rows[0])
    target = tmp_path / "events.json"
    assert run(db, "export", "events", "--format", "plover", "-o", str(target))[0] == 0
    records = json.loads(target.read_text("utf-8"))
    assert records and {"event", "date", "actor", "actor_country", "recipient", "cameo", "goldstein"} <= set(records[0])
    result = CliRunner().invoke(cli, ["export", "quotes", "--format", "plover", "--db", db])
    assert result.exit_code == 2 and "events only" in result.output


def test_export_people_parquet_reads_back_with_lists(db: str, tmp_path: Path) -> None:
    import duckdb

    target = tmp_path / "people.parquet"
    code, _, err = run(db, "export", "people", "--format", "parquet", "-o", str(target))
    assert code == 0 and "people from" in err
    people = json.loads(run(db, "export", "people", "--format", "ndjson")[1].splitlines()[0])
    rows = duckdb.sql(f"SELECT id, variants, roles, quote_count FROM '{target}' WHERE id = ?", params=[people["id"]]).fetchall()
    assert rows == [(people["id"], people["variants"], people["roles"], people["quote_count"])]


def test_a_fact_marked_wrong_stays_hidden_after_the_pipeline_reruns(tmp_path: Path) -> None:
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS), "utf-8")
    db = str(tmp_path / "rerun.db")
    assert run(db, "ingest", str(tmp_path / "in.jsonl"))[0] == 0
    facts = json.loads(run(db, "facts", "list", "--format", "json")[1])
    key = facts[0]["key"]
    assert run(db, "facts", "wrong", key, "--note", "retracted")[0] == 0
    brief = json.loads(run(db, "brief", "--format", "json")[1])["stories"][0]
    assert key not in {f["key"] for f in brief["facts"]}
    store = Store(f"sqlite:///{db}")
    for row in store.list_articles(limit=100):
        store.delete_article(row["id"])  # every span gone: as if the pipeline ran again from scratch
    assert run(db, "ingest", str(tmp_path / "in.jsonl"))[0] == 0
    again = json.loads(run(db, "facts", "list", "--format", "json")[1])
    assert [f for f in again if f["key"] == key][0]["wrong"] is True
    brief = json.loads(run(db, "brief", "--format", "json")[1])["stories"][0]
    assert key not in {f["key"] for f in brief["facts"]} and len(brief["facts"]) == len(facts) - 1
