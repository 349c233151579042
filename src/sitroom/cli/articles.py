"""Reading the store: ``list``, ``show``, ``search``, ``errors``, ``stats``; correcting it: ``edit``."""

from __future__ import annotations

import sys
from typing import Any

import click

from sitroom.cli.common import CliState, echo_json, echo_table, format_option
from sitroom.model import extract_document


@click.command("list")
@format_option
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many articles.")
@click.option("--offset", type=int, default=0, help="Skip this many (for paging).")
@click.option("--outlet", help="Only articles from this outlet.")
@click.pass_obj
def list_cmd(state: CliState, fmt: str, limit: int, offset: int, outlet: str | None) -> None:
    """List stored articles, newest first."""
    rows = state.store().list_articles(limit=limit, offset=offset, outlet=outlet)
    if fmt == "json":
        echo_json(rows)
    else:
        echo_table(rows, ["id", "published", "outlet", "title", "word_count", "near_duplicate_of"],
                   {"title": 50, "outlet": 20, "published": 16})  # fmt: skip


@click.command("show")
@click.argument("article_id")
@format_option
@click.pass_obj
def show_cmd(state: CliState, article_id: str, fmt: str) -> None:
    """Show one article (by id or a unique id prefix) and what the pipeline found in it."""
    store = state.store()
    row = store.get_article(article_id)
    if row is None:
        click.echo(f"Error: no article with id {article_id!r} (or the prefix is not unique); see `sitroom list`", err=True)
        sys.exit(1)
    from sitroom.model import Article

    article = Article(**{k: row[k] for k in ("id", "title", "text", "outlet", "published", "updated", "url", "byline")})
    ann = store.get_annotations(row["id"])
    doc = extract_document(article, ann)
    doc["article"].update(near_duplicate_of=row["near_duplicate_of"], similarity=row["similarity"], source=row["source"])
    doc["stages"] = store.get_stage_runs(row["id"])
    if fmt == "json":
        echo_json(doc)
        return
    a = doc["article"]
    click.echo(f"{a['title']}\n{a['outlet'] or '-'} | {a['published'] or '-'} | {a['byline'] or '-'} | {a['id']}")
    if a["near_duplicate_of"]:
        click.echo(f"near-duplicate of {a['near_duplicate_of']} (similarity {a['similarity']:.2f})")
    click.echo("")
    click.echo(a["text"])
    click.echo("")
    echo_table(doc["entities"], ["label", "text", "canonical", "start", "end"])
    if doc["mentions"]:
        click.echo("")
        people = [{"name": g["name"], "label": g["label"], "titles": ", ".join(g["titles"]),
                   "mentions": "; ".join(m["text"] for m in g["mentions"])} for g in doc["mentions"]]  # fmt: skip
        echo_table(people, ["label", "name", "titles", "mentions"], {"mentions": 70})


@click.command("search")
@click.argument("query", nargs=-1, required=True)
@format_option
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many results.")
@click.pass_obj
def search_cmd(state: CliState, query: tuple[str, ...], fmt: str, limit: int) -> None:
    """Full-text search over article titles and texts (words and "quoted phrases", word* for prefixes)."""
    hits = state.store().search(" ".join(query), limit=limit)
    if fmt == "json":
        echo_json(hits)
    else:
        echo_table(hits, ["id", "published", "outlet", "title", "snippet"], {"title": 40, "snippet": 70, "outlet": 20})


@click.command("errors")
@format_option
@click.option("--run", "run_id", help="Only errors of this ingest run.")
@click.option("--limit", type=int, default=200, show_default=True, help="At most this many errors.")
@click.pass_obj
def errors_cmd(state: CliState, fmt: str, run_id: str | None, limit: int) -> None:
    """List inputs that could not be ingested, newest first, with what to do about each."""
    rows = state.store().list_errors(run_id, limit)
    if fmt == "json":
        echo_json(rows)
    else:
        echo_table(rows, ["at", "source", "problem", "hint"], {"source": 40, "problem": 50, "hint": 40})


@click.command("stats")
@format_option
@click.option("--limit", type=int, default=15, show_default=True, help="How many top entities.")
@click.pass_obj
def stats_cmd(state: CliState, fmt: str, limit: int) -> None:
    """Summarise the store: articles, outlets, near-duplicates, most mentioned entities and people."""
    store = state.store()
    summary: dict[str, Any] = {
        **store.summary(),
        "top_entities": store.entity_counts(limit),
        "top_people": store.people_counts(limit),
    }
    if fmt == "json":
        echo_json(summary)
        return
    outlets = summary["outlets"]
    click.echo(f"{summary['articles']} articles from {len(outlets)} outlets ({', '.join(outlets)}), "
               f"{summary['first'] or '?'} to {summary['last'] or '?'}; {summary['near_duplicates']} near-duplicates")  # fmt: skip
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
    from sitroom.ingest.correction import apply_correction
    from sitroom.ingest.dates import normalise_published

    fields = {name: value or None for name, value in (("outlet", outlet), ("published", published), ("url", url)) if value is not None}
    if not fields:
        raise click.UsageError("give at least one of --outlet, --published, --url")
    if fields.get("published"):
        try:
            fields["published"] = normalise_published(str(fields["published"]), "--published")
        except InputError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from exc
    store = state.store()
    row = store.get_article(article_id)
    if row is None:
        click.echo(f"Error: no article with id {article_id!r} (or the prefix is not unique); see `sitroom list`", err=True)
        sys.exit(1)
    correction = apply_correction(store, row["id"], fields, row["source"])
    if fmt == "json":
        echo_json(correction.to_dict())
    else:
        click.echo(correction.describe() if correction.changes else f"unchanged {row['id']}: it already has these values")
