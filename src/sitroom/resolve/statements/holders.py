"""Holders: every name a story gives a person or organisation resolved to one record.

Articles name one person as "Rimantas Žukauskas", "Rimantas Zukauskas", "Žukauskas" and "the
foreign minister"; the per-article stages already resolve titles and pronouns to names, and
this index joins the names across articles: folded spelling (no diacritics, transliteration
variants), a surname to the one full name that ends with it, and a truncated name to the one
longer name it begins ("Yoon Suk" is Yoon Suk Yeol: Korean and Chinese names put the family
name first, so a cut name is a prefix, not a surname). Organisations stay organisations:
"the Biden administration" never joins "Joe Biden".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sitroom.resolve.entities import fold_name, part_of_name
from sitroom.resolve.statements.model import Holder, StoryArticle


@dataclass
class _Record:
    names: Counter[str] = field(default_factory=Counter)
    kind: str = "person"
    roles: Counter[str] = field(default_factory=Counter)
    orgs: Counter[str] = field(default_factory=Counter)

    def holder(self) -> Holder:
        # The fullest name, and of equal ones the one with its diacritics (Žukauskas, not Zukauskas).
        name = max(self.names, key=lambda n: (len(n.split()), sum(not c.isascii() for c in n), self.names[n], n))
        role = self.roles.most_common(1)[0][0] if self.roles else None
        org = self.orgs.most_common(1)[0][0] if self.orgs else None
        return Holder(name, self.kind, role, org)


class HolderIndex:
    """Names -> one Holder per person or organisation in a story."""

    def __init__(self, articles: list[StoryArticle]) -> None:
        self._records: dict[str, _Record] = {}
        self._alias: dict[str, str] = {}
        for a in articles:
            for s in a.ann.speakers:
                kind = "org" if s.get("kind") == "org" else "person"
                self._add(str(s.get("name") or ""), kind, s.get("role"), s.get("org") or s.get("country"))
            for g in a.ann.mentions:
                if g.label in ("PERSON", "ORG"):
                    self._add(g.name, "person" if g.label == "PERSON" else "org", g.titles[0] if g.titles else None, None)
        self._join_partial_names()
        self._holders = {k: r.holder() for k, r in self._records.items()}

    def _add(self, name: str, kind: str, role: str | None, org: str | None) -> None:
        key = fold_name(name)
        if not key:
            return
        rec = self._records.setdefault(key, _Record(kind=kind))
        rec.names[name.strip()] += 1
        if kind == "org":  # one source calling it an organisation is enough: "Kremlin" is no person
            rec.kind = "org"
        if role:
            rec.roles[role] += 1
        if org:
            rec.orgs[org] += 1

    def _join_partial_names(self) -> None:
        """A surname, an initial or a truncated name joins the one longer name it is part of."""
        people = [k for k, r in self._records.items() if r.kind == "person"]
        for key in sorted(people, key=lambda k: len(k.split())):
            words = key.split()
            longer = [k for k in people if k != key and k not in self._alias and part_of_name(words, k.split())]
            if len(longer) == 1:
                self._merge(key, longer[0])

    def _merge(self, key: str, into: str) -> None:
        src, dst = self._records.pop(key), self._records[into]
        dst.names.update(src.names)
        dst.roles.update(src.roles)
        dst.orgs.update(src.orgs)
        self._alias[key] = into
        for k, v in list(self._alias.items()):
            if v == key:
                self._alias[k] = into

    def resolve(self, name: str | None, kind: str | None = None) -> Holder | None:
        """The record for ``name``; a name never seen gets a record of its own. An unnamed
        source ("officials said", kind ``description``) is no holder: two articles' "officials"
        need not be the same people, and the brief names who said what."""
        if not name or not name.strip() or kind == "description":
            return None
        key = fold_name(name)
        key = self._alias.get(key, key)
        if key in self._holders:
            return self._holders[key]
        people = [k for k, r in self._records.items() if r.kind == "person"]
        longer = [k for k in people if part_of_name(key.split(), k.split())] if kind != "org" else []
        if len(longer) == 1:
            return self._holders[longer[0]]
        return Holder(name.strip(), kind or "org")

    def holders(self) -> list[Holder]:
        return list(self._holders.values())


def named_kind(quotes: list[dict[str, Any]], name: str | None) -> str | None:
    """``description`` when ``name`` is only an unnamed source of this article's quotes
    ("officials said"): a claim inherits its quote speaker's name, not whether it is a name."""
    kinds = {(q.get("speaker") or {}).get("kind") for q in quotes if name and (q.get("speaker") or {}).get("name") == name}
    return "description" if kinds == {"description"} else None
