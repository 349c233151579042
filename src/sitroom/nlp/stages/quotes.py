"""quotes.v1: direct, partial and reported speech, each with its cue and source mention.

Direct and partial quotes start from paired quotation marks (``sitroom.nlp.quotemarks``);
reported speech from cue verbs in the dependency parse (``said that ...``, ``according
to ...``). Each quote records the span the article uses for its source (``mention``), which
may be "he" or "the ministry": resolving that to a named speaker is the speakers stage's job.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Doc, Span, Token

from sitroom.config import Config
from sitroom.nlp.pipeline import AnnotatedArticle, doc_text
from sitroom.nlp.quotemarks import QuoteSpan, find_quote_spans, find_single_quote_spans
from sitroom.nlp.registry import register_stage

SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_TRANSCRIPT_LABEL = re.compile(r"\s*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2})(?=:\s)")
_SPEAKER_LABELS = ("PERSON", "ORG", "GPE", "NORP")


@dataclass(frozen=True)
class CueLexicon:
    verbs: frozenset[str]
    object_verbs: frozenset[str]
    direct_only: frozenset[str]
    pronouns: frozenset[str]
    v2_verbs: frozenset[str] = frozenset()  # cues only quotes.v2 reads (its evaluation said so)
    v2_direct: frozenset[str] = frozenset()  # and of whole direct quotes only ("“Go back,” X barked")

    @property
    def direct_verbs(self) -> frozenset[str]:
        return self.verbs | self.direct_only


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    raw = json.loads(resources.files("sitroom").joinpath("data", "quotes", "cues.json").read_text("utf-8"))
    return CueLexicon(frozenset(raw["verbs"]), frozenset(raw["object_verbs"]), frozenset(raw["direct_only_verbs"]),
                      frozenset(raw["pronouns"]), frozenset(raw["v2_verbs"]), frozenset(raw["v2_direct_verbs"]))  # fmt: skip


@lru_cache(maxsize=1)
def _direct_verbs() -> frozenset[str]:
    """Cues of direct quotes: the reporting verbs plus "added", "replied" and the like."""
    return cue_lexicon().direct_verbs


@dataclass
class Source:
    """Who a quote is attributed to, as the article words it at that point."""

    text: str
    start: int
    end: int
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None


@dataclass
class Found:
    start: int
    end: int
    kind: str
    source: Source | None
    confidence: float
    segments: list[tuple[int, int]] = field(default_factory=list)

    def to_dict(self, text: str) -> dict[str, Any]:
        s = self.source
        return {
            "text": text[self.start:self.end], "start": self.start, "end": self.end, "kind": self.kind,
            "cue": s.cue if s else None, "cue_start": s.cue_start if s else None, "cue_end": s.cue_end if s else None,
            "mention": s.text if s else None, "mention_start": s.start if s else None, "mention_end": s.end if s else None,
            "speaker": None, "confidence": round(self.confidence, 2),
            "segments": [list(seg) for seg in self.segments] if len(self.segments) > 1 else None,
        }  # fmt: skip


_SOURCE_LEAD = re.compile(r"^(?:the\s+)?(?:data|figures|estimates?|information|assessment|findings)\s+(?:of|from|by)\s+", re.I)


def _source_span(subj: Token) -> Source:
    """The subject phrase, cut before an appositive or relative clause ('Maria Ortega, the ...')
    and after a dateline or dash before it ('WARSAW - Poland's Defence Ministry')."""
    tokens = list(subj.subtree)
    head_i = subj.i
    kept = [t for t in tokens if t.i <= head_i or not any(p.text in ",(" and head_i < p.i <= t.i for p in tokens)]
    cut = max((t.i for t in kept if t.i < head_i and t.is_punct and t.text not in (".", "'", "’")), default=None)
    if cut is not None:
        kept = [t for t in kept if t.i > cut]
    verb = next((t.i for t in kept if t.i > head_i and t.pos_ == "VERB"), None)
    if verb is not None:  # "Belarus’s foreign ministry called … and said": stop at the other verb
        kept = [t for t in kept if t.i < verb]
    while kept and kept[-1].is_punct:
        kept = kept[:-1]
    kept = kept or [subj]
    start, end = kept[0].idx, kept[-1].idx + len(kept[-1].text)
    lead = _SOURCE_LEAD.match(doc_text(subj.doc)[start:end])
    if lead and end - start > lead.end():
        start += lead.end()
    return Source(doc_text(subj.doc)[start:end], start, end)


def _entity_after(doc: Doc, token: Token, limit: int) -> Source | None:
    """'said Maria Ortega' when the parser did not make her the subject."""
    for ent in doc.ents:
        if token.idx < ent.start_char <= limit and ent.label_ in _SPEAKER_LABELS:
            return Source(ent.text, ent.start_char, ent.end_char)
    for t in doc[token.i + 1:]:
        if t.idx > limit:
            break
        if t.lower_ in ("he", "she", "they", "it"):
            return Source(t.text, t.idx, t.idx + len(t.text))
    return None


def _cue_source(cue: Token, limit: int | None = None) -> Source | None:
    subj = next((c for c in cue.children if c.dep_ in SUBJECT_DEPS), None)
    if subj is None and cue.dep_ in ("conj", "advcl") and cue.head.pos_ in ("VERB", "AUX"):
        subj = next((c for c in cue.head.children if c.dep_ in SUBJECT_DEPS), None)  # "... and told reporters"
    source: Source | None
    if subj is not None:
        source = _source_span(subj)
    else:
        source = _entity_after(cue.doc, cue, limit if limit is not None else cue.sent.end_char)
    if source is not None:
        source.cue, source.cue_start, source.cue_end = cue.text, cue.idx, cue.idx + len(cue.text)
    return source


def _is_cue(token: Token, direct: bool) -> bool:
    if token.pos_ not in ("VERB", "AUX"):
        return False
    if token.lemma_.lower() not in (_direct_verbs() if direct else cue_lexicon().verbs):
        return False
    return not any(c.dep_ == "neg" for c in token.children) or token.lemma_.lower() == "deny"


class QuoteFinder:
    """Direct and partial quotes from quote marks; reported speech from the parse."""

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        doc, text = item.doc, doc_text(item.doc)
        marks = find_quote_spans(text)
        marks += find_single_quote_spans(text, marks)
        marks.sort(key=lambda m: m.start)
        found: list[Found] = []
        last_source: Source | None = None
        for mark in marks:
            if last_source is not None and not self._recent(text, last_source, mark):
                last_source = None
            q = self._from_marks(doc, mark, marks, last_source)
            if q is not None:
                found.append(q)
                if q.kind == "direct" and q.source is not None:
                    last_source = q.source
        found = _merge_interrupted(text, found)
        found.extend(self._reported(doc, marks, found))
        found.sort(key=lambda f: (f.start, f.kind))
        item.ann.quotes = [f.to_dict(text) for f in found]
        return item

    # -- quote marks -----------------------------------------------------------------------
    def _from_marks(self, doc: Doc, mark: QuoteSpan, marks: list[QuoteSpan], last: Source | None) -> Found | None:
        text = doc_text(doc)
        inner = text[mark.start:mark.end].strip()
        span = _tokens_in(doc, mark.start, mark.end)
        if span is None or not inner:
            return None
        sent = span[0].sent
        words = inner.split()
        full = self._is_full_quote(text, mark, inner) or self._after_cue(doc, mark)
        if not full and len(words) <= 3 and all(w[:1].isupper() or not w[:1].isalpha() for w in words):
            return None  # a name in quotes ("Eastern Shield" drills), not speech
        label = _TRANSCRIPT_LABEL.match(text, mark.start)
        if label is not None:
            # "WALLACE: Let's start with …" -- a transcript names its speaker inside the marks.
            name = label.group(1).strip()
            return Found(mark.start, mark.end, "direct", Source(name, label.start(1), label.start(1) + len(name), ":",
                                                                 label.end(1), label.end(1) + 1), 0.85, mark.segments)  # fmt: skip
        source = self._attribute(doc, mark, marks, sent, direct=full)
        if full:
            if source is None and last is not None and self._continues(text, mark):
                # "“…,” he said. “…”" and a paragraph that is only a quote: the previous speaker goes on.
                return Found(mark.start, mark.end, "direct", Source(last.text, last.start, last.end), 0.6, mark.segments)
            return Found(mark.start, mark.end, "direct", source, 0.9 if source else 0.5, mark.segments)
        if source is None:
            return None  # scare quotes: no one is said to have said it
        return Found(mark.start, mark.end, "partial", source, 0.8, mark.segments)

    def _continues(self, text: str, mark: QuoteSpan) -> bool:
        """Whether a quote with no cue of its own may go on with the previous speaker (a hook)."""
        return True

    def _is_cue(self, token: Token, direct: bool) -> bool:
        """A reporting verb (a hook: quotes.v2 knows more of them)."""
        return _is_cue(token, direct)

    def _cue_source(self, cue: Token, limit: int | None = None) -> Source | None:
        """Who the cue's speaker is (a hook: quotes.v2 reads the parse further)."""
        return _cue_source(cue, limit)

    def _after_cue(self, doc: Doc, mark: QuoteSpan) -> bool:
        """A short quote right after its cue is a whole utterance (a hook: v1 says no)."""
        return False

    @staticmethod
    def _recent(text: str, last: Source, mark: QuoteSpan) -> bool:
        """The previous speaker can go on only into the same or the next paragraph."""
        return text.count("\n\n", last.end, mark.open_mark) <= 1

    @staticmethod
    def _is_full_quote(text: str, mark: QuoteSpan, inner: str) -> bool:
        """A whole utterance: starts a sentence in the quote, or stands after ':' / at a paragraph start."""
        before = text[:mark.open_mark].rstrip(" \t")
        at_start = not before or before.endswith(("\n", ":", ".", "?", "!")) or before.endswith((",", "—", "–"))
        ends_sentence = inner[-1:] in ".,?!…" or text[mark.end:mark.end + 1] in ".?!" and len(inner.split()) > 4
        starts_upper = inner[:1].isupper() or inner[:1] in "[…."
        return bool(starts_upper and (at_start or ends_sentence) and len(inner.split()) >= 3) or (at_start and len(inner.split()) >= 5)

    def _attribute(self, doc: Doc, mark: QuoteSpan, marks: list[QuoteSpan], sent: Span, direct: bool) -> Source | None:
        """The cue and source outside the quote: after it ("…,” she said), then before it (He said: “…”)."""
        para_start = _paragraph_bounds(doc_text(doc), mark.open_mark)[0]
        close = mark.close_mark if mark.closed else mark.end
        # The text after the quote ends with the paragraph the quote *closes* in: a quote left
        # open at a paragraph end continues into the next one, so its opening paragraph may end
        # before the quote does (an unbounded window here once gave spaCy's E035).
        para_end = _paragraph_bounds(doc_text(doc), close)[1]
        after_end = next((m.open_mark for m in marks if m.open_mark > mark.end), para_end)
        sents = {sent.start}
        end_span = _tokens_in(doc, max(mark.start, mark.end - 1), mark.end)
        if end_span is not None:
            sents.add(end_span[0].sent.start)
        # “How many times?” Clinton said. -- the parser often starts a new sentence after ?”;
        # that sentence's cue is a last resort, after any cue in the quote's own sentences.
        next_sent = None
        after_span = _tokens_in(doc, close + 1, min(after_end, close + 40))
        if after_span is not None and after_span[0].sent.start not in sents:
            next_sent = after_span[0].sent
        # He said:\n\n“…” -- the cue ends the previous paragraph.
        if not doc_text(doc)[para_start:mark.open_mark].strip() and para_start >= 2:
            prev = doc_text(doc)[:para_start].rstrip()
            if prev.endswith(":"):
                colon = _tokens_in(doc, len(prev) - 1, len(prev))
                if colon is not None:
                    sents.add(colon[0].sent.start)
                    para_start = _paragraph_bounds(doc_text(doc), len(prev) - 1)[0]
        candidates: list[Token] = []
        for s in {doc[i].sent for i in sents}:
            for tok in s:
                inside = any(m.open_mark <= tok.idx <= max(m.close_mark, m.end) for m in marks)
                if not inside and self._is_cue(tok, direct):
                    candidates.append(tok)
        after = [t for t in candidates if close < t.idx < after_end]
        before = [t for t in candidates if para_start <= t.idx < mark.open_mark]
        following = [t for t in next_sent or () if self._is_cue(t, direct) and t.idx < after_end and t.idx - close < 40]
        order = after[:1] + before[::-1] + following[:1]
        if not direct:
            # A partial quote belongs to the cue that governs it: "said his government had “…”".
            inner = _tokens_in(doc, mark.start, mark.end)
            governing = [c for c in candidates if inner is not None and any(c in t.ancestors for t in inner)]
            order = governing[::-1] + before[::-1] + after[:1]
        for cue in order:
            source = self._cue_source(cue, after_end)
            if source is not None and not any(m.start <= source.start < m.end for m in marks):
                return source
        if not direct:
            holder = self._possessive_holder(doc, mark)
            if holder is not None:
                return holder
        return self._according_to(doc, sent, mark) or self._punctuation_source(doc, mark)

    @staticmethod
    def _punctuation_source(doc: Doc, mark: QuoteSpan) -> Source | None:
        """'Trump: “…”' and '“…” — Nikki Haley': a name joined to the quote by a colon or a dash."""
        text = doc_text(doc)
        before = re.search(r"([^\W\d_][\w.’' -]{1,60}?)\s*:\s*$", text[max(0, mark.open_mark - 64):mark.open_mark])
        if before:
            start = mark.open_mark - len(before.group(0))
            end = start + len(before.group(1))
            if any(e.start_char <= start < e.end_char and e.label_ in _SPEAKER_LABELS for e in doc.ents):
                return Source(text[start:end], start, end, ":", end, end + 1)
        if mark.closed:
            after = re.match(r"\s*[—―–-]{1,2}\s*", text[mark.close_mark + 1:mark.close_mark + 6])
            if after:
                at = mark.close_mark + 1 + after.end()
                ent = next((e for e in doc.ents if e.start_char == at and e.label_ in _SPEAKER_LABELS), None)
                if ent is not None:
                    return Source(ent.text, ent.start_char, ent.end_char, after.group(0).strip(), mark.close_mark + 1, at)
        return None

    @staticmethod
    def _possessive_holder(doc: Doc, mark: QuoteSpan) -> Source | None:
        """"Roe’s call for “direct military action”": the possessor of the noun above the quote."""
        inner = _tokens_in(doc, mark.start, mark.end)
        if inner is None:
            return None
        for noun in inner.root.ancestors:
            poss = next((c for c in noun.children if c.dep_ == "poss" and c.pos_ == "PROPN"), None)
            if poss is not None and noun.pos_ == "NOUN":
                return Source(poss.text, poss.idx, poss.idx + len(poss.text), noun.text, noun.idx, noun.idx + len(noun.text))
            if noun.pos_ in ("VERB", "AUX"):
                break
        return None

    @staticmethod
    def _according_to(doc: Doc, sent: Span, mark: QuoteSpan) -> Source | None:
        m = re.search(r"\b[Aa]ccording to ((?:the |an? )?[^,.;“”\"]{2,80})", sent.text)
        if not m:
            return None
        start = sent.start_char + m.start(1)
        if mark.start <= start < mark.end:
            return None
        source = m.group(1).strip()
        lead = _SOURCE_LEAD.match(source)
        if lead and len(source) > lead.end():
            start, source = start + lead.end(), source[lead.end():]
        return Source(source, start, start + len(source), "according to",
                      sent.start_char + m.start(), sent.start_char + m.start(1) - 1)  # fmt: skip

    @staticmethod
    def _paragraph_has_no_cue(doc: Doc, mark: QuoteSpan, marks: list[QuoteSpan]) -> bool:
        start, end = _paragraph_bounds(doc_text(doc), mark.open_mark)
        outside = doc_text(doc)[start:end]
        for m in marks:
            if start <= m.open_mark < end:
                lo, hi = m.open_mark - start, max(m.close_mark, m.end) - start + 1
                outside = outside[:lo] + " " * (hi - lo) + outside[hi:]
        return len(re.sub(r"[\W_]+", "", outside)) < 3

    # -- reported speech -----------------------------------------------------------------
    def _reported(self, doc: Doc, marks: list[QuoteSpan], direct: list[Found]) -> list[Found]:
        out: list[Found] = []
        taken = [(f.start, f.end) for f in direct if f.kind == "direct"]
        for tok in doc:
            # Only the core reporting verbs open reported speech: "called on allies to act" or
            # "praised X for ..." without quotation marks is an act, not a statement to attribute.
            if not _is_cue(tok, direct=False) or any(m.open_mark <= tok.idx <= max(m.close_mark, m.end) for m in marks):
                continue
            if any(s <= tok.idx < e for s, e in taken):
                continue  # a cue inside reported content ("said they expected ...") is not a new quote
            content = self._content(tok)
            if content is None:
                continue
            start, end = content
            if any(s <= start < e or start <= s < end for s, e in taken) and self._mostly_quoted(start, end, marks):
                continue
            source = self._cue_source(tok)
            if source is None or start <= source.start < end:
                continue
            out.append(Found(start, end, "indirect", source, 0.75))
            taken.append((start, end))
        out.extend(self._according_to_reported(doc, marks, taken))
        return out

    @staticmethod
    def _mostly_quoted(start: int, end: int, marks: list[QuoteSpan]) -> bool:
        quoted = sum(max(0, min(end, m.end) - max(start, m.start)) for m in marks)
        return quoted >= 0.5 * (end - start)

    @staticmethod
    def _content(cue: Token) -> tuple[int, int] | None:
        """Offsets of what was said: the clausal complement, or object + infinitive ('urged NATO to act')."""
        comp = next((c for c in cue.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX", "ADJ", "NOUN")), None)
        if comp is None:
            return None
        tokens = list(comp.subtree)
        if comp.dep_ == "xcomp" and cue.lemma_.lower() in cue_lexicon().object_verbs:
            obj = next((c for c in cue.children if c.dep_ in ("dobj", "obj", "dative")), None)
            if obj is not None:
                tokens = list(obj.subtree) + tokens
        tokens = [t for t in tokens if not (t.i < cue.i < tokens[-1].i and t.i <= cue.i)] or tokens
        while tokens and (tokens[0].lower_ == "that" and tokens[0].dep_ == "mark" or tokens[0].is_punct):
            tokens = tokens[1:]
        while tokens and tokens[-1].is_punct and tokens[-1].text not in "”\"’":
            tokens = tokens[:-1]
        if len(tokens) < 3:
            return None
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        text = doc_text(cue.doc)
        opened = text.count("“", start, end) - text.count("”", start, end)
        close = text.find("”", end, end + 3)
        if opened > 0 and close >= 0:
            end = close + 1  # keep the closing mark of a quoted fragment the clause ends on
        return start, end

    @staticmethod
    def _according_to_reported(doc: Doc, marks: list[QuoteSpan], taken: list[tuple[int, int]]) -> list[Found]:
        out = []
        for sent in doc.sents:
            m = re.search(r"\b[Aa]ccording to ((?:the |an? )?[^,.;“”\"]{2,80})", sent.text)
            if not m:
                continue
            s0 = sent.start_char
            if m.start() <= 2:  # "According to X, CONTENT."
                rest = sent.text[m.end():]
                skip = len(rest) - len(rest.lstrip(" ,"))
                start, end = s0 + m.end() + skip, sent.end_char
            else:  # "CONTENT, according to X."
                start, end = s0, s0 + m.start()
            while end > start and doc_text(doc)[end - 1] in " ,.;\n\t":
                end -= 1
            if end - start < 10 or any(s <= start < e for s, e in taken) or QuoteFinder._mostly_quoted(start, end, marks):
                continue
            src = m.group(1).strip()
            src_start = s0 + m.start(1)
            lead = _SOURCE_LEAD.match(src)
            if lead and len(src) > lead.end():
                src_start, src = src_start + lead.end(), src[lead.end():]
            out.append(Found(start, end, "indirect", Source(src, src_start, src_start + len(src), "according to",
                                                            s0 + m.start(), s0 + m.start() + 12), 0.7))  # fmt: skip
        return out


class QuoteFinderV2(QuoteFinder):
    """quotes.v2: v1, with the speaker read from the structure of the cue.

    - A cue with no subject of its own takes the subject of the verb it hangs on, through
      participles, prepositions and coordination ("X inflamed tensions by saying, “…”",
      "X issued a statement describing it as “…”").
    - A name after a subjectless cue counts only right after it ("“…,” advises psychologist
      Y", "“…,” said Vice President Z"), never inside a prepositional phrase or further on in
      the sentence ("argued on [a network]", "in the [city] region", a dateline).
    - A short quote right after its cue and a comma or colon is a whole utterance
      (`X said, “None.”`), not a name in quotation marks.
    - More cues (``v2_verbs`` in cues.json): verbs that name or judge what someone said
      ("called him a “con artist”", "praised him as “a man who ...”", "advises psychologist Y").
    """

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        item = super().__call__(item)
        text = doc_text(item.doc)
        turns = _transcript_turns(text)
        if len(turns) >= 2:
            item.ann.quotes = _with_turns(text, item.ann.quotes, turns)
        return item

    def _is_cue(self, token: Token, direct: bool) -> bool:
        if token.pos_ not in ("VERB", "AUX") or _negated(token):
            return False
        lemma = token.lemma_.lower()
        if lemma in (_direct_verbs() | cue_lexicon().v2_direct if direct else cue_lexicon().verbs):
            return True
        return token.pos_ == "VERB" and lemma in cue_lexicon().v2_verbs

    def _cue_source(self, cue: Token, limit: int | None = None) -> Source | None:
        node: Token | None = cue
        for _ in range(4):
            if node is None or any(c.dep_ in SUBJECT_DEPS for c in node.children):
                break
            named = _named_before_participle(node) if node is cue else None
            if named is not None:
                return _with_cue(_entity_source(named), cue)
            node = _governing_verb(node)
            if node is not None and (node.lemma_.lower() in _REFUSALS or any(c.dep_ == "neg" for c in node.children)):
                return None  # "declined to say how many ...": nothing was said
        if node is not None and node is not cue and node.dep_ == "ccomp" and self._is_cue(node.head, direct=False):
            # "X said the figure confirms ... and called on allies to “…”": the parser tied the
            # cue to the reported clause, whose subject is content; the reporter speaks.
            node = node.head
        subj = _subject(node) if node is not None else None
        if subj is not None and subj.dep_ == "nsubjpass":
            # "The accord is expected to be ratified", "what is being criticized as ...": the
            # subject of a passive cue is what was said about, not who said it; the agent is.
            subj = _agent(subj.head)
            if subj is None:
                return None
        source = _source_span(subj) if subj is not None else _name_right_after(cue)
        if source is not None:
            source.cue, source.cue_start, source.cue_end = cue.text, cue.idx, cue.idx + len(cue.text)
        return source

    def _reported(self, doc: Doc, marks: list[QuoteSpan], direct: list[Found]) -> list[Found]:
        """v1's reported speech, plus the parenthetical cue: "Still, he said, officials must
        decide ..." and "This campaign, he says, is different." (the cue hangs on the clause
        it reports as parataxis, so v1, which reads a cue's complement, missed it)."""
        out = super()._reported(doc, marks, direct)
        out = [f for f in out if not _according_to_inside(f, direct + out)]
        taken = [(f.start, f.end) for f in direct + out]
        for tok in doc:
            if tok.dep_ != "parataxis" or not _is_cue(tok, direct=False):
                continue
            if any(m.open_mark <= tok.idx <= max(m.close_mark, m.end) for m in marks):
                continue
            found = self._parenthetical(tok)
            if found is None or any(s < found.end and found.start < e for s, e in taken):
                continue
            if self._mostly_quoted(found.start, found.end, marks):
                continue
            out.append(found)
            taken.append((found.start, found.end))
        return out

    def _punctuation_source(self, doc: Doc, mark: QuoteSpan) -> Source | None:  # type: ignore[override]
        """v1's colon and dash sources, and a name that ends right at the colon after a
        headline or a dash ("POLL HEADLINE - Jane Roe: “…”", "More from Roe: “…”")."""
        found = QuoteFinder._punctuation_source(doc, mark) or _signature(doc_text(doc), mark)
        if found is not None:
            return found
        text = doc_text(doc)
        before = text[:mark.open_mark].rstrip()
        if not before.endswith(":"):
            return None
        colon = len(before) - 1
        end = len(before[:colon].rstrip())
        ent = next((e for e in doc.ents if e.end_char == end and e.label_ in ("PERSON", "ORG")), None)
        if ent is None or "\n" in text[ent.start_char:colon]:
            return None
        return Source(ent.text, ent.start_char, ent.end_char, ":", colon, colon + 1)

    def _continues(self, text: str, mark: QuoteSpan) -> bool:
        """Not after a label we could not read: "HEADLINE - Philip Bump: “…”" in a roundup of
        several writers is someone new, not the previous speaker going on."""
        para_start = _paragraph_bounds(text, mark.open_mark)[0]
        return not text[para_start:mark.open_mark].rstrip().endswith(":")

    def _parenthetical(self, cue: Token) -> Found | None:
        """The clause around a parenthetical cue, as the segments before and after it."""
        inner = {t.i for t in cue.subtree}
        lo, hi = min(inner), max(inner)
        runs = [[t for t in cue.head.subtree if t.i < lo], [t for t in cue.head.subtree if t.i > hi]]
        segments = []
        for run in runs:
            while run and run[0].is_punct:
                run = run[1:]
            while run and run[-1].is_punct:
                run = run[:-1]
            if run:
                segments.append((run[0].idx, run[-1].idx + len(run[-1].text)))
        if sum(len(r) for r in runs) < 4 or not segments:
            return None
        source = self._cue_source(cue)
        if source is None:
            return None
        return Found(segments[0][0], segments[-1][1], "indirect", source, 0.7, segments)

    def _attribute(self, doc: Doc, mark: QuoteSpan, marks: list[QuoteSpan], sent: Span, direct: bool) -> Source | None:
        """v1's attribution, and for a partial quote none of whose cues was found, the subject
        of a verb that characterises its object *as* the quoted words ("Reid has been pounding
        Trump as a “con artist”", "PolitiFact rated 32% of claims as “false”", PolNeAR dev)."""
        source = super()._attribute(doc, mark, marks, sent, direct)
        if source is not None or direct:
            return source
        inner = _tokens_in(doc, mark.start, mark.end)
        prep = next((t for t in inner.root.ancestors if t.dep_ == "prep"), None) if inner is not None else None
        if prep is None or prep.lower_ != "as" or prep.head.pos_ != "VERB":
            return None
        verb = prep.head
        if not any(c.dep_ in ("dobj", "obj") for c in verb.children) or any(c.dep_ == "auxpass" for c in verb.children):
            return None
        found = self._cue_source(verb)
        if found is None or found.text.casefold() in ("it", "they", "this", "that", "which", "who"):
            return None
        return found

    def _after_cue(self, doc: Doc, mark: QuoteSpan) -> bool:
        text = doc_text(doc)
        lead = re.search(r"(\w+)\s*[,:]\s*$", text[max(0, mark.open_mark - 40):mark.open_mark])
        if lead is None:
            return False
        at = mark.open_mark - len(lead.group(0)) + lead.start(1) - lead.start(0)
        tok = _tokens_in(doc, at, at + len(lead.group(1)))
        return tok is not None and self._is_cue(tok[0], direct=True)


# How a cue with no subject hangs on the verb that has one: "by saying" (pcomp of a
# preposition), "saying" (advcl), "and told" (conj), "to say" (xcomp), "a statement describing" (acl).
_CLIMB = frozenset({"advcl", "xcomp", "conj", "pcomp", "pobj", "prep", "acl", "dobj"})


_REFUSALS = frozenset({"decline", "refuse", "fail"})


def _governing_verb(node: Token) -> Token | None:
    """The next verb up the parse from ``node`` through the dependencies in ``_CLIMB``."""
    while node.dep_ in _CLIMB and node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, preferring one on the cue's side of the quotation marks: the
    parser sometimes makes the quote's own first words a second subject of "said"."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
    outside = [c for c in subjects if not _quote_between(c, verb)]
    return next(iter(outside or subjects), None)


def _named_before_participle(cue: Token) -> Token | None:
    """"The ad uses footage of Hillary Clinton asking, “…”": a name right before a participle
    cue speaks when the clause's own subject is no named entity ("the ad"). With a named
    subject ("Trump attacked Clinton saying ...") the subject keeps the quote."""
    if cue.dep_ not in ("acl", "xcomp", "advcl") or cue.i == 0 or cue.tag_ != "VBG":
        return None
    before = cue.doc[cue.i - 1]
    if before.ent_type_ not in _SPEAKER_LABELS:
        return None
    head = _governing_verb(cue)
    subj = _subject(head) if head is not None else None
    return before if subj is None or subj.ent_type_ not in _SPEAKER_LABELS else None


def _entity_source(token: Token) -> Source:
    """The whole named entity ``token`` is part of, as a source."""
    ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
    start, end = (ent.start_char, ent.end_char) if ent is not None else (token.idx, token.idx + len(token.text))
    return Source(doc_text(token.doc)[start:end], start, end)


# A transcript turn: a paragraph that opens (after an optional quotation mark) with a speaker's
# name in capitals and a colon: "WALLACE: Let's start with ...".
_TURN = re.compile(r"^[ \t]*[\"“]?[ \t]*([A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]+(\S[^\n]*)", re.M)


def _transcript_turns(text: str) -> list[tuple[int, int, int, int]]:
    """(label start, label end, content start, content end) of each turn. Only in a transcript:
    at least two turns by at least two different labels, so that a dateline ("WASHINGTON: ...")
    is never one, and only labels that speak twice or that the article names in ordinary case
    ("Mike Pence" for PENCE)."""
    turns = []
    for m in _TURN.finditer(text):
        end = m.end(2)
        while end > m.start(2) and text[end - 1] in " \t\"”":
            end -= 1
        if end - m.start(2) >= 2:
            turns.append((m.start(1), m.end(1), m.start(2), end))
    count = Counter(text[a:b] for a, b, _, _ in turns)
    # A speaker speaks more than once, or the article names them ("Mike Pence" for PENCE): not "VIDEO:"
    speakers = {k for k, n in count.items() if n >= 2 or re.search(rf"\b{re.escape(k.split()[-1].title())}\b", text)}
    return [t for t in turns if text[t[0]:t[1]] in speakers] if len(speakers) >= 2 else []


def _with_turns(text: str, quotes: list[dict[str, Any]], turns: list[tuple[int, int, int, int]]) -> list[dict[str, Any]]:
    """Each transcript turn as a direct quote of its label ("PENCE: …" in a quote that runs over
    several turns was one quote of the first speaker, PolNeAR dev); quotes the turns replace
    (starting before a turn's label and running into its content) are dropped."""
    labelled = [(a, d) for a, _, _, d in turns]
    kept = [q for q in quotes if not any(q["start"] <= a and q["end"] > a for a, _ in labelled)
            and not any(a <= q["start"] < d and q["kind"] == "direct" for a, d in labelled)]  # fmt: skip
    for a, b, c, d in turns:
        source = Source(text[a:b], a, b, ":", b, b + 1)
        kept.append(Found(c, d, "direct", source, 0.85).to_dict(text))
    return sorted(kept, key=lambda q: (q["start"], q["kind"]))


# "“…” ― Jacklyn Ashley" at the end of its line: a signature the tagger often misses.
_SIGNATURE = re.compile(r"[ \t]*[—―–-]{1,2}[ \t]*((?:[A-Z][\w.'’-]*[ \t]+){1,3}[A-Z][\w'’-]+)[ \t]*(?:\n|$)")


def _signature(text: str, mark: QuoteSpan) -> Source | None:
    """A name alone on the rest of the line after the closing mark and a dash: reader and
    voter comments collected in a roundup (PolNeAR dev), a name with no verb to parse."""
    if not mark.closed:
        return None
    m = _SIGNATURE.match(text, mark.close_mark + 1)
    if m is None:
        return None
    dash = text.index(m.group(0).strip()[0], mark.close_mark + 1)
    return Source(m.group(1), m.start(1), m.end(1), text[dash], dash, dash + 1)


def _according_to_inside(found: Found, others: list[Found]) -> bool:
    """"X stated that ... at the talks in Brussels according to Article 4 of the treaty": an
    "according to" inside another quote's content is part of what that speaker said (and often
    no source at all), not an attribution of the sentence before it, which held X's own cue."""
    src = found.source
    if src is None or src.cue != "according to" or src.cue_start is None:
        return False
    return any(o is not found and o.start <= src.cue_start < o.end for o in others)


def _with_cue(source: Source, cue: Token) -> Source:
    source.cue, source.cue_start, source.cue_end = cue.text, cue.idx, cue.idx + len(cue.text)
    return source


def _agent(verb: Token) -> Token | None:
    """The "by" phrase's noun of a passive verb ("was criticized by the union" -> union)."""
    by = next((c for c in verb.children if c.dep_ == "agent"), None)
    return next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None


def _quote_between(a: Token, b: Token) -> bool:
    return any(t.text in _QUOTE_TOKENS for t in a.doc[min(a.i, b.i):max(a.i, b.i)])


def _negated(cue: Token) -> bool:
    """"did not say" -- but not the "not" that ends the quote before it: in `"Probably not,"
    Ms. Moore said` the parser hangs the quote's "not" on "said" (PolNeAR dev)."""
    if cue.lemma_.lower() == "deny":
        return False
    return any(c.dep_ == "neg" and not _quote_between(c, cue) for c in cue.children)


_QUOTE_TOKENS = frozenset({'"', "“", "”", "''", "``"})


def _name_right_after(cue: Token) -> Source | None:
    """'said Maria Ortega', 'advises psychologist Y', 'said Vice President Z': a name within a
    few title words after the cue, with no preposition or verb between; else 'said he'."""
    doc = cue.doc
    for t in doc[cue.i + 1:cue.i + 7]:
        if t.pos_ in ("ADP", "VERB", "AUX") or t.text in ".;:“”\"" or t.is_sent_start:
            return None
        if t.ent_type_ in _SPEAKER_LABELS and t.ent_iob_ == "B":
            ent = next(e for e in doc.ents if e.start == t.i)
            return Source(ent.text, ent.start_char, ent.end_char)
        if t.lower_ in ("he", "she", "they", "it"):
            return Source(t.text, t.idx, t.idx + len(t.text))
    return None


def _merge_interrupted(text: str, found: list[Found]) -> list[Found]:
    """“We cannot keep debating numbers,” Roe said, “while the drills go on.” is one quote.

    A direct quote ending in a comma, followed in the same paragraph by the same source's
    quote starting in lower case, continues one sentence: the two become one quote with two
    segments (its text spans the attribution between them).
    """
    out: list[Found] = []
    for q in found:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == q.kind == "direct" and prev.source is not None and q.source is not None
                and prev.source.start == q.source.start and text[prev.end - 1:prev.end] == ","
                and text[q.start:q.start + 1].islower() and "\n" not in text[prev.end:q.start]):  # fmt: skip
            prev.segments = (prev.segments or [(prev.start, prev.end)]) + (q.segments or [(q.start, q.end)])
            prev.end = q.end
            continue
        out.append(q)
    return out


def _tokens_in(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering [start, end), or None when there are none (only whitespace there)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    return span if span is not None and len(span) else None


def _paragraph_bounds(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n\n", 0, at)
    end = text.find("\n\n", at)
    return (0 if start < 0 else start + 2), (len(text) if end < 0 else end)


@register_stage("quotes.v1", requires=("doc", "sentences", "entities", "mentions"), provides=("quotes",))
def quotes_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Direct, partial and reported quotes with their cue and the source's mention span."""
    return QuoteFinder()


@register_stage("quotes.v2", requires=("doc", "sentences", "entities", "mentions"), provides=("quotes",))
def quotes_v2(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """quotes.v1 with speakers read through participles and inversions, never from a
    prepositional phrase, and short quotes after a cue kept."""
    return QuoteFinderV2()
