"""Numbers as news writes them: digits, words, scales, hedges, ranges and units.

``scan_quantities`` finds every numeric expression in a text with its offsets, hedge,
range and unit, and ``number_role`` says when the words around one show it is no count (a
time, an age, a phone number, a fraction ...). What is counted and who says so is the
figures stage's job. The word lists live in ``sitroom/data/figures/*.json`` so that adding a
currency or a hedge is a data change, not a code change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Number = int | float


@lru_cache(maxsize=8)
def load_table(name: str) -> dict[str, Any]:
    """One of our data files in ``sitroom/data/figures``, parsed (cached per process)."""
    text = resources.files("sitroom").joinpath("data", "figures", name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _words() -> dict[str, Any]:
    return load_table("numbers.json")


def as_number(value: float) -> Number:
    """12000.0 -> 12000, 7.5 -> 7.5: JSON and the gold write whole numbers as integers."""
    return int(value) if float(value).is_integer() else round(value, 6)


def parse_number(text: str) -> Number | None:
    """'12,000' -> 12000, '1.2 billion' -> 1200000000, 'five thousand' -> 5000, 'a million' -> 1000000.

    Returns None when the text is not a number from start to end ('thousands', 'a few').
    """
    words = _words()
    units, tens, scales = words["units"], words["tens"], words["scales"]
    abbrev = words["scale_abbreviations"]
    tokens = [t for t in re.split(r"[\s-]+", text.strip().lower().replace(",", "")) if t and t != "and"]
    if not tokens:
        return None
    total, current, seen = 0.0, 0.0, False
    for i, tok in enumerate(tokens):
        if re.fullmatch(r"\d+(?:\.\d+)?", tok):
            current += float(tok)
        elif (m := re.fullmatch(r"(\d+(?:\.\d+)?)(k|m|mn|mln|bn|tn)", tok)) and i == len(tokens) - 1:
            current += float(m.group(1)) * abbrev[m.group(2)]
        elif tok in units or tok in tens:
            current += units.get(tok, tens.get(tok, 0))
        elif tok in ("a", "an") and i + 1 < len(tokens) and tokens[i + 1] in (*scales, "dozen"):
            current += 1
        elif tok == "dozen":
            current = (current or 1) * words["dozen"]
        elif tok in scales and (seen or current):
            current = (current or 1) * scales[tok]
            if scales[tok] >= 1000:  # "one hundred and fifty thousand": close the group
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    return as_number(total + current)


def normalise_hedge(text: str | None) -> str | None:
    """'upwards of' -> 'upward of', 'almost' -> 'nearly', 'Around' -> 'about'; None if not a hedge."""
    if not text:
        return None
    hedges: dict[str, str] = load_table("hedges.json")["hedges"]
    return hedges.get(" ".join(text.lower().split()))


def unit_for(text: str) -> str | None:
    """A unit word or currency as written ('kilometres', 'zlotys', '%', '€') -> 'km', 'PLN', 'percent', 'EUR'."""
    table = load_table("units.json")
    key = " ".join(text.split())
    symbols: dict[str, str] = table["symbols"]
    words: dict[str, str] = table["words"]
    return symbols.get(key) or words.get(key.lower())


@dataclass
class Quantity:
    """A numeric expression: ``start``/``end`` cover the hedge, the numbers and the unit."""

    start: int
    end: int
    num_start: int  # the first number
    num_end: int  # the last number (or its scale word)
    value: Number | None
    low: Number | None = None
    high: Number | None = None
    hedge: str | None = None
    unit: str | None = None
    unit_attached: bool = False  # a hyphenated measure: "two-day", "three-year"
    spelled: bool = False  # written in words ("five thousand") rather than digits
    bare_one: bool = False  # the word "one" alone: usually a pronoun or an article


_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern[str]:
    """A run of number tokens: digits or number words, with scales ('1.2 billion', 'five thousand')."""
    words = _words()
    word = "|".join(sorted([*words["units"], *words["tens"]], key=len, reverse=True))
    scale = "|".join(words["scales"])
    abbrev = "|".join(sorted(words["scale_abbreviations"], key=len, reverse=True))
    # The digit form must not continue a model name ("F-16"), a phone number ("+48 22") or a
    # time ("02:40"); those checks need context and are done by the figures stage.
    # "15th", "1990s" and "A400M" are not counts: digits may touch a letter only as a scale
    # ("2.5bn") or a unit written solid ("12km").
    digits = (rf"(?<![\w.,:/+])(?<![A-Za-z]-)(?>{_DIGITS})(?![:/]\d)"
              rf"(?:(?:{abbrev})\b|(?=(?:km|kg|mi|t)\b)|(?![A-Za-z]))")
    spelled = rf"\b(?:{word})(?:-(?:{word}))?\b"
    head = rf"(?:{digits}|{spelled}|\b(?:a|an)(?=\s+(?:{scale}|dozen)\b))"
    tail = rf"(?:\s+(?:and\s+)?(?:(?:{spelled})|\b(?:{scale}|dozen)\b))*"
    return re.compile(rf"{head}{tail}", re.I)


@lru_cache(maxsize=1)
def _hedge_re() -> re.Pattern[str]:
    """A hedge ending right before a number (or its currency symbol)."""
    hedges = sorted(load_table("hedges.json")["hedges"], key=len, reverse=True)
    alternation = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in hedges)
    return re.compile(rf"(?<![\w])(?:{alternation})\s+$", re.I)


@lru_cache(maxsize=1)
def _unit_after_re() -> re.Pattern[str]:
    words = sorted(load_table("units.json")["words"], key=len, reverse=True)
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
    return re.compile(rf"(?:\s?%|\s?(?:{alternation})(?![\w]))", re.I)


@lru_cache(maxsize=1)
def _symbol_before_re() -> re.Pattern[str]:
    symbols = sorted(load_table("units.json")["symbols"], key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(re.escape(s) for s in symbols)})\s?$")


@dataclass
class _Run:
    start: int
    end: int
    value: Number
    spelled: bool


def _number_runs(text: str) -> list[_Run]:
    runs = []
    for m in _number_re().finditer(text):
        raw = m.group(0)
        value = parse_number(raw)
        if value is None:
            continue
        runs.append(_Run(m.start(), m.end(), value, not any(c.isdigit() for c in raw)))
    return runs


# Connectors that make two numbers one range: "6,000-8,000", "40 or 50", "two or three",
# "6,000 to 8,000"; "between X and Y" and "from X to Y" are checked around them.
_RANGE_JOIN = re.compile(r"\s*[-–—]\s*|\s+(?:or|to)\s+|\s+and\s+")
# "rose from 2,000 to 5,000" is a change between two figures, not a range.
_CHANGE_BEFORE = re.compile(r"\b(?:rose|risen|rise|rising|increased?|grew|grown|climbed|jumped|fell|fallen|dropped|"
                            r"declined|decreased|up|down|raised|cut|lowered|revised|went|gone|doubled|tripled)\s+$", re.I)


def _join_ranges(text: str, runs: list[_Run]) -> list[tuple[_Run, _Run | None, int]]:
    """Pair runs into ranges; each entry is (first, second or None, start of 'between'/'from')."""
    out: list[tuple[_Run, _Run | None, int]] = []
    i = 0
    while i < len(runs):
        a = runs[i]
        b = runs[i + 1] if i + 1 < len(runs) else None
        lead = re.search(r"\b(between|from)\s+$", text[max(0, a.start - 12):a.start], re.I)
        lead_word = lead.group(1).lower() if lead else ""
        if b is not None and _is_range(text, a, b, lead_word):
            joint = text[a.end:b.start].strip().lower()
            start = a.start - len(lead.group(0)) if lead and joint in ("and", "to") else a.start
            out.append((a, b, start))
            i += 2
            continue
        out.append((a, None, a.start))
        i += 1
    return out


def _is_range(text: str, a: _Run, b: _Run, lead: str) -> bool:
    """'6,000-8,000', '40 or 50', 'between 3,000 and 4,000', 'from 6,000 to 8,000' are
    ranges; '2-1' (a score), '300 officers and two generals' and 'rose from 2,000 to
    5,000' (a change) are not."""
    joint = text[a.end:b.start]
    word = joint.strip().lower()
    if not _RANGE_JOIN.fullmatch(joint) or a.value >= b.value or a.spelled != b.spelled:
        return False
    if word == "and":
        return lead == "between"
    if word in ("-", "–", "—"):
        return not a.spelled
    if word == "to" and lead == "from":
        return not _CHANGE_BEFORE.search(text[max(0, a.start - 45):a.start - 5])
    return True


def scan_quantities(text: str) -> list[Quantity]:
    """Every numeric expression in ``text``, with hedge, range and unit, in text order."""
    out = []
    for a, b, start in _join_ranges(text, _number_runs(text)):
        last = b or a
        q = Quantity(start=start, end=last.end, num_start=a.start, num_end=last.end,
                     value=None if b else a.value, low=a.value if b else None,
                     high=b.value if b else None, spelled=a.spelled)  # fmt: skip
        q.bare_one = b is None and text[a.start:a.end].lower() == "one"
        _attach_currency_and_hedge(text, q)
        _attach_unit(text, q)
        out.append(q)
    return out


def _attach_currency_and_hedge(text: str, q: Quantity) -> None:
    before = text[max(0, q.start - 40):q.start]
    sym = _symbol_before_re().search(before)
    if sym and q.start == q.num_start:
        q.unit = unit_for(sym.group(0).strip())
        q.start -= len(sym.group(0))
        before = text[max(0, q.start - 40):q.start]
    hedge = _hedge_re().search(before)
    if hedge and normalise_hedge(hedge.group(0)) == "more than" and hedge.group(0).lower().startswith("over"):
        # "paid out over two years" is a period; "over 7 million people" is "more than"
        after = text[q.end:q.end + 12].lower()
        if re.match(r"\s+(?:minutes?|hours?|days?|weeks?|months?|years?|decades?)\b", after):
            hedge = None
    if hedge:
        q.hedge = normalise_hedge(hedge.group(0))
        q.start -= len(hedge.group(0))


def _attach_unit(text: str, q: Quantity) -> None:
    after = text[q.end:q.end + 40]
    attached = re.match(r"-(minute|hour|day|week|month|year)\b(?!-old)", after, re.I)
    if attached:
        q.unit, q.unit_attached = unit_for(attached.group(1) + "s"), True
        q.end += len(attached.group(0))
        return
    m = _unit_after_re().match(after)
    if m and q.unit is None:
        q.unit = unit_for(m.group(0).strip())
        q.end += len(m.group(0))
    elif m and unit_for(m.group(0).strip()) == q.unit:  # "€2.5 million euros"
        q.end += len(m.group(0))


# -- numbers that are no counts -------------------------------------------------------------------

_PHONE = re.compile(r"\+\d[\d ()./-]{6,}\d|\b\d{2,4}(?:[ .-]\d{2,4}){2,}\b")
_ROLES_AFTER = (
    ("time", re.compile(r"\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o['’]clock|GMT|UTC|CES?T\b|local\s+time"
                        r"|hours?\s+(?:GMT|UTC|local|of\s+\w+\s+time))", re.I)),
    ("age", re.compile(r"(?:-|\s+)(?:years?|months?)[- ]old\b", re.I)),
    ("multiplier", re.compile(r"\s*(?:times\b|-fold\b)", re.I)),  # "three times as long"
    ("address_or_url", re.compile(r"[/@]")),
)
_ROLES_BEFORE = (
    ("age", re.compile(r"\baged?\s+$", re.I)),
    ("label", re.compile(r"(?:\bNos?\.|#)\s*$")),  # "No. 9"
    ("ratio", re.compile(r"\b(?:one|1)\s+(?:in|out\s+of)\s+$", re.I)),  # "one in five fans"
    ("address_or_url", re.compile(r"[/@]$")),
)


def number_role(text: str, q: Quantity) -> str | None:
    """What a number is when the words around it show it counts nothing: 'time' (9 a.m.),
    'age' (52-year-old, aged 47), 'phone', 'multiplier', 'ratio', 'fraction' (two-thirds),
    'address' (10 Downing Street), 'score' (2-1), 'label' (No. 9), 'word' ('one' alone)."""
    before, after = text[max(0, q.num_start - 30):q.num_start], text[q.num_end:q.num_end + 30]
    if q.bare_one and q.hedge is None:
        return "word"  # "no one", "one of the", "one ally": "at least one battalion" stays
    if q.unit == "hours" and before.endswith("at "):
        return "time"  # "at 10 hours of Brussels time"
    for role, pattern in _ROLES_AFTER:
        if pattern.match(after):
            return role
    for role, pattern in _ROLES_BEFORE:
        if pattern.search(before):
            return role
    if any(m.start() <= q.num_start < m.end() for m in _PHONE.finditer(text, max(0, q.num_start - 20), q.num_end + 20)):
        return "phone"
    if q.low is None and (re.match(r"[-–]\d", after) or re.search(r"\d[-–]$", before)):
        return "score"  # "won 2-1": digits joined by a dash that made no range
    return _word_after_role(after)


def _word_after_role(after: str) -> str | None:
    table = load_table("numbers.json")
    fraction = re.match(r"[-\s]([a-z]+)\b", after)
    if fraction and fraction.group(1) in table["fractions"]:
        return "fraction"
    street = re.match(r"\s+(?:[A-Z][\w'’-]+\s+){1,3}([A-Z][\w.]*)", after)
    if street and street.group(1) in table["address_words"]:
        return "address"
    return None
