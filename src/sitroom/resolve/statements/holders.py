"""Holders: every name a story gives a person or organisation resolved to one record.

Articles name one person as "Rimantas Žukauskas", "Rimantas Zukauskas", "Žukauskas" and "the
foreign minister"; the per-article stages already resolve titles and pronouns to names, and
this index joins the names across articles: folded spelling (no diacritics, transliteration
variants), a surname to the one full name that ends with it, and a truncated name to the one
longer name it begins ("Yoon Suk" is Yoon Suk Yeol: Korean and Chinese names put the family
name first, so a cut name is a prefix, not a surname), a rank before a name is a role
("Constable Tim Fanning" is Tim Fanning), and one story's two spellings of a surname under
the same given name are one person ("Ilene Wolfe" and "Ilene Wolff"). Organisations stay
organisations: "the Biden administration" never joins "Joe Biden", nor a police force its chief.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sitroom.nlp.gender import FEMININE, MASCULINE
from sitroom.resolve.entities import fold_name, part_of_name, person_key, split_title, untitled
from sitroom.resolve.statements.model import Holder, StoryArticle


@dataclass
class _Record:
    names: Counter[str] = field(default_factory=Counter)
    kind: str = "person"
    roles: Counter[str] = field(default_factory=Counter)
    orgs: Counter[str] = field(default_factory=Counter)
    genders: Counter[str] = field(default_factory=Counter)  # "m" / "f" votes from the articles' pronouns

    def holder(self) -> Holder:
        # The fullest name without a rank before it, and of equal ones the one with its
        # diacritics (Žukauskas, not Zukauskas), then the spelling most articles use.
        if self.kind == "person":
            name = max(self.names, key=lambda n: (untitled(n), len(re.findall(r"\w+", n)), sum(not c.isascii() for c in n), self.names[n], n))
        else:  # an organisation by its own name, not a document's ("NYPD", not "NYPD release"), as most articles write it
            name = max(self.names, key=lambda n: (not _DOCUMENT.search(n), "(" not in n, self.names[n], len(n), n))
        role = self.roles.most_common(1)[0][0] if self.roles else None
        org = self.orgs.most_common(1)[0][0] if self.orgs else None
        title, bare = split_title(name) if self.kind == "person" else (None, name)
        # Known only as "Constable Joseph Rush": the name is Joseph Rush, the rank his role.
        return Holder(bare, self.kind, role or title, org, _decide(self.genders) if self.kind == "person" else None)

    def absorb(self, other: _Record) -> None:
        self.names.update(other.names)
        self.roles.update(other.roles)
        self.orgs.update(other.orgs)
        self.genders.update(other.genders)


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
        self._join_spellings()  # first: "Duncan Raite" joins "Duncan Rait" before that joins "Duncan Robert Rait"
        self._join_partial_names()
        self._join_short_orgs()
        for a in articles:
            for key, gender in pronoun_votes(a, self._person_key_of):
                self._records[key].genders[gender] += 1
        self._holders = {k: r.holder() for k, r in self._records.items()}

    def _add(self, name: str, kind: str, role: str | None, org: str | None) -> None:
        key = person_key(name) if kind == "person" else org_key(name)
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

    def _join_short_orgs(self) -> None:
        """An organisation named by one word joins the one longer organisation of the story
        ending with it: a story's "the Navy" is its Indian navy, "police" its Troy Police; with
        two navies in the story it stays apart."""
        orgs = [k for k, r in self._records.items() if r.kind == "org"]
        for key in [k for k in orgs if len(k.split()) == 1]:
            longer = [k for k in orgs if len(k.split()) > 1 and k.split()[-1] == key and k in self._records]
            if len(longer) == 1 and key in self._records:
                self._merge(key, longer[0])

    def _join_spellings(self) -> None:
        """Two spellings of one surname under the same given name are one person in a story
        ("Ilene Wolfe" and "Ilene Wolff" in one ECB+ dev brief): same given name, surnames one
        letter apart, and no two different organisations given for them. The spelling most
        articles use names the record."""
        by_given: dict[tuple[str, ...], list[str]] = {}  # only names that differ in the surname alone are compared
        for k in sorted((k for k, r in self._records.items() if r.kind == "person"), key=lambda k: (-sum(self._records[k].names.values()), k)):
            by_given.setdefault(tuple(k.split()[:-1]), []).append(k)
        for same_given in by_given.values():
            for key in same_given:
                for other in same_given:
                    if other != key and key in self._records and other in self._records and self._same_person(key, other):
                        self._merge(other, key)

    def _same_person(self, a: str, b: str) -> bool:
        first, second = a.split(), b.split()
        if len(first) < 2 or len(first) != len(second) or first[:-1] != second[:-1] or len(first[0]) < 2:
            return False
        orgs = [self._records[k].orgs.most_common(1)[0][0].casefold() for k in (a, b) if self._records[k].orgs]
        return spelling_variant(first[-1], second[-1]) and len(set(orgs)) <= 1

    def _merge(self, key: str, into: str) -> None:
        src, dst = self._records.pop(key), self._records[into]
        dst.absorb(src)
        self._alias[key] = into
        for k, v in list(self._alias.items()):
            if v == key:
                self._alias[k] = into

    def _person_key_of(self, name: str) -> str | None:
        """The record a person's name as written ("LaCalamita") stands for; None when it may be
        several (a surname two people of the story share)."""
        key = self._alias.get(person_key(name), person_key(name))
        if key in self._records:
            return key if self._records[key].kind == "person" else None
        longer = [k for k, r in self._records.items() if r.kind == "person" and part_of_name(key.split(), k.split())]
        return longer[0] if len(longer) == 1 else None

    def resolve(self, name: str | None, kind: str | None = None) -> Holder | None:
        """The record for ``name``; a name never seen gets a record of its own. An unnamed
        source ("officials said", kind ``description``) is no holder: two articles' "officials"
        need not be the same people, and the brief names who said what."""
        if not name or not name.strip() or kind == "description":
            return None
        # As written, then without a rank ("Insp. Gaskin" is Gaskin), then as an organisation's name
        # ("India's navy" is the Indian navy, "NYPD release" the NYPD).
        keys = [fold_name(name), *([person_key(name)] if kind != "org" else []), org_key(name)]
        key = next((self._alias.get(k, k) for k in keys if self._alias.get(k, k) in self._holders), keys[0])
        if key in self._holders:
            return self._holders[key]
        people = [k for k, r in self._records.items() if r.kind == "person"]
        longer = [k for k in people if part_of_name(key.split(), k.split())] if kind != "org" else []
        if len(longer) == 1:
            return self._holders[longer[0]]
        orgs = [k for k, r in self._records.items() if r.kind == "org" and len(k.split()) > 1 and k.split()[-1] == key] if " " not in key else []
        if kind != "person" and len(orgs) == 1:
            return self._holders[orgs[0]]  # "navy" as a figure's holder is the story's one navy (see _join_short_orgs)
        return Holder(name.strip(), kind or "org")

    def holders(self) -> list[Holder]:
        return list(self._holders.values())


# A document an organisation issued stands for it: "NYPD release", "a statement from the Indian
# government", "Defence Ministry statement" were three more holders in ECB+ dev briefs.
_DOCUMENT = re.compile(r"^(?:an?\s+|the\s+)?(?:press\s+)?(?:statement|release|communique)\s+(?:from|by|of)\s+(?:the\s+)?"
                       r"|\s+(?:press\s+)?(?:release|statement|communique)s?$", re.I)


def org_key(name: str) -> str:
    """The folded key of an organisation's name: its documents stand for it, and a state named
    before it as a possessive or a demonym is one state ("India's navy" and "Indian navy")."""
    text = re.sub(r"^(.+?)\s*\(([^()]+)\)$", r"\2 \1", name.strip())  # "Navy (India)" is India's navy
    words = fold_name(re.sub(r"[’']s\b", "", _DOCUMENT.sub("", text))).split()
    if len(words) > 1:
        from sitroom.nlp.gazetteer import entity_lookup

        lookup = entity_lookup()
        for n in (2, 1):
            entry = lookup.get(" ".join(words[:n])) if len(words) > n else None
            if entry is not None and entry.country and entry.kind in ("country", "demonym"):
                return " ".join([f"@{entry.country}", *words[n:]])
    return " ".join(words) or fold_name(name)


# A surname at least this long may differ by one letter and stay the same name ("Wolfe" and
# "Wolff", "Rait" and "Raite"); shorter ones differ by a letter between families ("Lee", "Lei").
SPELLING_MIN = 4


def spelling_variant(a: str, b: str) -> bool:
    """Whether two surnames are one spelling apart: one letter changed, added or dropped.
    (A two-line comparison; an edit-distance package would be a dependency for this one use.)"""
    if a == b or min(len(a), len(b)) < SPELLING_MIN or abs(len(a) - len(b)) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return a[i + 1:] == b[i + 1:] or a[i + 1:] == b[i:] or a[i:] == b[i + 1:]


_PRONOUN = re.compile(r"\b(?:he|him|his|himself|she|her|hers|herself)\b", re.I)
_GENDER = {**dict.fromkeys(MASCULINE, "m"), **dict.fromkeys(FEMININE, "f")}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def pronoun_votes(a: StoryArticle, key_of: Callable[[str], str | None]) -> list[tuple[str, str]]:
    """(a person's record key, "m" or "f") for each personal pronoun outside quotation marks in
    a sentence that has named exactly one person before it ("Roe said she ..."), as the speakers
    stage reads gender: from the writer's own pronouns, never from a list of first names. Each
    name is resolved as written, not through the article's mention group: one ECB+ article
    grouped a gunman's surname with his wife's full name, and his "he" made her a man."""
    starts = sorted((m.start, a.text[m.start:m.end] or m.text) for g in a.ann.mentions if g.label == "PERSON" for m in g.mentions
                    if m.kind != "title")  # fmt: skip
    out = []
    for sent in a.ann.sentences:
        text = _QUOTED.sub(lambda m: " " * len(m.group(0)), a.text[sent.start:sent.end])
        for m in _PRONOUN.finditer(text):
            before = {key_of(name) for s, name in starts if sent.start <= s < sent.start + m.start()}
            gender = _GENDER.get(m.group(0).casefold())
            key = before.pop() if len(before) == 1 else None
            if key is not None and gender:
                out.append((key, gender))
    return out


def _decide(votes: Counter[str]) -> str | None:
    """A gender only with clear evidence: twice as many votes one way as the other."""
    m, f = votes["m"], votes["f"]
    return "m" if m and m >= 2 * f else "f" if f and f >= 2 * m else None


def named_kind(quotes: list[dict[str, Any]], name: str | None) -> str | None:
    """``description`` when ``name`` is only an unnamed source of this article's quotes
    ("officials said"): a claim inherits its quote speaker's name, not whether it is a name."""
    kinds = {(q.get("speaker") or {}).get("kind") for q in quotes if name and (q.get("speaker") or {}).get("name") == name}
    return "description" if kinds == {"description"} else None
