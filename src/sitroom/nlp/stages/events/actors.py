"""Who did it and to whom: the event's actor and target, coded to country and sector."""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from sitroom.nlp.eventcoding import (
    SPEECH_ACTS,
    Actor,
    Features,
    Slot,
    cameo_root,
    np_core,
    quantified_head,
)
from sitroom.nlp.stages.events.patterns import (
    PLACE_NOUNS,
    ArticleState,
    Predicate,
    destination,
    is_passive,
    is_prep,
    noun_agent,
    noun_terms,
)
from sitroom.nlp.stages.events.places import location_token

TARGET_PREPS = ("against", "with", "to", "into", "toward", "towards", "on", "at")


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
    if actor is None and pred.agent is None and is_passive(pred.token):
        actor = _attack_owner(pred, state) or _speaker_actor(pred, state)
    return actor


def _attack_owner(pred: Predicate, state: ArticleState) -> Actor | None:
    """'were killed in Israeli tank shelling': the attack's owner did it."""
    attacks = state.lexicon.classes.get("ATTACKS", frozenset())
    for c in pred.token.children:
        if is_prep(c) and c.lower_ in ("in", "during"):
            for obj in (g for g in c.children if g.dep_ == "pobj" and noun_terms(g) & attacks):
                owner = noun_agent(obj, state)
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
        if is_prep(c) and c.lower_ == "from":
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
        owner = noun_agent(other, state)
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
        dest = destination(pred.token) or destination(pred.governor.token)
        target = _target_of(dest, False, False, state) if dest is not None else None
        if target is not None and (actor is None or target.name != actor.name):
            return target
    if pred.code in PLACE_TARGETED:
        place = _place_country(pred, actor, state) or (_other_country(pred, actor, state) if pred.code == "191" else None)
        if place is not None or state.version < 2:
            return place
    if state.version >= 2:
        return _v2_target(pred, actor, state)
    return None


# Acts done together: "Brazil and the United States deepened their partnership" is each one's
# act towards the other, so the second named is the first's target.
RECIPROCAL_ROOTS = frozenset({"03", "04", "05", "06"})


def _v2_target(pred: Predicate, actor: Actor | None, state: ArticleState) -> Actor | None:
    """events.v2: the partner of a joint act; a protest's target is where it is held
    ("protested in Beijing": China), when that is another country than the protesters'."""
    root = cameo_root(pred.code) or ""
    comp = pred.complement
    if pred.pattern.frame is not None and comp is not None and pred.emit:
        # "wants Putin to attack X" is an appeal to Putin; "wants to attack X" threatens X
        addressee = state.actors.resolve(comp.agent) if pred.pattern.frame == "appeal" and comp.agent is not None else None
        return addressee if addressee is not None and addressee != actor else event_target(comp, actor, state)
    if root in RECIPROCAL_ROOTS and pred.agent is not None and not pred.is_noun:
        for c in quantified_head(pred.agent).children:
            partner = state.actors.resolve(c) if c.dep_ == "conj" else None
            if partner is not None and partner.name != (actor.name if actor else None) and (partner.country or partner.org):
                return partner
    if root == "14":
        return _place_country(pred, actor, state)
    for tok in _v2_candidates(pred, state):
        target = _target_of(tok, False, False, state)
        if target is not None and target.name != (actor.name if actor else None):
            return target
    return _described_target(pred, actor, state)


# Whose act an event noun names, when the noun is the object: "rejected accusations by X",
# "rejected X's request", "the blockade of X", "withdrew troops from X".
NOUN_TARGET_PREPS = ("by", "of")


def _v2_candidates(pred: Predicate, state: ArticleState) -> list[Token]:
    """events.v2: phrases beyond the object and against/on/at that name the target."""
    out: list[Token] = []
    obj = pred.patient
    head = quantified_head(obj) if obj is not None and not is_passive(pred.token) else None
    if head is not None and (head.lemma_.lower() in state.lexicon.nouns or head.lemma_.lower() in REPLIES):
        out += [c for c in head.children if c.dep_ == "poss"]
        out += [g for c in head.children if is_prep(c) and c.lower_ in NOUN_TARGET_PREPS for g in c.children if g.dep_ == "pobj"]
    if pred.code.startswith("087"):  # a withdrawal is aimed at the place left
        out += [g for c in pred.token.children if is_prep(c) and c.lower_ == "from" for g in c.children if g.dep_ == "pobj"]
    return out


# Nouns of what someone asked or claimed: their owner is the target of a reply to them.
REPLIES = frozenset({"request", "demand", "accusation", "allegation", "claim", "proposal", "offer", "call", "plan",
                     "appeal", "charge", "invitation", "bid", "announcement"})  # fmt: skip
# Groups named by a description, not by a name: "several terrorists", "the protesting drivers".
# Troops are left out: "moved troops", "strike the units" say what moved or whose units not.
GROUP_CLASSES = ("HUMANS", "ARMED", "PROTESTERS", "WORKERS")
# Acts done to their object: coercion, assault, fighting, mass violence. The object of a force
# posture ("moved soldiers") or of aid is what is moved or given, not a target.
VICTIM_ROOTS = frozenset({"17", "18", "19", "20"})


def _described_target(pred: Predicate, actor: Actor | None, state: ArticleState) -> Actor | None:
    """events.v2, when no actor is resolved: the direct object (or against/on/at phrase) of a
    material act, named as the article describes it, if it names a group of people or an
    organisation without a country ("killed several Boko Haram terrorists", "attacked two
    LTTE camps"). Other acts keep no described target: "rejected the plan" targets no one."""
    if (cameo_root(pred.code) or "") not in VICTIM_ROOTS or pred.is_noun:
        return None
    groups = frozenset().union(*(state.lexicon.classes.get(c, frozenset()) for c in GROUP_CLASSES))
    for tok, _ in _target_candidates(pred):
        head = quantified_head(tok)
        ent = next((e for t in np_core(head) if (e := state.actors.ent_at.get(t.i)) and e.label in ("ORG", "NORP")), None)
        if ent is None and not (noun_terms(head) & groups):
            continue
        core = [t for t in np_core(head) if t.dep_ in ("compound", "amod", "nmod") or t.i == head.i or (ent and state.actors.ent_at.get(t.i) is ent)]
        name = state.item.article.text[core[0].idx:core[-1].idx + len(core[-1])] if core else head.text
        if actor is None or name != actor.name:
            return Actor(name, ent.country if ent else None, None, None, name)
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
    if pred.patient is not None and not is_passive(tok) and not pred.is_noun:
        out.append((pred.patient, True))
    preps = [p for p in TARGET_PREPS if not (p in DESTINATIONS and pred.code.startswith("15"))]
    for prep in preps:
        for c in tok.children:
            if is_prep(c) and c.lower_ == prep:
                out += [(g, False) for g in c.children if g.dep_ == "pobj"]
    if pred.patient is not None:
        for c in pred.patient.children:
            if is_prep(c) and c.lower_ in ("with", "on", "against", "to"):
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
            obj = next((g for g in c.children if g.dep_ == "pobj"), None) if is_prep(c) and c.lower_ in ("with", "of") else None
            actor = state.actors.resolve(obj) if obj is not None else None
            if actor is not None:
                break
    return actor


def _place_country(pred: Predicate, actor: Actor | None, state: ArticleState) -> Actor | None:
    """A drone that came down near Sokółka came down in Poland: the place's country is the target."""
    place = location_token(pred, state)
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
