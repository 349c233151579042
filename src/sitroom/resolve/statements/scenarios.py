"""What could happen, and what the accused deny: statements that are not facts.

Hypothetical, conditional, future and uncertain events go to the scenarios with their holders
(the speaker when the clause is inside a quote, else the outlet that reports it), never to the
facts, the timeline, the escalation index or the network. A quote whose holder denies or
negates what a fact says, in the fact's own words, is shown on that fact as a denial.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import (
    SCENARIO,
    Statement,
    StoryArticle,
    modality_of,
    sentence_span,
    up_to_verb,
)
from sitroom.resolve.statements.options import RECOMMENDS
from sitroom.resolve.statements.quotes import QuoteGroup, clip
from sitroom.resolve.statements.text import content_words, similar
from sitroom.resolve.statements.triggers import condition_of, mark_of

# A denial must share this many content words with the fact it denies, and this share of its
# own: "there are no foreign troops on the border" against the troop deployment. At 0.3 the
# sample's denials of troops at the border landed on the drone incident (a fact that names the
# troop estimate in passing) and on the Polish defence minister's pledge.
DENIAL_WORDS, DENIAL_SHARE = 2, 0.5
# Words of organisation names that say nothing about whose fact it is.
_GENERIC = frozenset({"ministry", "defence", "defense", "foreign", "office", "department", "council", "command", "armed",
                      "forces", "state", "security", "service", "national", "general", "major", "operational", "polish"})


def _speaker_of(a: StoryArticle, s: Statement, holders: HolderIndex) -> dict[str, Any] | None:
    q = next((q for q in a.ann.quotes if q.get("speaker") and q["start"] <= s.source.start < q["end"]), None)
    holder = holders.resolve(q["speaker"]["name"], q["speaker"].get("kind")) if q else None
    return holder.to_dict() if holder else None


# A bare condition ("If any foreign soldier sets foot on Polish soil") is half a sentence: its
# consequence is on the trigger row. A question ("whether to extend sanctions") claims nothing.
_HALF = re.compile(r"^\s*(?:if|unless|whether|once|provided)\b", re.I)


# Looking back, not ahead: "he was going to be shot" (a witness's fear, in the past), "he may have
# intended to shoot another one" (a guess about the past). Neither could still happen.
_PAST = re.compile(r"\b(?:was|were)\s+going\s+to\b|\b(?:may|might|could|would|must|should)(?:n['’]t|\s+not)?\s+have\s+(?!to\b)\w+", re.I)


# A noun phrase is no statement: "their plans to hijack the vessel" (ECB+) names a plan, it does
# not say anyone will.
_NOUN_PHRASE = re.compile(r"^(?:their|his|her|its|our|my|your)\s+\w+\s+(?:to|of|for)\b", re.I)


def _no_claim(text: str) -> bool:
    """Nothing that could happen: a bare condition, a question, a modal about the past, a noun phrase."""
    return bool(_HALF.match(text)) and "," not in text or bool(_PAST.search(text)) or bool(_NOUN_PHRASE.match(text))


def _told_modality(a: StoryArticle, s: Statement, words: str) -> str:
    """How the row is labelled: "conditional" when the clause is the consequence of a stated
    condition ("If Belarus sends more troops, | Poland will close the crossing"); else as its
    own words tell it, which are finer than the events stage's one "not happened" flag: "will
    visit on Monday, officials said" and "plans to close" are future, not hypothetical.

    "would" in reported speech is the future told in the past: "she said ambassadors would meet
    on Thursday" is a meeting announced, not a supposed one; after "whether" it is an open
    question ("addressed whether the United States would send ...")."""
    if _condition_around(a, s) is not None or _inverted_condition(a, s):
        return "conditional"
    if words == "hypothetical" and re.search(r"\bwould\b", s.text, re.I):
        if _after_whether(a, s):
            return "uncertain"
        if _reported(a, s):
            return "future"
    return words


def _condition_around(a: StoryArticle, s: Statement) -> dict[str, Any] | None:
    """The condition claim whose consequence the clause is, if any."""
    return next((c for c in a.ann.claims if c["type"] == "condition" and c.get("if") and int(c["start"]) <= s.source.start < int(c["end"])),
                None)  # fmt: skip


def _with_condition(a: StoryArticle, s: Statement) -> str:
    """A conditional row told with its condition: "they will struggle to agree on what to do" is
    a prediction; "if allies cannot agree on what they see, they will struggle ..." is what was said."""
    if re.search(r"\b(?:if|unless|once|provided|should)\b", s.text, re.I):
        return s.text
    inverted = _inverted_condition(a, s)
    if inverted:
        return f"{inverted[0].lower()}{inverted[1:]} {s.text}"
    c = _condition_around(a, s)
    condition = condition_of(c.get("if")) if c else None
    return f"{mark_of(a, c)} {condition}, {s.text}" if c is not None and condition is not None else s.text


# A condition told by inversion: "Should the drills continue past Sunday, Warsaw will close the
# last crossing" (the claims stage reads only "if", "unless" ...; the row was labelled future).
_INVERTED = re.compile(r"[“\"‘']?(?:Should|Were|Had)\s+[^,;.]{3,120},", re.S)


def _inverted_condition(a: StoryArticle, s: Statement) -> str | None:
    """The inverted condition that opens the clause's sentence ("Should the drills continue past Sunday,")."""
    span = sentence_span(a, s.source.start)
    found = _INVERTED.match(a.text, span[0]) if span else None
    return found.group(0).lstrip("“\"‘'") if found and found.end() <= s.source.start else None


def _after_whether(a: StoryArticle, s: Statement) -> bool:
    return bool(re.search(r"\bwhether\s*$", a.text[max(0, s.source.start - 40):s.source.start], re.I))


def _row_text(a: StoryArticle, s: Statement, modality: str) -> str:
    """The clause as the row prints it, with what makes it a scenario when that stands before it."""
    if modality == "conditional":
        return _with_condition(a, s)
    return f"whether {s.text}" if modality == "uncertain" and _after_whether(a, s) else s.text


def _overlaps(row: dict[str, Any], s: Statement) -> bool:
    """The row already holds this very clause (a source over the same words of the same article)."""
    return any(src["article"] == s.source.article and src["start"] < s.source.end and s.source.start < src["end"] for src in row["sources"])


def _reported(a: StoryArticle, s: Statement) -> bool:
    """The clause is reported speech: inside an indirect quote of a named or unnamed source."""
    return any(q.get("kind") == "indirect" and q["start"] <= s.source.start < q["end"] for q in a.ann.quotes)


# One clause told twice (two events over the same words, one inside the condition's span) is one
# row; its finer label wins. Like clauses of different sentences with different labels stay apart:
# "plans to close the crossing next week" is not "will close the crossing if ...".
_LABEL_RANK = {"conditional": 0, "uncertain": 1, "hypothetical": 2, "future": 3}


def scenarios_of(statements: list[Statement], articles: list[StoryArticle], holders: HolderIndex) -> list[dict[str, Any]]:
    by_id = {a.id: a for a in articles}
    rows: list[dict[str, Any]] = []
    for s in statements:
        words = modality_of(up_to_verb(s.text, str(s.item.get("action") or "")))
        if RECOMMENDS.search(s.text) or words not in SCENARIO or _no_claim(s.text):
            # "the EU must extend sanctions" is a proposal (an option); "to allow observers",
            # flagged hypothetical as the object of a request, says nothing could happen.
            continue
        a = by_id[s.source.article]
        modality = _told_modality(a, s, words)
        holder = _speaker_of(a, s, holders)
        row = next((r for r in rows if similar(r["text"], s.text, 0.6) and (r["modality"] == modality or _overlaps(r, s))), None)
        if row is None:
            row = {"text": clip(_row_text(a, s, modality), 220), "modality": modality, "holders": [], "reported_by": [], "sources": []}
            rows.append(row)
        row["modality"] = min(row["modality"], modality, key=lambda m: _LABEL_RANK.get(m, 9))
        if holder and holder not in row["holders"]:
            row["holders"].append(holder)
        if a.outlet and a.outlet not in row["reported_by"]:
            row["reported_by"].append(a.outlet)
        row["sources"].append(s.source.to_dict())
    return sorted(rows, key=lambda r: (-len(r["holders"]), -len(r["sources"])))


def denials_of(groups: list[QuoteGroup], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Quotes in which the accused deny what a fact says, shown on that fact.

    A denial is a denying or negating statement whose holder is the party the fact is about
    (its name, organisation or country in the fact's words: Belarus's general on "foreign
    troops in Belarusian drills"), that shares the fact's words, and that is not the fact's
    own source: an event told inside a minister's sentence with a "not" is no denial of it.
    """
    targets = [(f, content_words(f["text"] + " " + " ".join(str(s.get("excerpt") or "") for s in f["sources"][:1])))
               for f in facts if f["kind"] in ("event", "figure")]  # fmt: skip
    out = []
    for g in groups:
        for s in (s for s in g.statements if s.modality == "denied" or s.modality == "negated" and _denies_up_front(s.text)):
            fact = _denied_fact(s, g, targets)
            if fact is None:
                continue
            row = {"holder": g.holder.to_dict(), "text": clip(s.text, 220), "verbatim": s.form == "verbatim", "denies": fact["id"],
                   "fact": fact["text"], "sources": [x.source.to_dict() for x in g.statements if x.modality == s.modality]}  # fmt: skip
            fact["denials"].append({"holder": g.holder.name, "text": row["text"], "verbatim": row["verbatim"]})
            out.append(row)
            break
    return out


# A negated statement denies when its main clause is negated, at its start ("There are no foreign
# troops on the border", "No troops have been sent"); a "not" deep in a clause is a reason or a
# detail ("requested the talks because the scale was 'simply not consistent with a routine
# exercise'"), and was shown as a denial of a fact it shares words with.
_UP_FRONT = re.compile(r"^(?:\W*\w+\W+){0,4}?(?:no|not|never|none|nobody|nothing|n['’]t)\b|^(?:\W*\w+){0,4}?n['’]t\b", re.I)


def _denies_up_front(text: str) -> bool:
    return bool(_UP_FRONT.match(text))


def _told_by(holder: Any, fact: dict[str, Any]) -> bool:
    """The fact is the person's own statement in another outlet's words ("Kavalenka dismissed the
    closures as theatre and said no units had been moved"): he does not deny himself."""
    surname = holder.name.split()[-1].casefold() if holder.kind == "person" and holder.name.split() else ""
    return len(surname) > 2 and re.search(rf"\b{re.escape(surname)}\b", str(fact["text"]).casefold()) is not None


def _denied_fact(s: Statement, g: QuoteGroup, targets: list[tuple[dict[str, Any], frozenset[str]]]) -> dict[str, Any] | None:
    words = content_words(s.text)
    # Names (of places, countries, people) say who and where; the denied act or thing is told in
    # common words: "sending troops to its border with Poland" is not about Poland closing crossings.
    common = frozenset(w for w in words if re.search(rf"\b{re.escape(w)}\b", s.text))
    names = " ".join(x for x in (g.holder.name, g.holder.org) if x).split()
    accused = {w.casefold()[:6] for w in names if w[:1].isupper() and w.casefold() not in _GENERIC and len(w) > 3}
    best, shared = None, 0
    for fact, fact_words in targets:
        overlap = len(words & fact_words)
        mine = any(src["article"] == s.source.article and src["start"] < s.source.end and s.source.start < src["end"] for src in fact["sources"]) \
            or _told_by(g.holder, fact)
        about_them = any(w[:6] in accused for w in fact_words)
        things = len(common & fact_words)  # what is denied, not only who and where
        if overlap > shared and not mine and about_them and things >= DENIAL_WORDS and overlap >= DENIAL_SHARE * len(words):
            best, shared = fact, overlap
    return best
