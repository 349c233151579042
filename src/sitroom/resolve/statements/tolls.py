"""Tolls: the story's running count of the dead, as the news tells it from day to day.

A death toll is told in words more often than in figures: "a climber is dead", "shot three
people, killing one", "two men have died", "the second climber to fall to his death". The
figures stage reads numbers of counted things; this module reads those counts in words, from
the sentences that tell the news (an article's lead), and only for the dead.

A toll reported by one outlet, then by the same or a later one with a higher count, is the
story moving on, an **update** of the story's figure held by no one party ("news reports"),
never a dispute: a running tally is not a holder's estimate. So the series is read
conservatively: each day's toll is the highest count reported that day (a report of one
man's death does not deny a second's), and a later day enters the series only when its toll
is higher. A count that falls is shown only when an article tells the higher one as an earlier
report ("local news originally reported that two of the three victims died"): that is a
correction, shown first, then the count that replaced it. A lead's count of the dead in
another event ("In February, a gunman killed five people") is rare in a lead, and an
article's background is never read. A long story has several deadly events: a later count
joins the toll only within TALLY_DAYS and when its sentence shares a name with the last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sitroom.nlp.numbers import load_table
from sitroom.resolve.statements.model import Source, StoryArticle, day_of

# The words of a small count of people: the figures stage's number words up to twelve, and "a".
NUMBER_WORDS = {"a": 1, "an": 1, **{w: n for w, n in load_table("numbers.json")["units"].items() if 1 <= n <= 12}}
ORDINALS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_N = r"(?P<n>\d{1,3}|" + "|".join(NUMBER_WORDS) + r")"
_ORD = r"(?P<ord>" + "|".join(ORDINALS) + r")"
# Who can be counted among the dead: people named by what they are (up to seven words before,
# as tokenised text spaces its hyphens: "a 36 - year - old Australian climber").
_PEOPLE = (r"(?:[\w’'-]+\s+){0,7}?(?:people|persons?|men|man|women|woman|climbers?|victims?|workers?|passengers?|"
           r"crew(?:\s+members?)?|soldiers?|civilians?|children|child|boys?|girls?|residents?|students?|tourists?|"
           r"hikers?|miners?|fishermen|sailors?|officers?|employees?|receptionists?|guards?|pilots?|skiers?|divers?|"
           r"swimmers?|drivers?|cyclists?|riders?|motorists?|pedestrians?|firefighters?|journalists?|patients?|"
           r"inmates?|prisoners?|protesters?|villagers?|migrants?|refugees?|troops?|teenagers?|adults?|"
           r"brothers?|sisters?|sons?|daughters?|mothers?|fathers?|wives|wife|husbands?|friends?|colleagues?|"
           r"members?|nationals?|citizens?|guests?|visitors?|shoppers?|worshippers?|pupils?|babies|baby)")  # fmt: skip
_DIED = (r"(?:(?:is|are|was|were|has\s+been|have\s+been)\s+(?:dead|killed)|died|(?:has|have|had)\s+died|"
         r"(?:has|have|had)\s+fallen\s+(?:[\w,’'-]+\s+){0,3}?to\s+(?:his|her|their)\s+deaths?)")  # fmt: skip
# A count of the dead in the news: "two men have died"; "killing one"; "the second climber to
# die"; "two of the three victims died".
_TOLLS = [
    re.compile(rf"\b{_N}\s+[\w-]+\s+and\s+(?P<n2>{'|'.join(NUMBER_WORDS)})\s+{_PEOPLE}\s+{_DIED}", re.I),
    re.compile(rf"\b{_N}\s+of\s+the\s+(?:\w+\s+)?{_PEOPLE}\s+{_DIED}", re.I),
    re.compile(rf"\b{_N}\s+{_PEOPLE}\s+{_DIED}", re.I),
    re.compile(rf"\b(?:killing|killed|shot\s+to\s+death|shot\s+dead)\s+{_N}\b(?!\s+(?:of|other|more)\b)", re.I),
    re.compile(rf"\b(?:a|the)\s+{_ORD}\s+{_PEOPLE}\s+(?:to\s+(?:die|fall\s+to\s+(?:his|her)\s+death)|{_DIED})", re.I),
    re.compile(rf"\b(?:a|the)\s+{_ORD}\s+(?:death|fatality)\b", re.I),
]
_ORDINAL_WORD = re.compile(r"\b(?:" + "|".join(ORDINALS) + r")\b", re.I)
# The earlier report of a count that has since changed.
_EARLIER = re.compile(r"\b(?:originally|initially|first|earlier)\s+(?:reported|said|put|gave|told)\b", re.I)
# The sentences of an article that tell the news: its lead. Later sentences recall other
# events and background ("In February, a gunman killed five people at a mall").
LEAD_SENTENCES = 2
TOLL = "deaths"
HOLDER = "news reports"


@dataclass(frozen=True)
class TollCount:
    value: int
    day: str
    earlier: bool  # told as an earlier report that has since changed
    text: str
    source: Source
    names: frozenset[str] = frozenset()  # the names its sentence gives: where and who


# A toll moves over a day or two; counts further apart, or whose sentences share no name (a
# place, a person), are likely other events of a long story (a strike on one town, then another).
TALLY_DAYS = 2
_CALENDAR = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
                       "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"})  # fmt: skip


def names_in(sentence: str) -> frozenset[str]:
    """Capitalised words but the sentence's first, days and months: "Aoraki", "Cook", "Detroit"."""
    opening = len(sentence) - len(sentence.lstrip(" \n\"“'‘("))
    words = [m.group(0) for m in re.finditer(r"[A-Z][\w’'-]{2,}", sentence) if m.start() != opening]
    return frozenset(w.casefold() for w in words) - _CALENDAR


def toll_counts(a: StoryArticle) -> list[TollCount]:
    """The counts of the dead the article's lead gives, and the earlier counts it recalls."""
    day = day_of(a.published)
    if day is None or not a.text:
        return []
    out = []
    for i, s in enumerate(a.ann.sentences):
        sentence = a.text[s.start:s.end]
        earlier = bool(_EARLIER.search(sentence))
        if i >= LEAD_SENTENCES and not earlier:
            continue
        for m in (m for p in _TOLLS for m in p.finditer(sentence)):
            value = _count(m)
            if value is not None:
                source = Source(a.id, a.outlet, a.published, s.start + m.start(), s.start + m.end())
                out.append(TollCount(value, day, earlier, " ".join(m.group(0).split()), source, names_in(sentence)))
    return out


def _count(m: re.Match[str]) -> int | None:
    groups = m.groupdict()
    if groups.get("ord"):
        return ORDINALS[groups["ord"].casefold()]
    if _ORDINAL_WORD.search(m.group(0)):
        return None  # "a second man has died" counts two, not one
    word = (groups.get("n") or "").casefold()
    value = int(word) if word.isdigit() else NUMBER_WORDS.get(word)
    second = NUMBER_WORDS.get((groups.get("n2") or "").casefold(), 0)  # "one Australian and one English climber"
    return value + second if value is not None else None


def toll_update(articles: list[StoryArticle]) -> dict[str, Any] | None:
    """The story's death toll as an update line, when it changed; None when it did not."""
    counts = [c for a in articles for c in toll_counts(a)]
    if not counts:
        return None
    first_day = min(c.day for c in counts)
    runs: list[list[TollCount]] = [[c] for c in sorted((c for c in counts if c.earlier), key=lambda c: -c.value)[:1]]
    days = [first_day] if runs else []
    for day in sorted({c.day for c in counts if not c.earlier}):
        today = [c for c in counts if c.day == day and not c.earlier]
        top = max(c.value for c in today)
        best = [c for c in today if c.value == top]
        if not runs:
            runs, days = [best], [day]
            continue
        last = runs[-1]
        moved = top > last[0].value or (last[0].earlier and top != last[0].value)
        if moved and _same_event(last, best, days[-1], day):
            runs.append(best)
            days.append(day)
    if len(runs) < 2:
        return None
    points = [_point(day, run) for day, run in zip(days, runs, strict=True)]
    return {"quantity": TOLL, "scope": None, "holder": HOLDER, "holder_kind": "outlet", "values": points}


def _same_event(before: list[TollCount], after: list[TollCount], day_before: str, day_after: str) -> bool:
    """A later count tells the same toll: within TALLY_DAYS, and a name in common."""
    from datetime import date

    gap = (date.fromisoformat(day_after) - date.fromisoformat(day_before)).days
    return gap <= TALLY_DAYS and any(b.names & a.names for b in before for a in after)


def _point(day: str, counts: list[TollCount]) -> dict[str, Any]:
    return {"date": day, "value": float(counts[0].value), "approx": None, "text": counts[0].text,
            "sources": [c.source.to_dict() for c in counts]}  # fmt: skip
