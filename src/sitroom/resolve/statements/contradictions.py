"""Contradictions: one holder asserts what another denies (the ``statement`` kind of dispute).

Two holders contradict each other only when one asserts a fact and another, of a different
party, denies that same fact: the denial is said with a denying cue ("denied", "rejected",
"dismissed"), not merely worded with a "not" ("the deaths were not related to the weather"
denies nothing anyone said), and the fact it is shown on (``scenarios.denials_of`` finds it
by shared words and by the denier being the party the fact is about) is asserted, held by a
named holder, and held by no one of the denier's party. Precision first: a fact told only on
an outlet's authority, a denial by one of its own holders, or a denial set against a quote
(a warning like "every metre will be defended" is a view, not a fact), is not a dispute.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.resolve.statements.figures import party_of
from sitroom.resolve.statements.quotes import QuoteGroup, clip
from sitroom.resolve.statements.text import stems

# A denial must share this many word stems with what the fact asserts outside its quotations.
DENIED_STEMS = 2
# Stems that say nothing of what happened: quantifiers and auxiliaries ("any", "have") that a
# denial and an unrelated fact share by grammar alone.
_EMPTY_STEMS = frozenset({"any", "have", "has", "had", "been", "being", "some", "all", "more", "about", "there", "which",
                          "who", "what", "when", "where", "after", "befor", "into", "than", "also", "only", "just", "very",
                          "much", "many", "every", "nobod", "anyon", "someo", "did", "does", "doing", "made", "make"})  # fmt: skip
_QUOTED = re.compile(r"[“\"„][^“”\"„]*[”\"]")


def denial_disputes(denials: list[dict[str, Any]], facts: list[dict[str, Any]], groups: list[QuoteGroup]) -> list[dict[str, Any]]:
    """A statement dispute for each denial of an asserted fact held by another party."""
    by_id = {f["id"]: f for f in facts}
    out = []
    for d in denials:
        fact = by_id.get(d.get("denies"))
        if fact is None or fact.get("modality") != "asserted" or not fact["holders"] or fact.get("kind") == "quote":
            continue  # a quote is someone's words (a warning, a view), not a fact a denial contradicts
        if _modality(d, groups) != "denied" or _same_party(d["holder"], fact["holders"]) or not denies_claim(d["text"], fact["text"]):
            continue
        asserted = {"value": "asserted", "text": fact["text"], "holders": [h["name"] for h in fact["holders"]], "reported_by": [],
                    "outlets": sorted({str(s.get("outlet")) for s in fact["sources"]}), "sources": fact["sources"]}  # fmt: skip
        denied = {"value": "denied", "text": d["text"], "holders": [d["holder"]["name"]], "reported_by": [],
                  "outlets": sorted({str(s.get("outlet")) for s in d["sources"]}), "sources": d["sources"]}  # fmt: skip
        out.append({"about": fact["text"], "kind": "statement", "fact": fact["id"], "sides": [asserted, denied]})
    return out


def claim_of(text: str) -> str:
    """What a fact asserts on its own authority: its words outside quotation marks."""
    return _QUOTED.sub(" ", text)


def denies_claim(denial: str, fact: str) -> bool:
    """The denial speaks of what the fact asserts: enough shared stems that say what happened."""
    shared = (stems(denial) & stems(claim_of(fact))) - _EMPTY_STEMS
    return len(shared) >= DENIED_STEMS


def _modality(denial: dict[str, Any], groups: list[QuoteGroup]) -> str | None:
    """The modality of the statement a denial row was made from."""
    for g in groups:
        if g.holder.name != denial["holder"]["name"]:
            continue
        for s in g.statements:
            if clip(s.text, 220) == denial["text"]:
                return str(s.modality)
    return None


def _same_party(denier: dict[str, Any], holders: list[dict[str, Any]]) -> bool:
    """The denier is one of the fact's holders, or of the same state ("Belarus" and its general)."""
    mine = {p for p in (party_of(denier.get("name")), party_of(denier.get("org"))) if p}
    theirs = {p for h in holders for p in (party_of(h.get("name")), party_of(h.get("org"))) if p}
    return bool(mine & theirs)
