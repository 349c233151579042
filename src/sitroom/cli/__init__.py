"""The ``sitroom`` command: thin wrappers over library calls, one module per command group."""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from sitroom import __version__
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
from sitroom.config import Config
from sitroom.errors import SitroomError, one_line

# Each command's module is imported only when that command runs (or asks for its --help):
# `sitroom --version` and `sitroom --help` import no command module at all, and `list`,
# `show`, `stats`, `search`, `errors` and `brief` never import spaCy. The short help shown by
# `sitroom --help` is written here once; tests/test_cli_speed.py checks that it is each
# command's own first docstring line, so the two cannot drift apart.
COMMANDS: dict[str, tuple[str, str]] = {
    "ingest": ("sitroom.cli.ingest:ingest_cmd", "Read articles from files, directories (.txt .md .html .json .jsonl) and http(s) URLs into the store."),
    "extract": ("sitroom.cli.ingest:extract_cmd", "Run the pipeline on one file without a store and print what it finds."),
    "list": ("sitroom.cli.articles:list_cmd", "List stored articles, newest first, with filters."),
    "show": ("sitroom.cli.articles:show_cmd", "Show one article (by id or a unique id prefix) and what the pipeline found in it."),
    "edit": ("sitroom.cli.articles:edit_cmd", "Correct a stored article's outlet, publication date or URL (by id or a unique id prefix)."),
    "search": ("sitroom.cli.articles:search_cmd", 'Full-text search over article titles and texts (words and "quoted phrases", word* for prefixes).'),
    "errors": ("sitroom.cli.articles:errors_cmd", "List inputs that could not be ingested, newest first, with what to do about each."),
    "stats": ("sitroom.cli.articles:stats_cmd", "Summarise the store: articles, outlets, near-duplicates, most mentioned entities and people."),
    "eval": ("sitroom.cli.evaluate:eval_cmd", "Score a stage against gold: the sample corpus, and public corpora in ../shared/data if present."),
    "stories": ("sitroom.cli.stories:stories_cmd", "List stories (articles grouped by what they report), most recently active first."),
    "resolve": ("sitroom.cli.stories:resolve_cmd", "Group stored articles that are in no story yet (e.g. ingested with resolve.stories=false)."),
    "brief": ("sitroom.cli.stories:brief_cmd", "The situation picture of a story (default: the main one): what we know and who says so, what is..."),
    "people": ("sitroom.cli.people:people_cmd", "People across all articles (places and organisations left out), spellings joined, most quoted first."),
    "facts": ("sitroom.cli.people:facts_cmd", "Mark a fact of a brief wrong (hidden from the brief, kept in the audit trail) or restore it."),
    "corrections": ("sitroom.cli.people:corrections_cmd", "The audit trail: every merge, split and fact correction, newest first, with its note."),
    "export": ("sitroom.cli.export:export_cmd", "Export articles, quotes, figures, events, claims, stories or people, one row per item."),
    "serve": ("sitroom.cli.serve:serve_cmd", "Serve the JSON API (/api, docs at /api/docs) and the pages (stories, briefs, articles, people,..."),
    "feeds": ("sitroom.cli.live:feeds_cmd", "Follow outlets' RSS, Atom and JSON feeds (then run `sitroom watch`)."),
    "watch": ("sitroom.cli.live:watch_cmd", "Poll the feeds, ingest new entries into their stories, print one line per change."),
    "changes": ("sitroom.cli.live:changes_cmd", "What changed in a story (or in every story): new articles, updated figures, new disputes, facts..."),
    "alerts": ("sitroom.cli.live:alerts_cmd", "Red lines stated in a story and later reported as met: who stated each, and which report meets it."),
}  # fmt: skip


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use (see COMMANDS)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            module, attr = COMMANDS[cmd_name][0].split(":")
            command = getattr(importlib.import_module(module), attr)
            self.add_command(command, cmd_name)
            add_global_options(self, [command])
        return self.commands[cmd_name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
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

