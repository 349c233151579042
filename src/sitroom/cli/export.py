"""``sitroom export KIND``: a whole table as CSV, NDJSON, Parquet or (events) PLOVER records."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from sitroom.cli.articles import filter_options, make_filter
from sitroom.cli.common import CliState, note
from sitroom.store import exports


@click.command("export")
@click.argument("kind", type=click.Choice(exports.KINDS))
@click.option("--format", "fmt", type=click.Choice(exports.FORMATS), default="csv", show_default=True,
              help="csv, ndjson, parquet (typed columns; a binary file: give -o FILE or pipe it), "
                   "or plover (events as PLOVER JSON records).")  # fmt: skip
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
    if fmt == "parquet" and output is None and sys.stdout.isatty():
        raise click.UsageError("--format parquet writes a binary file: add `-o FILE.parquet` (or pipe the output)")
    rows = list(exports.export_rows(state.store(), kind, make_filter(state, **filters)))
    if fmt == "parquet":
        write_parquet(rows, kind, output)
    else:
        write_text(rows, fmt, kind, output)
    where = f" to {output}" if output else ""
    note(f"{len(rows)} {kind} from {state.where()}{where}." if rows else
         f"No {kind} in {state.where()}; ingest articles first (`sitroom ingest PATH...`) or loosen the filters.")


def write_text(rows: list[dict[str, Any]], fmt: str, kind: str, output: Path | None) -> None:
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for chunk in exports.encode(rows, fmt, kind):
            out.write(chunk)
    finally:
        if output:
            out.close()


def write_parquet(rows: list[dict[str, Any]], kind: str, output: Path | None) -> None:
    """To the file, or through a temporary file to a piped stdout (DuckDB writes files only)."""
    if output is not None:
        exports.write_parquet(rows, kind, output)
        return
    with tempfile.TemporaryDirectory(prefix="sitroom-export-") as tmp:
        target = Path(tmp) / f"{kind}.parquet"
        exports.write_parquet(rows, kind, target)
        sys.stdout.flush()
        sys.stdout.buffer.write(target.read_bytes())
        sys.stdout.buffer.flush()
