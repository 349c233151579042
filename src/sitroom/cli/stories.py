"""``sitroom stories``, ``sitroom resolve`` and ``sitroom brief``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sitroom.cli.common import CliState, echo_rows, report_listing, rows_format_option
from sitroom.store import queries
from sitroom.store.queries import DEFAULT_LIMIT


@click.command("stories")
@rows_format_option
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="At most this many stories.")
@click.option("--offset", type=int, default=0, help="Skip this many (for paging).")
@click.pass_obj
def stories_cmd(state: CliState, fmt: str, limit: int, offset: int) -> None:
    """List stories (articles grouped by what they report), most recently active first."""
    rows, total = queries.story_page(state.store(), limit, offset)
    echo_rows(rows, fmt, ["id", "first_date", "last_date", "article_count", "outlets", "trend", "title"], {"title": 60})
    report_listing(state, "stories", len(rows), total, offset,
                   "Ingest articles (`sitroom ingest PATH...`), or run `sitroom resolve` if they were ingested without stories.")


@click.command("resolve")
@click.pass_obj
def resolve_cmd(state: CliState) -> None:
    """Group stored articles that are in no story yet (e.g. ingested with resolve.stories=false)."""
    from sitroom.resolve.stories import StoryGrouper

    placed = StoryGrouper(state.store()).place_unplaced()
    click.echo(f"{placed} articles placed in stories")


@click.command("brief")
@click.argument("story", type=int, required=False)
@click.option("--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True, help="Output format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of stdout.")
@click.pass_obj
def brief_cmd(state: CliState, story: int | None, fmt: str, output: Path | None) -> None:
    """The situation picture of a story (default: the main one): what we know and who says so,
    what is disputed, the quote ledger, timeline, options and red lines, and escalation."""
    from sitroom.analysis.brief import build_brief, main_story
    from sitroom.analysis.render import attach_excerpts, render_html, render_markdown
    from sitroom.store.editorial import Corrections, hide_wrong_facts

    store = state.store()
    story_id = story if story is not None else main_story(store)
    if story_id is None:
        click.echo(f"Error: no stories in {state.where()}; ingest articles first (`sitroom ingest --sample`)", err=True)
        sys.exit(1)
    if store.get_story(story_id) is None:
        click.echo(f"Error: no story {story_id} in {state.where()}; see `sitroom stories` for the ids", err=True)
        sys.exit(1)
    brief = hide_wrong_facts(attach_excerpts(build_brief(store, story_id), store), Corrections.load(store))
    if fmt == "json":
        text = json.dumps({"stories": [brief]}, ensure_ascii=False, indent=2, default=str)
    elif fmt == "html":
        text = render_html(brief)
    else:
        text = render_markdown(brief)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, "utf-8")
        click.echo(f"wrote {output}")
    else:
        click.echo(text)


