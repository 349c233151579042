"""The ``sitroom`` command: thin wrappers over library calls, one module per command group."""

from __future__ import annotations

import sys

import click

from sitroom import __version__
from sitroom.cli.articles import errors_cmd, list_cmd, search_cmd, show_cmd, stats_cmd
from sitroom.cli.common import CONFIG_HELP, DB_HELP, SET_HELP, CliState, add_global_options
from sitroom.cli.evaluate import eval_cmd
from sitroom.cli.export import export_cmd
from sitroom.cli.ingest import extract_cmd, ingest_cmd
from sitroom.cli.people import corrections_cmd, facts_cmd, people_cmd
from sitroom.cli.serve import serve_cmd
from sitroom.cli.stories import brief_cmd, resolve_cmd, stories_cmd
from sitroom.config import Config
from sitroom.errors import SitroomError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sitroom")
@click.option("--db", envvar="SITROOM_DB", help=DB_HELP)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help=CONFIG_HELP)
@click.option("--set", "assignments", multiple=True, metavar="SECTION.KEY=VALUE", help=SET_HELP)
@click.pass_context
def cli(ctx: click.Context, db: str | None, config_path: str | None, assignments: tuple[str, ...]) -> None:
    """sitroom: a situation room for the news.

    Ingest coverage of a crisis, extract who said what, and search it.
    """
    try:
        config = Config.load(config_path, assignments)
    except SitroomError as exc:
        raise click.UsageError(str(exc)) from exc
    ctx.obj = CliState(config=config, db=db, config_path=config_path, assignments=list(assignments))


for command in (ingest_cmd, extract_cmd, list_cmd, show_cmd, search_cmd, errors_cmd, stats_cmd, eval_cmd, stories_cmd, resolve_cmd,
                brief_cmd, people_cmd, facts_cmd, corrections_cmd, export_cmd, serve_cmd):  # fmt: skip
    cli.add_command(command)
add_global_options(cli)


def main() -> None:
    """Console entry point: a SitroomError becomes one line on stderr and exit status 1."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except SitroomError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(1)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
