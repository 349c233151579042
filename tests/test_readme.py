"""The README cannot drift: every command of its tour runs as shown on the sample corpus."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli

README = Path(__file__).resolve().parent.parent / "README.md"


def tour_commands() -> list[list[str]]:
    """The `$S ...` lines of the tour block, comments cut, split as a shell would."""
    text = README.read_text("utf-8")
    block = text.split("## A short tour", 1)[1].split("```", 2)[1]
    lines = [re.sub(r"\s+#.*$", "", line) for line in block.splitlines() if line.startswith("$S ")]
    return [shlex.split(line)[1:] for line in lines]


def test_the_tour_has_the_commands_users_try_first() -> None:
    first_words = [c[0] for c in tour_commands()]
    assert first_words[0] == "ingest" and {"list", "show", "search", "stories", "brief", "export"} <= set(first_words)


@pytest.mark.slow
def test_every_tour_command_runs_on_the_sample_corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the README's `show 1ca1ff6f` found no article and its example search found nothing."""
    monkeypatch.chdir(tmp_path)  # -o files land here
    db = str(tmp_path / "tour.db")
    for args in tour_commands():
        result = CliRunner().invoke(cli, [*args, "--db", db], catch_exceptions=False)
        assert result.exit_code == 0, f"sitroom {shlex.join(args)}: {result.output}"
        if args[0] in ("list", "show", "search", "stories", "people", "stats", "facts"):
            assert result.stdout.strip(), f"sitroom {shlex.join(args)} printed nothing: {result.stderr}"
    assert (tmp_path / "brief.html").stat().st_size > 1000 and (tmp_path / "events.csv").read_text("utf-8").startswith("date,")
