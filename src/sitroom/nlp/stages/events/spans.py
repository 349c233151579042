"""Which text an event covers: its clause as the gold convention starts and ends it, and the
regions (quotations, repeated paragraphs) that change how an event there is read."""

from __future__ import annotations

import re

from spacy.tokens import Token

from sitroom.nlp.eventcoding import (
    REPORTING,
    own_subject,
)
from sitroom.nlp.stages.events.patterns import ArticleState, Predicate

BREAKING = frozenset({",", "(", ")", "—", "–", ";", ":"})


def event_span(pred: Predicate, state: ArticleState) -> tuple[int, int]:
    """Character span of the event's clause: from its subject (or verb) to its last word."""
    if pred.span_from is not None:
        first = clause_start(_span_anchor(pred.span_from, state))
    elif pred.is_noun:
        first = pred.token.left_edge
    else:
        first = clause_start(_span_anchor(pred.token, state))
    last = clause_end(pred.token)
    sent = pred.token.sent
    first = max(first, sent[0], key=lambda t: t.i)
    start, end = first.idx, last.idx + len(last)
    return start, max(end, start + len(first))


def _span_anchor(v: Token, state: ArticleState) -> Token:
    """'Poland is prepared to close': a subject-less infinitive starts at its governor's clause,
    unless the governor is an event of its own ('urged the union to return')."""
    while v.dep_ in ("xcomp", "acomp") and own_subject(v) is None and v.head.i != v.i:
        gov = v.head
        governing = state.cache.get(gov.i)
        if governing is not None and governing.emit:
            return v
        v = gov
    return v


def clause_start(v: Token) -> Token:
    """Where the gold convention starts an event: at a simple subject, else at the verb."""
    doc = v.doc
    if v.dep_ == "relcl" and not any(c.dep_ == "mark" for c in v.children):
        first = v.left_edge
        if first.i > 0 and doc[first.i - 1].text in BREAKING:
            return first  # ", who had requested the talks"
        return v.head.left_edge  # "the drone which ... entered the airspace"
    if v.dep_ == "acl":
        return min(v.head.left_edge, v.left_edge, key=lambda t: t.i)
    subj = own_subject(v)
    if subj is None and v.dep_ in ("pobj", "dobj", "nsubj", "compound"):
        return v.left_edge  # a participle the parser took for a noun: "foreign forces massing"
    start = subj.left_edge if subj is not None and _simple_subject(subj, v) else _verb_start(v)
    # The gold starts a condition at its "if" ("If foreign troops cross ..."), and a
    # subject-less "whether to extend sanctions" at "whether".
    marks = ("if", "whether") if subj is None else ("if",)
    mark = next((c for c in v.children if c.lower_ in marks and c.dep_ in ("mark", "advmod") and c.i < start.i), None)
    return mark if mark is not None else start


def _simple_subject(subj: Token, v: Token) -> bool:
    """No commas, brackets or dashes inside the subject or between it and the verb."""
    between = v.doc[subj.right_edge.i + 1:v.i]
    return not any(t.text in BREAKING for t in [*subj.subtree, *between]) and len(between) <= 8


def _verb_start(v: Token) -> Token:
    """The verb with its auxiliaries and adverbs directly before it: 'had been shared'."""
    i = v.i
    while i > 0 and v.doc[i - 1].head.i == v.i and v.doc[i - 1].dep_ in ("aux", "auxpass", "neg", "advmod"):
        i -= 1
    return v.doc[i]


def clause_end(v: Token) -> Token:
    """The last word of the clause, without coordinated clauses or trailing punctuation."""
    tokens = [v]
    for c in v.children:
        if c.dep_ in ("conj", "cc", "parataxis") or (c.dep_ in ("advcl", "ccomp") and c.i > v.i and c.lemma_ in REPORTING):
            continue
        if c.dep_ == "punct" and c.i > v.i and c.text in (".", ",", ";", ":", "?", "!"):
            continue
        tokens.extend(c.subtree)
    last = max(tokens, key=lambda t: t.i)
    while last.i > v.i and (last.is_punct and last.text in ".,;:!?-—–" or last.is_space):
        last = last.doc[last.i - 1]
    return last


# --- Article-level helpers -------------------------------------------------------------

QUOTE_PAIRS = {"“": "”", "„": "“", "«": "»", '"': '"'}


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks; an opening mark left open at a paragraph's end closes there."""
    regions: list[tuple[int, int]] = []
    opener: str | None = None
    at = 0
    for m in re.finditer(r"[“”„«»\"]|\n\s*\n", text):
        mark = m.group()
        if mark.strip() == "":
            if opener is not None:
                regions.append((at, m.start()))
                opener = None
        elif opener is None and mark in QUOTE_PAIRS:
            opener, at = mark, m.start()
        elif opener is not None and mark == QUOTE_PAIRS[opener]:
            regions.append((at, m.end()))
            opener = None
    if opener is not None:
        regions.append((at, len(text)))
    return regions


def repeated_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraphs that repeat an earlier one word for word (a wire glitch): their events are not new."""
    seen: set[str] = set()
    out = []
    for m in re.finditer(r"\S[^\n]*(?:\n(?!\s*\n)[^\n]*)*", text):
        key = " ".join(m.group().split())
        if len(key) >= 40 and key in seen:
            out.append((m.start(), m.end()))
        seen.add(key)
    return out


def is_inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)
