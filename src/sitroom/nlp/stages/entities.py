"""entities.v1: spaCy NER plus our gazetteer ruler, each entity given a canonical form."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Span

from sitroom.config import Config
from sitroom.model import Entity
from sitroom.nlp.gazetteer import entity_lookup, strip_article
from sitroom.nlp.pipeline import AnnotatedArticle, doc_text
from sitroom.nlp.registry import register_stage

# Numbers and dates are left to the figures and dates stages.
NAMED_LABELS = frozenset({"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})


def _trim(span: Span) -> tuple[str, int, int]:
    """Drop a leading 'the' and a trailing possessive that NER sometimes includes."""
    tokens = list(span)
    while tokens and tokens[0].lower_ == "the":
        tokens = tokens[1:]
    while tokens and tokens[-1].text in ("'s", "’s", "'", "’"):
        tokens = tokens[:-1]
    if not tokens:
        return span.text, span.start_char, span.end_char
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    return doc_text(span.doc)[start:end], start, end


def find_entities(item: AnnotatedArticle) -> AnnotatedArticle:
    lookup = entity_lookup()
    for ent in item.doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        text, start, end = _trim(ent)
        entry = lookup.get(strip_article(text).replace("’", "'").casefold())
        label = ent.label_
        if item.article.outlet and text.casefold() == item.article.outlet.casefold():
            label = "ORG"  # "(Northline Wire)" in a dateline is the outlet, not a person
        # The gazetteer knows that Kursk is a place even when NER calls it a PRODUCT.
        if entry and (ent.ent_id_ or label in ("PRODUCT", "WORK_OF_ART", "PERSON", "FAC")) and entry.label != "TITLE":
            label = entry.label
        item.ann.entities.append(Entity(
            text=text, label=label, start=start, end=end,
            canonical=entry.canonical if entry else " ".join(text.split()),
            kb_id=entry.id if entry else None, country=entry.country if entry else None,
            sector=entry.sector if entry else None, stands_for=entry.stands_for if entry else None))  # fmt: skip
    return item


@register_stage("entities.v1", requires=("doc",), provides=("entities",))
def entities_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Named entities with gazetteer ids, countries and sectors."""
    return find_entities
