"""``sitroom export KIND``: a whole table as CSV, NDJSON or (events) PLOVER records."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sitroom.cli.articles import filter_options, make_filter
from sitroom.cli.common import CliState, note
from sitroom.store import exports


@click.command("export")
@click.argument("kind", type=click.Choice(exports.KINDS))
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), default="csv", show_default=True,
              help="csv, ndjson, or plover (events as PLOVER JSON records). Parquet is not offered: "
                   "pyarrow is not installed (~40 MB); load the CSV with pandas or DuckDB instead.")  # fmt: skip
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@filter_options
@click.pass_obj
def export_cmd(state: CliState, kind: str, fmt: str, output: Path | None, **filters: Any) -> None:
    """Export articles, quotes, figures, events, claims, stories or people, one row per item.

    Events come in event-data columns (date, actors with country codes, CAMEO code and root,
    PLOVER type, quad class, Goldstein, location, independent sources, source URL).
    """
    if fmt == "plover" and kind != "events":
        raise click.UsageError("--format plover is for events only: `sitroom export events --format plover`")
    rows = list(exports.export_rows(state.store(), kind, make_filter(state, **filters)))
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for chunk in exports.encode(rows, fmt, kind):
            out.write(chunk)
    finally:
        if output:
            out.close()
    where = f" to {output}" if output else ""
    note(f"{len(rows)} {kind} from {state.where()}{where}." if rows else
         f"No {kind} in {state.where()}; ingest articles first (`sitroom ingest PATH...`) or loosen the filters.")
