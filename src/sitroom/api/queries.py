"""Read queries shared by the JSON API and the pages, all through the Store.

The Store has no filter for story or dates and no speaker index yet, so those are applied
here over the Store's own reads. That is fine for thousands of articles; the 10k-article
latency target needs them pushed into Store queries (reported in the issue).
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from typing import Any

from sitroom.model import Article, extract_document
from sitroom.store import Store


@dataclass
class ArticleFilter:
    """What GET /api/articles and the pages may filter on; options travel in one object."""

    outlet: str | None = None
    story: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    person: str | None = None


def list_articles(store: Store, flt: ArticleFilter, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """One page of articles newest first, and how many match in all (filtered in SQL)."""
    return store.query_articles(limit, offset, outlet=flt.outlet, story=flt.story, person=flt.person,
                                since=flt.since.isoformat() if flt.since else None,
                                until=flt.until.isoformat() if flt.until else None)  # fmt: skip


def article_document(store: Store, article_id: str) -> dict[str, Any] | None:
    """An article with everything the pipeline found in it (the ``sitroom show`` document)."""
    row = store.get_article(article_id)
    if row is None:
        return None
    article = Article(**{k: row[k] for k in ("id", "title", "text", "outlet", "published", "url", "byline")})
    doc = extract_document(article, store.get_annotations(row["id"]))
    doc["article"].update(near_duplicate_of=row["near_duplicate_of"], similarity=row["similarity"],
                          story=store.article_story(row["id"]))  # fmt: skip
    return doc


@dataclass
class PeopleIndex:
    """Speakers across articles, rebuilt only when the article count changes (i.e. after ingest)."""

    _count: int = -1
    _people: list[dict[str, Any]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def people(self, store: Store) -> list[dict[str, Any]]:
        with self._lock:
            count = store.count_articles()
            if count != self._count:
                self._people = speakers_across(store)
                self._count = count
            return self._people


def speakers_across(store: Store) -> list[dict[str, Any]]:
    """Every named speaker: name, the roles articles give them, quotes and where they are.

    One query over the quote rows: reading each article's annotations made the first
    /api/people call take 24 s with 10k articles (benchmarks/web_latency.py).
    """
    people: dict[str, dict[str, Any]] = {}
    seen: dict[str, set[str]] = {}  # articles per person: a list lookup here was quadratic
    for row in store.quote_rows():
        entry = people.setdefault(row["name"], {"name": row["name"], "kind": row["speaker_kind"], "roles": [],
                                                "quote_count": 0, "articles": [], "quotes": []})  # fmt: skip
        if row["role"] and row["role"] not in entry["roles"]:
            entry["roles"].append(row["role"])
        if row["article_id"] not in seen.setdefault(row["name"], set()):
            seen[row["name"]].add(row["article_id"])
            entry["articles"].append(row["article_id"])
        entry["quote_count"] += 1
        entry["quotes"].append({"article": row["article_id"], "outlet": row["outlet"], "published": row["published"],
                                "title": row["title"], "text": row["text"], "kind": row["kind"],
                                "start": row["start"], "end": row["end"]})  # fmt: skip
    return sorted(people.values(), key=lambda p: (-p["quote_count"], p["name"]))


def people_summary(people: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The /api/people rows: without each person's quotes."""
    return [{k: v for k, v in p.items() if k != "quotes"} | {"articles": len(p["articles"])} for p in people]


@dataclass
class BriefCache:
    """Briefs with excerpts, reused until their story changes.

    Building the main sample story's brief takes ~2 s (fact resolution over every span), far
    too slow for each page view; a story's ``updated_at`` and ``article_count`` change
    whenever an article joins it, so they key the cache.
    """

    size: int = 16
    _items: dict[tuple[Any, ...], dict[str, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def brief(self, store: Store, story_id: int) -> dict[str, Any]:
        """The brief of ``story_id``; KeyError when there is no such story."""
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
