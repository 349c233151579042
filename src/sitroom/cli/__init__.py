"""The ``sitroom`` command: thin wrappers over library calls, one module per command group."""

from __future__ import annotations

import os
import sys
import traceback

import click

from sitroom import __version__
from sitroom.cli.articles import edit_cmd, errors_cmd, list_cmd, search_cmd, show_cmd, stats_cmd
from sitroom.cli.common import (
    CONFIG_HELP,
    DB_HELP,
    RUN,
    SET_HELP,
    CliState,
    add_global_options,
    neutralise,
    protect_stdout,
)
from sitroom.cli.evaluate import eval_cmd
from sitroom.cli.export import export_cmd
from sitroom.cli.ingest import extract_cmd, ingest_cmd
from sitroom.cli.live import alerts_cmd, changes_cmd, feeds_cmd, watch_cmd
from sitroom.cli.people import corrections_cmd, facts_cmd, people_cmd
from sitroom.cli.serve import serve_cmd
from sitroom.cli.stories import brief_cmd, resolve_cmd, stories_cmd
from sitroom.config import Config
from sitroom.errors import SitroomError, one_line


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sitroom")
@click.option("--db", envvar="SITROOM_DB", help=DB_HELP)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE", help=SET_HELP)
@click.option("--debug", is_flag=True, envvar="SITROOM_DEBUG", help="Show the full traceback of an unexpected error (env SITROOM_DEBUG=1).")
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None, assignments: tuple[str, ...], debug: bool) -> None:
    """sitroom: a situation room for the news.

    Ingest coverage of a crisis, extract who said what, and search it.
    """
    RUN.debug = debug
    protect_stdout()
    try:
        config = Config.load(config_path, assignments)
    except SitroomError as exc:
        raise click.UsageError(str(exc)) from exc
    ctx.obj = CliState(config=config, db=db, config_path=config_path, assignments=list(assignments))


for command in (ingest_cmd, extract_cmd, list_cmd, show_cmd, edit_cmd, search_cmd, errors_cmd, stats_cmd, eval_cmd, stories_cmd,
                resolve_cmd, brief_cmd, people_cmd, facts_cmd, corrections_cmd, export_cmd, serve_cmd, feeds_cmd, watch_cmd,
                changes_cmd, alerts_cmd):  # fmt: skip
    cli.add_command(command)
add_global_options(cli)


def main() -> None:
    """Console entry point: a SitroomError becomes one line on stderr and exit status 1.

    Anything else is a sitroom bug: one line and exit status 1 too, never a traceback unless
    --debug asks for it.
    """
    try:
        run_cli()
    except BrokenPipeError:
        # `sitroom list | head`: the reader went away; say nothing more to it.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except (KeyboardInterrupt, click.exceptions.Abort):
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except Exception as exc:
        if RUN.debug:
            traceback.print_exc()
        click.echo(neutralise(f"Error: internal error: {one_line(exc)} (a sitroom bug: run again with --debug "
                              "for the traceback and report it)"), err=True)  # fmt: skip
        sys.exit(1)


def run_cli() -> None:
    """``cli`` with the errors users can act on turned into one line and an exit status."""
    try:
        cli.main(standalone_mode=False)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SitroomError as exc:
        click.echo(neutralise(f"Error: {exc}"), err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)

