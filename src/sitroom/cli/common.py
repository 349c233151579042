"""Shared CLI plumbing: the run's state, global options, output formats and plain-text tables."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from sitroom.config import Config
from sitroom.errors import SitroomError

if TYPE_CHECKING:
    from sitroom.store import Store

F = TypeVar("F", bound=Callable[..., Any])


@dataclass
class CliState:
    config: Config
    db: str | None = None
    config_path: str | None = None
    assignments: list[str] = field(default_factory=list)
    _store: Store | None = None

    def store(self) -> Store:
        if self._store is None:
            from sitroom.store import (
                Store,  # here, not at import: `sitroom --help` needs no database
            )

            self._store = Store(self.config.store_url(self.db))
        return self._store

    def where(self) -> str:
        """The store a command reads, as the user would name it again with --db."""
        url = self.config.store_url(self.db)
        return url.removeprefix("sqlite:///") if url.startswith("sqlite:///") else url


# --db, --config and --set are accepted before or after the subcommand: `sitroom list --db x.db`
# works like `sitroom --db x.db list`. After the subcommand they update the state the group made.
def _set_db(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.find_object(CliState).db = value  # type: ignore[union-attr]


def _set_config(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    state = ctx.find_object(CliState)
    if state is None or not value:
        return
    if param.name == "config_path":
        state.config_path = value
    else:
        state.assignments = [*state.assignments, *value]
    try:
        state.config = Config.load(state.config_path, tuple(state.assignments))
    except SitroomError as exc:
        raise click.UsageError(str(exc)) from exc


DB_HELP = "Store: a SQLite file path or an SQLAlchemy URL (default: env SITROOM_DB, else ~/.local/share/sitroom/sitroom.db)."
CONFIG_HELP = "TOML file overriding default_config.toml."
SET_HELP = "Override one setting, e.g. --set nlp.batch_size=16 (repeatable)."


def global_params() -> list[click.Option]:
    """The three global options, for every subcommand (the group has its own copies)."""
    return [
        click.Option(["--db"], expose_value=False, is_eager=True, callback=_set_db, help=DB_HELP),
        click.Option(["--config", "config_path"], expose_value=False, type=click.Path(dir_okay=False), callback=_set_config,
                     help=CONFIG_HELP),  # fmt: skip
        click.Option(["--set", "assignments"], expose_value=False, multiple=True, metavar="SECTION.KEY=VALUE",
                     callback=_set_config, help=SET_HELP),  # fmt: skip
    ]


def add_global_options(group: click.Group, commands: list[click.Command] | None = None) -> None:
    """Give each of ``commands`` (default: every subcommand of ``group``), and their subcommands, the global options."""
    for command in commands if commands is not None else list(group.commands.values()):
        names = {o for p in command.params for o in getattr(p, "opts", [])}
        command.params.extend(p for p in global_params() if p.opts[0] not in names)
        if isinstance(command, click.Group):
            add_global_options(command)


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
ROW_FORMATS = ("table", "json", "csv", "ndjson")

format_option = click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format."
)
rows_format_option = click.option(
    "--format", "fmt", type=click.Choice(ROW_FORMATS), default="table", show_default=True,
    help="Output format: a table to read, or json, csv, ndjson to load elsewhere.",
)


def json_value(value: Any) -> Any:
    """Dates and times as ISO 8601, as the API writes them."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else str(value)


def echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=json_value))


def note(message: str) -> None:
    """A line for the reader, on stderr so that json/csv output on stdout stays clean."""
    click.echo(message, err=True)


def echo_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], widths: dict[str, int] | None = None) -> None:
    """``rows`` in one of ROW_FORMATS; the table shows ``columns``, the others every field."""
    if fmt == "json":
        echo_json(list(rows))
    elif fmt == "ndjson":
        for r in rows:
            click.echo(json.dumps(r, ensure_ascii=False, default=json_value))
    elif fmt == "csv":
        from sitroom.store.exports import cell

        if rows:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows({k: cell(v) for k, v in r.items()} for r in rows)
    elif rows:
        echo_table(rows, columns, widths)


def report_listing(state: CliState, what: str, shown: int, total: int, offset: int, empty_hint: str) -> None:
    """Say which store was read, how much of it is shown, and what to do when nothing was found."""
    where = state.where()
    if total == 0:
        note(f"No {what} in {where}. {empty_hint}")
    elif shown == 0:
        note(f"No {what} past offset {offset} in {where} ({total} in all); lower --offset.")
    else:
        more = f"; next page: --offset {offset + shown}" if offset + shown < total else ""
        note(f"{what.capitalize()} {offset + 1}-{offset + shown} of {total} in {where}{more}.")


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
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value)
    return " ".join(str(value).split())
