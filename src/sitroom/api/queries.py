"""What the API and the pages keep between requests: the people directory and built briefs.

The read queries themselves live in ``sitroom.store.queries`` (shared with the CLI, which
must not import the web stack); this module caches the two reads too slow for every request.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from sqlalchemy import func, select

from sitroom.resolve.entities import RoleEntries, group_roles
from sitroom.resolve.people import DirectoryRows, Person, find_person, people_from
from sitroom.store import Store
from sitroom.store.editorial import Corrections, hide_wrong_facts
from sitroom.store.queries import speaker_roles, write_stamp
from sitroom.store.schema import corrections

T = TypeVar("T")
log = logging.getLogger("sitroom.api")
# The store's write stamp, read once per request: the articles page asked for it four times (the
# person filter, the facets, the total, the directory), ~8 ms each at 100k articles.
REQUEST_STAMPS: ContextVar[dict[int, tuple[Any, ...]] | None] = ContextVar("sitroom_request_stamps", default=None)


def current_stamp(store: Store) -> tuple[Any, ...]:
    """``write_stamp(store)``, read once per request (``StampPerRequest``) and every time outside one."""
    memo = REQUEST_STAMPS.get()
    if memo is None:
        return write_stamp(store)
    if id(store) not in memo:
        memo[id(store)] = write_stamp(store)
    return memo[id(store)]


class StampPerRequest:
    """ASGI middleware: each HTTP request gets its own memo of the write stamp."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = REQUEST_STAMPS.set({})
        try:
            await self.app(scope, receive, send)
        finally:
            REQUEST_STAMPS.reset(token)

def corrections_count(store: Store) -> int:
    with store.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(corrections)).scalar_one())


@dataclass
class PeopleIndex:
    """The people directory, brought up to date when the store's write stamp changes (articles, stories, corrections).

    Its rows are read whole once (``warm`` does it in the background when a server starts) and
    after that only new articles' rows are added: no request after the first build pays a cold
    build. Until the first build is done, ``ready`` is False and the articles page leaves the
    person facet out rather than wait.
    """

    _key: tuple[Any, ...] = ()
    _rows: DirectoryRows | None = None
    _edited: set[str] = field(default_factory=set)  # articles whose outlet or date this server corrected
    _people: list[Person] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _warming: threading.Thread | None = None

    def people(self, store: Store) -> list[Person]:
        with self._lock:
            key = current_stamp(store)
            if key != self._key:
                self._rows = DirectoryRows.read(store) if self._rows is None else self._rows.refresh(store)
                if self._edited:  # a role entry carries its article's outlet and date, which an edit changes
                    replace_roles(self._rows.roles, speaker_roles(store, self._edited), self._edited)
                    self._edited = set()
                self._people = people_from(self._rows, Corrections.load(store))
                self._key = key
            return self._people

    @property
    def ready(self) -> bool:
        """Whether a request may use the directory now: built, or not being built in the background
        (then the request builds it, as a command-line call or a test does)."""
        return self._rows is not None or self._warming is None or not self._warming.is_alive()

    def warm(self, store: Store) -> threading.Thread:
        """Build the directory in a background thread (a server's start), so that no request waits for it."""
        self._warming = threading.Thread(target=self._warm, args=(store,), name="sitroom-people", daemon=True)
        self._warming.start()
        return self._warming

    def _warm(self, store: Store) -> None:
        try:
            self.people(store)
        except Exception as exc:  # a request will build it (and report the error) instead
            log.warning("people directory not built in the background: %s", exc)

    def edited(self, article_id: str) -> None:
        """Rebuild on the next read, with the role entries of ``article_id`` read again (its outlet
        or date was corrected here, which the stamp may not show). Only that article's rows are
        read: re-reading every role entry took 1.9-7.5 s at 10k articles."""
        with self._lock:
            self._key = ()
            self._edited.add(article_id)

    def find(self, store: Store, ref: str) -> Person | None:
        return find_person(self.people(store), ref)

    def articles_of(self, store: Store, ref: str | None) -> set[str] | None:
        """The articles quoting or naming the person ``ref`` (None: no such person in the directory, or
        the directory is not built yet: the filter then matches the name as written, in SQL)."""
        found = self.find(store, ref) if ref and self.ready else None
        return found.all_articles if found else None

    def facet_input(self, store: Store) -> list[tuple[str, str, set[str]]] | None:
        """(id, name, articles) per person for the person facet; None until the first build is done."""
        return [(p.id, p.name, p.articles) for p in self.people(store)] if self.ready else None


def replace_roles(roles: RoleEntries, fresh: list[tuple[str, dict[str, Any]]], article_ids: set[str]) -> None:
    """The role entries of ``article_ids`` replaced by ``fresh`` (those articles' entries read again).

    Each name keeps its entries in first-seen order: the fresh ones take the place of the first
    old entry of the edited articles (a person's first role is the one the directory shows).
    """
    added = group_roles(fresh)
    touched = {folded for folded, entries in roles.items() if any(e["article"] in article_ids for e in entries.values())}
    for folded in touched | set(added):
        pending = added.get(folded, {})
        merged: dict[tuple[Any, ...], dict[str, Any]] = {}
        for sig, entry in roles.get(folded, {}).items():
            if entry["article"] not in article_ids:
                merged.setdefault(sig, entry)
            elif pending:
                for key, value in pending.items():
                    merged.setdefault(key, value)
                pending = {}
        for key, value in pending.items():
            merged.setdefault(key, value)
        roles[folded] = merged


@dataclass
class CountCache:
    """Counts that every view of the articles page would recompute: facets and match totals.

    Keyed by what is counted (the filter) and valid while the store's write stamp stays the
    same (``queries.write_stamp``: an ingest, a story placement or a correction anywhere, in
    any process, changes it); ``max_age`` bounds what the stamp cannot see, an outlet or URL
    edited from another process. Counting outlets, days, stories and people over 10k articles
    took 125-600 ms a view under load; a hit costs the stamp's three index lookups.
    """

    size: int = 256
    max_age: float = 60.0
    _stamp: tuple[Any, ...] = ()
    _items: dict[tuple[Any, ...], tuple[float, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, store: Store, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        stamp, now = current_stamp(store), time.monotonic()
        with self._lock:
            if stamp != self._stamp:
                self._items, self._stamp = {}, stamp
            hit = self._items.get(key)
            if hit is not None and now - hit[0] < self.max_age:
                return cast(T, hit[1])
        value = compute()
        with self._lock:
            if stamp == self._stamp:
                while len(self._items) >= self.size:
                    self._items.pop(next(iter(self._items)))
                self._items[key] = (now, value)
        return value

    def clear(self) -> None:
        """Forget every count (after an edit this process made)."""
        with self._lock:
            self._items = {}


@dataclass
class BriefCache:
    """Briefs with excerpts, reused until their story changes.

    Building the main sample story's brief takes ~2 s (fact resolution over every span), far
    too slow for each page view; a story's ``updated_at`` and ``article_count`` change
    whenever an article joins it, so they key the cache. Facts marked wrong are left out on
    every read, so a correction shows at once.
    """

    size: int = 16
    _items: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def clear(self) -> None:
        """Forget every brief (an outlet edited here changes a brief without changing its story's row)."""
        with self._lock:
            self._items = {}

    def brief(self, store: Store, story_id: int) -> dict[str, Any]:
        """The brief of ``story_id``; KeyError when there is no such story."""
        return hide_wrong_facts(self._built(store, story_id), Corrections.load(store))

    def _built(self, store: Store, story_id: int) -> dict[str, Any]:
        from sitroom.analysis.brief import build_brief
        from sitroom.analysis.render import attach_excerpts

        story = store.get_story(story_id)
        if story is None:
            raise KeyError(story_id)
        key = (story_id, story["article_count"], str(story["updated_at"]))
        with self._lock:
            if key in self._items:
                return self._items[key]
        built = attach_excerpts(build_brief(store, story_id), store)
        with self._lock:
            self._items = {k: v for k, v in self._items.items() if k[0] != story_id}
            while len(self._items) >= self.size:
                self._items.pop(next(iter(self._items)))
            self._items[key] = built
        return built
