"""``sitroom feeds``, ``sitroom watch``, ``sitroom changes`` and ``sitroom alerts``."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import click

from sitroom.cli.common import CliState, echo_json, echo_table, format_option
from sitroom.store import Store

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
allow_private_option = click.option("--allow-private", is_flag=True,
                                    help="Fetch from loopback and private networks too (off: only public addresses).")  # fmt: skip


def parse_duration(text: str) -> float:
    """'10m', '30s', '2h', '90' (seconds) -> seconds."""
    m = _DURATION.match(text)
    if not m or float(m.group(1)) <= 0:
        raise click.BadParameter(f"{text!r} is not a duration; use e.g. 30s, 10m or 1h", param_hint="--every")
    return float(m.group(1)) * _UNITS[m.group(2).lower()]


def parse_since(text: str | None) -> dt.datetime | None:
    """An ISO date or date-time (UTC), or a duration back from now ('2h', '1d')."""
    if not text:
        return None
    if _DURATION.match(text):
        return dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(seconds=parse_duration(text))
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise click.BadParameter(f"{text!r} is neither a date-time (2026-12-03T09:00) nor a duration (2h)", param_hint="--since") from exc
    return when.astimezone(dt.UTC).replace(tzinfo=None) if when.tzinfo else when


def read_url_file(path: Path) -> list[str | Path]:
    """The URLs in a list file: one a line; blank lines and # comments skipped."""
    from sitroom.ingest.urls import is_url

    try:
        lines = path.read_text("utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.BadParameter(f"{path}: cannot be read ({exc})", param_hint="--from") from exc
    urls: list[str | Path] = []
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_url(line):
            raise click.BadParameter(f"{path}:{n}: {line[:80]!r} is not an http(s) URL; the file lists one URL a line", param_hint="--from")
        urls.append(line)
    return urls


def split_stored_urls(store: Store, items: list[str | Path]) -> tuple[list[str | Path], list[dict[str, str]]]:
    """Items to ingest, and the URLs already stored (reported as duplicates, not fetched)."""
    from sitroom.store.live import article_by_url

    todo: list[str | Path] = []
    stored: list[dict[str, str]] = []
    for item in items:
        found = article_by_url(store, item) if isinstance(item, str) else None
        if found:
            stored.append({"source": str(item), "id": found})
        elif item not in todo:
            todo.append(item)
    return todo, stored


@click.group("feeds")
def feeds_cmd() -> None:
    """Follow outlets' RSS, Atom and JSON feeds (then run `sitroom watch`)."""


@feeds_cmd.command("add")
@click.argument("url")
@click.option("--name", help="A short name to show and to refer to the feed by.")
@allow_private_option
@click.pass_obj
def feeds_add_cmd(state: CliState, url: str, name: str | None, allow_private: bool) -> None:
    """Add a feed by URL; its entries are fetched by the next `sitroom watch`."""
    from sitroom.errors import InputError
    from sitroom.ingest.net import check_url, public_addresses
    from sitroom.store.live import add_feed

    try:
        host, port = check_url(url)
        if not allow_private:
            public_addresses(host, port)
    except InputError as exc:
        raise click.BadParameter(f"{url}: {exc.problem} ({exc.hint})", param_hint="URL") from exc
    feed, created = add_feed(state.store(), url, name, allow_private)
    named = f" ({feed['name']})" if feed["name"] else ""
    click.echo(f"{'added' if created else 'already followed:'} feed {feed['id']}{named} {feed['url']}")


@feeds_cmd.command("list")
@format_option
@click.pass_obj
def feeds_list_cmd(state: CliState, fmt: str) -> None:
    """The feeds followed, when each was last polled and what it brought."""
    from sitroom.store.live import list_feeds

    rows = [{k: v for k, v in r.items() if k not in ("etag", "last_modified")} for r in list_feeds(state.store())]
    if fmt == "json":
        echo_json(rows)
    else:
        echo_table(rows, ["id", "name", "url", "done", "pending", "failed", "polled_at", "last_status"], {"url": 50, "last_status": 40})


@feeds_cmd.command("remove")
@click.argument("feed")
@click.pass_obj
def feeds_remove_cmd(state: CliState, feed: str) -> None:
    """Stop following a feed (by id, URL or name); the articles it brought stay."""
    from sitroom.store.live import get_feed, remove_feed

    row = get_feed(state.store(), feed)
    if row is None:
        click.echo(f"Error: no feed {feed!r}; see `sitroom feeds list`", err=True)
        sys.exit(1)
    remove_feed(state.store(), int(row["id"]))
    click.echo(f"removed feed {row['id']} {row['url']}")


@click.command("watch")
@click.option("--every", default=None, metavar="DURATION", help="Poll interval, e.g. 30s, 10m, 1h (default feeds.every, 10m).")
@click.option("--once", is_flag=True, help="Poll once, then exit.")
@click.option("--on-alert", "on_alert", metavar="CMD", help="Shell command run for each red-line alert, given the alert as JSON on stdin.")
@allow_private_option
@click.pass_obj
def watch_cmd(state: CliState, every: str | None, once: bool, on_alert: str | None, allow_private: bool) -> None:
    """Poll the feeds, ingest new entries into their stories, print one line per change.

    Stop it with Ctrl-C at any time (or kill it): the next run resumes where it stopped,
    and no article is stored twice or lost.
    """
    from sitroom.ingest.watch import Watcher

    interval = parse_duration(every or str(state.config.get("feeds.every")))
    store = state.store()
    if not _has_feeds(store):
        raise click.UsageError("no feeds to watch; add one with `sitroom feeds add URL`")
    watcher = Watcher(store, state.config, allow_private, on_alert, say=click.echo)
    try:
        watcher.run(interval, once)
    except KeyboardInterrupt:
        click.echo("stopped; the next `sitroom watch` resumes where this one stopped", err=True)
        sys.exit(130)


def _has_feeds(store: Store) -> bool:
    from sitroom.store.live import list_feeds

    return bool(list_feeds(store))


@click.command("changes")
@click.argument("story", type=int, required=False)
@click.option("--since", help="Only changes after this date-time (ISO, UTC) or this long ago (2h, 1d).")
@format_option
@click.pass_obj
def changes_cmd(state: CliState, story: int | None, since: str | None, fmt: str) -> None:
    """What changed in a story (or in every story): new articles, updated figures, new
    disputes, facts newly confirmed, new options and red lines; newest first."""
    from sitroom.store.live import list_changes

    rows = list_changes(state.store(), story, parse_since(since))
    if fmt == "json":
        echo_json([{**r["data"], "id": r["id"], "story": r["story_id"], "at": r["at"]} for r in rows])
    else:
        echo_table([{**r, "story": r["story_id"], "article": r["article_id"]} for r in rows],
                   ["at", "story", "kind", "article", "summary"], {"summary": 90})  # fmt: skip


@click.command("alerts")
@click.argument("story", type=int, required=False)
@click.option("--since", help="Only alerts after this date-time (ISO, UTC) or this long ago (2h, 1d).")
@format_option
@click.pass_obj
def alerts_cmd(state: CliState, story: int | None, since: str | None, fmt: str) -> None:
    """Red lines stated in a story and later reported as met: who stated each, and which report meets it."""
    from sitroom.store.live import list_alerts

    rows = list_alerts(state.store(), story, parse_since(since))
    if fmt == "json":
        echo_json([{**r["data"], "id": r["id"], "at": r["at"]} for r in rows])
        return
    table = [{"at": r["at"], "story": r["story_id"], "red line": r["red_line"], "stated by": ", ".join(r["data"]["stated_by"]),
              "met by": f"{r['article_id']} {r['data']['met_by']['text']}"} for r in rows]  # fmt: skip
    echo_table(table, ["at", "story", "red line", "stated by", "met by"], {"red line": 50, "met by": 60})
