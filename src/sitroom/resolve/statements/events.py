"""Events: what happened, told in the article's own clause, clustered across outlets.

Two reports are one event when they code the same actor, type and target, give no different
days, and share their content words; a shared code alone ("Belarus mobilize") clustered
unrelated sentences into one "corroborated" fact. The day an event happened is the day the
text gives for it, never the publication day; an event without one stays off the timeline.
Only asserted events are facts; the others are scenarios or denials (see ``model.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import (
    Statement,
    StoryArticle,
    When,
    day_of,
    event_modality,
    source_of,
)
from sitroom.resolve.statements.places import rival_places
from sitroom.resolve.statements.text import content_words

# Share of the shorter clause's content words two reports of one event have in common. Set
# on the sample: the wire's and the syndicated copy's clauses share all, two outlets' reports
# of the crossing closures 0.3-0.6, "Belarus began drills" and "Belarus rejected figures" 0.
SAME_EVENT_OVERLAP = 0.25


@dataclass
class EventGroup:
    key: tuple[str, str, str]
    statements: list[Statement] = field(default_factory=list)
    words: set[str] = field(default_factory=set)

    @property
    def days(self) -> list[str]:
        return sorted({s.when.holds for s in self.statements if s.when.holds})

    @property
    def best(self) -> Statement:
        """The clause to print, from the reports that give the event's day when any do, so
        the timeline's date and its sentence agree."""
        dated = [s for s in self.statements if self.days and s.when.holds == self.days[0]]
        return _most_shared(dated or self.statements)


def _most_shared(statements: list[Statement]) -> Statement:
    """The report that shares most words with the others (the common telling, not one
    outlet's odd translation), then one of middling length."""
    def shared(s: Statement) -> int:
        words = content_words(s.text)
        return sum(len(words & content_words(o.text)) for o in statements if o is not s)

    return min(statements, key=lambda s: (-shared(s), abs(len(s.text) - 140)))


def event_statements(articles: list[StoryArticle], holders: HolderIndex) -> list[Statement]:
    out = []
    for a in articles:
        for e in a.ann.events:
            if not e.get("text"):
                continue
            modality = event_modality(e)
            # Who asserts the event: the speaker when it is told inside a quote; otherwise the
            # outlet itself reports it and no one else is its holder.
            quote = next((q for q in a.ann.quotes if q.get("speaker") and q["start"] <= e["start"] < q["end"]), None)
            holder = holders.resolve(quote["speaker"]["name"], quote["speaker"].get("kind")) if quote else None
            out.append(Statement("event", str(e["text"]), holder, modality, "paraphrase", source_of(a, e),
                                 when=When(holds=day_of(e.get("date"))), item=e))  # fmt: skip
    return out


def group_events(statements: list[Statement]) -> list[EventGroup]:
    groups: list[EventGroup] = []
    for s in statements:
        e = s.item
        key = (str(e.get("actor") or "?"), str(e.get("plover") or "?"), str(e.get("target") or "-"))
        words = content_words(s.text)
        match = next((g for g in groups if g.key == key and _same_event(g, s, words)), None)
        if match is None:
            match = EventGroup(key)
            groups.append(match)
        match.statements.append(s)
        match.words |= words
    return groups


def _same_event(g: EventGroup, s: Statement, words: frozenset[str]) -> bool:
    if s.when.holds and g.days and s.when.holds not in g.days:
        return False
    if not words or not g.words:
        return False
    return len(words & g.words) / min(len(words), len(g.words)) >= SAME_EVENT_OVERLAP


def place_conflicts(groups: list[EventGroup]) -> list[tuple[dict[str, Any], list[EventGroup]]]:
    """Rival places for one coded event (same actor, type and target), with the groups they
    concern. Reports of where one deployment is are worded and dated differently ("the
    units are near Grodno" / "the contingent was stationed near Brest"), so places are
    compared across the groups of one code, not only within one clustered group."""
    by_key: dict[tuple[str, str, str], list[EventGroup]] = {}
    for g in groups:
        by_key.setdefault(g.key, []).append(g)
    out = []
    for same in by_key.values():
        merged = EventGroup(same[0].key, [s for g in same for s in g.statements])
        conflict = place_conflict(merged)
        if conflict is not None:
            out.append((conflict, [g for g in same if any(s.item.get("location") for s in g.statements)]))
    return out


def place_conflict(g: EventGroup) -> dict[str, Any] | None:
    """Rival places given for one event; containment and spelling variants are no conflict."""
    named = [(str(s.item.get("location") or ""), s) for s in g.statements]
    named = [(p, s) for p, s in named if p[:1].isupper()]  # "borders", "the area" locate nothing
    rivals = rival_places([p for p, _ in named])
    if len(rivals) < 2:
        return None
    from sitroom.resolve.statements.places import place

    sides = []
    for r in rivals:
        items = [s for p, s in named if place(p).key == r.key]
        sides.append({"value": r.name, "holders": [], "outlets": sorted({str(s.source.outlet) for s in items}),
                      "sources": [s.source.to_dict() for s in items]})  # fmt: skip
    actor, _, target = g.key
    about = f"where {actor}" + (f" (towards {target})" if target != "-" else "") + f" — {g.best.text[:90]}"
    return {"about": about, "kind": "place", "sides": sides}
