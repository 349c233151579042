"""Who proposes or holds a claim: its quote's speaker, the name before its reporting cue, or an opinion piece's author.

Never the byline of a news report: a reporter tells what others propose.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.resolve.statements.holders import HolderIndex, named_kind
from sitroom.resolve.statements.model import Holder, StoryArticle, sentence_span

_OPINION = re.compile(r"\b(?:analysis|opinion|op-ed|commentary|editorial|column|viewpoint|perspective|institute|think tank)\b", re.I)


def is_opinion(a: StoryArticle) -> bool:
    """An opinion or analysis piece, whose author may propose: its outlet, title or first lines say so."""
    head = " ".join([a.title or "", a.outlet or "", a.text[:200]])
    return bool(_OPINION.search(head))


# A source's reporting verb: "…, said James Acton", "diplomats warned that if …", "Blair called for".
REPORTING = re.compile(r"\b(?:sa(?:id|ys|y)|t(?:old|ells?)|warn(?:ed|s|ing)?|threaten(?:ed|s)?|vow(?:ed|s)?|promis(?:ed|es|e)|pledg(?:ed|es|e)|"
                       r"argu(?:ed|es|e)|added|stated|declared|insist(?:ed|s)?|caution(?:ed|s)?|predict(?:ed|s)?|according to|"
                       r"call(?:ed|s)?|urg(?:ed|es|e)|ask(?:ed|s)?|wrote|writes)\b", re.I)  # fmt: skip
# The subject of a reporting cue stands just before it, an apposition at most between: "Keron Blair,
# executive director of AROS, called for". A name further back is another clause's ("A Quinnipiac
# University poll released in late August found that 74 percent of likely voters said ...").
NEAR_WORDS = 8


def proposer(a: StoryArticle, c: dict[str, Any], holders: HolderIndex, anchor: int, after: bool = False, cue: bool = True) -> Holder | None:
    """The claim's holder; else the person or organisation named just before the reporting cue
    at ``anchor`` (or, when ``cue`` is false, before the claim with a reporting verb between:
    "Johnson said local officials should ..."); after it, with ``after`` ('"…," said James
    Acton'); else, in an opinion piece only, its author or outlet. Never a news byline."""
    name = c.get("holder") or _named_at(a, c.get("proposer_at")) or (_named_after(a, anchor) if after else _named_before(a, anchor, cue))
    if not name and is_opinion(a):
        return holders.resolve(a.byline, "person") if a.byline else holders.resolve(a.outlet, "org")
    holder = holders.resolve(name, named_kind(a.ann.quotes, name))
    if holder is not None and a.byline and not is_opinion(a) and holder == holders.resolve(a.byline, "person"):
        return None
    return holder


def _named_at(a: StoryArticle, offset: Any) -> str | None:
    """The person or organisation named at ``offset`` (the subject the claims stage found for
    the cue verb), as the article's mention groups or entities name it."""
    if offset is None:
        return None
    at = int(offset)
    named = [g.name for g in a.ann.mentions for m in g.mentions if m.start <= at < m.end]
    named += [e.canonical for e in a.ann.entities if e.label in ("ORG", "NORP", "GPE", "PERSON") and e.start <= at < e.end]
    return named[0] if named else None


def _named_before(a: StoryArticle, anchor: int, cue: bool = True) -> str | None:
    span = sentence_span(a, anchor)
    if span is None:
        return None
    found = [(m.start, m.end, g.name, g.label == "PERSON") for g in a.ann.mentions for m in g.mentions if span[0] <= m.start < anchor]
    # A country named before a reporting cue is its subject ("Poland is expected to ask allies to ...").
    found += [(e.start, e.end, e.canonical, False) for e in a.ann.entities if e.label in ("ORG", "NORP", "GPE") and span[0] <= e.start < anchor]
    # A name inside a longer one is a word of it, not an actor: "Interior" in "Interior Minister Ewa Nowak".
    names = [(person, st, name) for st, en, name, person in found
             if not any(s2 <= st and en <= e2 and e2 - s2 > en - st for s2, e2, _, _ in found) and _subject_of_cue(a.text[en:anchor], cue)]  # fmt: skip
    # The person before the organisation of an apposition: "Keron Blair, executive director of AROS, called".
    return max(names)[2] if names else None


def _subject_of_cue(gap: str, cue: bool) -> bool:
    return len(gap.split()) <= NEAR_WORDS and (cue or bool(REPORTING.search(gap)))


def _named_after(a: StoryArticle, anchor: int) -> str | None:
    """The first person or organisation named after a closing reporting cue in its sentence."""
    span = sentence_span(a, anchor)
    if span is None:
        return None
    found = [(m.start, g.name) for g in a.ann.mentions for m in g.mentions if anchor <= m.start < span[1]]
    found += [(e.start, e.canonical) for e in a.ann.entities if e.label == "ORG" and anchor <= e.start < span[1]]
    return min(found)[1] if found else None
