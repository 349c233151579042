"""Which numbers are figures (step 1 of the cascade), the Figure record, and the token and
paragraph lookups the other steps share. Hedges and units are read by ``sitroom.nlp.numbers``."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitroom.model import Entity
from sitroom.nlp.gazetteer import entity_entries
from sitroom.nlp.numbers import Quantity, load_table, number_role
from sitroom.nlp.temporal import MONTHS


@dataclass
class Figure:
    """One figure as it is being built; ``to_dict`` gives the stage's output record."""

    q: Quantity
    start: int
    end: int
    anchor: Token  # the last token of the number, where the syntax is read from
    sent: Span
    counted: str | None = None
    explicit_noun: bool = False  # the counted noun is written next to the number
    whole: Figure | None = None
    holder: str | None = None
    holder_found: bool = False
    holder_kind: str | None = None  # person | org | description (an unnamed source) | None
    holder_description: str | None = None  # the unnamed source's words: "Western officials"
    date: str | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "value": self.q.value, "low": self.q.low, "high": self.q.high, "approx": self.q.hedge,
            "unit": self.q.unit, "counted": self.counted, "text": text[self.start:self.end],
            "start": self.start, "end": self.end, "holder": self.holder, "holder_kind": self.holder_kind,
            "holder_description": self.holder_description, "date": self.date,
            "part_of": text[self.whole.start:self.whole.end] if self.whole else None,
        }  # fmt: skip


@dataclass
class Lexicon:
    cues: frozenset[str]
    conditional_cues: frozenset[str]
    of_cues: frozenset[str]
    estimate_nouns: frozenset[str]
    unnamed: frozenset[str]
    counted_drop: frozenset[str]
    distances: frozenset[str]
    person_bodies: frozenset[str] = frozenset()
    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> "Poland"

    @classmethod
    def load(cls) -> Lexicon:
        src, units = load_table("sources.json"), load_table("units.json")
        countries = {e.id: e.canonical for e in entity_entries() if e.kind == "country"}
        return cls(frozenset(src["cues"]), frozenset(src["conditional_cues"]), frozenset(src["of_cues"]),
                   frozenset(src["estimate_nouns"]), frozenset(src["unnamed"]), frozenset(src["counted_drop"]),
                   frozenset(units["distances"]), frozenset(src["person_bodies"]), countries)  # fmt: skip


# -- 1. what is not a figure ---------------------------------------------------------------


def not_a_figure(doc: Doc, text: str, q: Quantity, dates: list[dict[str, Any]], entities: list[Entity]) -> bool:
    """True for numbers that are dates, years, ages, labels or any role ``number_role`` reads
    from the text around them (times, phone numbers, multipliers, fractions ...)."""
    return (any(int(d["start"]) < q.num_end and q.num_start < int(d["end"]) for d in dates)
            or number_role(text, q) is not None
            or _is_year(doc, text, q)
            or _is_age_apposition(text, q, entities)
            or _is_label(doc, q))  # fmt: skip


def _is_year(doc: Doc, text: str, q: Quantity) -> bool:
    """A bare four-digit number in the years range is a year unless a noun it counts follows."""
    raw = text[q.num_start:q.num_end]
    if q.low is not None or q.unit or q.hedge or not re.fullmatch(r"(?:1[89]|20)\d\d", raw):
        return False
    nxt = token_at(doc, q.num_end + 1)
    return not (nxt is not None and nxt.idx >= q.num_end and nxt.tag_ in ("NNS", "NNPS"))


def _is_age_apposition(text: str, q: Quantity, entities: list[Entity]) -> bool:
    """'Krzysztof Nowak, 47, a haulier': a number set off by commas right after a person."""
    if not re.match(r"\s*[,)]", text[q.num_end:q.num_end + 2]):
        return False
    lead = re.search(r"[,(]\s*$", text[max(0, q.num_start - 3):q.num_start])
    if not lead:
        return False
    name_end = q.num_start - len(lead.group(0))
    return any(e.label == "PERSON" and e.end == name_end for e in entities)


def _is_label(doc: Doc, q: Quantity) -> bool:
    """'Article 4', 'Terminal 2': digits right after a capitalised noun that is no sentence start."""
    if q.spelled or q.hedge or q.unit or q.start != q.num_start:
        return False
    first = token_at(doc, q.num_start)
    if first is None or first.i == 0:
        return False
    prev = doc[first.i - 1]
    if prev.idx + len(prev.text) != q.num_start - 1 or not (prev.is_title or (prev.is_upper and prev.is_alpha and len(prev) > 1)):
        return False
    if prev.text in load_table("numbers.json")["labels"]:
        return True
    return not prev.is_sent_start and prev.pos_ in ("PROPN", "NOUN") and prev.lower_ not in _MONTH_WORDS


_MONTH_WORDS = frozenset(MONTHS)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def paragraph_of(text: str, at: int) -> tuple[int, int]:
    return next(((lo, hi) for lo, hi in paragraphs(text) if lo <= at <= hi), (0, len(text)))


def sentence_of(sents: list[Span], token: Token) -> Span:
    """The sentence holding ``token`` (``Token.sent`` walks the whole document each time)."""
    starts = [s.start for s in sents]
    return sents[max(bisect_right(starts, token.i) - 1, 0)]


def token_from(doc: Doc, text: str, offset: int) -> Token | None:
    """The first token that starts at or after ``offset`` (skipping whitespace)."""
    rest = text[offset:offset + 200]
    at = offset + len(rest) - len(rest.lstrip())
    token = token_at(doc, at) if at < len(text) else None
    return token if token is not None and token.idx >= offset else None


def token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
