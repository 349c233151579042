"""Blocking for story grouping: the stories active around an article's date that share a key with it.

A story is described by its top keys, the TOP_KEYS heaviest (with every key tied with the
last of them): an entity named once in one of its articles neither makes an article belong
to it nor keeps one out. ``stories.top_weight`` holds the weight a key needs to be a top
key, kept current on every write from ix_story_keys_rank (20 index steps), so a candidate's
top keys are a comparison, never a read of all of its keys.

The candidate query is built once per shape (number of keys, dated or not) with bound
parameters: it runs for every stored article, and building a new statement each time cost
as much as running it. Each row carries ``shared``: the article's weight on the story's top
keys, summed in SQL. The work per article is bounded by the stories active in the window,
not by the size of the store or of a story: the plan starts at the active stories (index on
last_date), not at the key ("pol" is in most stories ever stored), then finds their shared
keys by primary key. Reading every key of 50 candidates into Python, as before, grew with
each story's keys.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, String, bindparam, case, func, select

from sitroom.store.schema import stories, story_keys

# Twice the keys an article brings (resolve/stories.py MAX_KEYS): a story's recurring entities.
TOP_KEYS = 20


@lru_cache(maxsize=64)
def candidates_query(n_keys: int, dated: bool, limit: int) -> Select[Any]:
    """Parameters: k0.. and w0.. (the article's keys and weights), ``first`` and ``last`` when dated."""
    keys = [bindparam(f"k{i}", type_=String) for i in range(n_keys)]
    active = select(stories.c.id)
    if dated:
        active = active.where(stories.c.last_date >= bindparam("first", type_=String),
                              stories.c.first_date <= bindparam("last", type_=String))  # fmt: skip
    weight = case(*((story_keys.c.key == k, bindparam(f"w{i}", type_=Integer)) for i, k in enumerate(keys)), else_=0)
    shared = func.sum(case((story_keys.c.weight >= stories.c.top_weight, weight), else_=0)).label("shared")
    return (select(stories.c.id, stories.c.title, stories.c.first_date, stories.c.last_date, stories.c.article_count,
                   stories.c.centroid, shared)
            .join(story_keys, story_keys.c.story_id == stories.c.id)
            .where(story_keys.c.key.in_(keys), stories.c.id.in_(active.scalar_subquery()))
            .group_by(stories.c.id).order_by(shared.desc(), stories.c.id).limit(limit))  # fmt: skip


def candidate_params(keys: dict[str, int], first: str | None, last: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"first": first, "last": last} if first and last else {}
    for i, (key, weight) in enumerate(sorted(keys.items())):
        params[f"k{i}"], params[f"w{i}"] = key, weight
    return params


def top_weight(story_id: Any) -> ColumnElement[Any]:
    """The weight of a story's TOP_KEYS-th heaviest key (0 while it has fewer): its keys at least this heavy are its top keys."""
    nth = (select(story_keys.c.weight).where(story_keys.c.story_id == story_id)
           .order_by(story_keys.c.weight.desc()).limit(1).offset(TOP_KEYS - 1).scalar_subquery())  # fmt: skip
    return func.coalesce(nth, 0)


def earliest(column: ColumnElement[Any], date: str | None) -> ColumnElement[Any]:
    """``column`` moved back to ``date`` if that is earlier (LEAST, which SQLite spells min)."""
    return column if not date else case((column.is_(None) | (column > date), date), else_=column)


def latest(column: ColumnElement[Any], date: str | None) -> ColumnElement[Any]:
    return column if not date else case((column.is_(None) | (column < date), date), else_=column)
