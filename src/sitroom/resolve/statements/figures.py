"""Figures as a ledger: per quantity and scope, per holder, a time series.

One holder changing its number over time is an **update** (3,000 on Oct 23, then 10,000 on
Oct 28). A **dispute** is only incompatible values from *different* named holders for the
same quantity and scope on the same day, after hedges are read as intervals: "at least
3,000" is [3000, inf) and so compatible with 12,000; "nearly 10,000" and "upward of 10,000"
meet at 10,000 and are one figure told two ways. A figure that is part of another ("500
officers, three of whom are generals") is never a rival figure, nor is one that counts the
rest of a set ("three other rifles") or borrows its counted noun from another figure.

A figure no one is named as holding is the outlet's own report: when the outlet asserts it (no
"could", "if", "whether" in its sentence) the outlet is its holder, of kind ``outlet``, so the
brief says "reported by X", not "X said"; a copy counts as its original's outlet. Such figures
can be set against each other and against named holders: two outlets telling the same count
of one event differently at the same time disagree. A count that changes over a day is not a
dispute: each party's latest figure stands (see ``ledger_disputes``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sitroom.resolve.statements.corroboration import origin_outlets
from sitroom.resolve.statements.distances import falls_in
from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import (
    HAPPENED,
    Holder,
    Scope,
    Source,
    StoryArticle,
    When,
    day_of,
    is_day,
    modality_of,
    sentence_span,
    source_of,
)
from sitroom.resolve.statements.places import place_of_figure
from sitroom.resolve.statements.quantities import (
    Interval,
    age_of,
    borrowed_count,
    event_of,
    interval_of,
    is_part,
    measure_key,
    measures,
    over_a_period,
    point_of,
    rest_of_set,
    told_interval,
)
from sitroom.resolve.statements.tolls import toll_update

# The party key of an outlet that holds its own unattributed figure.
OUTLET_PARTY = "outlet:"


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
    reported_by: Holder | None = None  # the outlet, for a figure no one is named as holding

    @property
    def day(self) -> str | None:
        return self.when.holds

    @property
    def told(self) -> Interval:
        """The values it stands for in its holder's own series (see ``told_interval``)."""
        return told_interval(self.item) or self.interval

    @property
    def shown_as(self) -> str:
        """Who the brief names for this figure: its holder, else the outlet that reports it."""
        who = self.holder or self.reported_by
        return who.name if who else str(self.party)


class FigureLedger(list[FigureStatement]):
    """The story's figure statements, with the articles they come from: the story's running
    tallies (``tolls``) are read from articles that may give no figure at all."""

    def __init__(self, statements: list[FigureStatement], articles: list[StoryArticle]) -> None:
        super().__init__(statements)
        self.articles = articles


def figure_statements(articles: list[StoryArticle], holders: HolderIndex) -> FigureLedger:
    """Every countable figure of the story as a statement; parts of other figures left out.

    Only figures that count one thing at one time enter the ledger (have a party): a count of
    things in many states needs its event ("vessels held", not "vessels attacked"); a tally
    over a period ("so far", "this year", "in February"), the rest of a set and a count that
    borrows its noun from another are other quantities. They stay facts.
    """
    origins = origin_outlets(articles)
    out = []
    for a in articles:
        figures = sorted(a.ann.figures, key=lambda f: int(f["start"]))
        for i, f in enumerate(figures):
            quantity, interval = measure_key(f.get("counted")) or age_of(a, f, holders), interval_of(f)
            if quantity is None or interval is None or is_part(a, figures, i):
                continue
            event = event_of(a, f) if quantity in measures().get("by_event", []) else ""
            comparable = event is not None and not over_a_period(a, f) and not rest_of_set(a, f) and not borrowed_count(a, figures, i)
            quantity = f"{quantity} {event}" if event else quantity
            holder = holders.resolve(f.get("holder"), f.get("holder_kind"))
            party, reported_by = party_of(f.get("holder"), holder) if comparable else None, None
            if holder is None and comparable and asserted_by_outlet(a, f):
                party, reported_by = OUTLET_PARTY + origins[a.id], Holder(a.outlet or a.id, "outlet")
            scope = Scope(quantity, place_of_figure(a, f))
            out.append(FigureStatement(quantity, scope, holder, party, interval, f, source_of(a, f),
                                       When(holds=figure_day(a, figures, i)), a, reported_by))  # fmt: skip
    out += _fall_statements(articles, holders, out, origins)
    _parties_through_agencies(out)
    _merge_unqualified(out)
    _drop_unclear_outlet_figures(out)
    _drop_tallies_told_as_counts(out)
    return FigureLedger(out, articles)


def _fall_statements(articles: list[StoryArticle], holders: HolderIndex, found: list[FigureStatement],
                     origins: dict[str, str]) -> list[FigureStatement]:  # fmt: skip
    """How far each named person fell (``distances.py``), each an outlet's own figure: a fall is
    one finished event, so its distance is compared across days as an age is (``FIXED``)."""
    named: dict[int, set[str]] = {}
    for s in found:
        if s.quantity.startswith("age of ") and s.item.get("value") is not None:
            named.setdefault(int(float(s.item["value"])), set()).add(s.quantity.removeprefix("age of "))
    ages = {age: next(iter(people)) for age, people in named.items() if len(people) == 1}  # an age two people share names no one
    out = []
    for a in articles:
        for who, item in falls_in(a, holders, ages):
            interval, quantity = interval_of(item), f"fall of {who}"
            if interval is None or not asserted_by_outlet(a, item):
                continue
            out.append(FigureStatement(quantity, Scope(quantity), None, OUTLET_PARTY + origins[a.id], interval, item, source_of(a, item),
                                       When(holds=day_of(a.published)), a, Holder(a.outlet or a.id, "outlet")))  # fmt: skip
    return out


def _parties_through_agencies(statements: list[FigureStatement]) -> None:
    """A person speaks for the state whose agency they work for: "Vytautas Grinius" (director,
    State Security Department) and "Lithuania's State Security Department" are one party,
    so his new number updates the agency's instead of disputing it. The agency must be named
    in the story with its state and in at least three words: "Agency" tells nothing, and every
    state has a "Defence Ministry" (a Belarusian spokesman's ministry is not Poland's)."""
    agencies: dict[str, str] = {}
    for s in statements:
        if s.holder is not None and s.holder.kind == "org" and s.party and s.party.isupper():
            agencies[_agency_key(s.holder.name)] = s.party
    for s in statements:
        org = s.holder.org if s.holder is not None and s.holder.kind == "person" else None
        key = _agency_key(org or "")
        if s.party and not s.party.isupper() and len(key.split()) >= 3 and key in agencies:
            s.party = agencies[key]
        elif s.party and not s.party.isupper() and (state := party_of(org)) and state.isupper():
            # An official of a state or of an office the gazetteer places ("White House",
            # "Pentagon", "Belarus"): a government revising its estimate through its officials
            # in turn is one party updating itself, not officials contradicting each other.
            s.party = state


def _agency_key(name: str) -> str:
    """An agency's name without its state: "Lithuania's State Security Department" -> "state security department"."""
    words = re.sub(r"^(?:the\s+)?(?:head|director|chief|spokes\w+)\s+of\s+", "", name.strip(), flags=re.I)
    return " ".join(re.sub(r"^(?:the\s+)?[\w-]+[’']s\s+", "", words, flags=re.I).casefold().split())


def _drop_tallies_told_as_counts(statements: list[FigureStatement]) -> None:
    """A count equal to a tally the story gives for the same thing ("14 rifles seized in five
    operations so far", told by one outlet as "14 rifles from the boat") is more likely the
    tally misread than a rival count: it stays out of the ledger."""
    tallies = [s for s in statements if s.party is None and over_a_period(s.article, s.item)]
    for s in statements:
        if s.party is not None and any(t.quantity == s.quantity and t.interval.meets(s.interval) for t in tallies):
            s.party, s.reported_by = None, None


def _drop_unclear_outlet_figures(statements: list[FigureStatement]) -> None:
    """An article that gives, on its own authority, two values of one quantity for one day
    ("five boats approached ... the three boats had") tells a whole and its part or two
    moments, not one count: neither value can stand against another outlet's."""
    groups: dict[tuple[Any, ...], list[FigureStatement]] = {}
    for s in statements:
        if s.reported_by is not None:
            groups.setdefault((s.source.article, s.quantity, s.scope.where, s.day), []).append(s)
    for group in groups.values():
        if any(not x.interval.meets(y.interval) for x in group for y in group):
            for s in group:
                s.party, s.reported_by = None, None


def asserted_by_outlet(a: StoryArticle, f: dict[str, Any]) -> bool:
    """An unattributed figure the outlet states as fact: its sentence up to the figure carries
    no doubt, condition or future ("could reach 5,000", "if 3,000 cross", "will send 2,000")."""
    span = sentence_span(a, int(f["start"]))
    if span is None or not a.text:
        return True
    return modality_of(a.text[span[0]:int(f["end"])]) in HAPPENED

def figure_day(a: StoryArticle, figures: list[dict[str, Any]], i: int) -> str | None:
    """The day a figure holds: the nearest date in its sentence with no other figure in
    between ("up from some 2,000 on Monday" dates the 2,000, not the figure before it), else
    the article's publication day, which is what "now" means in a news report. When that
    nearest date names no day ("up from nearly five thousand earlier in the week"), the day is
    unknown: neither the week's Monday nor the day of the report that recalls it."""
    f = figures[i]
    span = sentence_span(a, int(f["start"]))
    if span is not None:
        others = [int(g["start"]) for j, g in enumerate(figures) if j != i]
        best: tuple[int, dict[str, Any]] | None = None
        for d in a.ann.dates:
            start = int(d["start"])
            if not span[0] <= start < span[1] or int(f["start"]) <= start < int(f["end"]) or not d.get("value"):
                continue
            lo, hi = sorted((start, int(f["start"])))
            if any(lo < o < hi for o in others):
                continue
            if best is None or abs(start - int(f["start"])) < best[0]:
                best = (abs(start - int(f["start"])), d)
        if best is not None:
            return day_of(best[1].get("value")) if is_day(best[1]) else None
    return day_of(a.published)


# Gazetteer kinds that stand for a state: its name, its people, its capital, and the seats and
# ministries of its government ("Kremlin", "White House", "Pentagon", "State Department").
STATE_KINDS = frozenset({"country", "demonym", "capital", "metonym", "ministry"})


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
            if entry and entry.country and entry.kind in STATE_KINDS:
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
            holder = party_name(party, items[0].shown_as)
            out.append({"quantity": quantity, "scope": where or None, "holder": holder, "holder_kind": _kind(items[0]),
                        "values": points})  # fmt: skip
    toll = toll_update(statements.articles) if isinstance(statements, FigureLedger) else None
    return sorted([*out, *([toll] if toll else [])], key=lambda u: (u["quantity"], u["holder"]))


def _kind(s: FigureStatement) -> str:
    return (s.holder or s.reported_by or Holder("", "org")).kind


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
            c = next((c for c in clusters if c[0].told.meets(s.told)), None)
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
        if current is not None and current.meets(s.told):
            current = current & s.told
            points[-1]["sources"].append(s.source.to_dict())
            continue
        current = s.told
        points.append({"date": s.day, "value": point_of(s.item), "approx": s.item.get("approx"), "text": figure_label(s),
                       "sources": [s.source.to_dict()]})  # fmt: skip
    return points


# The window of a story none of whose articles is dated: its reports cannot be told apart in
# time, and a story is about one event, so they are read as told at one time.
UNDATED = "undated"


def ledger_disputes(statements: list[FigureStatement]) -> list[dict[str, Any]]:
    """Incompatible figures from different parties for one quantity and scope at one time.

    On each day a figure is given, every party's standing figure is its latest one from the
    last STANDING_DAYS days: Belarus's "fewer than 1,000" of Monday still stands against
    Poland's "nearly 5,000" of Wednesday unless Belarus gave a new one. The same standoff on
    several days is one dispute with several dates, and so is a standoff that goes on with
    newer figures (see ``_fold_continued``). Figures of an article with no date are set only
    against each other, and only when no article of the story is dated.
    """
    dated = any(s.day for s in statements)
    series: dict[tuple[str, str], list[FigureStatement]] = {}
    for s in statements:
        if s.party and (s.day or not dated):
            series.setdefault((s.quantity, s.scope.where), []).append(s)
    out: list[dict[str, Any]] = []
    for (quantity, where), items in sorted(series.items()):
        merged: dict[tuple[Any, ...], dict[str, Any]] = {}
        for day, window in _windows(items):
            sides = _sides(_latest_per_party(window))
            if len(sides) < 2:
                continue
            key = tuple(sorted((p, round(side["value"])) for side in sides for p in side["_parties"]))
            if key in merged:
                merged[key]["dates"].append(day)
                continue
            merged[key] = {"about": quantity + (f" in {where.title()}" if where else ""), "kind": "figure", "quantity": quantity,
                           "scope": where or None, "dates": [day], "sides": sides}  # fmt: skip
        for d in _fold_continued(list(merged.values())):
            d["dates"] = sorted({x for x in d["dates"] if x != UNDATED})
            d["sides"] = [{k: v for k, v in side.items() if k != "_parties"} for side in d["sides"]]
            out.append(d)
    return out


def _opposed(d: dict[str, Any]) -> set[frozenset[str]]:
    """The pairs of parties a dispute sets against each other."""
    sides = d["sides"]
    return {frozenset((p, q)) for i, a in enumerate(sides) for b in sides[i + 1:] for p in a["_parties"] for q in b["_parties"]}


def _fold_continued(standoffs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A standoff that goes on later between the same parties, each with its newer figure, is one
    dispute shown with the later figures; the earlier values are on each party's update line.
    Sample: Belarus's "fewer than 1,000" against Poland's "some 2,000" on Monday went on as
    Belarus against Poland's "nearly five thousand" (and Lithuania's count) two days later: one
    dispute, not one per revision. A standoff that ends (two parties come to agree) stays its own."""
    kept: list[dict[str, Any]] = []
    for i, d in enumerate(standoffs):  # in the order of their first day
        later = next((x for x in standoffs[i + 1:] if _opposed(d) <= _opposed(x)), None)
        if later is None:
            kept.append(d)
        else:
            later["dates"] = [*d["dates"], *later["dates"]]
            for side in later["sides"]:
                _carry_history(side, [x for x in d["sides"] if x["_parties"] & side["_parties"]])
    return kept


def _carry_history(side: dict[str, Any], earlier: list[dict[str, Any]]) -> None:
    """A folded standoff's side shows each value its parties gave, with its date ("some 2,000
    (Sep 15), then nearly five thousand (Sep 17)"), and the sources of all of them: a row that
    showed only the latest values hid what each side had said before."""
    values = [v for x in earlier for v in x["values"]] + side["values"]
    shown: list[dict[str, Any]] = []
    for v in sorted(values, key=lambda v: str(v["date"] or "")):
        if not shown or shown[-1]["value"] != v["value"]:
            shown.append(v)
    side["values"] = shown
    side["sources"] = [*(src for x in earlier for src in x["sources"] if src not in side["sources"]), *side["sources"]]
    if len(shown) > 1:
        side["text"] = ", then ".join(f"{v['text']} ({_day_label(v['date'])})" if v["date"] else v["text"] for v in shown)


def _day_label(day: str) -> str:
    """'2026-09-16' -> 'Sep 16' (as the brief's rows date things)."""
    from datetime import date

    try:
        d = date.fromisoformat(day)
    except ValueError:
        return day
    return f"{d:%b} {d.day}"


# Quantities of a finished fact that later news cannot change: a person's age, a fall's distance.
FIXED = ("age of ", "fall of ")
# How long a party's figure stands when it gives no new one: news restates an estimate for a
# few days; a week-old figure set against today's is history, not a dispute.
STANDING_DAYS = 2


def _windows(items: list[FigureStatement]) -> list[tuple[str, list[FigureStatement]]]:
    """The figures to compare on each day: named holders' standing figures, and, on a day an
    outlet gives its own unattributed figure, that day's figures only. An outlet's figure is
    the state of things on the day it reports: a later report with another number is the
    story moving on (a toll that rises), an old number in a later piece (an analysis recalling
    the first estimate) is history; neither disputes what holders said days before."""
    if items and items[0].quantity.startswith(FIXED):
        # A person's age does not move with the news, nor how far they fell: outlets telling it
        # differently days apart still disagree (31 vs 32), so every report stands as a holder's would.
        return [(day, _standing(items, day)) for day in sorted({s.day or UNDATED for s in items})]
    named = [s for s in items if s.reported_by is None]
    out = []
    for day in sorted({s.day or UNDATED for s in items}):
        out.append((day, _standing(named, day)))
        today = [s for s in items if (s.day or UNDATED) == day]
        if any(s.reported_by is not None for s in today):
            out.append((day, [s for s in _standing(items, day) if s.day == day or day == UNDATED]))
    return out


def _standing(items: list[FigureStatement], day: str) -> list[FigureStatement]:
    from datetime import date, timedelta

    if day == UNDATED:
        return [s for s in items if s.day is None]
    first = (date.fromisoformat(day) - timedelta(days=STANDING_DAYS)).isoformat()
    # An outlet's own unattributed figure is the state of things on the day it reports: it
    # stands only that day. A later report with another number is the story moving on (a toll
    # that rises), and an old number in a later piece (an analysis recalling the first
    # estimate) is history; neither is a dispute with what holders say days apart.
    window = [s for s in items if s.day and first <= s.day <= day]
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
    """Parties grouped by compatible values; each group a side with its intersecting interval.

    A side's holders are the people and organisations named for its value; ``reported_by`` the
    outlets that give it on their own authority. Its ``text`` credits each wording to those who
    gave it ("upward of 5,000 (United States); nearly five thousand (Poland)"), so that no holder
    is shown saying words it did not say.
    """
    sides: list[dict[str, Any]] = []
    for s in sorted(items, key=lambda s: point_of(s.item)):
        side = next((x for x in sides if x["_interval"].meets(s.interval)), None)
        if side is None:
            side = {"value": point_of(s.item), "text": "", "holders": [], "reported_by": [], "outlets": [], "sources": [],
                    "wordings": {}, "_interval": s.interval, "_parties": set()}  # fmt: skip
            sides.append(side)
        side["_interval"] = side["_interval"] & s.interval
        side["_parties"].add(str(s.party))
        _credit(side, s)
    for side in sides:
        side.pop("_interval")
        side["text"] = _side_text(side.pop("wordings"))
        days = sorted(str(x.day) for x in items if str(x.party) in side["_parties"] and x.day)
        side["values"] = [{"date": days[-1] if days else None, "value": side["value"], "text": side["text"]}]
    return sides if len({p for side in sides for p in side["_parties"]}) >= 2 else []


def _credit(side: dict[str, Any], s: FigureStatement) -> None:
    who = side["holders"] if s.holder else side["reported_by"]
    name = s.shown_as
    if name not in who:
        who.append(name)
    if (s.source.outlet or s.source.article) not in side["outlets"]:
        side["outlets"].append(s.source.outlet or s.source.article)
    side["sources"].append(s.source.to_dict())
    wording = side["wordings"].setdefault(_wording_key(s), {"text": figure_label(s), "by": []})
    if len(figure_label(s)) > len(wording["text"]):
        wording["text"] = figure_label(s)
    if name not in wording["by"]:
        wording["by"].append(name)


def _wording_key(s: FigureStatement) -> tuple[Any, ...]:
    return (str(s.item.get("approx") or ""), s.item.get("value"), s.item.get("low"), s.item.get("high"))


def _side_text(wordings: dict[tuple[Any, ...], dict[str, Any]]) -> str:
    if len(wordings) == 1:
        return str(next(iter(wordings.values()))["text"])
    return "; ".join(f"{w['text']} ({', '.join(w['by'])})" for w in wordings.values())
