"""``sitroom ingest`` and ``sitroom extract``."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from sitroom.cli.common import CliState, echo_error, echo_json, echo_table, neutralise
from sitroom.errors import InputError
from sitroom.ingest import IngestOptions, expand_paths, iter_articles


def sample_articles_dir() -> Path:
    """The sample corpus shipped in the package (fiction written for sitroom)."""
    return Path(str(resources.files("sitroom").joinpath("sample", "articles")))


def _options(state: CliState, outlet: str | None, published: str | None, url: str | None,
             max_bytes: int | None, encoding: str | None) -> IngestOptions:
    if published:
        # Fail before reading anything: a bad override would fail every input.
        from sitroom.ingest.dates import normalise_published

        try:
            normalise_published(published, "--published")
        except InputError as exc:
            raise click.BadParameter(str(exc), param_hint="--published") from exc
    return IngestOptions(
        max_bytes=max_bytes or int(state.config.get("ingest.max_bytes")),
        encoding=encoding or state.config.get("ingest.encoding"),
        outlet=outlet, published=published, url=url,
    )  # fmt: skip


input_options = [
    click.option("--outlet", help="Outlet name for every input (overrides what was sniffed)."),
    click.option("--published", help="Publication date for every input, ISO 8601 (overrides what was sniffed)."),
    click.option("--url", help="URL for every input (overrides what was found)."),
    click.option("--max-bytes", type=int, help="Refuse files larger than this (default ingest.max_bytes, 20 MB)."),
    click.option("--encoding", help="Decode every file with this encoding instead of sniffing it."),
]


def with_input_options(f):  # type: ignore[no-untyped-def]
    for option in reversed(input_options):
        f = option(f)
    return f


@click.command("ingest")
@click.argument("paths", nargs=-1)
@click.option("--sample", is_flag=True, help="Also ingest the sample corpus shipped with sitroom.")
@click.option("--from", "url_file", type=click.Path(dir_okay=False, path_type=Path), help="Also fetch the URLs listed in this file, one a line.")
@click.option("--allow-private", is_flag=True, help="Fetch URLs on loopback and private networks too (off: only public addresses).")
@click.option("--ignore-robots", is_flag=True, help="Fetch URLs that the site's robots.txt disallows (only with the site's permission).")
@with_input_options
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Report format.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", type=click.IntRange(min=0), default=0,
              help="Run the NLP stages on a local Dask cluster of N worker processes (0: in this process).")
@click.option("--scheduler", metavar="tcp://HOST:PORT",
              help="Run the NLP stages on an existing Dask cluster (its workers need sitroom installed).")
@click.pass_obj
def ingest_cmd(state: CliState, paths: tuple[str, ...], sample: bool, url_file: Path | None, allow_private: bool,
               ignore_robots: bool, outlet: str | None,
               published: str | None, url: str | None, max_bytes: int | None, encoding: str | None, fmt: str, quiet: bool,
               workers: int, scheduler: str | None) -> None:
    """Read articles from files, directories (.txt .md .html .json .jsonl) and http(s) URLs into the store.

    Exact duplicates (and URLs already stored) are skipped; near-duplicates (edited or
    syndicated copies) are stored and linked to the original. Every input that cannot be read
    gets one line saying why, the rest of the batch goes on, and the exit status is 1 if any
    input failed (see `sitroom errors`). URLs are fetched only from public addresses unless
    --allow-private is given, one request per host per second, and never where the site's
    robots.txt disallows it (unless --ignore-robots). With --workers or --scheduler the parse
    and the stages run on Dask workers; storing and story grouping stay here, in input order,
    so the stories are the same as in one process.
    """
    from sitroom.cli.live import read_url_file, split_stored_urls
    from sitroom.ingest.feeds import polite_fetcher
    from sitroom.ingest.runner import ingest_paths
    from sitroom.ingest.urls import is_url

    items: list[str | Path] = [p if is_url(p) else Path(p) for p in paths]
    items += read_url_file(url_file) if url_file else []
    items += [sample_articles_dir()] if sample else []
    if not items:
        raise click.UsageError("give at least one PATH or URL, --from FILE, or --sample")
    options = _options(state, outlet, published, url, max_bytes, encoding)
    options.fetcher = polite_fetcher(state.config, allow_private, obey_robots=not ignore_robots)
    store = state.store()
    items, stored = split_stored_urls(store, items)
    files = [p for p in expand_paths([i for i in items if isinstance(i, Path)]) if isinstance(p, Path)]
    show_bar = not quiet and fmt == "table" and sys.stderr.isatty()
    with click.progressbar(length=max(len(files) + sum(isinstance(i, str) for i in items), 1), label="Ingesting", file=sys.stderr, hidden=not show_bar) as bar:
        done: set[str] = set()

        def tick(source: str) -> None:
            base = source if is_url(source) or Path(source).exists() else source.split("#")[0].rsplit(":", 1)[0]
            if base not in done:
                done.add(base)
                bar.update(1)

        from sitroom.batch import ClusterOptions

        report = ingest_paths(items, store, state.config, options, progress=tick, cluster=ClusterOptions(workers, scheduler))
    report.duplicates.extend(stored)
    from sitroom.ingest.watch import update_stories

    try:
        _, alerts = update_stories(store, state.config, report.added)  # the change log of every story touched
    except Exception as exc:  # the articles are stored; the next ingest touching the story catches up
        report.warnings.append(f"story change log not updated ({type(exc).__name__}: {exc}); the next ingest catches up")
        alerts = []
    if fmt == "json":
        echo_json(report.to_dict())
    else:
        _print_report(report)
        for alert in alerts:
            click.echo(f"ALERT story {alert['story']}: {alert['summary']}")
    if not report.ok:
        sys.exit(1)


def _print_report(report) -> None:  # type: ignore[no-untyped-def]
    for w in report.warnings:
        click.echo(neutralise(f"warning: {w}"), err=True)
    for e in report.errors:
        echo_error(e)
    near = {n["id"]: n for n in report.near_duplicates}
    for a in report.added:
        note = f"  (near-duplicate of {near[a['id']]['of']}, similarity {near[a['id']]['similarity']:.2f})" if a["id"] in near else ""
        click.echo(f"added {a['id']}  {a['outlet'] or '-'}  {a['published'] or '-'}  {a['title']}{note}")
    for u in report.updated:
        changes = "; ".join(f"{name} {c['old']} -> {c['new']}" for name, c in u["changes"].items())
        click.echo(f"updated {u['id']}: {changes}  ({u['source']})")
    for d in report.duplicates:
        click.echo(f"skipped {d['source']}: exact duplicate of {d['id']}")
    click.echo(f"{len(report.added)} added, {len(report.updated)} updated, {len(report.near_duplicates)} near-duplicates linked, "
               f"{len(report.duplicates)} duplicates skipped, {len(report.errors)} failed")  # fmt: skip


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path))
@with_input_options
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True, help="Output format.")
@click.pass_obj
def extract_cmd(state: CliState, file: Path, outlet: str | None, published: str | None, url: str | None,
                max_bytes: int | None, encoding: str | None, fmt: str) -> None:
    """Run the pipeline on one file without a store and print what it finds.

    The JSON document has keys article, entities, mentions, quotes, figures, dates, events and
    claims; every start/end is a character offset into article.text. A file with several
    records (JSON list, JSONL) prints a list of documents.
    """
    from sitroom.ingest.fingerprint import fingerprint_article
    from sitroom.model import extract_document
    from sitroom.nlp.pipeline import Pipeline

    options = _options(state, outlet, published, url, max_bytes, encoding)
    articles = []
    failed = False
    for item in iter_articles([file], options):
        if isinstance(item, InputError):
            echo_error(item)
            failed = True
            continue
        item.id = fingerprint_article(item)
        articles.append(item)
    docs = []
    for result in Pipeline(state.config).run(articles):
        if isinstance(result, InputError):
            echo_error(result)
            failed = True
            continue
        docs.append(extract_document(*result))
    if fmt == "json":
        if docs:
            echo_json(docs[0] if len(docs) == 1 else docs)
    else:
        for doc in docs:
            click.echo(f"{doc['article']['title']}  ({doc['article']['outlet'] or '-'}, {doc['article']['published'] or '-'})")
            echo_table(doc["entities"], ["label", "text", "canonical", "start", "end"])
    if failed:
        sys.exit(1)
