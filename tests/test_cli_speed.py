"""The CLI starts fast: commands are imported lazily, and reading the store never loads spaCy."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import click

from sitroom.cli import COMMANDS, cli

PROBE = """
import json, sys
from sitroom.cli import main
sys.argv = ["sitroom", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit:
    pass
heavy = ["spacy", "sqlalchemy", "fastapi", "trafilatura", "dateparser", "numpy", "onnxruntime", "dask"]
print("LOADED " + json.dumps(sorted(m for m in heavy if m in sys.modules)))
"""


def _loaded(*args: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(list(args))], capture_output=True, text=True, timeout=300)
    line = [x for x in done.stdout.splitlines() if x.startswith("LOADED ")][-1]
    return list(json.loads(line.removeprefix("LOADED ")))


def test_the_short_help_table_is_each_commands_own() -> None:
    ctx = click.Context(cli)
    for name, (_, short) in COMMANDS.items():
        command = cli.get_command(ctx, name)
        assert command is not None
        assert command.get_short_help_str(limit=100) == short, f"update COMMANDS[{name!r}] in sitroom/cli/__init__.py"


def test_version_and_help_import_no_heavy_library() -> None:
    assert _loaded("--version") == []
    assert _loaded("--help") == []


def test_every_commands_help_imports_no_nlp_library() -> None:
    """`sitroom eval --help` imported the whole pipeline (spaCy) to list the gold sets."""
    probe = """
import json, sys
from sitroom.cli import COMMANDS, main
seen = {}
for name in COMMANDS:
    sys.argv = ["sitroom", name, "--help"]
    try:
        main()
    except SystemExit:
        pass
    seen[name] = sorted(m for m in ("spacy", "onnxruntime", "dask") if m in sys.modules)
print("SEEN " + json.dumps(seen))
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    seen = json.loads([x for x in done.stdout.splitlines() if x.startswith("SEEN ")][-1].removeprefix("SEEN "))
    assert seen and not any(seen.values()), seen  # the first command that loaded one is the culprit


def test_reading_the_store_never_loads_spacy(tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    for args in (["list"], ["stats"], ["search", "border"], ["errors"], ["stories"], ["show", "abc"], ["brief"]):
        assert "spacy" not in _loaded("--db", db, *args), args
