"""Events: what happened, told in the article's own clause, clustered across outlets.

The cross-article event key: two reports are one event when they have the same actor and
target, give no different days, name the act with the same word or a synonym (``Triggers``:
"hit"/"strike", "quake"/"earthquake"), and share their content words. A shared code alone
("Belarus mobilize") clustered unrelated sentences into one "corroborated" fact, and a shared
verb alone links different events ("injure" in two attacks); the content words and the day
keep those apart. The key is scored on ECB+ dev (``python -m sitroom.eval.ecb_eventkey``).

The day an event happened is the day the text gives for it, never the publication day; an
event without one stays off the timeline. Only asserted events are facts; the others are
scenarios or denials (see ``model.py``). The text a fact shows is ``fact_text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

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
# Cosine of two trigger words' MiniLM vectors from which they name the same kind of act. Chosen
# on the ECB+ train topics (gold sub-topics, CoNLL F1 0.755 with lemmas alone, 0.772 at 0.70,
# 0.769 at 0.60, 0.763 at 0.80); the dev topics are only reported.
SYNONYM_COSINE = 0.70

Embed = Callable[[list[str]], np.ndarray]


class Triggers:
    """Do two event words name the same kind of act? The same lemma always does; other words
    do when their embeddings (``resolve/embeddings.py``, MiniLM) are close. Without the model
    only the same lemma matches: say less rather than guess."""

    def __init__(self, embed: Embed | None = None) -> None:
        self._embed = embed
        self._vectors: dict[str, np.ndarray] = {}

    @classmethod
    def shipped(cls) -> Triggers:
        """With the shipped embedding model when it is installed, else lemmas only."""
        from sitroom.errors import ModelNotFound

        try:
            from sitroom.resolve.embeddings import get_embedder

            return cls(get_embedder().embed)
        except (ModelNotFound, ImportError, OSError):
            return cls(None)

    def prepare(self, words: Iterable[str]) -> None:
        """Embed the words not seen yet, in one batch."""
        new = sorted({w for w in words if w and w not in self._vectors})
        if new and self._embed is not None:
            self._vectors.update(zip(new, self._embed(new), strict=True))

    def same(self, a: str, b: str) -> bool:
        if not a or not b:
            return False
        if a == b:
            return True
        self.prepare([a, b])
        va, vb = self._vectors.get(a), self._vectors.get(b)
        return va is not None and vb is not None and float(va @ vb) >= SYNONYM_COSINE


def trigger_of(event: dict[str, Any]) -> str:
    """The event's act as one lemma: the first word of its action ("close crossing" -> close)."""
    action = str(event.get("action") or "").split()
    return action[0] if action else ""


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


# --- The text an event fact shows -----------------------------------------------------------
# A journalist must be able to quote it and find it in the source: the event's own clause when
# it reads as one (starts at its subject, ends where the clause ends, quotes balanced), else
# the whole verbatim sentence. Never a clause patched with a bracketed actor or cut short:
# "[Poland] had spoken to his US counterpart" named the wrong speaker, and "Foreign troops
# taking part in Belarusian drills to nearly five thousand" was a phrase torn out of
# "raised its estimate of foreign troops ... to nearly five thousand".

# A clause that opens with one of these words leans on words outside it.
_LEANING = frozenset({"who", "whom", "whose", "which", "that", "how", "what", "whether", "why", "when", "where",
                      "he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "its", "them", "him",
                      "had", "has", "have", "was", "were", "been", "being", "is", "are", "to", "and", "but", "or"})  # fmt: skip
# What may stand right before a clause that starts a clause of its own.
_CLAUSE_OPENERS = frozenset({"and", "but", "or", "as", "while", "after", "before", "because", "since", "when",
                             "that", "said", "says", "although", "though", "so", "then", "where"})  # fmt: skip
# "WARSAW, Sept 16 (Northline Wire) - ", "WASHINGTON — ": the place and wire before the lead.
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,[^-–—]{0,60}?(?:\)|\d))?\s*[-–—]\s+")
LEAD_CHARS = 300  # a dateline only opens an article: the sentences past its lead keep their words


def fact_text(a: StoryArticle, start: int, end: int) -> str:
    """The clause at ``start:end`` if it reads as a clause, else the sentence holding it."""
    clause = a.text[start:end] if a.text else ""
    sentence = _sentence_at(a, start, end)
    if not sentence:
        return clause
    s_start, s_end = sentence
    if clause and _is_clean_clause(a.text, start, end, s_start, s_end):
        return clause.strip()
    sentence_text = a.text[s_start:s_end].strip()
    return _DATELINE.sub("", sentence_text, count=1) if s_start < LEAD_CHARS else sentence_text


def _sentence_at(a: StoryArticle, start: int, end: int) -> tuple[int, int] | None:
    if not a.text:
        return None
    spans = [(s.start, s.end) for s in a.ann.sentences if s.start <= start < s.end]
    if not spans:
        return None
    s_start, s_end = spans[0]
    more = [s.end for s in a.ann.sentences if s.start < end <= s.end]  # an event across a split
    s_end = max([s_end, *more])
    earlier = [s for s in a.ann.sentences if s.end <= s_start][-2:]
    while earlier and a.text[s_start:s_end].count("”") > a.text[s_start:s_end].count("“"):
        s_start = earlier.pop().start  # the sentence splitter cut inside a quotation
    return s_start, s_end


def _is_clean_clause(text: str, start: int, end: int, s_start: int, s_end: int) -> bool:
    clause = text[start:end].strip()
    words = re.findall(r"[\w’']+", clause)
    if not words or words[0].lower() in _LEANING or words[0].endswith("ing") or clause[:1].islower():
        return False
    if clause.count("“") != clause.count("”") or clause.count('"') % 2:
        return False
    before = re.findall(r"[\w’']+|[^\w\s]", text[s_start:start])
    if before and before[-1].lower() not in _CLAUSE_OPENERS and re.match(r"\w", before[-1]):
        return False  # "estimate of [foreign troops taking part ...]"
    after = text[end:s_end].lstrip()
    return not after or after[0] in ".,;:!?—–-)”\"'" or after.split()[0].lower() in _CLAUSE_OPENERS


def event_statements(articles: list[StoryArticle], holders: HolderIndex) -> list[Statement]:
    out = []
    for a in articles:
        for e in a.ann.events:
            if not e.get("text"):
                continue
            modality = event_modality(e)
            # Who asserts the event: the speaker when it is told inside a quote; otherwise the
            # outlet itself reports it and no one else is its holder.
            # (an unnamed source's quote holds nothing: a named speaker's quote around it does)
            quote = next((q for q in a.ann.quotes if q.get("speaker") and q["speaker"].get("kind") != "description"
                          and q["start"] <= e["start"] < q["end"]), None)  # fmt: skip
            holder = holders.resolve(quote["speaker"]["name"], quote["speaker"].get("kind")) if quote else None
            item = {**e, "fact_text": fact_text(a, int(e["start"]), int(e["end"]))}
            out.append(Statement("event", str(e["text"]), holder, modality, "paraphrase", source_of(a, e),
                                 when=When(holds=day_of(e.get("date"))), item=item))  # fmt: skip
    return out


def group_events(statements: list[Statement], triggers: Triggers | None = None) -> list[EventGroup]:
    """Reports of one event together, by the event key (see the module's docstring)."""
    triggers = triggers or Triggers.shipped()
    triggers.prepare(trigger_of(s.item) for s in statements)
    groups: list[EventGroup] = []
    for s in statements:
        e = s.item
        key = (str(e.get("actor") or "?"), str(e.get("plover") or "?"), str(e.get("target") or "-"))
        words = content_words(s.text)
        match = next((g for g in groups if _same_event(g, key, s, words, triggers)), None)
        if match is None:
            match = EventGroup(key)
            groups.append(match)
        match.statements.append(s)
        match.words |= words
    return groups


def _same_event(g: EventGroup, key: tuple[str, str, str], s: Statement, words: frozenset[str], triggers: Triggers) -> bool:
    """Same actor and target; the same type, or the act named by a synonym ("struck" /
    "hit" may be coded differently); no different days; shared content words."""
    actor, plover, target = key
    if (g.key[0], g.key[2]) != (actor, target):
        return False
    if g.key[1] != plover and not any(triggers.same(trigger_of(o.item), trigger_of(s.item)) for o in g.statements):
        return False
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
        if g.key[0] != "?":  # no actor, no one event: a shooting in Vancouver and a bombing in Woodburn
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
