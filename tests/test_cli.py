"""The command line: every command documented, JSON shapes pinned, thin over the library."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sitroom import __version__
from sitroom.cli import cli
from sitroom.config import Config

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = """Lithuania Seeks NATO Consultations
By Rasa Petrauskaitė
September 17, 2026

VILNIUS - Lithuanian Foreign Minister Tomas Vaitkus asked NATO allies on Thursday for consultations under Article 4.

"We need our allies at the table now," Vaitkus told reporters in Vilnius. The minister said Belarus had massed troops near Grodno.
"""


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "lt.txt").write_text(ARTICLE, "utf-8")
    return tmp_path / "in"


def run(*args: str) -> tuple[int, str]:
    """Exit code and stdout (warnings and errors go to stderr)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


def test_version() -> None:
    assert run("--version") == (0, f"sitroom, version {__version__}\n")


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    ctx = click.Context(cli)
    assert cli.list_commands(ctx)
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None, name
        code, out = run(name, "--help")
        assert code == 0 and "Usage:" in out and (command.help or "").strip(), name
        assert f"sitroom {name}" in readme, f"`sitroom {name}` is not documented in README.md"
        for param in command.params:
            for opt in getattr(param, "opts", []):
                if opt.startswith("--") and opt not in ("--help",):
                    assert opt in readme or opt in ("--quiet", "--limit", "--offset", "--run"), f"{name} {opt} undocumented"


@pytest.mark.parametrize("args", [["list"], ["people"], ["people", "merge"], ["facts", "wrong"], ["export"], ["brief"], ["ingest"],
                                  ["eval"], ["serve"]])  # fmt: skip
def test_every_help_shows_the_global_options(args: list[str]) -> None:
    code, out = run(*args, "--help")
    assert code == 0
    for opt in ("--db", "--config", "--set", "SITROOM_DB"):
        assert opt in out, f"{' '.join(args)} --help does not mention {opt}"


def test_global_options_work_after_the_subcommand(tmp_path: Path, corpus: Path) -> None:
    """Regression: `sitroom ingest x.txt --db my.db` answered "No such option '--db'"."""
    db = str(tmp_path / "after.db")
    code, _ = run("ingest", str(corpus), "--db", db)
    assert code == 0
    code, out = run("list", "--format", "json", "--db", db)
    assert code == 0 and len(json.loads(out)) == 1
    result = CliRunner().invoke(cli, ["list", "--db", db, "--set", "nlp.nope=1"])
    assert result.exit_code == 2 and "unknown setting nlp.nope" in result.output


@pytest.mark.parametrize(("args", "hint"), [(["list"], "sitroom ingest"), (["stories"], "sitroom ingest"),
                                            (["search", "Grodno"], "sitroom ingest"), (["people"], "sitroom ingest"),
                                            (["errors"], "ingest errors")])  # fmt: skip
def test_empty_listings_name_the_store_and_the_next_command(tmp_path: Path, args: list[str], hint: str) -> None:
    db = str(tmp_path / "empty.db")
    result = CliRunner().invoke(cli, [*args, "--db", db])
    assert result.exit_code == 0
    assert db in result.stderr and hint in result.stderr, result.stderr
    assert result.stdout == ""  # no bare table header


def test_brief_on_an_empty_store_says_so(tmp_path: Path) -> None:
    """Regression: `brief` on an empty store said "no story  in the store"."""
    result = CliRunner().invoke(cli, ["brief", "--db", str(tmp_path / "e.db")])
    assert result.exit_code == 1 and "no stories in" in result.stderr and "sitroom ingest" in result.stderr


def test_every_setting_is_commented_in_the_default_config() -> None:
    text = (ROOT / "src" / "sitroom" / "default_config.toml").read_text("utf-8")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if "=" in line and not line.lstrip().startswith("#"):
            assert lines[i - 1].lstrip().startswith("#"), f"setting without a comment: {line}"


def test_ingest_list_show_search_json_shapes(tmp_path: Path, corpus: Path, db_url: str) -> None:
    db = db_url  # every backend under test
    code, out = run("--db", db, "ingest", "--format", "json", str(corpus))
    assert code == 0
    report = json.loads(out)
    assert set(report) == {"run_id", "added", "updated", "duplicates", "near_duplicates", "errors", "warnings"}
    article_id = report["added"][0]["id"]

    code, out = run("--db", db, "list", "--format", "json")
    rows = json.loads(out)
    assert [r["id"] for r in rows] == [article_id]
    assert set(rows[0]) == {"id", "title", "outlet", "published", "url", "word_count", "near_duplicate_of", "story", "source"}
    assert rows[0]["source"] == "lt.txt"  # the base name: no server path leaks

    code, out = run("--db", db, "show", article_id[:6], "--format", "json")
    doc = json.loads(out)
    assert doc["article"]["title"] == "Lithuania Seeks NATO Consultations"
    assert doc["article"]["published"] == "2026-09-17" and doc["article"]["byline"] == "Rasa Petrauskaitė"
    assert doc["stages"] == sorted(Config.load().get("nlp.stages"))
    text = doc["article"]["text"]
    assert all(text[e["start"]:e["end"]] == e["text"] for e in doc["entities"])

    code, out = run("--db", db, "search", "--format", "json", "consultations")
    hits = json.loads(out)
    assert hits[0]["id"] == article_id and set(hits[0]) == {"id", "title", "outlet", "published", "snippet", "rank"}
    assert hits[0]["id"] == article_id and "[consultations]" in hits[0]["snippet"].lower()

    code, out = run("--db", db, "ingest", str(corpus))
    assert code == 0 and "exact duplicate" in out and "0 added" in out


def test_show_unknown_id_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "show", "ffff"])
    assert result.exit_code == 1 and "sitroom list" in result.stderr


def test_extract_prints_the_document_without_a_store(tmp_path: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = run("extract", str(corpus / "lt.txt"), "--outlet", "Baltic Wire")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["article", "entities", "mentions", "quotes", "speakers", "figures", "dates", "events", "claims"]
    assert set(doc["article"]) == {"id", "title", "outlet", "published", "updated", "url", "byline", "text"}
    assert doc["article"]["outlet"] == "Baltic Wire"
    assert set(doc["entities"][0]) == {"text", "label", "start", "end", "canonical"}
    people = [g for g in doc["mentions"] if g["label"] == "PERSON"]
    assert any(g["name"] == "Tomas Vaitkus" and len(g["mentions"]) >= 3 for g in people)
    assert not list((Path.home() / ".local" / "share" / "sitroom").glob("never-created"))


def test_overrides_win_over_sniffed_values(tmp_path: Path, corpus: Path) -> None:
    db = str(tmp_path / "s.db")
    code, out = run("--db", db, "ingest", "--format", "json", "--outlet", "X Wire", "--published", "2026-09-18T10:00",
                    "--url", "https://example.org/a", str(corpus))  # fmt: skip
    added = json.loads(out)["added"][0]
    assert (added["outlet"], added["published"]) == ("X Wire", "2026-09-18T10:00")


def test_set_overrides_config_and_rejects_unknown_keys(tmp_path: Path, corpus: Path) -> None:
    code, out = run("--set", "nlp.stages=['sentences.v1']", "extract", str(corpus / "lt.txt"))
    assert code == 0 and json.loads(out)["mentions"] == [] and json.loads(out)["entities"] == []
    result = CliRunner().invoke(cli, ["--set", "nlp.nope=1", "list"])
    assert result.exit_code == 2 and "unknown setting nlp.nope" in result.output


def test_stats_and_errors_tables(tmp_path: Path, corpus: Path, db_url: str) -> None:
    db = db_url  # every backend under test
    run("--db", db, "ingest", str(corpus), str(tmp_path / "missing.txt"))
    code, out = run("--db", db, "stats", "--format", "json")
    stats = json.loads(out)
    assert stats["articles"] == 1 and stats["top_entities"]
    code, out = run("--db", db, "errors")
    assert "missing.txt" in out and "does not exist" in out
