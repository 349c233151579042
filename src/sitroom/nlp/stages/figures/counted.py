"""What a figure counts (steps 2-4): the counted noun beside the number, partitives, parts
of a whole (``part_of``), and the noun implied for a bare number."""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc, Token

from sitroom.nlp.numbers import Quantity, scan_quantities
from sitroom.nlp.stages.figures.numbers import Figure, paragraph_of, token_from

_NOMINAL_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "VBG", "VBN", "HYPH", "CD"})
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "my", "your", "a", "an", "this", "these", "those"})
_PARTITIVE = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|our|these|those)\s+)?(?:[^\s,;]+['’]s\s+)?")
# "500 officers, three of whom are generals" / "two of them colonels": a part named after its whole
_RELATIVE_PART = re.compile(r"\s+of\s+(?:whom|which|them|those)\b(?:\s+(?:are|were|is|was|being)\b)?(?:\s+(?:also|now|still)\b)?", re.I)
_INCLUDING = re.compile(r",?\s*(?:including|among\s+them|among\s+whom|of\s+whom|of\s+which|incl\.)\s+$|\s+and\s+$|,\s+$", re.I)


# -- 2. the counted noun ---------------------------------------------------------------------


def counted_noun(doc: Doc, text: str, q: Quantity, drop: frozenset[str]) -> tuple[str, int] | None:
    """(counted noun phrase, end offset) written next to the number, or None.

    Units other than percent and hyphenated measures count nothing: "12 km", "2,000 zlotys".
    """
    if q.unit not in (None, "percent") and not q.unit_attached:
        return None
    after = text[q.end:q.end + 60]
    relative = _RELATIVE_PART.match(after)
    if relative is not None:  # the part's own noun, if it has one ("three of whom were killed": none)
        return _noun_run(doc, text, q.end + relative.end(), drop, skip_determiners=True) if q.unit is None else None
    of = re.match(r"\s+of\s+", after)
    if of is None or q.unit not in (None, "percent"):
        return _noun_run(doc, text, q.end, drop, skip_determiners=False)
    partitive = _PARTITIVE.match(after)
    rest = after[partitive.end():] if partitive else ""
    if q.unit is None and any(w.start == 0 for w in scan_quantities(rest)):
        return None  # "two of its three crossings": the whole gives the noun (link_parts)
    return _noun_run(doc, text, q.end + of.end(), drop, skip_determiners=True)  # "4 percent of its output"


def _noun_run(doc: Doc, text: str, at: int, drop: frozenset[str], skip_determiners: bool) -> tuple[str, int] | None:
    """The noun phrase starting at ``at``: adjectives and nouns up to the first plural noun
    or the last noun before a non-nominal word ("foreign soldiers had" -> "foreign soldiers")."""
    first = token_from(doc, text, at)
    if first is None or first.is_sent_start or text[at:first.idx].strip():
        return None
    tokens = _nominal_tokens(doc, first, skip_determiners)
    while tokens and tokens[-1].tag_ not in ("NN", "NNS", "NNP", "NNPS", "CD"):
        tokens.pop()
    while tokens and tokens[0].lower_ in drop:
        tokens.pop(0)
    if not tokens or tokens[-1].tag_ == "CD":
        return None
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return text[start:end], end


def _nominal_tokens(doc: Doc, first: Token, skip_determiners: bool) -> list[Token]:
    tokens: list[Token] = []
    i = first.i
    while i < len(doc) and (i == first.i or not doc[i].is_sent_start):
        tok = doc[i]
        if skip_determiners and not tokens and (tok.lower_ in _DETERMINERS or tok.tag_ == "POS" or _possessor(tok)):
            i += 1
            continue
        if tok.tag_ not in _NOMINAL_TAGS or tok.ent_type_ in ("DATE", "TIME"):
            break
        if tok.tag_ == "CD" and not re.search(r"[A-Za-z]", tok.text):
            break  # another number: "300 officers and two generals" ends at "officers"
        if tok.tag_ in ("VBG", "VBN") and not (i + 1 < len(doc) and doc[i + 1].tag_ in _NOMINAL_TAGS - {"HYPH"}):
            break  # "some 2,000 published by": a participle, not an adjective
        tokens.append(tok)
        if tok.tag_ in ("NNS", "NNPS"):
            break
        i += 1
    return tokens


def _possessor(tok: Token) -> bool:
    """'the operator’s': a noun followed by a possessive ending, skipped before the head noun."""
    return tok.i + 1 < len(tok.doc) and tok.nbor().tag_ == "POS"


# -- 3. parts of a whole ---------------------------------------------------------------------


def link_parts(figures: list[Figure], text: str) -> None:
    """'two of its three remaining road crossings' and 'about 7,500 troops, including 300
    officers and two generals': set ``whole`` on the parts."""
    for part, whole in zip(figures, figures[1:], strict=False):
        gap = text[part.q.end:whole.q.start]
        if part.q.unit is None and _PARTITIVE.fullmatch(gap) and part.sent == whole.sent:
            part.whole, part.counted, part.end = whole, whole.counted, whole.end
    for i, fig in enumerate(figures):
        if fig.whole is not None or i == 0:
            continue
        prev = figures[i - 1]
        gap = text[prev.end:fig.start]
        if prev.sent == fig.sent and _whole_ends(prev, gap) and _RELATIVE_PART.match(text, fig.q.end):
            fig.whole = prev  # "500 officers, three of whom are generals"
            fig.counted = fig.counted or prev.counted
            continue
        if prev.sent == fig.sent and _INCLUDING.search(gap) and len(gap) < 20:
            if "includ" in gap or "among" in gap or " of " in gap:
                fig.whole = prev
            elif prev.whole is not None and prev.whole.q.unit == fig.q.unit:
                fig.whole = prev.whole  # "..., including 300 officers and two generals"


def _whole_ends(whole: Figure, gap: str) -> bool:
    """Between a whole and its relative part only a comma, a dash or a bracket, after the
    rest of the whole's noun phrase ("987 subsidiaries in offshore havens, 537 of which"):
    no verb, so no other clause."""
    if re.fullmatch(r"\s*[,(—–]\s*", gap):
        return True
    if not re.search(r",\s*$", gap) or len(gap) > 60:
        return False
    doc = whole.anchor.doc
    start = whole.end
    span = doc.char_span(start, start + len(gap.rstrip(", ")), alignment_mode="contract")
    return span is not None and not any(t.pos_ in ("VERB", "AUX") or t.is_punct and t.text != "-" for t in span)


# -- 4. the implied counted noun ---------------------------------------------------------------

_NUMBER_OF = re.compile(r"\b(?:number|numbers|estimate|estimates|count|tally|total|how\s+many)\s+(?:of\s+)?$", re.I)


def implied_counted(fig: Figure, figures: list[Figure], doc: Doc, text: str) -> str | None:
    """What a bare number counts, nearest evidence first:

    a. "the number of foreign troops ... at about 7,500": a number/estimate/how-many phrase
       earlier in the sentence;
    b. the nearest earlier figure of the same unit in the sentence ("some 2,000 foreign
       soldiers on Monday; ... nearly 5,000");
    c. the first figure with a written noun in the paragraph (a paragraph lists one kind);
    d. a number/estimate/how-many phrase earlier in the article;
    e. the nearest plural noun phrase earlier in the paragraph ("with foreign soldiers ...
       The numbers have moved: some 2,000 on Monday").
    Parts and figures with a unit other than percent are never a source. Steps c-e, which
    reach beyond the sentence, are only taken for bare counts of 100 or more: that is what an
    estimate of troops or people looks like, while a small bare number ("MAX 9", "won 3") is
    more often a label or a score than a count of the article's topic.
    """
    same = [f for f in figures if f is not fig and f.q.unit == fig.q.unit and f.whole is None and f.counted]
    before_in_sent = [f for f in same if f.sent == fig.sent and f.start < fig.start]
    para = paragraph_of(text, fig.start)
    large = fig.q.unit is None and (fig.q.value or fig.q.low or 0) >= 100
    steps: list[Callable[[], str | None]] = [
        lambda: _noun_of_next(fig, figures, text),
        lambda: _number_of_phrase(doc, text, fig.sent.start_char, fig.start),
        lambda: before_in_sent[-1].counted if before_in_sent else None,
        lambda: next((f.counted for f in same if f.explicit_noun and para[0] <= f.start < para[1] and _similar(f, fig)), None)
        if large else None,
        lambda: _number_of_phrase(doc, text, 0, fig.start) if large else None,
        lambda: _plural_noun_before(doc, para[0], fig.start) if large else None,
    ]
    return next((found for step in steps if (found := step())), None)


def _similar(a: Figure, b: Figure) -> bool:
    """Within a factor of ten: estimates of one thing ('some 2,000' and '6,000 to 8,000
    soldiers'), not a running total beside a count of targets ('2,700' and '100 targets')."""
    x, y = a.q.value or a.q.high or 0, b.q.value or b.q.high or 0
    return bool(x and y) and max(x, y) / min(x, y) <= 10


def _noun_of_next(fig: Figure, figures: list[Figure], text: str) -> str | None:
    """'rose from 2,000 to 5,000 units', '20 or 30 people' that are no range: the noun after
    the second number counts the first too."""
    nxt = next((f for f in figures if f.start >= fig.end), None)
    if nxt is None or not nxt.explicit_noun or nxt.q.unit != fig.q.unit:
        return None
    return nxt.counted if re.fullmatch(r"\s+(?:to|or)\s+", text[fig.end:nxt.start]) else None


def _number_of_phrase(doc: Doc, text: str, lo: int, hi: int) -> str | None:
    """The noun after the last 'number of' / 'estimate of' / 'how many' between lo and hi."""
    best = None
    for tok in doc.char_span(lo, hi, alignment_mode="contract") or []:
        if tok.tag_ not in ("NN", "NNS", "NNPS") or tok.idx < lo:
            continue
        phrase = _left_modifiers(tok)
        lead = text[max(lo, phrase[0].idx - 24):phrase[0].idx]
        if _NUMBER_OF.search(lead) or (tok.i > 0 and any(c.lower_ == "many" for c in tok.children)):
            best = " ".join(t.text for t in phrase if t.lower_ != "many")
    return best


def _left_modifiers(noun: Token) -> list[Token]:
    mods = [c for c in noun.lefts if c.dep_ in ("amod", "compound", "nmod") and c.tag_ in _NOMINAL_TAGS]
    start = min([m.i for m in mods] + [noun.i])
    # The noun itself always stays: on very long sentences the parser has labelled a noun "det",
    # and an empty phrase crashed figures.v1 (benchmarks/adversarial.py, long sentences).
    return [t for t in noun.doc[start:noun.i + 1] if t.dep_ != "det" or t.i == noun.i]


def _plural_noun_before(doc: Doc, lo: int, hi: int) -> str | None:
    """The nearest modified plural noun before ``hi`` in the paragraph, skipping number words."""
    span = doc.char_span(lo, hi, alignment_mode="contract")
    for tok in reversed(list(span or [])):
        if tok.tag_ == "NNS" and tok.lower_ not in ("numbers", "figures", "estimates", "years", "days", "weeks"):
            phrase = _left_modifiers(tok)
            if len(phrase) > 1:
                return " ".join(t.text for t in phrase)
    return None
