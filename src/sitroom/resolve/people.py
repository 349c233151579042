"""The people directory: persons across articles as an analyst browses them.

Built on ``resolve_entities`` (spellings and transliterations joined), then narrowed to
people: a person is someone the articles name with more than one word or quote as a
speaker, and whose name is not a place the entity stage found. That keeps "Bobrowniki"
(a border crossing spaCy tagged PERSON) and "Patriot" (a missile) off the people page.
Editorial merges and splits (``sitroom people merge`` / ``split``) are applied last.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from sitroom.resolve.entities import fold_name, resolve_entities
from sitroom.store import Store
from sitroom.store.editorial import Corrections
from sitroom.store.queries import person_names, quoted_names, quotes_by
from sitroom.store.schema import spans

PLACE_LABELS = ("GPE", "LOC", "FAC")


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


def build_people(store: Store) -> list[Person]:
    """Every person in the store, most quoted and most covered first."""
    places = _place_names(store)
    people = [Person(r.name, set(r.variants), list(r.roles), set(r.articles)) for r in resolve_entities(store) if r.label == "PERSON"]
    quoted: dict[str, Quoted] = {}
    for name, n, arts in quoted_names(store):
        q = quoted.setdefault(fold_name(name), Quoted())
        q.count, q.articles, q.names = q.count + n, q.articles | arts, q.names | {name}
    _count_quotes(people, quoted)
    kept = [p for p in people if (p.quote_count or any(len(v.split()) > 1 for v in p.variants)) and fold_name(p.name) not in places]
    state = Corrections.load(store)
    # Which articles each spelling is in matters only to a split: another grouped read of the names.
    kept = apply_corrections(kept, state, _variant_articles(store) if state.different else {})
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


def _place_names(store: Store) -> set[str]:
    canonical = spans.c.data["canonical"].as_string()
    query = select(canonical, spans.c.text).where(spans.c.kind == "entity", spans.c.label.in_(PLACE_LABELS)).distinct()
    with store.connect() as conn:
        return {fold_name(n) for row in conn.execute(query) for n in row if n}


def _variant_articles(store: Store) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for name, _, arts in person_names(store):
        found.setdefault(name, set()).update(arts)
    return found
