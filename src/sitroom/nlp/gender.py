"""The grammatical gender an article gives each named person, read from the article itself.

"she" must not resolve to a man. Rather than guess from a first-name list (which fails on
the transliterated and foreign names that international news is full of), we read the
evidence the writer gives: an honorific before a mention ("Mr Nowak", "Mrs. Ortega", "Ms
Lee"), and the personal pronouns that can only point at one person: in a sentence that has
named exactly one person so far, outside quotation marks, "he"/"his"/"him" or "she"/"her"
refers to that person ("Sarandon said she ...", "Trump said his plan ..."). A person with
evidence one way and none (or at most half as much) the other way gets that gender.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sitroom.model import MentionGroup

if TYPE_CHECKING:  # typing only: the brief reads the pronoun sets without loading spaCy
    from spacy.tokens import Doc

MASCULINE = frozenset({"he", "him", "his", "himself"})
FEMININE = frozenset({"she", "her", "hers", "herself"})
_HONORIFIC = re.compile(r"\b(Mr|Mrs|Ms|Miss|Mister|Madam|Sir|Dame|Lady|Lord)\.?\s+$")
_HONORIFIC_GENDER = {"mr": "m", "mister": "m", "sir": "m", "lord": "m",
                     "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "dame": "f", "lady": "f"}  # fmt: skip


def pronoun_gender(word: str) -> str | None:
    """'m' for he/him/his, 'f' for she/her/hers, None for any other word."""
    w = word.casefold()
    return "m" if w in MASCULINE else "f" if w in FEMININE else None


def person_genders(doc: Doc, text: str, groups: Sequence[MentionGroup], quoted: Sequence[tuple[int, int]]) -> dict[str, str]:
    """Person name -> 'm' or 'f', for the people the article gives clear evidence about."""
    votes: dict[str, Counter[str]] = {}
    for g in groups:
        if g.label != "PERSON":
            continue
        for m in g.mentions:
            honorific = _HONORIFIC.search(text[max(0, m.start - 10):m.start])
            if honorific:
                votes.setdefault(g.name, Counter())[_HONORIFIC_GENDER[honorific.group(1).casefold()]] += 2
    starts = sorted((m.start, g.name) for g in groups if g.label == "PERSON" for m in g.mentions)
    for sent in doc.sents:
        named = [(s, name) for s, name in starts if sent.start_char <= s < sent.end_char]
        for tok in sent:
            gender = pronoun_gender(tok.text)
            if gender is None or any(a <= tok.idx < b for a, b in quoted):
                continue
            before = {name for s, name in named if s < tok.idx}
            if len(before) == 1:
                votes.setdefault(before.pop(), Counter())[gender] += 1
    return {name: _decide(v) for name, v in votes.items() if _decide(v)}


def _decide(votes: Counter[str]) -> str:
    m, f = votes["m"], votes["f"]
    if m and m >= 2 * f:
        return "m"
    if f and f >= 2 * m:
        return "f"
    return ""
