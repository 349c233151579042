"""What an article says about an event: negated, hypothetical (modal, condition, question,
plan, call), or plain future; the frame words that decide it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Token

from sitroom.nlp.eventcoding import (
    REPORTING,
    quantified_head,
)

if TYPE_CHECKING:
    from sitroom.nlp.stages.events.patterns import Predicate


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
        if node.dep_ in ("xcomp", "advcl", "ccomp", "acl") and is_infinitive(node) and parent.lemma_ not in ASPECTUAL | NEGATING_VERBS:
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


def is_infinitive(tok: Token) -> bool:
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


# --- Frames told by the clause's own grammar (events.v2) -------------------------------

# "ready to contribute troops": an adjective of readiness states an intention to act (CAMEO 03),
# coded by the act; the act itself stays hypothetical. "able", "due", "likely" only say the act
# may come, so they make no intention.
INTENT_ADJ = frozenset({"ready", "willing", "prepared", "determined", "eager", "keen", "poised"})
# "must hand over", "has to withdraw", "needs to stop": told by a speaker, an obligation put on
# someone else is a demand (CAMEO 10), coded by what is demanded.
OBLIGATION_VERBS = frozenset({"have", "need"})
# Threats need a conflict act: "will strike unless" threatens; "will talk unless" does not.
THREAT_ROOTS = frozenset({"13", "14", "15", "16", "17", "18", "19", "20"})


def clause_frame(pred: Predicate) -> str | None:
    """The frame the clause's grammar puts its predicate in: 'intent' (ready to X), 'demand'
    (must X, in reported speech), 'threat' (will X unless / if Y, X a conflict act), or None.

    A predicate that a frame verb already governs ("threatened to close") or that is negated
    gets none: its frame is the verb's, and "not ready to" is no intention.
    """
    if pred.is_noun or pred.governor is not None or pred.forced_negated or _negated(pred.token):
        return None
    verb = pred.token
    if verb.dep_ == "xcomp" and is_infinitive(verb) and verb.head.lower_ in INTENT_ADJ:
        return None if _negated(verb.head) or _negated(verb.head.head) else "intent"
    if _obliged(verb):
        return None if _negated(verb.head) else "demand"
    if _threatened(verb) and (pred.code[:2] in THREAT_ROOTS):
        return "threat"
    return None


def conditional_refusal(pred: Predicate) -> bool:
    """'will not release the soldiers unless Israel ...': a refusal made to depend on what the
    other side does is hypothetical only in its condition; the refusal itself is stated."""
    verb = pred.token
    return not (pred.is_noun or pred.forced_hypothetical or _question(verb)) and _conditional_consequence(verb)


def _obliged(verb: Token) -> bool:
    """'must hand over', 'has to withdraw' (the verb's aux, or 'have'/'need' + to-infinitive)."""
    if any(c.dep_ == "aux" and c.lower_ == "must" for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and is_infinitive(verb) and head.lemma_ in OBLIGATION_VERBS and head.pos_ in ("VERB", "AUX")


def _threatened(verb: Token) -> bool:
    """'will close the strait unless ...', 'would strike if ...': a future or conditional act
    made to depend on what someone else does."""
    _, will, _ = _aux_modality(verb)
    modal = any(c.dep_ == "aux" and c.lower_ in ("would", "could") for c in verb.children)
    if not (will or modal):
        return False
    for c in verb.children:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("unless", "if") for g in c.children):
            return True
    return False
