"""Shared CLI plumbing: the run's state, output formats and plain-text tables."""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

import click

from sitroom.config import Config
from sitroom.store import Store


@dataclass
class CliState:
    config: Config
    db: str | None = None
    _store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.config.store_url(self.db))
        return self._store


@dataclass
class RunFlags:
    """Global flags ``main`` needs after the command has returned or raised."""

    debug: bool = False


RUN = RunFlags()


# Characters that let text from an article or a file name drive the user's terminal: C0 and
# C1 controls (ESC starts the sequences that retitle windows, move the cursor, hide text)
# and the bidirectional overrides and isolates that make a line read other than it is.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def neutralise(text: str) -> str:
    """``text`` with every terminal-unsafe character shown as ``\\uXXXX`` (still valid inside JSON strings)."""
    return UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeOutput:
    """A text stream that neutralises unsafe characters on the way to the real one (stdout)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(neutralise(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


def protect_stdout() -> None:
    """Route everything the commands print through ``neutralise`` (stderr carries only our own lines)."""
    if not isinstance(sys.stdout, SafeOutput):
        sys.stdout = SafeOutput(sys.stdout)


def echo_error(error: Exception) -> None:
    """One ``error: ...`` line on stderr; with --debug, the traceback of what caused it first."""
    if RUN.debug and error.__cause__ is not None:
        traceback.print_exception(error.__cause__)
    click.echo(neutralise(f"error: {error}"), err=True)


LEFT_CUT = frozenset({"source", "path"})

format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def echo_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], widths: dict[str, int] | None = None) -> None:
    """A fixed-width table; long cells are cut with an ellipsis."""
    widths = dict(widths or {})
    for col in columns:
        natural = max([len(col)] + [len(_cell(r.get(col))) for r in rows])
        widths[col] = min(widths.get(col, 60), natural)
    click.echo("  ".join(col.ljust(widths[col]) for col in columns).rstrip())
    click.echo("  ".join("-" * widths[col] for col in columns))
    for r in rows:
        cells = []
        for col in columns:
            text = _cell(r.get(col))
            if len(text) > widths[col]:
                # Paths keep their end (the file name); other cells keep their start.
                text = "…" + text[-widths[col] + 1:] if col in LEFT_CUT else text[: widths[col] - 1] + "…"
            cells.append(text.ljust(widths[col]))
        click.echo("  ".join(cells).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return " ".join(str(value).split())
