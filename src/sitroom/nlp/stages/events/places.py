"""Where an event happened: the locative phrase of its clause, named as the gold writes places."""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.nlp.stages.events.patterns import (
    PLACE_NOUNS,
    ArticleState,
    Predicate,
    is_prep,
    make_slot,
)

LOCATIVE = ("in", "near", "at", "around", "outside", "inside", "along", "across", "over", "into", "to", "toward",
            "towards", "on", "within", "opposite", "off", "onto")  # fmt: skip


def location_token(pred: Predicate, state: ArticleState) -> Token | None:
    """The place in the first locative phrase on the predicate or its object."""
    tok = pred.token
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if pred.is_noun:  # "deployment of air defence to Poland": the phrase may hang on "defence"
        heads += [g for c in tok.children if is_prep(c) and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    fallback = None
    for head in heads:
        for prep in (c for c in head.children if is_prep(c) and c.lower_ in LOCATIVE):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                place, noun = _place_in(obj, state)
                if place is not None and (prep.lower_ != "on" or noun is not None or place.lemma_.lower() in PLACE_NOUNS):
                    return place
                fallback = fallback or noun
    return fallback


def _place_in(obj: Token, state: ArticleState, depth: int = 0) -> tuple[Token | None, Token | None]:
    """(named place, place noun) in a prepositional object: 'a field near the town of Sokolka'."""
    noun = obj if obj.lemma_.lower() in PLACE_NOUNS else None
    named = [obj, *left_mods(obj)] if noun is not None else [obj]  # "the Podlasie region", not "US counterpart"
    if any((e := state.actors.ent_at.get(t.i)) and e.label in ("GPE", "LOC", "FAC") for t in named):
        return obj, None
    if depth < 3:
        for prep in (c for c in obj.children if is_prep(c) and c.lower_ in ("near", "of", "around", "in", "at", "outside")):
            for g in (g for g in prep.children if g.dep_ == "pobj"):
                place, inner = _place_in(g, state, depth + 1)
                if place is not None:
                    return place, noun
                noun = noun or inner
    return None, noun


def left_mods(tok: Token) -> list[Token]:
    return [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]


def event_location(pred: Predicate, state: ArticleState) -> str | None:
    """'near Grodno' -> 'Grodno'; 'to its eastern border' -> 'eastern border'."""
    tok = location_token(pred, state)
    if tok is None and pred.code in PLACE_OBJECTS and pred.patient is not None:
        patient = make_slot(pred.patient, state)
        tok = pred.patient if patient is not None and patient.place else None  # "cross the border"
    if tok is None and pred.complement is not None and pred.pattern.frame == "intent":
        return event_location(pred.complement, state)  # "agreed to step up air policing over Poland"
    if tok is None and pred.is_noun and pred.governor is not None:
        tok = location_token(pred.governor, state)  # "consider a deployment ... to Lithuania"
    if tok is None:
        return None
    mods = left_mods(tok)
    first = min([tok, *mods], key=lambda t: t.i)
    last = tok
    for c in tok.children:
        if c.dep_ == "conj" or (is_prep(c) and c.lower_ == "with" and tok.lemma_.lower() in PLACE_NOUNS):
            last = max(last, c.doc[c.right_edge.i], key=lambda t: t.i)
    text = state.item.article.text[first.idx:last.idx + len(last)]  # Doc.text rebuilds the string
    return text.strip(" ,.;:\"“”") or None


# --- Text span and date ----------------------------------------------------------------

# Events whose object is the place itself: "visited Warsaw", "crossed the border".
PLACE_OBJECTS = frozenset({"042", "192"})
