"""Distances: how far a named person fell, read from the words, in metres.

A fall's distance is a figure of one finished event, like a person's age: outlets telling it
differently disagree whatever day they report ("about 60 metres" against "about 200 metres"),
and one told in feet is the same figure in other units ("200 feet" is 61 metres). The figures
stage reads counts of things; a distance has no counted noun, and run-together units ("600m",
"2,000ft") are not counts. So this module reads "fell|falling|fallen [hedge] N metres|feet"
itself, and only when the sentence names who fell: a person's name before the verb with no
reporting verb between ("Inspector Gaskin said the man fell" is not Gaskin's fall), or an age
("a 36-year-old climber") that the story gives one named person.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.nlp.numbers import load_table
from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import StoryArticle, sentence_span
from sitroom.resolve.statements.quantities import interval_of

FEET = 0.3048
# Hedges as the figures stage normalises them (its table, data/figures/hedges.json).
_HEDGES: dict[str, str] = load_table("hedges.json")["hedges"]
_FALL = re.compile(
    r"\b(?:fell|falling|fallen|plunged|plunging|tumbled)\s+(?:(?P<hedge>about|around|approximately|roughly|some|nearly|almost|"
    r"more\s+than|over)\s+)?(?P<num>\d{1,3}(?:,\s?\d{3})+|\d+)\s*(?P<unit>metres|meters|metre|meter|m|feet|foot|ft)\b", re.I)
# A reporting verb between a name and the fall: the name is the speaker's, not the faller's.
_REPORTING = re.compile(r"\b(?:said|says|told|tells|according|added|confirmed|reported)\b", re.I)
_AGE = re.compile(r"\b(\d{1,3})\s*-?\s*years?\s*-?\s*old\b", re.I)
# The named fallers the sentence may hold before its verb (characters).
SUBJECT_REACH = 160


def falls_in(a: StoryArticle, holders: HolderIndex, ages: dict[int, str]) -> list[tuple[str, dict[str, Any]]]:
    """(who fell, a figure item in metres) for each fall distance the article gives a named person."""
    out = []
    for m in _FALL.finditer(a.text or ""):
        who = _faller(a, m.start(), holders, ages)
        if who is None:
            continue
        number = float(re.sub(r"[,\s]", "", m.group("num")))
        factor = FEET if m.group("unit").casefold().startswith(("f", "foot")) else 1.0
        hedge = _HEDGES.get(" ".join((m.group("hedge") or "").casefold().split()))
        low, high = _bounds(number, hedge)
        start = m.start("hedge") if m.group("hedge") else m.start("num")
        out.append((who, {"value": round(number * factor, 1), "low": low * factor, "high": high * factor, "approx": hedge,
                          "counted": "metres fallen", "text": a.text[start:m.end()], "start": start, "end": m.end(),
                          "holder": None, "part_of": None}))  # fmt: skip
    return out


def _bounds(v: float, hedge: str | None) -> tuple[float, float]:
    """The values a distance allows in its own unit: a hedged one as any hedged figure
    (``quantities.interval_of``); an unhedged round one as a writer's rounding, below 100 too."""
    interval = interval_of({"value": v, "approx": hedge}) if hedge else None
    if interval is not None:
        return interval.low, interval.high
    band = 0.05 if v % 10 == 0 else 0.0  # "fell 200ft" is a writer's round number; "609 metres" a conversion
    return v * (1 - band), v * (1 + band)


def _faller(a: StoryArticle, verb: int, holders: HolderIndex, ages: dict[int, str]) -> str | None:
    span = sentence_span(a, verb)
    first = max(span[0] if span else 0, verb - SUBJECT_REACH)
    names = [e for e in a.ann.entities if e.label == "PERSON" and first <= e.start and e.end <= verb]
    if names and not _REPORTING.search(a.text[names[-1].end:verb]):
        person = holders.resolve(names[-1].canonical or names[-1].text, "person")
        return person.name if person is not None and person.kind == "person" else None
    told = [m for m in _AGE.finditer(a.text, first, verb)]
    if not names and told and not _REPORTING.search(a.text[told[-1].end():verb]):
        return ages.get(int(told[-1].group(1)))
    return None
