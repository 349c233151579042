"""events.v1: who did what to whom, where and when, coded to CAMEO and PLOVER.

For every verb (and every event noun a verb of calling, backing or denying takes as its
object) the stage reads the dependency parse for the agent and the patient, matches the
predicate against our patterns (``sitroom/data/events``), and codes the actors to country
and sector. Then it decides, in this order, what the article says about the event:

1. negated: "did not attack", "no troops had been sent", "denied sending troops";
2. hypothetical: a modal ("could deploy"), a condition ("if they attack", "Should the drills
   continue"), a question, a plan or a call ("plans to", "called for"), the complement of
   "threatened to" / "urged X to";
3. plain future ("will discuss on Monday"): not reported, as the gold convention says.

Negated and hypothetical events are reported with their flag set and must never be counted
as having happened. A threat or an appeal is itself a real event; what is threatened or
asked for is hypothetical. Events inside quotation marks are reported as the speaker's
claim (``quoted``).

Each event is a dict: ``actor`` and ``target`` (names as the gold writes them: "Poland",
"NATO", "foreign troops"), ``actor_code`` and ``target_code`` (country and sector, "POL MIL"),
``action`` (lemmas: "close crossing"), ``cameo`` (a string, "0312"), ``plover``, ``mode``,
``context``, ``quad_class`` (0 neutral .. 4 material conflict), ``goldstein``, ``location``,
``date`` (the ISO value of a dates-stage annotation in the clause), ``negated``,
``hypothetical``, ``quoted``, and ``text``/``start``/``end``: the clause as the gold convention
starts it (at a simple subject, else at the verb), offsets into ``article.text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from spacy.tokens import Token

from sitroom.config import Config
from sitroom.nlp.eventcoding import (
    REPORTING,
    SPEECH_ACTS,
    Actor,
    ArticleActors,
    Features,
    Lexicon,
    Pattern,
    Slot,
    cameo_root,
    load_lexicon,
    np_core,
    own_subject,
    quad_class,
    quantified_head,
    subject_of,
)
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.registry import register_stage

MODALS = frozenset({"could", "would", "should", "must", "may", "might", "can", "ought", "shall", "'d", "’d"})
FUTURE = frozenset({"will", "'ll", "’ll", "wo"})
CONDITIONS = frozenset({"if", "unless", "whether", "once", "lest"})
# "is prepared to close", "are due to meet": the adjective makes its complement unrealised.
IRREALIS_ADJ = frozenset({"prepared", "ready", "willing", "able", "due", "set", "likely", "unlikely", "expected",
                          "scheduled", "poised", "keen", "eager", "determined", "about", "going", "free"})  # fmt: skip
# Infinitive complements of these verbs did happen ("began to withdraw"); of others, they did not yet.
ASPECTUAL = frozenset({"begin", "start", "continue", "resume", "keep", "proceed", "manage", "go", "finish", "stop"})
# "failed to renew sanctions": the renewal is negated, not merely unrealised.
NEGATING_VERBS = frozenset({"fail", "refuse", "decline", "deny"})
EMITTING_FRAMES = frozenset({"appeal", "demand", "intent", "threat", "reject", "support"})
NEGATING_FRAMES = frozenset({"deny", "fail", "reject"})
NEGATIVE_WORDS = frozenset({"nobody", "nothing", "none", "neither", "nor", "no"})
LOCATIVE = ("in", "near", "at", "around", "outside", "inside", "along", "across", "over", "into", "to", "toward",
            "towards", "on", "within", "opposite", "off", "onto")  # fmt: skip
PLACE_NOUNS = frozenset({"border", "frontier", "region", "area", "airspace", "territory", "flank", "coast", "soil",
                         "town", "city", "village", "province", "zone", "ground", "grounds", "range", "base",
                         "corridor", "gap", "crossing", "field"})  # fmt: skip
TARGET_PREPS = ("against", "with", "to", "into", "toward", "towards", "on", "at")
MAX_DEPTH = 3


@dataclass
class Predicate:
    """One coded predicate: a verb, or an event noun that a frame verb governs."""

    token: Token
    pattern: Pattern
    code: str
    features: Features
    agent: Token | None  # the doer's phrase head, if the parse has one
    patient: Token | None  # the thing acted on (a passive's subject)
    is_noun: bool = False
    complement: Predicate | None = None
    governor: Predicate | None = None  # set when this predicate is a frame's complement
    emit: bool = True
    forced_negated: bool = False
    forced_hypothetical: bool = False
    span_from: Token | None = None  # where the event's text starts, when not at its clause


@dataclass
class ArticleState:
    """What the stage carries through one article."""

    item: AnnotatedArticle
    lexicon: Lexicon
    actors: ArticleActors
    quotes: list[tuple[int, int]]
    skip: list[tuple[int, int]]
    by_code: dict[str, Actor] = field(default_factory=dict)  # the last actor of each CAMEO code
    by_root: dict[str, Actor] = field(default_factory=dict)  # ... and of each CAMEO root
    cache: dict[int, Predicate | None] = field(default_factory=dict)  # coded verbs by token


class EventExtractor:
    """The stage callable: picklable, the lexicon read once per process."""

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        item.ann.events.extend(extract_events(item, load_lexicon()))
        return item


def extract_events(item: AnnotatedArticle, lexicon: Lexicon) -> list[dict[str, Any]]:
    """Every event the article reports, in text order, as the dicts ``ann.events`` holds."""
    text = item.article.text
    state = ArticleState(item, lexicon, ArticleActors(item, lexicon), quote_regions(text), repeated_paragraphs(text))
    predicates = find_predicates(state)
    events = []
    for pred in sorted(predicates, key=lambda p: (p.token.i, p.is_noun)):
        if not pred.emit or _inside(pred.token.idx, state.skip):
            continue
        event = build_event(pred, state)
        if event is not None:
            events.append(event)
    return events


def find_predicates(state: ArticleState) -> list[Predicate]:
    """Code every verb; then let frames claim their complements (and add event nouns)."""
    found = [p for tok in state.item.doc if (p := code_verb(tok, state, 0)) is not None]
    nouns = []
    for pred in found:
        comp = pred.complement
        if pred.pattern.frame is None or comp is None:
            continue
        comp.governor = pred
        frame = pred.pattern.frame
        comp.forced_negated = frame in NEGATING_FRAMES
        comp.forced_hypothetical = not comp.forced_negated
        pred.emit = frame in EMITTING_FRAMES
        if comp.is_noun:
            comp.emit = frame not in EMITTING_FRAMES or frame == "support"
            nouns.append(comp)
        if (comp.is_noun or own_subject(comp.token) is None) and not pred.emit:
            comp.span_from = pred.token  # "Belarus denied sending troops": the text starts at Belarus
    return found + nouns


def code_verb(tok: Token, state: ArticleState, depth: int) -> Predicate | None:
    """The verb's pattern and code, or None when it reports no event we code."""
    if tok.i in state.cache:
        return state.cache[tok.i]
    state.cache[tok.i] = None  # a frame whose complement loops back to itself codes nothing
    pred = _code_verb(tok, state, depth) if _is_predicate(tok, state.lexicon) else None
    state.cache[tok.i] = pred
    return pred


def _is_predicate(tok: Token, lexicon: Lexicon) -> bool:
    """A verb (or a verb the tagger called a noun) whose lemma our patterns know."""
    if tok.pos_ not in ("VERB", "AUX") and not (tok.pos_ == "NOUN" and tok.tag_.startswith("VB")):
        return False
    if tok.pos_ == "AUX" and tok.dep_ in ("aux", "auxpass"):
        return False
    if tok.dep_ in ("oprd", "amod", "compound", "attr") and tok.tag_ in ("VBG", "VBN"):
        return False  # "the Brussels meeting", "the planned talks": nouns, not predicates
    if tok.tag_ == "VBG" and tok.dep_ in ("nsubj", "csubj", "dobj") and not any(
        c.dep_ in ("dobj", "prep", "compound", "nsubj") for c in tok.children
    ):
        return False  # "deploying it does not escalate", "invites probing": no one does it here
    return verb_lemma(tok, lexicon) in lexicon.verbs


def verb_lemma(tok: Token, lexicon: Lexicon) -> str:
    """The lemma to look up; spaCy's small model lemmatises 'staged' as 'stag'."""
    lemma = tok.lemma_.lower()
    if lemma in lexicon.verbs or not (tok.tag_ in ("VBD", "VBN") and tok.lower_.endswith("ed")):
        return lemma
    for guess in (tok.lower_[:-1], tok.lower_[:-2]):
        if guess in lexicon.verbs:
            return guess
    return lemma


def _code_verb(tok: Token, state: ArticleState, depth: int) -> Predicate | None:
    agent, patient = arguments(tok)
    comp = _complement(tok, state, depth) if depth < MAX_DEPTH else None
    features = Features(
        subj=make_slot(agent, state), obj=make_slot(patient, state),
        preps=tuple(_preps(tok, state)), particles=frozenset(_particles(tok)),
        complement=comp is not None or _complement_token(tok) is not None,
        complement_coded=comp is not None, oprd=any(c.dep_ == "oprd" for c in tok.children),
        dest_foreign=_destination_foreign(tok, agent, state))  # fmt: skip
    pattern = state.lexicon.match_verb(verb_lemma(tok, state.lexicon), features)
    if pattern is None:
        return None
    code = pattern.code or state.lexicon.frame_code(pattern.frame or "", comp.code if comp else None)
    if code is None and comp is None:
        return None
    pred = Predicate(tok, pattern, code or "", features, agent, patient, complement=comp)
    if code is None:  # deny/recommend/irrealis frames: only the complement is an event
        pred.emit = False
    return pred


# --- Arguments and features ------------------------------------------------------------


def arguments(tok: Token) -> tuple[Token | None, Token | None]:
    """(agent, patient) of a verb: subject and object, or the by-phrase and subject of a passive."""
    agent = patient = None
    subj = own_subject(tok)
    for c in tok.children:
        if c.dep_ == "nsubjpass" or (c.dep_ in ("dobj", "obj") and patient is None):
            patient = c
        elif c.dep_ == "agent":
            agent = next((g for g in c.children if g.dep_ == "pobj"), agent)
    if subj is not None and subj.dep_ != "nsubjpass":
        agent = subj
    if tok.dep_ == "relcl" and tok.head.i != tok.i:  # "the drone which entered": the drone
        if agent is not None and agent.tag_ in ("WDT", "WP"):
            agent = tok.head
        elif patient is not None and patient.tag_ in ("WDT", "WP"):
            patient = tok.head
    if patient is None:  # "step up air policing": the parser made the gerund object a clause
        patient = next((c for c in tok.children if c.dep_ in ("advcl", "xcomp", "ccomp") and c.tag_ == "VBG"
                        and 0 < c.i - tok.i <= 4 and own_subject(c) is None and not _infinitive(c)), None)  # fmt: skip
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and any(c.dep_ in ("dobj", "oprd") for c in tok.children):
        agent = agent or tok.head  # "the ministry called the warning blackmail", misparsed
    elif tok.dep_ == "acl" and tok.tag_ == "VBN":
        patient = patient or tok.head  # "troops stationed near Brest"
    elif agent is None and not _is_passive(tok):
        agent = _implicit_agent(tok)
    return agent, patient


def _is_prep(tok: Token) -> bool:
    """A preposition heading a phrase; spaCy sometimes labels 'to' in 'sent to X' as dative."""
    return tok.dep_ == "prep" or (tok.dep_ == "dative" and tok.pos_ == "ADP")


def _is_passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _implicit_agent(tok: Token) -> Token | None:
    """The doer a subject-less verb shares with another word of the sentence."""
    if tok.dep_ == "acl" or (tok.tag_ == "VBG" and tok.dep_ in ("pobj", "dobj", "nsubj")):
        noun = next((c for c in tok.children if c.dep_ == "compound"), None)
        return noun if noun is not None else (tok.head if tok.dep_ == "acl" else None)  # "forces massing"
    if tok.dep_ == "conj":
        return subject_of(tok)
    if tok.dep_ == "xcomp" and tok.head.i != tok.i:
        return _controller(tok.head)
    if tok.dep_ == "advcl":  # "asked the Commission for money to reinforce the border": Poland does
        return _subject_control(tok.head)
    if tok.dep_ == "pcomp" and tok.head.head.i != tok.head.i:  # "told reporters after meeting X"
        return subject_of(tok.head.head)
    return None


def _subject_control(gov: Token) -> Token | None:
    """The subject of the governor, or of the clause it is the complement of."""
    subj = subject_of(gov)
    if subj is None and gov.dep_ in ("xcomp", "acomp", "advcl") and gov.head.i != gov.i:
        return _subject_control(gov.head)
    return subj


def _controller(gov: Token) -> Token | None:
    """Who does the infinitive: the object of 'urged Minsk to', else the governor's subject."""
    obj = next((c for c in gov.children if c.dep_ in ("dobj", "obj")), None)
    if obj is not None and gov.pos_ == "VERB" and gov.lemma_ not in ASPECTUAL:
        return obj
    if gov.pos_ == "ADJ" and gov.head.i != gov.i:  # "Poland is prepared to close"
        gov = gov.head
    subj = subject_of(gov)
    if subj is None and gov.dep_ in ("xcomp", "advcl", "acomp") and gov.head.i != gov.i:
        return _controller(gov.head)
    return subj


def noun_terms(head: Token) -> frozenset[str]:
    """Lemma runs over a phrase's modifiers and head: 'air defence units' -> 'air defence', ..."""
    words = [t for t in head.doc[head.left_edge.i:head.i] if t.dep_ in ("compound", "amod") and t.head.i <= head.i]
    mods = [t.lemma_.lower() for t in words]
    runs: set[str] = set()
    for last in {head.lemma_.lower(), head.lower_}:  # "policing" is lemmatised to "police"
        lemmas = [*mods, last]
        runs |= {" ".join(lemmas[i:j]) for i in range(len(lemmas)) for j in range(i + 1, min(len(lemmas), i + 4) + 1)}
    return frozenset(runs)


def make_slot(token: Token | None, state: ArticleState) -> Slot | None:
    """What the patterns may ask about an argument (None when there is none)."""
    if token is None:
        return None
    head = quantified_head(token)
    actor = state.actors.resolve(head)
    ent = state.actors.ent_at.get(head.i)
    place = (ent is not None and ent.label in ("GPE", "LOC", "FAC")) or head.lemma_.lower() in PLACE_NOUNS
    is_state = actor is not None and actor.country is not None and actor.sector in (None, "GOV")
    return Slot(noun_terms(head), actor is not None, is_state, place)


def _preps(tok: Token, state: ArticleState) -> Iterable[tuple[str, Slot]]:
    for c in tok.children:
        if _is_prep(c):
            obj = next((g for g in c.children if g.dep_ in ("pobj", "pcomp")), None)
            slot = make_slot(obj, state)
            if slot is not None:
                yield c.lower_, slot


PARTICLE_ADVERBS = frozenset({"ahead", "down", "out", "up", "off", "back", "over", "in", "away", "on"})


def _particles(tok: Token) -> Iterable[str]:
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ == "advmod" and c.lower_ in PARTICLE_ADVERBS):
            yield c.lower_
        if c.dep_ in ("dobj", "attr") and c.lower_ in ("part", "place", "foot"):
            yield c.lower_  # "take part", "take place", "set foot"


def _complement_token(tok: Token) -> Token | None:
    """The complement a frame verb governs: 'to V' / 'that S', 'for N', or its object noun."""
    for c in tok.children:
        if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX"):
            return c
    for c in tok.children:
        if _is_prep(c) and c.lower_ == "for":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return next((c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") and c.pos_ in ("NOUN", "PROPN")), None)


def _complement(tok: Token, state: ArticleState, depth: int) -> Predicate | None:
    """The coded complement of a frame verb ('urged X [to allow observers]'), if it has one."""
    patterns = state.lexicon.verbs.get(verb_lemma(tok, state.lexicon), [])
    if not any(p.frame or any(c.key == "xcomp" for c in p.conditions) for p in patterns):
        return None
    comp = _complement_token(tok)
    if comp is None:
        return None
    if comp.pos_ in ("VERB", "AUX"):
        return code_verb(comp, state, depth + 1)
    return code_noun(comp, tok, state)


def code_noun(noun: Token, governor: Token, state: ArticleState) -> Predicate | None:
    """An event noun in or under the governed phrase: 'any link to the drone' -> the drone."""
    for cand in _noun_candidates(noun):
        lemma = cand.lemma_.lower()
        if lemma not in state.lexicon.nouns:
            continue
        agent = _noun_agent(cand, state) or arguments(governor)[0]
        # "consider a deployment of air defence to Poland": the phrase may hang on the verb
        foreign = _destination_foreign(cand, agent, state) or _destination_foreign(governor, agent, state)
        features = Features(head=Slot(noun_terms(cand)), preps=tuple(_preps(cand, state)), dest_foreign=foreign)
        pattern = state.lexicon.match_noun(lemma, features)
        if pattern is not None and pattern.code:
            return Predicate(cand, pattern, pattern.code, features, _noun_agent(cand, state), None, is_noun=True)
    return None


def _noun_candidates(noun: Token) -> list[Token]:
    """The noun, then the nouns of its to/of/with/for phrases: 'any link [to the drone]'."""
    out = [noun]
    for prep in (c for c in noun.children if _is_prep(c) and c.lower_ in ("to", "of", "with", "for")):
        out += [g for g in prep.children if g.dep_ == "pobj"]
    return out


def _noun_agent(noun: Token, state: ArticleState) -> Token | None:
    """'NATO air defence', 'sanctions of the European Union': an actor inside the event's phrase."""
    for t in np_core(noun):
        ent = state.actors.ent_at.get(t.i)
        if t.i != noun.i and ent is not None and ent.label in ("ORG", "NORP", "GPE"):
            return t
    return None


def _destination(tok: Token) -> Token | None:
    """The object of 'to/into/toward' on the predicate or on its object."""
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") or (_is_prep(c) and c.lower_ == "of")]
    for h in heads:
        for c in h.children:
            if _is_prep(c) and c.lower_ in ("to", "into", "toward", "towards"):
                return next((g for g in c.children if g.dep_ == "pobj"), None)
            if c.dep_ == "pobj" and h.lower_ == "of":
                found = _destination(c)
                if found is not None:
                    return found
    return None


def _destination_foreign(tok: Token, agent: Token | None, state: ArticleState) -> bool:
    """Is the destination in another country than the agent's? ('send batteries to Poland')"""
    dest = _destination(tok)
    if dest is None:
        return False
    country = next((e.country for t in np_core(dest) if (e := state.actors.ent_at.get(t.i)) and e.country), None)
    if country is None:
        return False
    actor = state.actors.resolve(agent) if agent is not None else None
    return actor is None or actor.country != country


# --- Negation and modality -------------------------------------------------------------

# A condition ("if", "whether") reaches down through clauses, not into noun phrases.
CLAUSAL = frozenset({"xcomp", "ccomp", "advcl", "acomp", "pcomp", "csubj"})


def modality(pred: Predicate) -> tuple[bool, bool, bool]:
    """(negated, hypothetical, plain future) of what the article says about the event."""
    verb = pred.governor.token if pred.is_noun and pred.governor else pred.token
    negated = pred.forced_negated or (not pred.is_noun and (_negated(verb) or _negative_argument(pred)))
    hypothetical = pred.forced_hypothetical or _conditional_consequence(verb) or _question(verb)
    future = False
    node, clausal = verb, True
    for _ in range(12):
        modal, will, condition = _aux_modality(node)
        if modal and _reported_future(node):
            modal, will = False, True  # "said it would send": the future seen from the past
        hypothetical |= modal or (condition and clausal)
        future |= will
        parent = node.head
        if parent.i == node.i or node.dep_ == "conj" or (parent.lemma_ in REPORTING and node.dep_ in ("ccomp", "parataxis")):
            break
        if node.dep_ in ("xcomp", "advcl", "ccomp", "acl") and _infinitive(node) and parent.lemma_ not in ASPECTUAL | NEGATING_VERBS:
            hypothetical = True  # "moved troops to deter attacks", "efforts to agree": not (yet) done
        if parent.lower_ in IRREALIS_ADJ:
            hypothetical = True  # "is prepared to close", "are due to meet"
        if node.dep_ in ("relcl", "acl"):
            break  # "the firms that moved troops", "forces massing": described as facts
        clausal = clausal and node.dep_ in CLAUSAL
        node = parent
    return negated, hypothetical, future


def _reported_future(tok: Token) -> bool:
    """'Poland said it would close the crossing': 'would' as the only modal of a clause that a
    reporting verb governs is a reported 'will', not a condition."""
    modals = [c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass") and c.lower_ in MODALS]
    return modals == ["would"] and tok.dep_ == "ccomp" and tok.head.lemma_ in REPORTING


def _aux_modality(tok: Token) -> tuple[bool, bool, bool]:
    """(modal, future, conditional) from the auxiliaries and markers of one clause."""
    modal = will = cond = False
    for c in tok.children:
        word = c.lower_
        if c.dep_ in ("aux", "auxpass") or c.tag_ == "MD":
            modal |= word in MODALS
            will |= word in FUTURE or (word == "going" and tok.tag_ == "VB")
        if c.dep_ in ("mark", "advmod") and word in CONDITIONS and c.i < tok.i:
            cond = True
    return modal, will, cond


def _conditional_consequence(tok: Token) -> bool:
    """'If X, [Y will happen]' / 'Should X, [Y]': the main clause of a condition."""
    for c in tok.children:
        if c.dep_ != "advcl":
            continue
        if any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in c.children):
            return True
        first = c.doc[c.left_edge.i] if c.doc[c.left_edge.i].is_alpha else c.doc[c.left_edge.i + 1]
        if first.lower_ in ("should", "had", "were") and first.head.i == c.i:
            return True  # inverted condition
    return False


def _question(tok: Token) -> bool:
    text = tok.sent.text.rstrip(" \"'”’»)")
    return text.endswith("?")


def _infinitive(tok: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _negated(tok: Token) -> bool:
    """'did not attack', 'never sent', 'no longer holds'."""
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never"):
            return True
        if c.dep_ in ("aux", "auxpass") and any(g.dep_ == "neg" for g in c.children):
            return True
    return False


def _negative_argument(pred: Predicate) -> bool:
    """'no troops had been sent', '“not a single soldier” had been sent', 'nobody attacked'."""
    for arg in (pred.patient, pred.agent):
        if arg is None:
            continue
        head = quantified_head(arg)
        words = [t.lower_ for t in head.doc[head.left_edge.i:head.i + 1]]
        if any(w in NEGATIVE_WORDS or w == "not" for w in words):
            return True
    return False


# --- Actor, target, place and time -----------------------------------------------------

def event_actor(pred: Predicate, state: ArticleState) -> Actor | None:
    """Who did it: the agent's actor; for a noun, its own modifier or its governor's doer."""
    actors = state.actors
    if pred.is_noun:
        if pred.agent is not None:
            return actors.resolve(pred.agent)
        return event_actor(pred.governor, state) if pred.governor else None
    root = cameo_root(pred.code) or ""
    actor = None
    if pred.agent is not None:
        actor = actors.resolve(pred.agent)
        if actor is None and pred.token.dep_ == "conj" and pred.token.lemma_ in SPEECH_ACTS:
            speaker = actors.speaker_of(pred.token)  # a misparsed "said X and accused Y"
            actor = actors.resolve(speaker) if speaker is not None else None
        if actor is None and _event_noun(pred.agent, state):
            actor = _owner(quantified_head(pred.agent), state)  # "the drills began": whose drills
    elif pred.patient is not None and root == "15":
        actor = actors.resolve(pred.patient)  # "the foreign contingent was stationed"
    if root == "15" and (actor is None or actor.inferred or not (actor.country or actor.org)):
        actor = _origin(pred, state) or actor  # "troops had arrived by rail from Russia"
    if (actor is None or actor.inferred) and pred.agent is None and pred.governor is not None:
        actor = event_actor(pred.governor, state) or actor  # "Minsk denies that troops were sent"
    if actor is None and pred.agent is None and _is_passive(pred.token):
        actor = _attack_owner(pred, state) or _speaker_actor(pred, state)
    return actor


def _attack_owner(pred: Predicate, state: ArticleState) -> Actor | None:
    """'were killed in Israeli tank shelling': the attack's owner did it."""
    attacks = state.lexicon.classes.get("ATTACKS", frozenset())
    for c in pred.token.children:
        if _is_prep(c) and c.lower_ in ("in", "during"):
            for obj in (g for g in c.children if g.dep_ == "pobj" and noun_terms(g) & attacks):
                owner = _noun_agent(obj, state)
                actor = state.actors.resolve(owner) if owner is not None else None
                if actor is not None:
                    return actor
    return None


def _speaker_actor(pred: Predicate, state: ArticleState) -> Actor | None:
    """An agentless passive in reported speech: 'the count had been shared with allies', the
    minister said; the speaker's side did it. Marked inferred: a named target overrides it."""
    speaker = state.actors.speaker_of(pred.token)
    actor = state.actors.resolve(speaker) if speaker is not None else None
    return replace(actor, inferred=True) if actor is not None else None


def _origin(pred: Predicate, state: ArticleState) -> Actor | None:
    """Forces that come 'from Russia' are Russia's."""
    for c in pred.token.children:
        if _is_prep(c) and c.lower_ == "from":
            for obj in (g for g in c.children if g.dep_ == "pobj"):
                ent = state.actors.ent_at.get(obj.i)
                if ent is not None and ent.label == "GPE" and ent.kb_id == ent.country:
                    return state.actors.country_actor(ent.country, "MIL")
    return None


def _owner(noun: Token, state: ArticleState) -> Actor | None:
    """Whose drills 'the drills' are: the owner named with the same noun elsewhere in the
    article ("Belarus's drills", "Belarusian military drills"), else the last doer of such
    an event."""
    lemma = noun.lemma_.lower()
    others = sorted((t for t in noun.doc if t.lemma_.lower() == lemma and t.i != noun.i), key=lambda t: (t.i > noun.i, abs(t.i - noun.i)))
    for other in others:
        owner = _noun_agent(other, state)
        actor = state.actors.resolve(owner) if owner is not None else None
        if actor is not None and (actor.country or actor.org):
            return actor
    code = _noun_code(noun, state)
    return state.by_code.get(code) or state.by_root.get(code[:2])


def _remembered(noun: Token, state: ArticleState) -> Actor | None:
    """The doer of the last event the article reported under this noun's code."""
    return state.by_code.get(_noun_code(noun, state))


def _noun_code(noun: Token, state: ArticleState) -> str:
    pattern = state.lexicon.match_noun(noun.lemma_.lower(), Features(head=Slot(noun_terms(noun))))
    return pattern.code if pattern is not None and pattern.code else ""


def _event_noun(tok: Token, state: ArticleState) -> bool:
    """Does the phrase name an event ('the drills'), not a doer? Aircraft name doers."""
    head = quantified_head(tok)
    lemma = head.lemma_.lower()
    return lemma in state.lexicon.nouns and lemma not in state.lexicon.classes.get("AIRCRAFT", frozenset())


def event_target(pred: Predicate, actor: Actor | None, state: ArticleState) -> Actor | None:
    """Whom it was done to: the object, a to/against/with/on phrase, or the place attacked."""
    verbal = (cameo_root(pred.code) or "") in VERBAL_ROOTS
    for tok, is_object in _target_candidates(pred):
        target = _target_of(tok, is_object, verbal, state)
        if target is not None and (actor is None or target.name != actor.name):
            return target
    if pred.is_noun and pred.governor is not None:  # "back a deployment ... to Poland"
        dest = _destination(pred.token) or _destination(pred.governor.token)
        target = _target_of(dest, False, False, state) if dest is not None else None
        if target is not None and (actor is None or target.name != actor.name):
            return target
    if pred.code in PLACE_TARGETED:
        return _place_country(pred, actor, state) or (_other_country(pred, actor, state) if pred.code == "191" else None)
    return None


VERBAL_ROOTS = frozenset({"02", "05", "09", "10", "11", "12", "13"})
# Where forces move to is a location, not a target ("moved south toward Brest").
DESTINATIONS = frozenset({"to", "into", "toward", "towards"})
# Events whose target is the country where they happen: an incursion, an occupation, a
# strike; a border closure is aimed at the neighbour named in the same sentence.
PLACE_TARGETED = frozenset({"150", "190", "191", "192", "194", "195"})


def _target_candidates(pred: Predicate) -> list[tuple[Token, bool]]:
    """Phrases that may name the target, in order, each flagged when it is the direct object."""
    tok = pred.token
    out = [(c, False) for c in tok.children if c.dep_ in ("dative", "iobj") and c.pos_ != "ADP"]
    if pred.patient is not None and not _is_passive(tok) and not pred.is_noun:
        out.append((pred.patient, True))
    preps = [p for p in TARGET_PREPS if not (p in DESTINATIONS and pred.code.startswith("15"))]
    for prep in preps:
        for c in tok.children:
            if _is_prep(c) and c.lower_ == prep:
                out += [(g, False) for g in c.children if g.dep_ == "pobj"]
    if pred.patient is not None:
        for c in pred.patient.children:
            if _is_prep(c) and c.lower_ in ("with", "on", "against", "to"):
                out += [(g, False) for g in c.children if g.dep_ == "pobj"]
    out += [(c, False) for c in tok.children if c.dep_ == "oprd"]  # "called Sadowska's warning blackmail"
    return out


def _target_of(tok: Token, is_object: bool, verbal: bool, state: ArticleState) -> Actor | None:
    """An actor the phrase names, or (for a verbal event) the doer of the event an object
    noun refers back to: "dismissed the closures" is aimed at whoever closed the crossings."""
    head = quantified_head(tok)
    if head.pos_ == "VERB":  # "against foreign forces massing": the parser's noun is a compound
        head = next((c for c in head.children if c.dep_ == "compound"), head)
    lemma = head.lemma_.lower()
    anaphoric = any(c.dep_ == "det" and c.lower_ in ("the", "this", "these", "those") for c in head.children)
    if is_object and verbal and anaphoric and lemma in state.lexicon.nouns and not any(c.dep_ == "poss" for c in head.children):
        remembered = _remembered(head, state)
        if remembered is not None:
            return remembered  # "dismissed the closures" -> whoever closed the crossings
    ent = state.actors.ent_at.get(head.i)
    if ent is not None and ent.label == "GPE" and ent.country and ent.kb_id and ":" in ent.kb_id and not ent.stands_for:
        return state.actors.country_actor(ent.country, None)  # "sent to Grodno": to Belarus
    actor = state.actors.resolve(head)
    if actor is not None and actor.inferred:
        return None  # a target is named; "strike the units" does not say whose units
    if actor is None and lemma in PLACE_NOUNS:
        for c in head.children:  # "to its border with Poland"
            obj = next((g for g in c.children if g.dep_ == "pobj"), None) if _is_prep(c) and c.lower_ in ("with", "of") else None
            actor = state.actors.resolve(obj) if obj is not None else None
            if actor is not None:
                break
    return actor


def _place_country(pred: Predicate, actor: Actor | None, state: ArticleState) -> Actor | None:
    """A drone that came down near Sokółka came down in Poland: the place's country is the target."""
    place = _location_token(pred, state)
    if place is None:
        return None
    ents = [e for t in place.subtree if (e := state.actors.ent_at.get(t.i)) is not None]
    country = next((e.country for e in ents if e.country), None)
    if country and (actor is None or country != actor.country):
        return state.actors.country_actor(country, None)
    return None


def _other_country(pred: Predicate, actor: Actor | None, state: ArticleState) -> Actor | None:
    """The nearest country in the sentence other than the actor's ('closed the crossings ... Belarus')."""
    tok = pred.token
    ents = [(abs(t.i - tok.i), e) for t in tok.sent if (e := state.actors.ent_at.get(t.i)) and e.country and e.label in ("GPE", "NORP")]
    for _, e in sorted(ents, key=lambda de: de[0]):
        if actor is None or e.country != actor.country:
            return state.actors.country_actor(e.country, None)
    return None


def _location_token(pred: Predicate, state: ArticleState) -> Token | None:
    """The place in the first locative phrase on the predicate or its object."""
    tok = pred.token
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    if pred.is_noun:  # "deployment of air defence to Poland": the phrase may hang on "defence"
        heads += [g for c in tok.children if _is_prep(c) and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    fallback = None
    for head in heads:
        for prep in (c for c in head.children if _is_prep(c) and c.lower_ in LOCATIVE):
            for obj in (g for g in prep.children if g.dep_ == "pobj"):
                place, noun = _place_in(obj, state)
                if place is not None and (prep.lower_ != "on" or noun is not None or place.lemma_.lower() in PLACE_NOUNS):
                    return place
                fallback = fallback or noun
    return fallback


def _place_in(obj: Token, state: ArticleState, depth: int = 0) -> tuple[Token | None, Token | None]:
    """(named place, place noun) in a prepositional object: 'a field near the town of Sokolka'."""
    noun = obj if obj.lemma_.lower() in PLACE_NOUNS else None
    named = [obj, *_left_mods(obj)] if noun is not None else [obj]  # "the Podlasie region", not "US counterpart"
    if any((e := state.actors.ent_at.get(t.i)) and e.label in ("GPE", "LOC", "FAC") for t in named):
        return obj, None
    if depth < 3:
        for prep in (c for c in obj.children if _is_prep(c) and c.lower_ in ("near", "of", "around", "in", "at", "outside")):
            for g in (g for g in prep.children if g.dep_ == "pobj"):
                place, inner = _place_in(g, state, depth + 1)
                if place is not None:
                    return place, noun
                noun = noun or inner
    return None, noun


def _left_mods(tok: Token) -> list[Token]:
    return [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]


def event_location(pred: Predicate, state: ArticleState) -> str | None:
    """'near Grodno' -> 'Grodno'; 'to its eastern border' -> 'eastern border'."""
    tok = _location_token(pred, state)
    if tok is None and pred.code in PLACE_OBJECTS and pred.patient is not None:
        patient = make_slot(pred.patient, state)
        tok = pred.patient if patient is not None and patient.place else None  # "cross the border"
    if tok is None and pred.complement is not None and pred.pattern.frame == "intent":
        return event_location(pred.complement, state)  # "agreed to step up air policing over Poland"
    if tok is None and pred.is_noun and pred.governor is not None:
        tok = _location_token(pred.governor, state)  # "consider a deployment ... to Lithuania"
    if tok is None:
        return None
    mods = _left_mods(tok)
    first = min([tok, *mods], key=lambda t: t.i)
    last = tok
    for c in tok.children:
        if c.dep_ == "conj" or (_is_prep(c) and c.lower_ == "with" and tok.lemma_.lower() in PLACE_NOUNS):
            last = max(last, c.doc[c.right_edge.i], key=lambda t: t.i)
    text = state.item.article.text[first.idx:last.idx + len(last)]  # Doc.text rebuilds the string
    return text.strip(" ,.;:\"“”") or None


# --- Text span and date ----------------------------------------------------------------

# Events whose object is the place itself: "visited Warsaw", "crossed the border".
PLACE_OBJECTS = frozenset({"042", "192"})
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


def event_date(pred: Predicate, start: int, end: int, state: ArticleState) -> str | None:
    """The value of a date annotation in the event's own clause (the dates stage's), if any."""
    anchors = {pred.token.i} | ({pred.governor.token.i} if pred.governor else set())
    best: tuple[int, str] | None = None
    for d in state.item.ann.dates:
        value, at = d.get("value"), int(d.get("start", -1))
        if not value or not (start <= at < end):
            continue
        span = state.item.doc.char_span(at, int(d.get("end", at + 1)), alignment_mode="expand")
        if span is None or _governing_predicate(span.root, anchors) is None:
            continue
        distance = abs(span.root.i - pred.token.i)
        if best is None or distance < best[0]:
            best = (distance, str(value))
    return best[1] if best else None


def _governing_predicate(tok: Token, anchors: set[int]) -> Token | None:
    for _ in range(10):
        if tok.i in anchors:
            return tok
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("aux", "auxpass"):
            return None  # the date belongs to another clause
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


# --- The event record ------------------------------------------------------------------


def build_event(pred: Predicate, state: ArticleState) -> dict[str, Any] | None:
    """The event dict, or None for a plain future announcement (not an event yet)."""
    negated, hypothetical, future = modality(pred)
    code = pred.code
    if future and not (negated or hypothetical):
        # A plain future is not an event yet; announcing it is one, as CAMEO codes it:
        # "will send aid" expresses intent (033), "will close the border" threatens (1381).
        code = _announced_code(code, state) or ""
        if not code:
            return None
    if negated and not hypothetical and pred.pattern.negated_code:
        code, negated = pred.pattern.negated_code, False  # "did not support" is a rejection
    actor = event_actor(pred, state)
    target = event_target(pred, None if actor is not None and actor.inferred else actor, state)
    if actor is not None and target is not None and actor.name == target.name:
        if actor.inferred:
            actor = None  # "a mortar was fired at [Israel]", Israel said: the speaker is the target
        else:
            target = None
    start, end = event_span(pred, state)
    info = state.lexicon.code_info(code)
    _remember(state, code, actor)
    return {
        "actor": actor.name if actor else None, "action": action_phrase(pred),
        "target": target.name if target else None, "plover": info.plover, "cameo": code,
        "location": event_location(pred, state), "date": event_date(pred, start, end, state),
        "negated": negated, "hypothetical": hypothetical,
        "text": state.item.article.text[start:end], "start": start, "end": end,
        "mode": info.mode, "context": info.context, "quad_class": quad_class(code), "goldstein": info.goldstein,
        "actor_code": actor.code if actor else None, "target_code": target.code if target else None,
        "quoted": _inside(pred.token.idx, state.quotes),
    }  # fmt: skip


# Material actions whose announcement CAMEO codes as intent or threat. Force posture (15) is
# left out: whether "will deploy troops" reassures or threatens depends on where they go.
ANNOUNCEABLE = frozenset({"04", "05", "06", "07", "08", "14", "16", "17", "18", "19", "20"})


def _announced_code(code: str, state: ArticleState) -> str | None:
    return state.lexicon.frame_code("intent", code) if code[:2] in ANNOUNCEABLE else None


def _remember(state: ArticleState, code: str, actor: Actor | None) -> None:
    """Keep the doer of each kind of event, for 'the drills began' and 'dismissed the closures'."""
    if actor is not None:
        state.actors.recent = actor
        if actor.country or actor.org:  # "foreign troops" do not hold drills
            state.by_code[code] = state.by_root[code[:2]] = actor


def action_phrase(pred: Predicate) -> str:
    """The predicate as lemmas: 'close crossing', 'press ahead drill', 'military action'."""
    tok = pred.token
    if pred.is_noun:
        return " ".join(t.lemma_.lower() for t in [*_left_mods(tok), tok])
    words = [tok.lemma_.lower(), *sorted(pred.features.particles)]
    obj = pred.patient if pred.patient is not None and pred.patient.pos_ in ("NOUN", "PROPN") else None
    if pred.complement is not None:
        words.append(pred.complement.token.lemma_.lower())
    elif obj is not None:
        words.append(quantified_head(obj).lemma_.lower())
    return " ".join(dict.fromkeys(words))


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


def _inside(offset: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= offset < e for s, e in spans)


@register_stage("events.v1", requires=("doc", "sentences", "entities", "mentions"), provides=("events",))
def events_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Events coded to CAMEO and PLOVER, with actors, targets, places, dates and modality."""
    return EventExtractor()
