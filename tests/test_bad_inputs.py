"""Bad inputs: one clear line each naming the input and what to do; the batch goes on."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.store import Store

from .conftest import BAD

GOOD = """Poland Closes Border Crossings
By Anna Kowalczyk
September 15, 2026

WARSAW - Poland closed two border crossings with Belarus on Tuesday, the interior ministry said.
"""

# file -> words the one-line error must contain (what is wrong, what to do)
EXPECTED_ERRORS = {
    "image.txt": ["PNG image", "convert"],
    "nul-bytes.txt": ["NUL bytes", "convert"],
    "empty.txt": ["is empty", "remove it"],
    "whitespace-only.md": ["is empty"],
    "invalid-utf8.txt": ["damaged UTF-8", "--encoding"],
    "broken.html": ["words of article text", "full article page"],
    "no-body.html": ["no article text", "article page"],
    "title-only.txt": ["no body", "add the article body"],
    "no-title.json": ['no "title"', "headline"],
    "bad-date.json": ["cannot be read", "ISO 8601"],
    "not-json.json": ["not valid JSON"],
    "mixed.jsonl:2": ["not valid JSON"],
    "mixed.jsonl:3": ["not an object"],
    "mixed.jsonl:4": ['"title" is not a string'],
}


def test_every_bad_input_gets_one_clear_error_and_good_ones_are_stored(store: Store, config: Config, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    report = ingest_paths([BAD, good], store, config, IngestOptions())
    errors = {e.source.replace(str(BAD) + "/", ""): str(e) for e in report.errors}
    assert set(errors) == set(EXPECTED_ERRORS)
    for source, words in EXPECTED_ERRORS.items():
        for word in words:
            assert word in errors[source], (source, errors[source])
    added = {Path(a["source"].split(":")[0]).name for a in report.added}
    assert added == {"good.txt", "legacy-cp1252.txt", "broken-recoverable.html", "mixed.jsonl"}
    assert len([a for a in report.added if a["source"].startswith(str(BAD / "mixed.jsonl"))]) == 2
    assert {e["source"] for e in store.list_errors(report.run_id)} == {e.source for e in report.errors}


def test_legacy_encoding_is_decoded_with_a_warning(store: Store, config: Config) -> None:
    report = ingest_paths([BAD / "legacy-cp1252.txt"], store, config, IngestOptions())
    assert any("decoded as cp1252" in w for w in report.warnings)
    stored = store.get_article(report.added[0]["id"])
    assert stored is not None and "René Lefèvre" in stored["text"] and "“We will not" in stored["text"]


def test_forced_encoding_wins(store: Store, config: Config) -> None:
    report = ingest_paths([BAD / "legacy-cp1252.txt"], store, config, IngestOptions(encoding="latin-1"))
    assert report.ok and not any("decoded as" in w for w in report.warnings)


def test_file_over_size_limit_is_refused(store: Store, config: Config, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Title\n\n" + "word " * 3000, "utf-8")
    report = ingest_paths([big], store, config, IngestOptions(max_bytes=10_000))
    assert "over the 10,000-byte limit" in str(report.errors[0]) and "--max-bytes" in str(report.errors[0])


def test_missing_and_dangling_paths_are_reported(store: Store, config: Config, tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    report = ingest_paths([tmp_path / "nope.txt", link], store, config, IngestOptions())
    messages = sorted(str(e) for e in report.errors)
    assert "does not exist" in messages[1] and "cannot be read" in messages[0]


def test_bad_batch_changes_nothing_stored_before(store: Store, config: Config, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    first = ingest_paths([good], store, config, IngestOptions())
    before = store.get_article(first.added[0]["id"])
    ingest_paths([BAD], store, config, IngestOptions())
    assert store.get_article(first.added[0]["id"]) == before


def test_cli_exit_status_is_1_when_any_input_fails(tmp_path: Path) -> None:
    shutil.copy(BAD / "empty.txt", tmp_path / "empty.txt")
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    db = str(tmp_path / "s.db")
    result = CliRunner().invoke(cli, ["--db", db, "ingest", str(tmp_path)])
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'empty.txt'}: is empty" in result.output
    assert "1 added" in result.output
    errors = CliRunner().invoke(cli, ["--db", db, "errors", "--format", "json"])
    assert json.loads(errors.stdout)[0]["source"] == "empty.txt"  # the base name: listings show no server paths


def test_cli_rejects_unreadable_published_override_before_reading(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "ingest", "--published", "soonish", str(tmp_path)])
    assert result.exit_code == 2 and "--published" in result.output


@pytest.mark.parametrize("name", ["unknown-type.docx.bin"])
def test_unknown_file_type_named_explicitly_is_refused(store: Store, config: Config, name: str) -> None:
    report = ingest_paths([BAD / name], store, config, IngestOptions())
    assert "unknown type '.bin'" in str(report.errors[0])
