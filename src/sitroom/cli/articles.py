"""Reading the store: ``list``, ``show``, ``search``, ``errors``, ``stats``; correcting it: ``edit``.

Each prints the same rows as the API's ``data`` (``--format json``) from the same functions
in ``sitroom.store.queries``; tables and notes are only how they are shown here.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from typing import Any

import click

from sitroom.cli.common import (
    CliState,
    echo_json,
    echo_rows,
    echo_table,
    format_option,
    report_listing,
    rows_format_option,
)
from sitroom.store import queries
from sitroom.store.queries import DEFAULT_LIMIT, ArticleFilter

INGEST_HINT = "Add articles: `sitroom ingest PATH...` or `sitroom ingest --sample`."


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--since --until --story --person --outlet: the filters of GET /api/articles."""
    for option in reversed([
        click.option("--outlet", help="Only this outlet (case-insensitive)."),
        click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="Published on or after this day (YYYY-MM-DD)."),
        click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Published on or before this day (YYYY-MM-DD)."),
        click.option("--story", type=int, help="Only articles of this story id (see `sitroom stories`)."),
        click.option("--person", help="Only articles that quote or name this person (any spelling)."),
    ]):  # fmt: skip
        command = option(command)
    return command


def make_filter(state: CliState, outlet: str | None, since: dt.datetime | None, until: dt.datetime | None,
                story: int | None, person: str | None) -> ArticleFilter:
    """The filter, with a person's articles under every spelling (as the API does)."""
    arts: set[str] | None = None
    if person:
        from sitroom.resolve.people import build_people, find_person

        found = find_person(build_people(state.store()), person)
        arts = found.articles | found.quote_articles if found else None
    return ArticleFilter(outlet, story, since.date() if since else None, until.date() if until else None, person, arts)


@click.command("list")
@rows_format_option
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="At most this many articles.")
@click.option("--offset", type=int, default=0, help="Skip this many (for paging).")
@click.option("--sort", type=click.Choice(sorted([*queries.SORTS, *(f"-{s}" for s in queries.SORTS)])), default="-published",
              show_default=True, help="Sort by this column; a leading - sorts descending.")  # fmt: skip
@filter_options
@click.pass_obj
def list_cmd(state: CliState, fmt: str, limit: int, offset: int, sort: str, **filters: Any) -> None:
    """List stored articles, newest first, with filters."""
    flt = make_filter(state, **filters)
    rows, total = queries.list_articles(state.store(), flt, limit, offset, sort)
    echo_rows(rows, fmt, ["id", "published", "outlet", "title", "story", "word_count", "near_duplicate_of"],
              {"title": 50, "outlet": 20, "published": 16})  # fmt: skip
    filtered = bool(flt.query_string())
    hint = "Loosen the filters, or see `sitroom stats` for outlets and dates." if filtered and state.store().count_articles() else INGEST_HINT
    report_listing(state, "matching articles" if filtered else "articles", len(rows), total, offset, hint)


@click.command("show")
@click.argument("article_id")
@format_option
@click.pass_obj
def show_cmd(state: CliState, article_id: str, fmt: str) -> None:
    """Show one article (by id or a unique id prefix) and what the pipeline found in it."""
    doc = queries.article_document(state.store(), article_id)
    if doc is None:
        click.echo(f"Error: no article with id {article_id!r} (or the prefix is not unique) in {state.where()}; "
                   "see `sitroom list`", err=True)  # fmt: skip
        sys.exit(1)
    if fmt == "json":
        echo_json(doc)
        return
    print_document(doc)


def print_document(doc: dict[str, Any]) -> None:
    a = doc["article"]
    click.echo(f"{a['title']}\n{a['outlet'] or '-'} | {a['published'] or '-'} | {a['byline'] or '-'} | {a['id']}"
               f"{' | story ' + str(a['story']) if a['story'] is not None else ''}")  # fmt: skip
    if a["near_duplicate_of"]:
        click.echo(f"near-duplicate of {a['near_duplicate_of']} (similarity {a['similarity']:.2f})")
    click.echo(f"\n{a['text']}")
    quotes = [{**q, "speaker": (q.get("speaker") or {}).get("name") or "?"} for q in doc["quotes"]]
    sections: list[tuple[str, list[dict[str, Any]], list[str]]] = [
        ("Quotes", quotes, ["speaker", "kind", "text", "start", "end"]),
        ("Figures", doc["figures"], ["text", "value", "unit", "counted", "holder", "start"]),
        ("Events", doc["events"], ["date", "actor", "action", "target", "cameo", "plover", "text"]),
        ("Claims", doc["claims"], ["type", "holder", "text", "start"]),
        ("Entities", doc["entities"], ["label", "text", "canonical", "start", "end"]),
        ("People", [{"name": g["name"], "label": g["label"], "titles": ", ".join(g["titles"]),
                     "mentions": "; ".join(m["text"] for m in g["mentions"])} for g in doc["mentions"]],
         ["label", "name", "titles", "mentions"]),
    ]  # fmt: skip
    for title, rows, columns in sections:
        click.echo(f"\n{title} ({len(rows)})")
        if rows:
            echo_table(rows, columns, {"text": 70, "mentions": 60, "action": 20})


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@rows_format_option
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="At most this many results.")
@click.option("--offset", type=int, default=0, help="Skip this many (for paging).")
@filter_options
@click.pass_obj
def search_cmd(state: CliState, query: tuple[str, ...], fmt: str, limit: int, offset: int, **filters: Any) -> None:
    """Full-text search over article titles and texts (words and "quoted phrases", word* for prefixes)."""
    hits, total = queries.search(state.store(), " ".join(query), limit, offset, make_filter(state, **filters))
    echo_rows(hits, fmt, ["id", "published", "outlet", "title", "snippet"], {"title": 40, "snippet": 70, "outlet": 20})
    hint = ("Try fewer words, a prefix such as drone*, or check `sitroom stats`." if state.store().count_articles()
            else INGEST_HINT)  # fmt: skip
    report_listing(state, f"results for {' '.join(query)!r}", len(hits), total, offset, hint)


@click.command("errors")
@rows_format_option
@click.option("--run", "run_id", help="Only errors of this ingest run.")
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="At most this many errors.")
@click.option("--offset", type=int, default=0, help="Skip this many (for paging).")
@click.pass_obj
def errors_cmd(state: CliState, fmt: str, run_id: str | None, limit: int, offset: int) -> None:
    """List inputs that could not be ingested, newest first, with what to do about each."""
    rows, total = queries.list_errors(state.store(), run_id, limit, offset)
    echo_rows(rows, fmt, ["at", "source", "problem", "hint"], {"source": 40, "problem": 50, "hint": 40})
    report_listing(state, "ingest errors", len(rows), total, offset, "Every input so far was read.")


@click.command("stats")
@format_option
@click.option("--limit", type=int, default=15, show_default=True, help="How many top entities.")
@click.pass_obj
def stats_cmd(state: CliState, fmt: str, limit: int) -> None:
    """Summarise the store: articles, outlets, near-duplicates, most mentioned entities and people."""
    summary = queries.stats(state.store(), limit)
    if fmt == "json":
        echo_json(summary)
        return
    outlets = summary["outlets"]
    click.echo(f"{summary['articles']} articles from {len(outlets)} outlets ({', '.join(outlets)}), "
               f"{summary['first'] or '?'} to {summary['last'] or '?'}; {summary['near_duplicates']} near-duplicates; "
               f"{summary['stories']} stories. Store: {state.where()}")  # fmt: skip
    if not summary["articles"]:
        click.echo(INGEST_HINT)
        return
    click.echo("")
    echo_table(summary["top_entities"], ["canonical", "label", "articles", "mentions"])
    click.echo("")
    echo_table(summary["top_people"], ["name", "titles", "articles", "mentions"], {"titles": 50})


@click.command("edit")
@click.argument("article_id")
@click.option("--outlet", help="The outlet's name (\"\" clears it).")
@click.option("--published", help="Publication date, ISO 8601 (\"\" clears it).")
@click.option("--url", help="The article's URL (\"\" clears it).")
@format_option
@click.pass_obj
def edit_cmd(state: CliState, article_id: str, outlet: str | None, published: str | None, url: str | None, fmt: str) -> None:
    """Correct a stored article's outlet, publication date or URL (by id or a unique id prefix).

    The id stays the same; an article whose date changes is placed in its story again.
    Ingesting the same file again with --outlet/--published/--url does the same.
    """
    from sitroom.errors import InputError
    from sitroom.store.editorial import edit_article

    given = {name: value for name, value in (("outlet", outlet), ("published", published), ("url", url)) if value is not None}
    if not given:
        raise click.UsageError("give at least one of --outlet, --published, --url")
    try:
        correction = edit_article(state.store(), article_id, given, "--published")
    except InputError as exc:
        raise click.BadParameter(str(exc), param_hint="--published") from exc
    if correction is None:
        click.echo(f"Error: no article with id {article_id!r} (or the prefix is not unique); see `sitroom list`", err=True)
        sys.exit(1)
    if fmt == "json":
        echo_json(correction.to_dict())
    else:
        click.echo(correction.describe() if correction.changes else f"unchanged {correction.article_id}: it already has these values")
