"""Places: where a figure counts and where an event happened, and when two places conflict.

Two places named for one event conflict only when neither contains the other and they are not
one place spelt two ways: "Kursk region", "Kursk Oblast" and "Russia" all hold for an event in
the Kursk region (the gazetteer in ``data/entities`` gives each place's country and canonical
name), while "Grodno" and "Brest" are rival answers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sitroom.resolve.statements.model import StoryArticle

_REGION_WORDS = re.compile(r"\b(?:region|oblast|province|district|county|area|voivodeship|governorate|krai|raion)\b", re.I)
_PLACE_PREP = re.compile(r"^\s*(?:\w+\s+){0,4}?(?:in|inside|near|around|at)\s+(?:the\s+)?$", re.I)
# A place that opens the figure's clause: "In the Kursk region, some 8,000 soldiers ...".
_OPENING_PLACE = re.compile(r"(?:^|[.;:]\s+|\n)\s*[Ii]n\s+(?:the\s+)?$")
_BEFORE_FIGURE = re.compile(r"^\s*,\s*(?:[\w’'-]+\s+){0,2}$")


def place_key(name: str) -> str:
    """'Sokółka' and 'Sokolka', 'Kursk region' and 'Kursk Oblast' are one place."""
    folded = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    text = _REGION_WORDS.sub(" ", re.sub(r"^the\s+", "", text.strip()))
    return " ".join(text.split())


@dataclass(frozen=True)
class Place:
    name: str
    key: str
    country: str | None  # ISO3 of the country it lies in (itself for a country)
    is_country: bool


def place(name: str) -> Place:
    from sitroom.nlp.gazetteer import entity_lookup, strip_article

    entry = entity_lookup().get(strip_article(name.strip()).casefold())
    if entry is not None and entry.country:
        is_country = entry.kind in ("country", "demonym")
        key = entry.country.casefold() if is_country else place_key(entry.canonical)
        return Place(entry.canonical if not is_country else name, key, entry.country, is_country)
    return Place(name, place_key(name), None, False)


def contains(outer: Place, inner: Place) -> bool:
    """A country contains its places, and may contain a place the gazetteer does not know
    ("Pskov Oblast" and "Russia"): a rival place needs a known country other than the named
    one, since a region we cannot place is more likely inside it than a rival answer."""
    return outer.is_country and not inner.is_country and inner.country in (outer.country, None)


def rival_places(names: list[str]) -> list[Place]:
    """The distinct places among ``names`` once spellings are joined and containers dropped."""
    places: dict[str, Place] = {}
    for n in names:
        p = place(n)
        # Shown as the articles spell it ("Grodno"), compared by the gazetteer's record ("Hrodna").
        places.setdefault(p.key, Place(n, p.key, p.country, p.is_country) if not p.is_country else p)
    kept = [p for p in places.values() if not any(contains(p, q) or named_within(p, q) for q in places.values() if q is not p)]
    return kept


def named_within(outer: Place, inner: Place) -> bool:
    """'Gulf' and 'Gulf of Aden', 'Richmond Hill' and 'South Richmond Hill': a name whose words
    all recur in another name is that place told less precisely, or the same place, not a rival."""
    short, long = outer.key.split(), inner.key.split()
    return 0 < len(short) < len(long) and all(w in long for w in short)


def place_of_figure(a: StoryArticle, f: dict[str, Any]) -> str:
    """The sub-national place a figure counts in ("8,000 in the Kursk region", "In the Kursk
    region, 8,000 ..."), as a key; "" for the country level or no place. "In Russia" and no
    place are one scope: the story's country is the default reading, while a region is a
    different, smaller quantity. Where troops were *sent* ("3,000 to Russia's far east") is
    no scope: the government that counts 3,000 sent there and 10,000 in Russia a week later
    has revised one figure."""
    end = int(f["end"])
    places = sorted((e for e in a.ann.entities if e.label in ("GPE", "LOC", "FAC")), key=lambda e: e.start)
    opening = next((e for e in places if a.text and _opens_clause_of(a.text, e, int(f["start"]))), None)
    if opening is not None:
        p = place(opening.canonical or opening.text)
        return "" if p.is_country else p.key
    for i, e in enumerate(places):
        if end <= e.start <= end + 40 and _PLACE_PREP.match(a.text[end:e.start] if a.text else ""):
            p = place(e.canonical or e.text)
            inner = places[i + 1] if i + 1 < len(places) else None
            if p.is_country and inner is not None and _POSSESSIVE.fullmatch(a.text[e.end:inner.start]):
                p = place(inner.canonical or inner.text)  # "in Russia's Bryansk region": the region
            return "" if p.is_country else p.key
    return ""


_POSSESSIVE = re.compile(r"[’']s\s+(?:the\s+)?")


def _opens_clause_of(text: str, e: Any, figure_start: int) -> bool:
    """"In the Kursk region, some 8,000 ...": the place opens the sentence the figure is in."""
    return e.end <= figure_start and bool(_BEFORE_FIGURE.match(text[e.end:figure_start])) and bool(
        _OPENING_PLACE.search(text[max(0, e.start - 40):e.start]))
