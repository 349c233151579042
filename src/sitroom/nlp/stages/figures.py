"""figures.v1: counts, amounts, distances and durations, with hedge, counted noun and source.

For every numeric expression ``sitroom.nlp.numbers`` finds, a cascade:

1. drop what is not a figure: dates, years, clock times, ages, phone numbers, identifiers
   ("Article 4", "No. 9"), model names ("F-16"), multipliers ("three times"), "one" alone;
2. the counted noun right after the number ("some 2,000 foreign soldiers"), after "percent
   of" ("4 percent of its economic output"), or the whole of a partitive ("two of its three
   crossings");
3. parts: "about 7,500 troops, including 300 officers" and "two of its three crossings"
   have ``part_of`` set to the text of the whole;
4. an implied counted noun for a bare number ("put the number at nearly five thousand"),
   taken from the sentence, the paragraph, then the article (``_implied_counted``);
5. the holder: the speaker of the quote around it, else the source the syntax gives (the
   subject of a cue verb, "according to X", "X's estimate", "by Polish count"), else the
   source of the figure it is listed with; ``null`` when the writer states it;
6. the date of its clause, or of the clause that reports it ("said on Friday that ...").

Conventions (what counts, which hedge words, how holders are named) follow the sample gold,
described in ``sitroom/sample/README.md``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitroom.config import Config
from sitroom.model import Entity
from sitroom.nlp.gazetteer import entity_entries, entity_lookup, title_entries
from sitroom.nlp.numbers import Quantity, load_table, number_role, scan_quantities
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.registry import register_stage
from sitroom.nlp.temporal import MONTHS

_NOMINAL_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "VBG", "VBN", "HYPH", "CD"})
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "our", "my", "your", "a", "an", "this", "these", "those"})
_PRONOUN_PERSON = frozenset({"he", "she", "him", "her"})
_PARTITIVE = re.compile(r"\s+of\s+(?:(?:the|its|their|his|her|our|these|those)\s+)?(?:[^\s,;]+['’]s\s+)?")
_INCLUDING = re.compile(r",?\s*(?:including|among\s+them|among\s+whom|of\s+whom|of\s+which|incl\.)\s+$|\s+and\s+$|,\s+$", re.I)
_PLACE_APPOSITION = re.compile(r"\b[A-Z][\w’'-]+,\s+(?:(?:a|an)\s+[\w-]+\s+)?$")


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
    date: str | None = None

    def to_dict(self, text: str) -> dict[str, Any]:
        return {
            "value": self.q.value, "low": self.q.low, "high": self.q.high, "approx": self.q.hedge,
            "unit": self.q.unit, "counted": self.counted, "text": text[self.start:self.end],
            "start": self.start, "end": self.end, "holder": self.holder, "date": self.date,
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
    countries: dict[str, str] = field(default_factory=dict)  # ISO3 -> "Poland"

    @classmethod
    def load(cls) -> Lexicon:
        src, units = load_table("sources.json"), load_table("units.json")
        countries = {e.id: e.canonical for e in entity_entries() if e.kind == "country"}
        return cls(frozenset(src["cues"]), frozenset(src["conditional_cues"]), frozenset(src["of_cues"]),
                   frozenset(src["estimate_nouns"]), frozenset(src["unnamed"]), frozenset(src["counted_drop"]),
                   frozenset(units["distances"]), countries)  # fmt: skip


class FigureFinder:
    """The figures.v1 stage: picklable (only tables as state), one call per article."""

    def __init__(self) -> None:
        self.lex = Lexicon.load()

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        doc, text = item.doc, item.article.text  # Doc.text is rebuilt on every access
        sents = list(doc.sents)
        figures = [f for q in scan_quantities(text) if (f := self._figure(item, q, sents)) is not None]
        _link_parts(figures, text)
        for fig in figures:
            if fig.counted is None and fig.q.unit in (None, "percent"):
                fig.counted = _implied_counted(fig, figures, doc, text)
        sources = Sources(item, self.lex, sents)
        for fig in figures:
            fig.holder_found, fig.holder = sources.holder_for(fig)
        _inherit_holders(figures)
        for fig in figures:
            if not fig.holder_found:
                fig.holder_found, fig.holder = sources.reported_speaker(fig)
            fig.date = _date_in_clause(fig, item.ann.dates)
            item.ann.figures.append(fig.to_dict(text))
        return item

    def _figure(self, item: AnnotatedArticle, q: Quantity, sents: list[Span]) -> Figure | None:
        doc, text = item.doc, item.article.text
        if not_a_figure(doc, text, q, item.ann.dates, item.ann.entities):
            return None
        anchor = _token_at(doc, q.num_end - 1)
        if anchor is None:
            return None
        fig = Figure(q, q.start, q.end, anchor, _sentence_of(sents, anchor))
        noun = counted_noun(doc, text, q, self.lex.counted_drop)
        if noun is not None:
            fig.counted, fig.end, fig.explicit_noun = noun[0], max(fig.end, noun[1]), True
        return fig


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
    nxt = _token_at(doc, q.num_end + 1)
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
    first = _token_at(doc, q.num_start)
    if first is None or first.i == 0:
        return False
    prev = doc[first.i - 1]
    if prev.idx + len(prev.text) != q.num_start - 1 or not (prev.is_title or (prev.is_upper and prev.is_alpha and len(prev) > 1)):
        return False
    if prev.text in load_table("numbers.json")["labels"]:
        return True
    return not prev.is_sent_start and prev.pos_ in ("PROPN", "NOUN") and prev.lower_ not in _MONTH_WORDS


_MONTH_WORDS = frozenset(MONTHS)


# -- 2. the counted noun ---------------------------------------------------------------------


def counted_noun(doc: Doc, text: str, q: Quantity, drop: frozenset[str]) -> tuple[str, int] | None:
    """(counted noun phrase, end offset) written next to the number, or None.

    Units other than percent and hyphenated measures count nothing: "12 km", "2,000 zlotys".
    """
    if q.unit not in (None, "percent") and not q.unit_attached:
        return None
    after = text[q.end:q.end + 60]
    of = re.match(r"\s+of\s+", after)
    if of is None or q.unit not in (None, "percent"):
        return _noun_run(doc, text, q.end, drop, skip_determiners=False)
    partitive = _PARTITIVE.match(after)
    rest = after[partitive.end():] if partitive else ""
    if q.unit is None and any(w.start == 0 for w in scan_quantities(rest)):
        return None  # "two of its three crossings": the whole gives the noun (_link_parts)
    return _noun_run(doc, text, q.end + of.end(), drop, skip_determiners=True)  # "4 percent of its output"


def _noun_run(doc: Doc, text: str, at: int, drop: frozenset[str], skip_determiners: bool) -> tuple[str, int] | None:
    """The noun phrase starting at ``at``: adjectives and nouns up to the first plural noun
    or the last noun before a non-nominal word ("foreign soldiers had" -> "foreign soldiers")."""
    first = _token_from(doc, text, at)
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


def _link_parts(figures: list[Figure], text: str) -> None:
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
        if prev.sent == fig.sent and _INCLUDING.search(gap) and len(gap) < 20:
            if "includ" in gap or "among" in gap or " of " in gap:
                fig.whole = prev
            elif prev.whole is not None and prev.whole.q.unit == fig.q.unit:
                fig.whole = prev.whole  # "..., including 300 officers and two generals"


# -- 4. the implied counted noun ---------------------------------------------------------------

_NUMBER_OF = re.compile(r"\b(?:number|numbers|estimate|estimates|count|tally|total|how\s+many)\s+(?:of\s+)?$", re.I)


def _implied_counted(fig: Figure, figures: list[Figure], doc: Doc, text: str) -> str | None:
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
    para = _paragraph(text, fig.start)
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
    return [t for t in noun.doc[start:noun.i + 1] if t.dep_ != "det"]


def _plural_noun_before(doc: Doc, lo: int, hi: int) -> str | None:
    """The nearest modified plural noun before ``hi`` in the paragraph, skipping number words."""
    span = doc.char_span(lo, hi, alignment_mode="contract")
    for tok in reversed(list(span or [])):
        if tok.tag_ == "NNS" and tok.lower_ not in ("numbers", "figures", "estimates", "years", "days", "weeks"):
            phrase = _left_modifiers(tok)
            if len(phrase) > 1:
                return " ".join(t.text for t in phrase)
    return None


# -- 5. the holder -----------------------------------------------------------------------------


@dataclass
class Found:
    """A source the syntax points at; ``name`` None means the source is unnamed."""

    name: str | None


class Sources:
    """Who states each figure, resolved with the article's entities and mention groups."""

    def __init__(self, item: AnnotatedArticle, lex: Lexicon, sents: list[Span]) -> None:
        self.item, self.lex, self.doc, self.sents = item, lex, item.doc, sents
        self.text = item.article.text
        self.people = sorted((m.start, m.end, g.name) for g in item.ann.mentions if g.label == "PERSON" for m in g.mentions)
        self.entities = item.ann.entities
        self.recent: list[tuple[int, str]] = []  # named non-person holders so far, for "the ministry"
        self.marks = quote_spans(self.text)

    def holder_for(self, fig: Figure) -> tuple[bool, str | None]:
        found = self._from_quotes(fig) or self._from_phrases(fig) or self._from_syntax(fig)
        if found is None:
            return False, None
        if found.name and not self._is_person_name(found.name):
            self.recent.append((fig.start, found.name))
        return True, found.name

    # quotes --------------------------------------------------------------------------------
    def _from_quotes(self, fig: Figure) -> Found | None:
        """The speaker of the quote the figure sits in: the quotes stage's if it ran, else the
        cue verb nearest our own quote marks in the paragraph (or the paragraph before, for a
        quote that runs on without a cue)."""
        speaker = self._quote_speaker(fig, direct=True)
        if speaker:
            return Found(speaker)
        mark = next(((s, e) for s, e in self.marks if s <= fig.start < e), None)
        if mark is None:
            return None
        para = _paragraph(self.text, mark[0])
        for lo, hi in (para, _paragraph(self.text, para[0] - 3) if para[0] > 2 else para):
            cue = self._nearest_cue_outside_quotes(lo, hi, mark)
            if cue is not None:
                return self._source_of(cue) or None
            if not self.text[lo:hi].lstrip().startswith(("“", '"', "„", "«")):
                break
        return None

    def reported_speaker(self, fig: Figure) -> tuple[bool, str | None]:
        """Last resort: the speaker of the reported speech around the figure. It comes after
        the syntax because reported speech nests sources ("He said Polish intelligence
        believed that nearly five thousand ...": Polish intelligence holds the figure)."""
        speaker = self._quote_speaker(fig, direct=False)
        return (True, speaker) if speaker else (False, None)

    def _quote_speaker(self, fig: Figure, direct: bool) -> str | None:
        """The speaker name of a quotes-stage quote around the figure: direct and partial
        quotes when ``direct``, reported speech otherwise."""
        for q in self.item.ann.quotes:
            speaker = q.get("speaker")
            if (q.get("kind") != "indirect") != direct or not speaker or not speaker.get("name"):
                continue
            if int(q["start"]) <= fig.start < int(q["end"]):
                return str(speaker["name"])
        return None

    def _nearest_cue_outside_quotes(self, lo: int, hi: int, mark: tuple[int, int]) -> Token | None:
        span = self.doc.char_span(lo, hi, alignment_mode="contract")
        cues = [t for t in span or [] if self._is_cue(t) and not any(s <= t.idx < e for s, e in self.marks)]
        if not cues:
            return None
        return min(cues, key=lambda t: min(abs(t.idx - mark[0]), abs(t.idx - mark[1])))

    # "according to X", "by Polish count" --------------------------------------------------
    def _from_phrases(self, fig: Figure) -> Found | None:
        """A source phrase in the sentence that covers the figure: right after it with no other
        figure between, or opening the sentence ("According to the data of X, ... 6,000")."""
        best: tuple[int, Found] | None = None
        for tok in fig.sent:
            head = self._phrase_source(tok)
            if head is None:
                continue
            after = tok.idx >= fig.end and not _number_between(self.text, fig.end, tok.idx)
            opening = tok.idx < fig.start and tok.i <= fig.sent.start + 1  # may follow a quote mark
            if after or opening:
                distance = abs(tok.idx - fig.start)
                if best is None or distance < best[0]:
                    best = (distance, Found(self.name_source(head)))
        return best[1] if best else None

    def _phrase_source(self, tok: Token) -> Token | None:
        """The head noun of the source in 'according to X' or 'by X count/estimate'."""
        if tok.lower_ == "according" and tok.i + 2 < len(self.doc) and tok.nbor().lower_ == "to":
            pobj = next((c for c in tok.nbor().children if c.dep_ == "pobj"), None)
            return self._through_of(pobj) if pobj is not None else None
        if tok.lower_ == "by":
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in ("count", "estimate", "estimates", "reckoning", "tally", "figures"):
                return pobj
        return None

    def _through_of(self, noun: Token) -> Token:
        """'the data of the State Security Department' -> 'Department'."""
        if noun.lower_ in self.lex.estimate_nouns | {"words", "statement", "report", "data"}:
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                return pobj
        return noun

    # the syntax ------------------------------------------------------------------------------
    def _from_syntax(self, fig: Figure) -> Found | None:
        """Climb from the number to the first cue verb or estimate noun that names a source."""
        if fig.q.unit in self.lex.distances and _PLACE_APPOSITION.search(self.text[max(0, fig.start - 40):fig.start]):
            return Found(None)  # "near Grodno, about 20 miles from the border": the writer's geography
        prev: Token | None = None
        indefinite = False  # "up from an estimate of nearly five thousand": the source's country
        for node in [fig.anchor, *fig.anchor.ancestors]:
            found = self._source_at(node, prev)
            if found is not None:
                return Found(self._country_of(found.name)) if indefinite and found.name else found
            if node.lower_ in self.lex.estimate_nouns and any(c.lower_ in ("a", "an") for c in node.children):
                indefinite = True
            if _starts_new_clause(node):
                return None
            prev = node
        return None

    def _source_at(self, node: Token, prev: Token | None) -> Found | None:
        if node.pos_ in ("NOUN", "NUM", "PROPN"):
            for child in node.children:
                if child.dep_ in ("relcl", "acl") and child != prev and self._is_cue(child):
                    return self._source_of(child)
            if node.lower_ in self.lex.estimate_nouns:
                # "its estimate": the owner is the subject above, found further up
                owner = next((c for c in node.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
                if owner is not None:
                    return Found(self.name_source(owner))
        if node.pos_ in ("VERB", "AUX"):
            if self._is_cue(node):
                return self._source_of(node)
            aside = next((c for c in node.children if c.dep_ == "parataxis" and self._is_cue(c)), None)
            if aside is not None:  # "The toll rose to 52, the health ministry said, ..."
                return self._source_of(aside)
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in self.lex.estimate_nouns and self._country_in(subj):
                return Found(self.name_source(subj))  # "Polish estimates have risen from some 2,000"
        return None

    def _is_cue(self, tok: Token) -> bool:
        if tok.pos_ not in ("VERB", "AUX"):
            return False
        lemma = tok.lemma_.lower()
        if lemma in self.lex.cues:
            return lemma != "show" or any(c.dep_ == "nsubj" and c.lower_ in self.lex.estimate_nouns for c in tok.children)
        if lemma in self.lex.conditional_cues:
            return any((c.dep_ == "dobj" and c.lower_ in self.lex.estimate_nouns) or (c.dep_ == "prep" and c.lower_ == "at")
                       for c in tok.children)  # fmt: skip
        if lemma in self.lex.of_cues:
            return any(c.dep_ == "prep" and c.lower_ in ("of", "about") for c in tok.children)
        return False

    def _source_of(self, cue: Token) -> Found | None:
        """The subject of a cue verb (the agent of a passive one), climbing from a participle
        ('saying ...') to the verb it hangs on; a name right beside a subjectless cue when
        the parser lost the subject ('..., regional governor Oleh Syniehubov said.')."""
        node = cue
        for _ in range(3):
            subj = _subject(node)
            if subj is None and node == cue:
                subj = _name_beside(cue)
            if subj is not None:
                return Found(self.name_source(subj, reported=self._reported_subject(cue)))
            if node.dep_ not in ("advcl", "xcomp", "conj", "acl", "relcl") or node.head == node:
                return None
            node = node.head
        return None

    @staticmethod
    def _reported_subject(cue: Token) -> Token | None:
        """'Lechia have signed ..., the club announced': the subject of the reported clause."""
        clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
        return subj if subj is not None and subj.pos_ == "PROPN" else None

    # naming -----------------------------------------------------------------------------------
    def name_source(self, head: Token, reported: Token | None = None) -> str | None:
        """The source as the gold names it: a person's full name, an organisation as written,
        a country for unnamed officials ("Polish officials" -> "Poland"), None for unnamed
        people ("Diplomats"); pronouns and descriptions are resolved to earlier mentions."""
        tokens = _source_tokens(head)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if head.pos_ == "PRON":
            return self._pronoun(head)
        person = self._person_in(start, end, head)
        if person:
            return person
        lemma = head.lower_
        if lemma in self.lex.unnamed:
            country = self._country_in_span(start, end)
            if country or lemma not in self.lex.estimate_nouns:
                return country
        named = [e for e in self.entities if start <= e.start and e.end <= end and e.label != "PERSON"]
        if named:
            return self._entity_name(named, start, end, head)
        return self._unlabelled(head, start, end) or self._description(head, start, end, reported)

    def _unlabelled(self, head: Token, start: int, end: int) -> str | None:
        """A body NER missed: 'the defence ministry' (a generic gazetteer entry, given the
        sentence's country) or 'Border guards' (the organisation 'Border Guard' named elsewhere)."""
        text = self.text[start:end]
        entry = entity_lookup().get(text.replace("’", "'").casefold())
        if entry is not None and entry.country is None and entry.kind in ("ministry", "military", "intelligence"):
            return self._qualified(text, head)
        singular = re.sub(r"s$", "", text.casefold())
        return next((e.text for e in self.entities if e.label == "ORG" and e.text.casefold() == singular), None)

    def _entity_name(self, named: list[Entity], start: int, end: int, head: Token) -> str | None:
        text = self.text[start:end]
        if len(named) == 1 and named[0].label == "GPE" and (named[0].start, named[0].end) == (start, end):
            ent = named[0]
            return self.lex.countries.get(ent.country or "", ent.canonical) if ent.stands_for or ent.kb_id == ent.country else ent.canonical
        entry = entity_lookup().get(text.replace("’", "'").casefold())
        if entry is not None and entry.country is None and entry.kind in ("ministry", "military", "intelligence"):
            return self._qualified(text, head)
        return text

    def _qualified(self, text: str, head: Token) -> str:
        """'the defence ministry' with no country: the demonym earlier in the sentence says whose."""
        sent = _sentence_of(self.sents, head)
        norp = [e for e in self.entities if e.label == "NORP" and sent.start_char <= e.start < head.idx]
        return f"{norp[-1].text} {text}" if norp else text

    def _description(self, head: Token, start: int, end: int, reported: Token | None) -> str | None:
        """'the ministry', 'the union', 'the operator', 'Border guards': an earlier holder or
        organisation with that head word, an apposition that described one, or the named
        subject of the reported clause."""
        word = head.lower_
        for _, name in reversed(self.recent):
            if name.split()[-1].casefold() == word:
                return name
        orgs = [e for e in self.entities if e.label == "ORG" and e.end <= start]
        for ent in reversed(orgs):
            if ent.text.split()[-1].casefold().rstrip("s") == word.rstrip("s"):
                return ent.text
        alias = self._apposition_alias(word, start)
        if alias:
            return alias
        if word in _title_heads():
            return self._titled_person(word, start)  # "The minister underlined ..."
        first = self.doc[head.left_edge.i]
        if reported is not None and first.lower_ == "the":
            return self.text[reported.left_edge.idx:reported.idx + len(reported.text)]
        return None

    def _titled_person(self, word: str, before: int) -> str | None:
        """The person last mentioned before ``before`` whose titles end in ``word``."""
        best: tuple[int, str] | None = None
        for g in self.item.ann.mentions:
            if g.label != "PERSON" or not any(t.split()[-1].casefold() == word for t in g.titles):
                continue
            # NER sometimes misses the first, fullest mention ("... of the Republic of Lithuania
            # Rimantas Žukauskas"), so the surname anywhere in the text counts as a mention.
            surname = re.escape(g.name.split()[-1])
            starts = [m.start for m in g.mentions if m.start < before]
            starts += [m.start() for m in re.finditer(rf"\b{surname}\b", self.text[:before])]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), g.name)
        return self._full_name(best[0], best[0] + 1, best[1]) if best else None

    def _apposition_alias(self, word: str, before: int) -> str | None:
        """'Gdańsk City Transport, the municipal operator,' makes 'the operator' that company."""
        for ent in reversed([e for e in self.entities if e.end <= before and e.label in ("ORG", "PERSON")]):
            m = re.match(r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}([\w-]+)\s*[,.;]", self.text[ent.end:ent.end + 80])
            if m and m.group(1).casefold() == word:
                return ent.text
        return None

    def _person_in(self, start: int, end: int, head: Token) -> str | None:
        """A person named in the subject, in apposition to it ("Lithuania's foreign minister,
        Rimantas Žukauskas,"), or a title standing for one ("The minister")."""
        appos = [c for c in head.children if c.dep_ == "appos"]
        spans = [(start, end)] + [(a.left_edge.idx, a.right_edge.idx + len(a.right_edge.text)) for a in appos]
        for lo, hi in spans:
            ents = [e for e in self.entities if e.label == "PERSON" and lo <= e.start and e.end <= hi]
            if ents:
                return self._full_name(ents[0].start, ents[0].end, ents[0].canonical)
        for s, e, name in self.people:
            if s <= head.idx < e:
                return self._full_name(s, e, name)
        return None

    def _full_name(self, start: int, end: int, name: str) -> str:
        """The group's name, with an initial written out where the article spells it: 'R.
        Žukauskas' -> 'Rimantas Žukauskas'."""
        group = next((n for s, e, n in self.people if s <= start < e), name)
        # "Ursula von der Leyen": a name tagger that stops at "von" left the rest behind
        particles = re.match(r"(?:\s+(?:von|van|der|den|de|da|di|du|del|della|la|le|bin|ibn|al|el|ter|zu)\b)+\s+[A-Z][\w'’-]+",
                             self.text[end:end + 40])  # fmt: skip
        if particles and group.endswith(self.text[start:end].split()[-1]):
            group = " ".join((group + particles.group(0)).split())
        words = group.split()
        if len(words) == 2 and re.fullmatch(r"[A-Z]\.", words[0]):
            m = re.search(rf"\b({words[0][0]}[^\W\d_]+)\s+{re.escape(words[1])}\b", self.text)
            if m:
                return f"{m.group(1)} {words[1]}"
        return group

    def _pronoun(self, pron: Token) -> str | None:
        """'he'/'she' -> the person mentioned last; 'it' -> the organisation that held the last figure."""
        if pron.lower_ in _PRONOUN_PERSON:
            earlier = [(s, e, n) for s, e, n in self.people if e <= pron.idx]
            return self._full_name(*earlier[-1]) if earlier else None
        if pron.lower_ == "it" and self.recent:
            return self.recent[-1][1]
        return None

    def _is_person_name(self, name: str) -> bool:
        return any(n == name for _, _, n in self.people)

    def _country_in(self, tok: Token) -> bool:
        lo, hi = tok.left_edge.idx, tok.idx + len(tok.text)
        return self._country_in_span(lo, hi) is not None

    def _country_in_span(self, start: int, end: int) -> str | None:
        for e in self.entities:
            if start <= e.start and e.end <= end and e.label in ("NORP", "GPE") and e.country:
                return self.lex.countries.get(e.country)
        return None

    def _country_of(self, name: str | None) -> str | None:
        """'Poland’s Defense Ministry' -> 'Poland': the country an organisation belongs to."""
        if not name:
            return name
        entry = entity_lookup().get(name.replace("’", "'").casefold())
        if entry is not None and entry.country:
            return self.lex.countries.get(entry.country, name)
        at = self.text.find(name)
        return self._country_in_span(at, at + len(name)) if at >= 0 else name


@lru_cache(maxsize=1)
def _title_heads() -> frozenset[str]:
    """Last words of the titles we know ('minister', 'spokeswoman', 'general'): a description
    ending in one names a person, not an organisation."""
    return frozenset(e.pattern.split()[-1].casefold().rstrip(".") for e in title_entries())


def _subject(verb: Token) -> Token | None:
    """The agent of a passive verb, else the subject nearest the verb (a dateline "KYIV -"
    that the parser makes a second subject is further away); a relative pronoun stands for
    the noun its clause hangs on."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is not None:
        return pobj
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subj = min(subjects, key=lambda c: abs(c.i - verb.i))
    if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        return verb.head
    return None if subj.lower_ in ("who", "which", "that") else subj


def _name_beside(cue: Token) -> Token | None:
    """A proper noun right before or after a cue verb that has no subject."""
    doc = cue.doc
    for i in (cue.i - 1, cue.i + 1):
        if 0 <= i < len(doc) and doc[i].pos_ == "PROPN":
            return doc[i]
    return None


def _source_tokens(head: Token) -> list[Token]:
    """The subject phrase without its determiner and without what follows a comma or bracket
    (appositions, relative clauses): 'The Belarusian Defence Ministry' -> 'Belarusian Defence Ministry'."""
    tokens = [t for t in head.subtree if (t.i <= head.i and not _before_break(t, head)) or (t.i > head.i and not _after_break(t, head))]
    while len(tokens) > 1 and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    return tokens


def _before_break(tok: Token, head: Token) -> bool:
    """'WARSAW - Poland's Defence Ministry': a dateline or dash before the subject is no part of it."""
    return any(t.text in ("-", "—", "–", ":", ";", "(", ")") for t in tok.doc[tok.i:head.i])


def _after_break(tok: Token, head: Token) -> bool:
    between = tok.doc[head.i + 1:tok.i + 1]
    return any(t.text in (",", "(", "—", "–", ";") or t.dep_ in ("relcl", "acl", "appos") for t in between)


def _starts_new_clause(node: Token) -> bool:
    """', and on Friday the queue stretched for 25 km': a coordinated clause with its own
    subject after a comma starts a new statement; the cue above it does not reach it."""
    if node.dep_ != "conj" or node.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children) or any(c.dep_ == "mark" for c in node.children):
        return False  # "said that X ..., and that Y ...": still under the same cue
    left = node.doc[max(node.left_edge.i - 2, 0):node.left_edge.i]
    return any(t.text == "," for t in left)


def _inherit_holders(figures: list[Figure]) -> None:
    """A figure the syntax gave no source takes the source of the figure it is listed with
    ('some 2,000 that Polish intelligence cited on Monday and nearly five thousand on
    Wednesday'), and a part takes its whole's."""
    for i, fig in enumerate(figures):
        if fig.holder_found:
            continue
        if fig.whole is not None and fig.whole.holder_found:
            fig.holder, fig.holder_found = fig.whole.holder, True
            continue
        prev = figures[i - 1] if i else None
        if prev is not None and prev.sent == fig.sent and prev.holder_found and _listed_with(prev, fig):
            fig.holder, fig.holder_found = prev.holder, True


def _listed_with(prev: Figure, fig: Figure) -> bool:
    """No verb between the two figures except inside the first one's own clause."""
    own = {t.i for t in prev.anchor.subtree}
    doc = fig.anchor.doc
    between: Span | list[Token] = doc.char_span(prev.end, fig.start, alignment_mode="contract") or []
    return not any(t.pos_ in ("VERB", "AUX") and t.i not in own for t in between)


# -- helpers ---------------------------------------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of text inside double quotation marks, paragraph by paragraph: “…”, "…",
    „…“ and «…». A quote left open at a paragraph's end runs to that end."""
    spans = []
    for lo, hi in _paragraphs(text):
        para = text[lo:hi]
        closers = {"“": "”", '"': '"', "„": "“”", "«": "»"}
        i = 0
        while i < len(para):
            ch = para[i]
            if ch in closers:  # "„" is closed by "“" when we jump to its closer, so a later "“" opens
                close = min((j for c in closers[ch] if (j := para.find(c, i + 1)) >= 0), default=len(para))
                spans.append((lo + i + 1, lo + close))
                i = close + 1
            else:
                i += 1
    return spans


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        yield start, m.start()
        start = m.end()
    yield start, len(text)


def _paragraph(text: str, at: int) -> tuple[int, int]:
    return next(((lo, hi) for lo, hi in _paragraphs(text) if lo <= at <= hi), (0, len(text)))


def _number_between(text: str, lo: int, hi: int) -> bool:
    return bool(re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million)\b", text[lo:hi], re.I))


def _sentence_of(sents: list[Span], token: Token) -> Span:
    """The sentence holding ``token`` (``Token.sent`` walks the whole document each time)."""
    starts = [s.start for s in sents]
    return sents[max(bisect_right(starts, token.i) - 1, 0)]


def _token_from(doc: Doc, text: str, offset: int) -> Token | None:
    """The first token that starts at or after ``offset`` (skipping whitespace)."""
    rest = text[offset:offset + 200]
    at = offset + len(rest) - len(rest.lstrip())
    token = _token_at(doc, at) if at < len(text) else None
    return token if token is not None and token.idx >= offset else None


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _date_in_clause(fig: Figure, dates: list[dict[str, Any]]) -> str | None:
    """The date of the figure's own clause, else of a clause above it ("said on Friday that
    ... 7,500 troops"); a date in a sibling clause ("and said it would cut 1,500 jobs by
    March") does not date the figure."""
    clause = _clause_head(fig.anchor)
    above = {t.i for t in clause.ancestors}
    best: tuple[int, int, str] | None = None
    for d in dates:
        if not d.get("value") or not fig.sent.start_char <= int(d["start"]) < fig.sent.end_char:
            continue
        token = _token_at(fig.anchor.doc, int(d["start"]))
        if token is None:
            continue
        head = _clause_head(token)
        rank = 0 if head == clause else 1 if head.i in above else None
        if rank is None:
            continue
        distance = min(abs(int(d["start"]) - fig.end), abs(fig.start - int(d["end"])))
        if best is None or (rank, distance) < best[:2]:
            best = (rank, distance, str(d["value"]))
    return best[2] if best else None


def _clause_head(token: Token) -> Token:
    """The nearest verb at or above the token (the sentence root if none)."""
    for node in [token, *token.ancestors]:
        if node.pos_ in ("VERB", "AUX"):
            return node
    root = token
    while root.head != root:
        root = root.head
    return root


@register_stage("figures.v1", requires=("doc", "sentences", "entities", "mentions", "dates"), provides=("figures",))
def figures_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Figures with value or range, hedge, unit, counted noun, holder, date and part-of."""
    return FigureFinder()
