"""Figures as a ledger: per quantity and scope, per holder, a time series.

One holder changing its number over time is an **update** (3,000 on Oct 23, then 10,000 on
Oct 28). A **dispute** is only incompatible values from *different* named holders for the
same quantity and scope on the same day, after hedges are read as intervals: "at least
3,000" is [3000, inf) and so compatible with 12,000; "nearly 10,000" and "upward of 10,000"
meet at 10,000 and are one figure told two ways. A figure that is part of another ("500
officers, three of whom are generals") is never a rival figure. A figure no one is named as
holding is the writer's and can be reported but not disputed.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import (
    Holder,
    Scope,
    Source,
    StoryArticle,
    When,
    day_of,
    sentence_span,
    source_of,
)
from sitroom.resolve.statements.places import place_of_figure

# Hedges as intervals around the stated value v (the hedge words the figures stage normalises to).
_ABOVE = frozenset({"at least", "more than", "upward of"})
_BELOW = frozenset({"at most", "fewer than", "up to"})
_NEAR = frozenset({"about", "approximately", "roughly", "some"})
# "about 5,000" covers 4,500-5,500: news rounds to the leading digit, and a tighter band
# turned two outlets' roundings of one estimate into a dispute on the sample.
NEAR_BAND = 0.1
EXACT_BAND = 0.03
_PART_OF = re.compile(r"^\W{0,3}(?:of whom|of them|of which|among them)\b", re.I)
_INCLUDING = re.compile(r"^[\s,;(—–-]*(?:including|among them|of whom|of which)\s*$", re.I)


@lru_cache(maxsize=1)
def measures() -> dict[str, Any]:
    return dict(json.loads(resources.files("sitroom").joinpath("data", "resolve", "measures.json").read_text("utf-8")))


def measure_key(counted: str | None) -> str | None:
    """'foreign military servicemen' -> 'foreign troops'; None when nothing countable is named."""
    if not counted:
        return None
    m = measures()
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
    band = NEAR_BAND if hedge in _NEAR else EXACT_BAND
    return Interval(v * (1 - band), v * (1 + band))


def point_of(f: dict[str, Any]) -> float:
    """One number for ordering and display: the value, or a range's midpoint."""
    if f.get("value") is not None:
        return float(f["value"])
    return (float(f["low"]) + float(f["high"])) / 2


@dataclass
class FigureStatement:
    quantity: str
    scope: Scope
    holder: Holder | None
    party: str | None  # who the figure is *of*: a state ("POL") for its agencies, else the holder
    interval: Interval
    item: dict[str, Any]
    source: Source
    when: When
    article: StoryArticle = field(repr=False)

    @property
    def day(self) -> str | None:
        return self.when.holds


def figure_statements(articles: list[StoryArticle], holders: HolderIndex) -> list[FigureStatement]:
    """Every countable figure of the story as a statement; parts of other figures left out."""
    out = []
    for a in articles:
        figures = sorted(a.ann.figures, key=lambda f: int(f["start"]))
        for i, f in enumerate(figures):
            quantity, interval = measure_key(f.get("counted")), interval_of(f)
            if quantity is None or interval is None or is_part(a, figures, i):
                continue
            holder = holders.resolve(f.get("holder"))
            holds = figure_day(a, figures, i)
            scope = Scope(quantity, place_of_figure(a, f))
            out.append(FigureStatement(quantity, scope, holder, party_of(f.get("holder"), holder), interval, f,
                                       source_of(a, f), When(holds=holds), a))  # fmt: skip
    _merge_unqualified(out)
    return out


def figure_day(a: StoryArticle, figures: list[dict[str, Any]], i: int) -> str | None:
    """The day a figure holds: the nearest day-precise date in its sentence with no other
    figure in between ("up from some 2,000 on Monday" dates the 2,000, not the figure before
    it), else the article's publication day, which is what "now" means in a news report."""
    f = figures[i]
    span = sentence_span(a, int(f["start"]))
    if span is not None:
        others = [int(g["start"]) for j, g in enumerate(figures) if j != i]
        best: tuple[int, str] | None = None
        for d in a.ann.dates:
            start, value = int(d["start"]), day_of(d.get("value"))
            if value is None or not span[0] <= start < span[1] or int(f["start"]) <= start < int(f["end"]):
                continue
            lo, hi = sorted((start, int(f["start"])))
            if any(lo < o < hi for o in others):
                continue
            if best is None or abs(start - int(f["start"])) < best[0]:
                best = (abs(start - int(f["start"])), value)
        if best is not None:
            return best[1]
    return day_of(a.published)


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
    return close and (bool(_PART_OF.search(after)) or bool(_INCLUDING.search(between)))


def party_of(raw: str | None, holder: Holder | None = None) -> str | None:
    """Who an estimate belongs to. A state's estimate is told as its ministry's, its
    intelligence service's or its capital's in turn, so those are one party: the state."""
    if not raw:
        return None
    from sitroom.nlp.gazetteer import entity_lookup

    lookup = entity_lookup()
    words = re.findall(r"[\w’']+", raw)
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            entry = lookup.get(" ".join(words[i:i + n]).replace("’s", "").replace("'s", "").casefold())
            if entry and entry.country and entry.kind in ("country", "demonym", "capital"):
                return entry.country
    return (holder.name if holder else raw).casefold()


def party_name(party: str | None, fallback: str) -> str:
    """'POL' -> 'Poland' for display; other parties are already names."""
    return country_names().get(party or "", fallback)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    from sitroom.nlp.gazetteer import entity_entries

    return {e.id: e.canonical for e in entity_entries() if e.kind == "country" and e.id == e.country}


def _merge_unqualified(statements: list[FigureStatement]) -> None:
    """'troops' joins 'foreign troops' when that is the story's only qualified measure of troops."""
    keys = {s.quantity for s in statements}
    for key in [k for k in keys if " " not in k]:
        qualified = [k for k in keys if k.endswith(" " + key)]
        if len(qualified) == 1:
            for s in statements:
                if s.quantity == key:
                    s.quantity = qualified[0]
                    s.scope = Scope(qualified[0], s.scope.where)


# -- the ledger --------------------------------------------------------------------------------
def figure_label(s: FigureStatement) -> str:
    return " ".join(str(s.item.get("text") or "").split())


def ledger_updates(statements: list[FigureStatement]) -> list[dict[str, Any]]:
    """One party's figure for one quantity and scope changing over the days: a line per party."""
    series: dict[tuple[str, str, str], list[FigureStatement]] = {}
    for s in statements:
        if s.party and s.day:
            series.setdefault((s.quantity, s.scope.where, s.party), []).append(s)
    out = []
    for (quantity, where, party), items in series.items():
        points = _steps(_one_value_a_day(items))
        if len(points) > 1:
            holder = party_name(party, items[0].holder.name if items[0].holder else party)
            out.append({"quantity": quantity, "scope": where or None, "holder": holder, "values": points})
    return sorted(out, key=lambda u: (u["quantity"], u["holder"]))


def _one_value_a_day(items: list[FigureStatement]) -> list[FigureStatement]:
    """A party's figure for each day: the value most outlets give for that day (a figure
    misdated by one article must not make the series jump back and forth), ties to the latest."""
    days: dict[str, list[FigureStatement]] = {}
    for s in sorted(items, key=lambda s: (s.day or "", s.source.published or "")):
        days.setdefault(str(s.day), []).append(s)
    out = []
    for day_items in days.values():
        clusters: list[list[FigureStatement]] = []
        for s in day_items:
            c = next((c for c in clusters if c[0].interval.meets(s.interval)), None)
            if c is None:
                clusters.append([s])
            else:
                c.append(s)
        out.extend(clusters[max(range(len(clusters)), key=lambda k: (len(clusters[k]), k))])
    return out


def _steps(items: list[FigureStatement]) -> list[dict[str, Any]]:
    """Consecutive compatible values are one step (restated, rounded); a change starts the next."""
    points: list[dict[str, Any]] = []
    current: Interval | None = None
    for s in items:
        if current is not None and current.meets(s.interval):
            current = current & s.interval
            points[-1]["sources"].append(s.source.to_dict())
            continue
        current = s.interval
        points.append({"date": s.day, "value": point_of(s.item), "approx": s.item.get("approx"), "text": figure_label(s),
                       "sources": [s.source.to_dict()]})  # fmt: skip
    return points


def ledger_disputes(statements: list[FigureStatement]) -> list[dict[str, Any]]:
    """Incompatible figures from different named parties for one quantity and scope at one time.

    On each day a figure is given, every party's standing figure is its latest one from the
    last STANDING_DAYS days: Belarus's "fewer than 1,000" of Monday still stands against
    Poland's "nearly 5,000" of Wednesday unless Belarus gave a new one. The same standoff on
    several days is one dispute with several dates.
    """
    series: dict[tuple[str, str], list[FigureStatement]] = {}
    for s in statements:
        if s.party and s.day:
            series.setdefault((s.quantity, s.scope.where), []).append(s)
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for (quantity, where), items in sorted(series.items()):
        for day in sorted({str(s.day) for s in items}):
            sides = _sides(_latest_per_party(_standing(items, day)))
            if len(sides) < 2:
                continue
            key = (quantity, where, tuple(sorted((p, round(side["value"])) for side in sides for p in side["_parties"])))
            if key in merged:
                merged[key]["dates"].append(day)
                continue
            merged[key] = {"about": quantity + (f" in {where.title()}" if where else ""), "kind": "figure", "quantity": quantity,
                           "scope": where or None, "dates": [day], "sides": [{k: v for k, v in side.items() if k != "_parties"} for side in sides]}  # fmt: skip
    return list(merged.values())


# How long a party's figure stands when it gives no new one: news restates an estimate for a
# few days; a week-old figure set against today's is history, not a dispute.
STANDING_DAYS = 2


def _standing(items: list[FigureStatement], day: str) -> list[FigureStatement]:
    from datetime import date, timedelta

    first = (date.fromisoformat(day) - timedelta(days=STANDING_DAYS)).isoformat()
    window = [s for s in items if first <= str(s.day) <= day]
    latest = {str(s.party): str(s.day) for s in sorted(window, key=lambda s: str(s.day))}
    return [s for s in window if latest[str(s.party)] == s.day]


def _latest_per_party(items: list[FigureStatement]) -> list[FigureStatement]:
    """A party that gives two values on one day has updated itself: its latest report counts."""
    latest: dict[str, list[FigureStatement]] = {}
    for s in sorted(items, key=lambda s: s.source.published or ""):
        same = latest.setdefault(str(s.party), [])
        if same and not same[-1].interval.meets(s.interval):
            same.clear()
        same.append(s)
    return [s for group in latest.values() for s in group]


def _sides(items: list[FigureStatement]) -> list[dict[str, Any]]:
    """Parties grouped by compatible values; each group a side with its intersecting interval."""
    sides: list[dict[str, Any]] = []
    for s in sorted(items, key=lambda s: point_of(s.item)):
        side = next((x for x in sides if x["_interval"].meets(s.interval)), None)
        if side is None:
            side = {"value": point_of(s.item), "text": figure_label(s), "holders": [], "outlets": [], "sources": [],
                    "_interval": s.interval, "_parties": set()}  # fmt: skip
            sides.append(side)
        side["_interval"] = side["_interval"] & s.interval
        side["_parties"].add(str(s.party))
        name = s.holder.name if s.holder else str(s.party)
        if name not in side["holders"]:
            side["holders"].append(name)
        if (s.source.outlet or s.source.article) not in side["outlets"]:
            side["outlets"].append(s.source.outlet or s.source.article)
        side["sources"].append(s.source.to_dict())
    for side in sides:
        side.pop("_interval")
    return sides if len({p for side in sides for p in side["_parties"]}) >= 2 else []
