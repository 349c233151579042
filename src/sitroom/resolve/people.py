"""The people directory: persons across articles as an analyst browses them.

Built on ``resolve_entities`` (spellings and transliterations joined), then narrowed to
people: a person is someone the articles name with more than one word or quote as a
speaker, and whose name is not a place the entity stage found. That keeps "Bobrowniki"
(a border crossing spaCy tagged PERSON) and "Patriot" (a missile) off the people page.
Editorial merges and splits (``sitroom people merge`` / ``split``) are applied last.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sitroom.resolve.entities import RoleEntries, fold_name, group_roles, join_entities
from sitroom.store import Store
from sitroom.store.editorial import Corrections
from sitroom.store.queries import (
    count_articles,
    person_names,
    place_names,
    quoted_names,
    quotes_by,
    recent_articles,
    speaker_roles,
)


def person_id(name: str) -> str:
    """A URL-safe id from the name: 'Rimantas Žukauskas' -> 'rimantas-zukauskas'."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", name.replace("ł", "l")) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", plain.casefold()).strip("-") or "unnamed"


@dataclass
class Person:
    name: str
    variants: set[str] = field(default_factory=set)
    roles: list[dict[str, Any]] = field(default_factory=list)
    articles: set[str] = field(default_factory=set)
    quote_count: int = 0
    # Quotes are read on demand (a person's page): the list needs only their number. Holding
    # 150k quotes with their text at 10k articles cost 28-49 s of the directory's cold build.
    quote_articles: set[str] = field(default_factory=set)
    quote_names: set[str] = field(default_factory=set)  # the spellings the quotes are attributed to

    @property
    def id(self) -> str:
        return person_id(self.name)

    @cached_property
    def all_articles(self) -> set[str]:
        """The articles naming or quoting the person, joined once: the union took 76 ms a request for a
        person in half of 100k articles. Read after the directory is built (it caches the first value)."""
        return self.articles | self.quote_articles

    def row(self) -> dict[str, Any]:
        """The list shape: what ``sitroom people`` and ``GET /api/people`` give for each person."""
        roles = list({r["role"].casefold(): r["role"] for r in self.roles if r.get("role")}.values())
        return {"id": self.id, "name": self.name, "variants": sorted(self.variants), "roles": roles,
                "quote_count": self.quote_count, "article_count": len(self.articles)}  # fmt: skip

    def detail(self, store: Store) -> dict[str, Any]:
        """The one-person shape: the row plus each role, article and quote with its source."""
        quotes = quotes_by(store, self.quote_names) if self.quote_names else []
        return {**self.row(), "role_sources": self.roles, "articles": sorted(self.articles), "quotes": quotes}

    def absorb(self, other: Person) -> None:
        self.variants |= other.variants
        self.articles |= other.articles
        self.roles += [r for r in other.roles if r not in self.roles]
        if len(other.name) > len(self.name):
            self.name = other.name


@dataclass
class Quoted:
    """The quotes attributed to one folded name: how many, in which articles, under which spellings."""

    count: int = 0
    articles: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)


WRITER_MARGIN = dt.timedelta(minutes=10)  # far longer than one article's write transaction


@dataclass
class DirectoryRows:
    """What the directory is built from, one row per name, and which articles they were read from.

    Read whole once; after that only the rows of articles not read yet are added (``refresh``),
    so a server's directory follows ingests without re-reading millions of span rows: the cold
    build took 22-88 s at 10k articles and grows with the store.
    """

    names: dict[tuple[str, str], tuple[int, set[str]]] = field(default_factory=dict)  # (name, label) -> (first span, articles)
    roles: RoleEntries = field(default_factory=dict)
    quoted: dict[str, tuple[int, set[str]]] = field(default_factory=dict)  # speaker name -> (quotes, articles)
    places: set[str] = field(default_factory=set)  # folded
    articles: set[str] = field(default_factory=set)
    newest: dt.datetime | None = None  # the latest ``ingested_at`` among them

    @classmethod
    def read(cls, store: Store, only: set[str] | None = None) -> DirectoryRows:
        """The rows of every article (or of the articles ``only``)."""
        if only is None:
            recent = recent_articles(store, None)  # read before the rows: an article stored meanwhile is added next time
            rows = cls(articles={aid for aid, _ in recent}, newest=max((at for _, at in recent), default=None))
        else:
            rows = cls(articles=set(only))
        rows.names = {(n, label): (first, arts) for n, label, arts, first in person_names(store, only)}
        rows.roles = group_roles(speaker_roles(store, only))
        rows.quoted = {n: (count, arts) for n, count, arts in quoted_names(store, only)}
        rows.places = {fold_name(n) for n in place_names(store, only)}
        return rows

    def add(self, more: DirectoryRows) -> None:
        """Add the rows of other articles (an article's rows are read once: ids never repeat)."""
        for key, (first, arts) in more.names.items():
            old = self.names.get(key)
            self.names[key] = (min(first, old[0]), old[1] | arts) if old else (first, arts)
        for name, (count, arts) in more.quoted.items():
            old_q = self.quoted.get(name)
            self.quoted[name] = (count + old_q[0], old_q[1] | arts) if old_q else (count, arts)
        for folded, entries in more.roles.items():
            mine = self.roles.setdefault(folded, {})
            for sig, entry in entries.items():
                mine.setdefault(sig, entry)
        self.places |= more.places
        self.articles |= more.articles

    def refresh(self, store: Store) -> DirectoryRows:
        """These rows brought up to date: new articles' rows added, or all re-read when one was deleted
        or deleted and stored again (its rows cannot be taken out of the per-name sums).

        New articles are those stored since shortly before the newest one read (a slower writer may
        commit an article stamped a little earlier); the article count then proves that none was
        missed and none deleted, without reading every id (1-2 s at 100k articles).
        """
        recent = recent_articles(store, self.newest - WRITER_MARGIN if self.newest else None)
        new = {aid for aid, _ in recent if aid not in self.articles}
        stored_again = any(aid in self.articles and self.newest and at > self.newest for aid, at in recent)
        if stored_again or count_articles(store) != len(self.articles) + len(new):
            return DirectoryRows.read(store)
        if new:
            self.add(DirectoryRows.read(store, new))
        self.newest = max((at for _, at in recent), default=self.newest)
        return self


def build_people(store: Store) -> list[Person]:
    """Every person in the store, most quoted and most covered first."""
    return people_from(DirectoryRows.read(store), Corrections.load(store))


def people_from(rows: DirectoryRows, state: Corrections) -> list[Person]:
    """The directory from its rows and the editorial corrections."""
    names = sorted(rows.names.items(), key=lambda item: item[1][0])
    records = join_entities([(n, label, arts) for (n, label), (_, arts) in names], rows.roles)
    # The records are built afresh on each call: their sets are taken, not copied (a copy per person cost 0.1 s at 10k).
    people = [Person(r.name, r.variants, r.roles, r.articles) for r in records if r.label == "PERSON"]
    quoted: dict[str, Quoted] = {}
    for name, (n, arts) in rows.quoted.items():
        q = quoted.setdefault(fold_name(name), Quoted())
        q.count, q.articles, q.names = q.count + n, q.articles | arts, q.names | {name}
    _count_quotes(people, quoted)
    kept = [p for p in people if (p.quote_count or any(len(v.split()) > 1 for v in p.variants)) and fold_name(p.name) not in rows.places]
    # Which articles each spelling is in matters only to a split.
    variant_articles: dict[str, set[str]] = {}
    if state.different:
        for (name, _), (_, arts) in rows.names.items():
            variant_articles.setdefault(name, set()).update(arts)
    kept = apply_corrections(kept, state, variant_articles)
    _count_quotes(kept, quoted)
    return sorted(kept, key=lambda p: (-p.quote_count, -len(p.articles), p.name))


def _count_quotes(people: list[Person], quoted: dict[str, Quoted]) -> None:
    """A person's quotes are those attributed to any spelling of the name (after merges and splits)."""
    for p in people:
        mine = [quoted[f] for f in {fold_name(v) for v in p.variants} if f in quoted]
        p.quote_count = sum(q.count for q in mine)
        p.quote_articles = set().union(*(q.articles for q in mine))
        p.quote_names = set().union(*(q.names for q in mine))


def apply_corrections(people: list[Person], state: Corrections, articles_of: dict[str, set[str]]) -> list[Person]:
    """Split first ("not the same person" undoes an automatic join), then merge."""
    for a, b in state.different:
        for p in list(people):
            folded = {fold_name(v) for v in p.variants}
            if fold_name(a) in folded and fold_name(b) in folded and fold_name(a) != fold_name(b):
                people.append(_split_off(p, b, articles_of))
    for a, b in state.same:
        first, second = find_person(people, a), find_person(people, b)
        if first is not None and second is not None and first is not second:
            first.absorb(second)
            people.remove(second)
    return people


def _split_off(person: Person, name: str, articles_of: dict[str, set[str]]) -> Person:
    key = fold_name(name)
    moved = {v for v in person.variants if fold_name(v) == key}
    person.variants -= moved
    arts = set().union(*(articles_of.get(v, set()) for v in moved)) if moved else set()
    part = Person(max(moved, key=len) if moved else name, moved, articles=arts)
    person.articles = set().union(*(articles_of.get(v, set()) for v in person.variants)) if person.variants else set()
    if fold_name(person.name) == key and person.variants:
        person.name = max(person.variants, key=len)
    return part


def find_person(people: list[Person], ref: str) -> Person | None:
    """A person by id, name or any spelling."""
    key = fold_name(ref)
    for p in people:
        if ref == p.id or key in {fold_name(v) for v in p.variants} or key == fold_name(p.name):
            return p
    return None
