"""Bad inputs: one clear line each naming the input and what to do; the batch goes on."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.config import Config
from sitroom.errors import InputError
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
    assert json.loads(errors.stdout)[0]["source"] == "empty.txt"  # notes go to stderr; listings show no server paths


def test_cli_rejects_unreadable_published_override_before_reading(tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "ingest", "--published", "soonish", str(tmp_path)])
    assert result.exit_code == 2 and "--published" in result.output


@pytest.mark.parametrize("name", ["unknown-type.docx.bin"])
def test_unknown_file_type_named_explicitly_is_refused(store: Store, config: Config, name: str) -> None:
    report = ingest_paths([BAD / name], store, config, IngestOptions())
    assert "unknown type '.bin'" in str(report.errors[0])


# -- files as they come ----------------------------------------------------------------


def test_regression_a_fifo_does_not_hang_ingest_or_extract(store: Store, config: Config, tmp_path: Path) -> None:
    """A named pipe in the batch blocked `open` forever, waiting for a writer."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    report = ingest_paths([tmp_path], store, config, IngestOptions())
    assert [str(e) for e in report.errors] == [f"{fifo}: is a FIFO (named pipe), not a file (give article files (regular files) only)"]
    assert len(report.added) == 1
    result = CliRunner().invoke(cli, ["extract", str(fifo)])
    assert result.exit_code == 1 and "FIFO" in result.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_regression_a_link_to_dev_zero_is_refused_not_read_forever(store: Store, config: Config, tmp_path: Path) -> None:
    """A symlink to /dev/zero (st_size 0) was read until MemoryError."""
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    report = ingest_paths([link], store, config, IngestOptions())
    assert "is a character device, not a file" in str(report.errors[0])


def test_reads_are_bounded_whatever_st_size_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from sitroom.ingest import reading

    path = tmp_path / "grows.txt"
    path.write_text("x" * 5_000, "utf-8")
    real_stat = os.stat
    monkeypatch.setattr(reading.os, "stat", lambda p: os.stat_result((*real_stat(p)[:6], 0, *real_stat(p)[7:])))
    with pytest.raises(InputError, match="over the 1,000-byte limit"):
        reading.read_input_bytes(path, 1_000)


def test_an_unreadable_explicit_path_fails_alone(store: Store, config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked.txt"
    locked.write_text(GOOD, "utf-8")
    (tmp_path / "good.txt").write_text(GOOD.replace("Tuesday", "Monday"), "utf-8")
    real_open = os.open

    def deny(path: Any, *args: Any, **kwargs: Any) -> int:
        if str(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", deny)
    report = ingest_paths([locked, tmp_path / "good.txt"], store, config, IngestOptions())
    assert [e.source for e in report.errors] == [str(locked)] and "Permission denied" in str(report.errors[0])
    assert len(report.added) == 1


def test_every_path_left_out_of_a_folder_is_reported(store: Store, config: Config, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "good.txt").write_text(GOOD, "utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "secret").mkdir()
    real_scandir = os.scandir

    def deny(path: Any = ".") -> Any:
        if str(path).endswith("secret"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", deny)
    report = ingest_paths([tmp_path], store, config, IngestOptions())
    assert len(report.added) == 1
    assert [str(e) for e in report.errors] == [f"{tmp_path / 'secret'}: cannot be listed (Permission denied) "
                                               "(check its permissions; the files in it were not read)"]  # fmt: skip
    assert any("notes.docx: not an article file type" in w for w in report.warnings)
    assert any("loop: a link to a folder, not followed" in w for w in report.warnings)


@pytest.mark.parametrize(("content", "words"), [
    ("[" * 100_000 + "]" * 100_000, ["nested too deeply"]),
    ('{"title": "A\\ud800", "text": "Body text."}', ['field "title" holds a lone surrogate (\\ud800)', "escape sequences"]),
])  # fmt: skip
def test_hostile_json_gets_one_error_line(tmp_path: Path, content: str, words: list[str]) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(content, "utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "ingest", str(path)])
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert result.exit_code == 1 and len(errors) == 1 and "Traceback" not in result.output
    for word in words:
        assert word in errors[0]


def test_nul_characters_are_stored_as_replacement_characters_with_offsets_intact(store: Store, config: Config, tmp_path: Path) -> None:
    """Regression: a NUL in a JSON record's text failed the write on PostgreSQL (text cannot hold NUL)."""
    record = {"title": "Border\u0000 talks", "text": "Officials met on Tuesday.\u0000 Talks resume on Friday in Warsaw, the ministry said."}
    (tmp_path / "nul.json").write_text(json.dumps(record), "utf-8")
    report = ingest_paths([tmp_path / "nul.json"], store, config, IngestOptions())
    assert report.ok and len(report.added) == 1
    row = store.get_article(report.added[0]["id"])
    assert row is not None and "\x00" not in row["title"] + row["text"]
    assert len(row["text"]) == len(record["text"]) and row["text"][25] == "\ufffd"
