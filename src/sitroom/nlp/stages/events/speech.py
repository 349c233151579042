"""Speech acts (events.v3): what a speaker is reported to have said about another's deed.

CAMEO codes "Iran accused Israel of attacking its facilities" as Iran's accusation (112) of
Israel; the attack is what Iran says, not something the article reports as having happened.
The same holds for praise ("praised Jordan for hosting the talks"), criticism, blame,
apologies and warnings: the verb is the event, its content a reported, hypothetical one,
done by the one spoken of. Frame verbs (threaten, demand, urge, promise) already treat
their complement so (``patterns.find_predicates``); this module covers the coded verbs of
CAMEO's verbal categories that have a code of their own and a content beside it.

An allegation ("X claimed that Y had attacked Z") is an accusation (CAMEO 112) when what is
alleged is a coercive or violent act (CAMEO 17-20) done by someone other than the speaker;
what one says of one's own deed ("claimed it had taken the town") stays a report of that deed.
"""

from __future__ import annotations

from spacy.tokens import Token

from sitroom.nlp.eventcoding import Features, own_subject
from sitroom.nlp.stages.events.patterns import ArticleState, Predicate, arguments, is_prep

# Verbs of CAMEO's verbal categories (02-05 appeals, intents, praise; 10-13 demands,
# disapproval, rejection, threats) that have a code of their own and may carry a content
# phrase: our own list, by category of the CAMEO codebook.
VERBAL_ACTS = frozenset({
    "accuse", "blame", "allege", "charge", "criticize", "criticise", "condemn", "denounce", "slam", "censure",
    "rebuke", "reproach", "fault", "praise", "commend", "hail", "laud", "applaud", "thank", "congratulate",
    "credit", "apologize", "apologise", "warn", "caution", "chide", "scold", "lambaste", "castigate",
})  # fmt: skip
# Verbs that report an allegation when their content is another's violent or coercive deed.
# Not "insist", "assert", "maintain": a government insisting that foreign troops take part in
# its drills describes them, it accuses no one (the sample's Belarus article).
ALLEGING = frozenset({"claim", "allege", "charge"})
# What an allegation alleges: coercion, assault, fighting, mass violence (CAMEO 17-20).
ALLEGED_ROOTS = frozenset({"17", "18", "19", "20"})
# "accused X of V-ing", "praised X for V-ing", "apologised over V-ing", "warned against V-ing".
CONTENT_PREPS = frozenset({"of", "for", "over", "against", "about"})
ACCUSE = "112"


def content_verbs(tok: Token) -> list[Token]:
    """The verbs that state what the speech act says: 'of/for V-ing', 'that S', and their
    coordinated verbs ('of shelling the town and killing civilians')."""
    heads = [c for c in tok.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")]
    for prep in (c for c in tok.children if is_prep(c) and c.lower_ in CONTENT_PREPS):
        heads += [g for g in prep.children if g.dep_ == "pcomp" and g.pos_ in ("VERB", "AUX")]
    out = list(heads)
    for head in heads:
        out += [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    return out


def mark_reported(found: list[Predicate], state: ArticleState) -> list[Predicate]:
    """Mark the content of each speech act as reported (hypothetical), done by the one
    spoken of; code allegations of another's hostile deed as accusations. Returns the
    allegations found, to be added to the predicates."""
    by_token = {p.token.i: p for p in found if not p.is_noun}
    for pred in found:
        if (
            pred.is_noun
            or pred.pattern.frame is not None
            or pred.token.lemma_.lower() not in VERBAL_ACTS
        ):
            continue
        for verb in content_verbs(pred.token):
            content = by_token.get(verb.i)
            if content is not None and content.governor is None:
                _report(content, pred)
    return [a for tok in state.item.doc if (a := allegation(tok, by_token, state)) is not None]


def _report(content: Predicate, speech: Predicate) -> None:
    """The content of ``speech`` is said, not shown to have happened; with no subject of its
    own, it is done by the one spoken of ('accused Israel of attacking')."""
    content.governor = speech
    content.forced_hypothetical = True
    if own_subject(content.token) is None and speech.patient is not None:
        content.agent = speech.patient


def allegation(tok: Token, by_token: dict[int, Predicate], state: ArticleState) -> Predicate | None:
    """'X claimed that Y had attacked Z': X's accusation of Y (112), the attack reported."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in ALLEGING or tok.i in by_token:
        return None
    speaker = arguments(tok)[0]
    for verb in content_verbs(tok):
        content = by_token.get(verb.i)
        if content is None or content.governor is not None or content.code[:2] not in ALLEGED_ROOTS:
            continue
        doer = state.actors.resolve(content.agent) if content.agent is not None else None
        said_by = state.actors.resolve(speaker) if speaker is not None else None
        if doer is None or said_by is None or doer.name == said_by.name:
            continue
        pattern = state.lexicon.verbs["allege"][0]
        accusation = Predicate(tok, pattern, ACCUSE, Features(), speaker, content.agent)
        _report(content, accusation)
        return accusation
    return None
