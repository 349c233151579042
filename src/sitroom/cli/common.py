"""Shared CLI plumbing: the run's state, output formats and plain-text tables."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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
