"""Quantities: what a figure counts, the values it allows, and whether it is one count at one time.

A figure enters the ledger only as a count of one named thing ("foreign troops", "age of
Robert Buckley", "vessels held") whose hedge reads as an interval of values; a part of another
figure ("three of whom are generals"), the rest of a set, a count that borrows its noun and a
tally over a period are other quantities, and stay facts.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import StoryArticle, sentence_span

# Hedges as intervals around the stated value v (the hedge words the figures stage normalises to).
_ABOVE = frozenset({"at least", "more than", "upward of"})
_BELOW = frozenset({"at most", "fewer than", "up to"})
_NEAR = frozenset({"about", "approximately", "roughly", "some"})
# "about 5,000" covers 4,500-5,500: news rounds to the leading digit, and a tighter band
# turned two outlets' roundings of one estimate into a dispute on the sample.
NEAR_BAND = 0.1
# An unhedged round number ("5,000") is rounded by the writer; an unround one ("31", "4,873")
# is a count and means exactly itself: 31 and 32 years, 7 and 12 rifles are rival values.
EXACT_BAND = 0.03
ROUND_FROM = 100
_PART_OF = re.compile(r"^\W{0,3}(?:of whom|of them|of which|among them)\b", re.I)
_INCLUDING = re.compile(r"^[\s,;(—–-]*(?:including|among them|of whom|of which)\s*$", re.I)
# "three other rifles", "another two boats": the rest of a set, not the set itself.
_REST_OF_SET = re.compile(r"\b(?:other|another|further|remaining)\b", re.I)


@lru_cache(maxsize=1)
def measures() -> dict[str, Any]:
    return dict(json.loads(resources.files("sitroom").joinpath("data", "resolve", "measures.json").read_text("utf-8")))


def measure_key(counted: str | None) -> str | None:
    """'foreign military servicemen' -> 'foreign troops'; None when nothing countable is named."""
    if not counted:
        return None
    m = measures()
    marked = counted.casefold().split()
    # A make or model names the thing whatever noun follows it: "seven AK-47s", "seven
    # AK-47 assault rifles" and "12 AK 47 guns" count one class of weapon.
    mark = next((cls for cls, forms in m.get("marked_classes", {}).items() if any(w in forms for w in marked)), None)
    if mark is not None:
        return str(mark)
    words = counted.casefold().replace("-", " ").split()
    head = next((cls for cls, forms in m["head_classes"].items() if " ".join(words[-2:]) in forms or words[-1] in forms), None)
    if head is None:
        return None
    rest = " ".join(words[:-1])
    quals = sorted({q for q in m["qualifiers"] if q in rest.split() or (" " in q and q in rest)})
    return " ".join([*quals, head])


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def meets(self, other: Interval) -> bool:
        return self.low <= other.high and other.low <= self.high

    def __and__(self, other: Interval) -> Interval:
        return Interval(max(self.low, other.low), min(self.high, other.high))


def interval_of(f: dict[str, Any]) -> Interval | None:
    """The values a hedged figure allows: 'at least 3,000' -> [3000, inf)."""
    if f.get("low") is not None and f.get("high") is not None:
        return Interval(float(f["low"]), float(f["high"]))
    if f.get("value") is None:
        return None
    v, hedge = float(f["value"]), str(f.get("approx") or "").casefold()
    if hedge in _ABOVE:
        return Interval(v, math.inf)
    if hedge in _BELOW:
        return Interval(0.0, v)
    if hedge == "nearly":
        return Interval(v * (1 - NEAR_BAND), v)
    if hedge in _NEAR:
        return Interval(v * (1 - NEAR_BAND), v * (1 + NEAR_BAND))
    band = EXACT_BAND if v >= ROUND_FROM and v % 10 == 0 else 0.0
    return Interval(v * (1 - band), v * (1 + band))


def told_interval(f: dict[str, Any]) -> Interval | None:
    """The values a holder's figure stands for in its own series. Against another holder "at
    least 3,000" is a floor, compatible with 12,000; but the same holder saying "nearly 10,000"
    five days later has revised its estimate, so an open-ended hedge counts as its number."""
    hedge = str(f.get("approx") or "").casefold()
    if f.get("value") is not None and (hedge in _ABOVE or hedge in _BELOW):
        v = float(f["value"])
        return Interval(v * (1 - NEAR_BAND), v * (1 + NEAR_BAND))
    return interval_of(f)


def point_of(f: dict[str, Any]) -> float:
    """One number for ordering and display: the value, or a range's midpoint."""
    if f.get("value") is not None:
        return float(f["value"])
    return (float(f["low"]) + float(f["high"])) / 2


# "32-year-old Englishman Robert Buckley" (one descriptive word may stand between), "Steinberg, 48,".
_AGE_BEFORE_NAME = re.compile(r"\s*-?\s*years?\s*-?\s*old\s+(?:[A-Z][a-z]+\s+)?")
MAX_AGE = 120


def age_of(a: StoryArticle, f: dict[str, Any], holders: HolderIndex) -> str | None:
    """'age of Robert Buckley' for a bare number that gives a named person's age; None else.
    A person's age is a quantity like any other: two outlets giving 31 and 32 disagree."""
    if f.get("counted") or not a.text or not 0 < float(f.get("value") or 0) <= MAX_AGE:
        return None
    start, end = int(f["start"]), int(f["end"])
    for e in (e for e in a.ann.entities if e.label == "PERSON"):
        named_after = 0 <= e.start - end <= 40 and _AGE_BEFORE_NAME.fullmatch(a.text[end:e.start])
        named_before = 0 <= start - e.end <= 3 and a.text[e.end:start].strip() == "," and a.text[end:end + 2].strip()[:1] == ","
        if named_after or named_before:
            person = holders.resolve(e.canonical or e.text, "person")
            return f"age of {person.name}" if person else None
    return None


_CLAUSE_END = re.compile(r"[.;:()\[\]\"“”]")
_TALLY = re.compile(r"\b(?:a total of|in total|totall?ing|so far|thus far|in all|altogether|to date|this year|last year)\b", re.I)
# How far from a figure a tally's words or a month's date still speak of it (characters).
TALLY_REACH = 80


def event_of(a: StoryArticle, f: dict[str, Any]) -> str | None:
    """What happened to the things counted, from the nearest event verb in the figure's
    clause outside the figure ("pirates holding about a dozen ships" -> "held"); None when the
    clause names none, and the count cannot then be matched to another."""
    if not a.text:
        return None
    start, end = int(f["start"]), int(f["end"])
    left, right = a.text[max(0, start - 120):start], a.text[end:end + 120]
    left = _CLAUSE_END.split(left)[-1]
    right = _CLAUSE_END.split(right)[0]
    best: tuple[int, str] | None = None
    for event, pattern in measures().get("event_verbs", {}).items():
        for m in re.finditer(r"\b(?:" + pattern + r")\b", left, re.I):
            best = min(best or (10**6, ""), (len(left) - m.end(), str(event)))
        for m in re.finditer(r"\b(?:" + pattern + r")\b", right, re.I):
            best = min(best or (10**6, ""), (m.start(), str(event)))
    return best[1] if best else None


def over_a_period(a: StoryArticle, f: dict[str, Any]) -> bool:
    """A tally ("seized a total of 14 rifles in five operations", "so far", "killed five people
    in February"): near the figure the text counts over a period or gives a month or a year,
    not a day. Only the figure's neighbourhood is read: "Minsk has so far paid nothing" in the
    same sentence says nothing of the "million euros" before it."""
    if not a.text:
        return False
    lo, hi = max(0, int(f["start"]) - TALLY_REACH), int(f["end"]) + TALLY_REACH
    span = sentence_span(a, int(f["start"]))
    if span is not None:
        lo, hi = max(lo, span[0]), min(hi, span[1])
    if _TALLY.search(a.text[lo:hi]):
        return True
    return any(lo <= int(d["start"]) < hi and len(str(d.get("value") or "")) in (4, 7) for d in a.ann.dates)


def is_part(a: StoryArticle, figures: list[dict[str, Any]], i: int) -> bool:
    """'500 officers, three of whom are generals': the second figure counts part of the first."""
    f = figures[i]
    if f.get("part_of"):
        return True
    if not a.text or i == 0:
        return False
    after = a.text[int(f["end"]):int(f["end"]) + 30]
    between = a.text[int(figures[i - 1]["end"]):int(f["start"])]
    close = len(between) <= 40
    return close and (bool(_PART_OF.search(after)) or bool(_INCLUDING.search(between)) or split_by_kind(figures[i - 1], between))


def split_by_kind(previous: dict[str, Any], between: str) -> bool:
    """'12 Somali and 11 Yemeni pirates': two counts sharing one noun split a whole by kind;
    the second is a part, not the whole (the first, with no noun of its own, counts nothing)."""
    return between.strip() == "and" and measure_key(previous.get("counted")) is None


def rest_of_set(a: StoryArticle, f: dict[str, Any]) -> bool:
    """'three other rifles', 'the remaining three boats': the rest of a set, not the set."""
    before = a.text[max(0, int(f["start"]) - 12):int(f["start"])] if a.text else ""
    return bool(_REST_OF_SET.search(before + " " + str(f.get("text") or "")))


def borrowed_count(a: StoryArticle, figures: list[dict[str, Any]], i: int) -> bool:
    """A figure that took its counted noun from an earlier figure of its sentence ("of 23
    arrested pirates, 12 are from Somalia"; "attacked nearly 100 vessels and hijacked nearly
    40"): a part of that count or another count of the same things by the same holder. A noun
    read from other words ("put the number of soldiers at nearly five thousand") is its own."""
    f = figures[i]
    counted, text = str(f.get("counted") or "").casefold(), str(f.get("text") or "").casefold()
    if not counted or not text or counted.split()[-1] in text:
        return False
    span = sentence_span(a, int(f["start"]))
    # From another holder it is a rival estimate told in one breath ("Poland put it at 5,000,
    # Lithuania 6,000-8,000"), not a part.
    return any(str(g.get("counted") or "").casefold() == counted and (span is None or span[0] <= int(g["start"]))
               and g.get("holder") == f.get("holder") for g in figures[:i])  # fmt: skip
