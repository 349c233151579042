"""``sitroom stories``, ``sitroom resolve`` and ``sitroom brief``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sitroom.cli.common import CliState, echo_json, echo_table, format_option


@click.command("stories")
@format_option
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many stories.")
@click.pass_obj
def stories_cmd(state: CliState, fmt: str, limit: int) -> None:
    """List stories (articles grouped by what they report), most recently active first."""
    rows = state.store().list_stories(limit)
    if fmt == "json":
        echo_json(rows)
    else:
        echo_table(rows, ["id", "first_date", "last_date", "article_count", "outlets", "title"], {"title": 60})


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

    store = state.store()
    story_id = story if story is not None else main_story(store)
    if story_id is None or store.get_story(story_id) is None:
        click.echo(f"Error: no story {story_id if story is not None else ''} in the store; see `sitroom stories`", err=True)
        sys.exit(1)
    brief = attach_excerpts(build_brief(store, story_id), store)
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


@click.command("people")
@format_option
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many.")
@click.pass_obj
def people_cmd(state: CliState, fmt: str, limit: int) -> None:
    """People and organisations across all articles, name variants joined, with their roles."""
    from sitroom.resolve.entities import resolve_entities

    records = [r.to_dict() for r in resolve_entities(state.store())[:limit]]
    if fmt == "json":
        echo_json(records)
        return
    rows = [{"name": r["name"], "label": r["label"], "articles": len(r["articles"]), "variants": "; ".join(r["variants"]),
             "roles": "; ".join(sorted({x["role"] for x in r["roles"]}))} for r in records]  # fmt: skip
    echo_table(rows, ["name", "label", "articles", "roles", "variants"], {"roles": 40, "variants": 40})
