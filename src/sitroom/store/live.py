"""Store tables and queries for live coverage: feeds, feed entries, change logs, alerts.

Functions over a ``Store`` rather than more methods on it: the Store stays about articles
and stories, and everything a watch loop writes is here. The tables are created by the
``0006_live`` migration.

A feed entry is ``pending`` until its article is committed; only then is it ``done``, so a
watch killed between the two finds the entry again, sees the article already stored under
its URL, and marks it done without storing it twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError

from sitroom.store import Store
from sitroom.store.schema import articles, metadata

feeds = Table(
    "feeds",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("url", Text, nullable=False, unique=True),
    Column("name", Text),
    Column("allow_private", Boolean, nullable=False, comment="fetched even from non-public addresses"),
    Column("etag", Text, comment="ETag of the last 200 answer, sent as If-None-Match"),
    Column("last_modified", Text, comment="Last-Modified of the last 200 answer, sent as If-Modified-Since"),
    Column("added_at", DateTime, nullable=False),
    Column("polled_at", DateTime),
    Column("last_status", Text, comment="what the last poll found, or why it failed"),
)

feed_entries = Table(
    "feed_entries",
    metadata,
    Column("feed_id", Integer, ForeignKey("feeds.id", ondelete="CASCADE"), primary_key=True),
    Column("entry_key", Text, primary_key=True, comment="the entry's id (guid), else its link"),
    Column("link", Text, nullable=False),
    Column("title", Text),
    Column("state", String(10), nullable=False, comment="pending, done, or failed (given up)"),
    Column("attempts", Integer, nullable=False),
    Column("article_id", String(16)),
    Column("error", Text),
    Column("first_seen", DateTime, nullable=False),
    Column("done_at", DateTime),
)

story_snapshots = Table(
    "story_snapshots",
    metadata,
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True),
    Column("snapshot", JSON, nullable=False, comment="compact brief the next change is diffed against"),
    Column("taken_at", DateTime, nullable=False),
)

story_changes = Table(
    "story_changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("at", DateTime, nullable=False),
    Column("kind", String(30), nullable=False),
    Column("summary", Text, nullable=False),
    Column("article_id", String(16)),
    Column("data", JSON),
)

alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("story_id", Integer, ForeignKey("stories.id", ondelete="CASCADE"), nullable=False),
    Column("key", String(64), nullable=False, unique=True, comment="hash of red line and meeting span: raised once"),
    Column("at", DateTime, nullable=False),
    Column("red_line", Text, nullable=False),
    Column("article_id", String(16), nullable=False),
    Column("data", JSON, nullable=False),
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


# -- feeds ----------------------------------------------------------------------------------
def add_feed(store: Store, url: str, name: str | None, allow_private: bool) -> tuple[dict[str, Any], bool]:
    """The feed row and whether it was new (adding a feed twice keeps the first)."""
    try:
        with store.transaction() as conn:
            conn.execute(insert(feeds).values(url=url, name=name, allow_private=allow_private, added_at=utcnow()))
        created = True
    except IntegrityError:
        created = False
    feed = get_feed(store, url)
    assert feed is not None
    return feed, created


def get_feed(store: Store, ref: str) -> dict[str, Any] | None:
    """A feed by id, URL or name."""
    cond = [feeds.c.url == ref, feeds.c.name == ref] + ([feeds.c.id == int(ref)] if ref.isdigit() else [])
    with store.connect() as conn:
        row = conn.execute(select(feeds).where(or_(*cond)).order_by(feeds.c.id)).mappings().first()
    return dict(row) if row else None


def list_feeds(store: Store) -> list[dict[str, Any]]:
    """Every feed with how many of its entries are stored, pending and given up."""
    counts = (select(feed_entries.c.feed_id, feed_entries.c.state, func.count().label("n"))
              .group_by(feed_entries.c.feed_id, feed_entries.c.state))  # fmt: skip
    with store.connect() as conn:
        rows = [dict(r) for r in conn.execute(select(feeds).order_by(feeds.c.id)).mappings()]
        tally = {(r.feed_id, r.state): r.n for r in conn.execute(counts)}
    for r in rows:
        for state in ("done", "pending", "failed"):
            r[state] = tally.get((r["id"], state), 0)
    return rows


def remove_feed(store: Store, feed_id: int) -> None:
    """Forget a feed and its entries; the articles it brought stay."""
    with store.transaction() as conn:
        conn.execute(delete(feed_entries).where(feed_entries.c.feed_id == feed_id))
        conn.execute(delete(feeds).where(feeds.c.id == feed_id))


def record_poll(store: Store, feed_id: int, status: str, etag: str | None = None, last_modified: str | None = None,
                validators: bool = False) -> None:
    """What a poll found; ``validators`` replaces the stored ETag/Last-Modified (on a 200)."""
    values: dict[str, Any] = {"polled_at": utcnow(), "last_status": status}
    if validators:
        values.update(etag=etag, last_modified=last_modified)
    with store.transaction() as conn:
        conn.execute(update(feeds).where(feeds.c.id == feed_id).values(**values))


# -- feed entries ---------------------------------------------------------------------------
def entry_states(store: Store, feed_id: int) -> dict[str, dict[str, Any]]:
    with store.connect() as conn:
        return {r["entry_key"]: dict(r) for r in conn.execute(select(feed_entries).where(feed_entries.c.feed_id == feed_id)).mappings()}


def note_entry(store: Store, feed_id: int, key: str, link: str, title: str | None) -> None:
    """Remember an entry as pending (before its page is fetched)."""
    with store.transaction() as conn:
        exists = conn.execute(select(feed_entries.c.state).where(feed_entries.c.feed_id == feed_id, feed_entries.c.entry_key == key)).first()
        if exists is None:
            conn.execute(insert(feed_entries).values(feed_id=feed_id, entry_key=key, link=link, title=title, state="pending",
                                                     attempts=0, first_seen=utcnow()))  # fmt: skip


def finish_entry(store: Store, feed_id: int, key: str, article_id: str) -> None:
    """Mark an entry done: called only once its article is committed."""
    with store.transaction() as conn:
        conn.execute(update(feed_entries).where(feed_entries.c.feed_id == feed_id, feed_entries.c.entry_key == key)
                     .values(state="done", article_id=article_id, error=None, done_at=utcnow()))  # fmt: skip


def fail_entry(store: Store, feed_id: int, key: str, error: str, max_attempts: int) -> str:
    """Count a failed attempt; after ``max_attempts`` the entry is given up. Returns its state."""
    with store.transaction() as conn:
        where = (feed_entries.c.feed_id == feed_id, feed_entries.c.entry_key == key)
        attempts = int(conn.execute(select(feed_entries.c.attempts).where(*where)).scalar_one()) + 1
        state = "failed" if attempts >= max_attempts else "pending"
        conn.execute(update(feed_entries).where(*where).values(attempts=attempts, error=error, state=state,
                                                               done_at=utcnow() if state == "failed" else None))  # fmt: skip
    return state


def article_by_url(store: Store, *urls: str) -> str | None:
    """The stored article fetched from (or redirected to) any of ``urls``."""
    wanted = [u for u in urls if u]
    if not wanted:
        return None
    with store.connect() as conn:
        return conn.execute(select(articles.c.id).where(or_(articles.c.url.in_(wanted), articles.c.source.in_(wanted)))
                            .limit(1)).scalar()  # fmt: skip


# -- change log -----------------------------------------------------------------------------
def get_snapshot(store: Store, story_id: int) -> dict[str, Any] | None:
    with store.connect() as conn:
        return conn.execute(select(story_snapshots.c.snapshot).where(story_snapshots.c.story_id == story_id)).scalar()


def save_changes(store: Store, story_id: int, snapshot: dict[str, Any], changes: list[dict[str, Any]]) -> None:
    """The new snapshot and the changes found against the old one, in one transaction."""
    now = utcnow()
    with store.transaction() as conn:
        conn.execute(delete(story_snapshots).where(story_snapshots.c.story_id == story_id))
        conn.execute(insert(story_snapshots).values(story_id=story_id, snapshot=snapshot, taken_at=now))
        if changes:
            conn.execute(insert(story_changes), [{"story_id": story_id, "at": now, "kind": c["kind"], "summary": c["summary"],
                                                  "article_id": c.get("article"), "data": c} for c in changes])  # fmt: skip


def list_changes(store: Store, story_id: int | None = None, since: dt.datetime | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """Changes newest first, of one story or all."""
    query = select(story_changes).order_by(story_changes.c.at.desc(), story_changes.c.id.desc()).limit(limit)
    if story_id is not None:
        query = query.where(story_changes.c.story_id == story_id)
    if since is not None:
        query = query.where(story_changes.c.at > since)
    with store.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


# -- alerts ---------------------------------------------------------------------------------
def add_alert(store: Store, story_id: int, key: str, red_line: str, article_id: str, data: dict[str, Any]) -> bool:
    """Store an alert once; False when the same red line was already met by the same span."""
    try:
        with store.transaction() as conn:
            conn.execute(insert(alerts).values(story_id=story_id, key=key, at=utcnow(), red_line=red_line,
                                               article_id=article_id, data=data))  # fmt: skip
    except IntegrityError:
        return False
    return True


def list_alerts(store: Store, story_id: int | None = None, since: dt.datetime | None = None) -> list[dict[str, Any]]:
    query = select(alerts).order_by(alerts.c.at.desc(), alerts.c.id.desc())
    if story_id is not None:
        query = query.where(alerts.c.story_id == story_id)
    if since is not None:
        query = query.where(alerts.c.at > since)
    with store.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]
