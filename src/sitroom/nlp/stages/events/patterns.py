"""Predicates: verbs and event nouns matched against our patterns, with their agent, patient
and prepositional slots read from the dependency parse."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Token

from sitroom.nlp.eventcoding import (
    Actor,
    ArticleActors,
    Features,
    Lexicon,
    Pattern,
    Slot,
    np_core,
    own_subject,
    quantified_head,
    subject_of,
)
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.stages.events.frames import (
    ASPECTUAL,
    EMITTING_FRAMES,
    NEGATING_FRAMES,
    is_infinitive,
)

PLACE_NOUNS = frozenset({"border", "frontier", "region", "area", "airspace", "territory", "flank", "coast", "soil",
                         "town", "city", "village", "province", "zone", "ground", "grounds", "range", "base",
                         "corridor", "gap", "crossing", "field"})  # fmt: skip
MAX_DEPTH = 3
# events.v2: verbs whose object names the act ("imposed blockades", "launched an assault",
# "declared a state of siege"): when no verb pattern matches, the object noun's code is the
# event's, done by the verb's subject. Our own list of English light and support verbs.
LIGHT_VERBS = frozenset({"impose", "launch", "declare", "announce", "carry", "conduct", "stage", "mount", "wage",
                         "begin", "start", "resume", "order", "approve", "issue", "step", "intensify", "escalate",
                         "hold", "set", "give", "make", "unleash", "initiate", "continue", "reimpose", "extend",
                         "renew"})  # fmt: skip
# events.v3: more verbs whose object names the act ("completed its withdrawal", "authorized
# the release of aid", "performed joint war games").
LIGHT_VERBS_V3 = LIGHT_VERBS | frozenset({"complete", "authorize", "authorise", "perform", "undertake", "organize",
                                          "organise", "lead", "approve", "sign", "finalize", "finalise"})  # fmt: skip
# Verbs that undo what their object names ("ended the blockade", "called off the talks") are
# not light verbs: their codes come from the verb patterns (08x, 16x) or from none.
UNDOING_PARTICLES = frozenset({"off", "down", "back", "away", "up"})


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
    version: int = 1  # the stage version: 2 adds clause frames and reciprocal and place targets


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
    light = LIGHT_VERBS_V3 if state.version >= 3 else LIGHT_VERBS
    if pred is None and state.version >= 2 and tok.pos_ == "VERB" and tok.lemma_.lower() in light:
        pred = code_light_verb(tok, state)
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
        dest_foreign=_destination_foreign(tok, agent, state),
        complement_subject=comp is not None and not comp.is_noun and own_subject(comp.token) is not None)  # fmt: skip
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


def code_light_verb(tok: Token, state: ArticleState) -> Predicate | None:
    """'Israeli forces imposed blockades around the towns': the object noun (or the noun of
    its of-phrase, 'a new round of exercises') is the act; the verb gives its doer, its
    modality ('will begin an operation') and its tense. The noun stays the patient, so that
    'an assault on X' finds X as the target."""
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj", "nsubjpass")), None)
    particles = frozenset(_particles(tok))
    if obj is None or (particles & UNDOING_PARTICLES and particles != {"up"}) or (tok.lemma_ == "give" and particles):
        return None  # "called off the strike", "gave up the offensive"; "stepped up attacks" stays
    for cand in _noun_candidates(quantified_head(obj)):
        lemma = cand.lemma_.lower()
        if lemma not in state.lexicon.nouns:
            continue
        agent = arguments(tok)[0]
        features = Features(head=Slot(noun_terms(cand, of_phrase=True)), preps=tuple(_preps(cand, state)),
                            particles=particles, dest_foreign=_destination_foreign(tok, agent, state))  # fmt: skip
        pattern = state.lexicon.match_noun(lemma, features)
        if pattern is not None and pattern.code:
            return Predicate(tok, pattern, pattern.code, features, agent, cand)
    return None


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
                        and 0 < c.i - tok.i <= 4 and own_subject(c) is None and not is_infinitive(c)), None)  # fmt: skip
    if tok.dep_ == "acl" and tok.tag_ == "VBN" and any(c.dep_ in ("dobj", "oprd") for c in tok.children):
        agent = agent or tok.head  # "the ministry called the warning blackmail", misparsed
    elif tok.dep_ == "acl" and tok.tag_ == "VBN":
        patient = patient or tok.head  # "troops stationed near Brest"
    elif agent is None and not is_passive(tok):
        agent = _implicit_agent(tok)
    return agent, patient


def is_prep(tok: Token) -> bool:
    """A preposition heading a phrase; spaCy sometimes labels 'to' in 'sent to X' as dative."""
    return tok.dep_ == "prep" or (tok.dep_ == "dative" and tok.pos_ == "ADP")


def is_passive(tok: Token) -> bool:
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


def noun_terms(head: Token, of_phrase: bool = False) -> frozenset[str]:
    """Lemma runs over a phrase's modifiers and head: 'air defence units' -> 'air defence', ...
    With ``of_phrase`` (events.v2) also 'state of emergency', 'cessation of hostilities': the
    head with the noun of its of-phrase, which is how those terms name one thing."""
    words = [t for t in head.doc[head.left_edge.i:head.i] if t.dep_ in ("compound", "amod") and t.head.i <= head.i]
    mods = [t.lemma_.lower() for t in words]
    runs: set[str] = set()
    for last in {head.lemma_.lower(), head.lower_}:  # "policing" is lemmatised to "police"
        lemmas = [*mods, last]
        runs |= {" ".join(lemmas[i:j]) for i in range(len(lemmas)) for j in range(i + 1, min(len(lemmas), i + 4) + 1)}
    if of_phrase:
        for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"):
            runs |= {f"{last} of {g.lemma_.lower()}" for g in prep.children if g.dep_ == "pobj"
                     for last in (head.lemma_.lower(), head.lower_)}  # fmt: skip
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
    return Slot(noun_terms(head, state.version >= 2), actor is not None, is_state, place)


def _preps(tok: Token, state: ArticleState) -> Iterable[tuple[str, Slot]]:
    for c in tok.children:
        if is_prep(c):
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
        if is_prep(c) and c.lower_ == "for":
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
        agent = noun_agent(cand, state) or arguments(governor)[0]
        # "consider a deployment of air defence to Poland": the phrase may hang on the verb
        foreign = _destination_foreign(cand, agent, state) or _destination_foreign(governor, agent, state)
        features = Features(head=Slot(noun_terms(cand, state.version >= 2)), preps=tuple(_preps(cand, state)), dest_foreign=foreign)
        pattern = state.lexicon.match_noun(lemma, features)
        if pattern is not None and pattern.code:
            return Predicate(cand, pattern, pattern.code, features, noun_agent(cand, state), None, is_noun=True)
    return None


def _noun_candidates(noun: Token) -> list[Token]:
    """The noun, then the nouns of its to/of/with/for phrases: 'any link [to the drone]'."""
    out = [noun]
    for prep in (c for c in noun.children if is_prep(c) and c.lower_ in ("to", "of", "with", "for")):
        out += [g for g in prep.children if g.dep_ == "pobj"]
    return out


def noun_agent(noun: Token, state: ArticleState) -> Token | None:
    """'NATO air defence', 'sanctions of the European Union': an actor inside the event's phrase."""
    for t in np_core(noun):
        ent = state.actors.ent_at.get(t.i)
        if t.i != noun.i and ent is not None and ent.label in ("ORG", "NORP", "GPE"):
            return t
    return None


def destination(tok: Token) -> Token | None:
    """The object of 'to/into/toward' on the predicate or on its object."""
    heads = [tok] + [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass") or (is_prep(c) and c.lower_ == "of")]
    for h in heads:
        for c in h.children:
            if is_prep(c) and c.lower_ in ("to", "into", "toward", "towards"):
                return next((g for g in c.children if g.dep_ == "pobj"), None)
            if c.dep_ == "pobj" and h.lower_ == "of":
                found = destination(c)
                if found is not None:
                    return found
    return None


def _destination_foreign(tok: Token, agent: Token | None, state: ArticleState) -> bool:
    """Is the destination in another country than the agent's? ('send batteries to Poland')"""
    dest = destination(tok)
    if dest is None:
        return False
    country = next((e.country for t in np_core(dest) if (e := state.actors.ent_at.get(t.i)) and e.country), None)
    if country is None:
        return False
    actor = state.actors.resolve(agent) if agent is not None else None
    return actor is None or actor.country != country
