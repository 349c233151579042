"""Entities across articles: one record per real-world person or organisation.

Articles name people differently: "Zelensky", "Zelenskyy" and "Zelenskiy" are one man; a
translated piece drops the diacritics ("Zukauskas" for "Žukauskas"); a later article uses
only the surname. Names are compared by a folded key (no diacritics, no case, common
transliteration variants merged); a surname-only name joins the one full name in the store
with that surname, and stays apart when two people share it. Each record keeps the roles
the articles give the person, with the article and its date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sitroom.store import Store

# Transliteration variants of the same name in English-language news (Cyrillic -ий/-ый,
# doubled letters): applied to folded names, left to right.
_VARIANTS = [(r"(?<=[a-z])(?:iy|yy|ij|yi|ii)\b", "y"), (r"kh", "h"), (r"(?<=[a-z])ck", "k"), (r"ph", "f"), (r"ou\b", "u")]
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|dr|prof|sir|gen|col|lt|sen|rep)\.?\s+", re.I)
# Ranks and offices written before a person's name ("Constable Tim Fanning", "Insp Gaskin",
# "Det. Sgt. Ann Roe"): one ECB+ dev brief listed "Fanning", "Tim Fanning" and "Constable Tim
# Fanning" as three holders of one figure. Only for names known to be people: "General Motors"
# and "Judge Rotenberg Center" are organisations.
_PERSON_TITLE = re.compile(
    r"^(?:(?:const|constable|sgt|sergeant|det|detective|insp|inspector|supt|superintendent|officer|cpl|corporal|capt|captain|"
    r"lieut|lieutenant|maj|major|cmdr|commander|adm|admiral|brig|general|colonel|chief|deputy|sheriff|undersheriff|judge|"
    r"justice|senator|governor|gov|mayor|president|minister|rev|reverend|father|sister|pastor|imam|rabbi)\.?\s+)+", re.I)


@lru_cache(maxsize=65536)  # the same few hundred names come back on every mention row
def fold_name(name: str) -> str:
    """'Volodymyr Zelenskyy' and 'Volodymyr Zelenskiy' -> 'volodymyr zelensky'."""
    text = _HONORIFIC.sub("", name.strip()).replace("ł", "l").replace("Ł", "L").replace("ø", "o")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()
    text = re.sub(r"[^a-z\s-]", "", text)
    previous = None
    while previous != text:  # until stable: one rewrite can expose another ("aiiy")
        previous = text
        for pattern, repl in _VARIANTS:
            text = re.sub(pattern, repl, text)
    return " ".join(text.replace("-", " ").split())


def person_key(name: str) -> str:
    """The folded key of a person's name without the ranks before it: 'Constable Tim Fanning'
    and 'Insp. Gaskin' -> 'tim fanning' and 'gaskin' (a title alone stays itself)."""
    stripped = _PERSON_TITLE.sub("", _HONORIFIC.sub("", name.strip()))
    return fold_name(stripped) or fold_name(name)


@dataclass
class EntityRecord:
    name: str  # the fullest name seen
    label: str  # PERSON or ORG
    variants: set[str] = field(default_factory=set)
    roles: list[dict[str, Any]] = field(default_factory=list)  # {"role", "org", "article", "published", "outlet"}
    articles: set[str] = field(default_factory=set)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "variants": sorted(self.variants),
                "roles": self.roles, "articles": sorted(self.articles)}  # fmt: skip


def resolve_entities(store: Store) -> list[EntityRecord]:
    """All people and organisations in the store, name variants joined, most mentioned first.

    Reads one row per name (its articles aggregated in SQL) and one per distinct role: reading
    every mention row and decoding its JSON in Python made the people directory take 54 s cold
    at 10k articles (web_latency.py).
    """
    from sitroom.store.queries import person_names, speaker_roles

    return join_entities([(n, label, arts) for n, label, arts, _ in person_names(store)], group_roles(speaker_roles(store)))


RoleEntries = dict[str, dict[tuple[Any, ...], dict[str, Any]]]  # folded name -> distinct role entries, first seen first


def group_roles(rows: list[tuple[str, dict[str, Any]]], into: RoleEntries | None = None) -> RoleEntries:
    """(name, role entry) rows grouped by folded name, each entry once: two spellings of one name
    may give the same role in one article. Grouped once, so that rebuilding the people directory
    does not walk every entry again (33k at 10k articles)."""
    grouped: RoleEntries = {} if into is None else into
    for name, entry in rows:
        grouped.setdefault(fold_name(name), {}).setdefault(tuple(entry.values()), entry)
    return grouped


def join_entities(names: list[tuple[str, str, set[str]]], roles: RoleEntries) -> list[EntityRecord]:
    """Records from (name, label, articles) rows in first-seen order and the role entries of each folded name."""
    records: dict[str, EntityRecord] = {}
    for name, label, arts in names:
        key = person_key(name) if label == "PERSON" else fold_name(name)
        if not key:
            continue
        rec = records.setdefault(key, EntityRecord(name, label))
        if _fuller(name, rec.name, label == "PERSON"):
            rec.name = name
        rec.variants.add(name)
        rec.articles |= arts
    for key, entries in roles.items():
        target = records.get(key) or records.get(person_key(key))
        if target is not None:
            target.roles += [r for r in entries.values() if r not in target.roles]
    _join_short_names(records)
    return sorted(records.values(), key=lambda e: (-len(e.articles), e.name))


def _fuller(name: str, than: str, person: bool) -> bool:
    """Whether ``name`` is the better display name: for a person one without a rank before it
    ('Tim Fanning', not 'Constable Tim Fanning': the rank is a role), then the longer."""
    return (person and untitled(name), len(name)) > (person and untitled(than), len(than))


def untitled(name: str) -> bool:
    return not _PERSON_TITLE.match(_HONORIFIC.sub("", name.strip()))


def split_title(name: str) -> tuple[str | None, str]:
    """('Constable', 'Joseph Rush') for 'Constable Joseph Rush'; (None, name) when no rank leads
    or only one word would be left (a bare 'Chief Smith' stays as written)."""
    m = _PERSON_TITLE.match(name.strip())
    rest = name.strip()[m.end():] if m else ""
    return (m.group(0).strip(), rest) if m and len(rest.split()) >= 2 else (None, name.strip())


def part_of_name(short: list[str], full: list[str]) -> bool:
    """Whether folded name ``short`` is a shorter form of ``full``: a surname ('zukauskas'), an
    initial and surname ('r zukauskas'), or, in family-name-first order, the family name or a
    cut name ('yoon', 'yoon suk' of 'yoon suk yeol': Korean and Chinese names put the family
    name first, so a truncated name is a prefix, never the given names alone)."""
    if len(short) == 2 and len(short[0]) == 1 and len(full[0]) > 1:  # an initial
        return full[0].startswith(short[0]) and short[1] == full[-1]
    if len(full) == 3 and short == [full[0], full[2]]:
        # 'robert pickell' of 'robert j pickell', 'eric kirkpatrick' of 'eric allen kirkpatrick':
        # the middle name left out (one ECB+ dev brief had both as two holders)
        return len(full[0]) > 1
    if not short or len(short) >= len(full):
        return False
    if len(short) == 1:
        return short[0] in (full[-1], full[0])
    return full[: len(short)] == short


def _join_short_names(records: dict[str, EntityRecord]) -> None:
    """A shorter form of a person's name joins the one full name it is part of: 'Nowak' joins
    'Jan Nowak' when he is the only Nowak, 'R. Zukauskas' joins 'Rimantas Zukauskas', 'Yoon
    Suk' joins 'Yoon Suk Yeol'. Organisations never join people ('Biden administration')."""
    people = [k for k, r in records.items() if r.label == "PERSON"]
    # Candidates by first and last word: part_of_name needs one of them shared, and comparing
    # every person with every other took minutes on a 10k-article store.
    by_edge: dict[str, set[str]] = {}
    for k in people:
        words = k.split()
        if words:
            by_edge.setdefault(f"<{words[0]}", set()).add(k)
            by_edge.setdefault(f">{words[-1]}", set()).add(k)
    for key in sorted(people, key=lambda k: len(k.split())):
        rec = records.get(key)
        short = key.split()
        if rec is None or not short:
            continue
        near = by_edge.get(f"<{short[0]}", set()) | by_edge.get(f">{short[-1]}", set()) | by_edge.get(f">{short[0]}", set())
        full = sorted(k for k in near if k != key and k in records and part_of_name(short, k.split()))
        if len(full) == 1:
            target = records[full[0]]
            target.variants |= rec.variants
            target.articles |= rec.articles
            have = {tuple(r.values()) for r in target.roles}
            target.roles += [r for r in rec.roles if tuple(r.values()) not in have]
            del records[key]
