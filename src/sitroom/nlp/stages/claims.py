"""claims.v1: recommendations, conditions and red lines, predictions and assessments.

Claims drive decisions: "NATO should consider a forward deployment" (recommendation, actor
NATO), "if the troops cross the border, allies should respond in kind" (condition with a
trigger and a consequence), "the crisis will likely ease" (prediction). Each claim has a
holder: the speaker of the quote it sits in, the source of the reported speech around it,
or null when the writer asserts it. Quoted statements that are none of these are kept as
assessments, so "who says what about the situation" is complete.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.tokens import Span, Token

from sitroom.config import Config
from sitroom.model import Annotations, Entity
from sitroom.nlp.gazetteer import country_names
from sitroom.nlp.pipeline import AnnotatedArticle, doc_text
from sitroom.nlp.registry import register_stage


@dataclass(frozen=True)
class ClaimCues:
    modals: frozenset[str]
    needs: frozenset[str]
    urge: frozenset[str]
    calls: dict[str, frozenset[str]]
    predict_modals: frozenset[str]
    predict_words: tuple[str, ...]
    predict_verbs: frozenset[str]
    marks: frozenset[str]
    red_lines: tuple[str, ...]
    interrogative_heads: frozenset[str]
    not_condition_before_mark: frozenset[str]
    mandative: frozenset[str]


@lru_cache(maxsize=1)
def claim_cues() -> ClaimCues:
    raw = json.loads(resources.files("sitroom").joinpath("data", "claims", "cues.json").read_text("utf-8"))
    return ClaimCues(frozenset(raw["recommend_modals"]), frozenset(raw["recommend_needs"]), frozenset(raw["recommend_verbs"]),
                     {k: frozenset(v) for k, v in raw["call_verbs"].items()}, frozenset(raw["predict_modals"]),
                     tuple(raw["predict_words"]), frozenset(raw["predict_verbs"]), frozenset(raw["condition_marks"]),
                     tuple(raw["red_lines"]), frozenset(raw["interrogative_heads"]), frozenset(raw["not_condition_before_mark"]),
                     frozenset(raw["mandative_verbs"]))  # fmt: skip


def _span(tokens: list[Token]) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not t.is_space]
    while tokens and (tokens[-1].is_punct and tokens[-1].text not in "”\"’"):
        tokens = tokens[:-1]
    while tokens and tokens[0].is_punct:
        tokens = tokens[1:]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _phrase(verb: Token) -> str:
    """'allow international observers': the verb lemma and its object's head phrase."""
    parts = [verb.lemma_]
    particle = next((c for c in verb.children if c.dep_ == "prt"), None)
    if particle is not None:
        parts.append(particle.text)
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "obj", "attr", "acomp", "xcomp")), None)
    if obj is not None:
        words = [t for t in obj.subtree if t.dep_ not in ("det", "punct", "prep", "pobj", "relcl") or t is obj]
        parts.extend(t.text for t in words[-4:] if t.i <= obj.i or t.head == obj and t.dep_ == "compound")
    return " ".join(parts)


class ClaimFinder:
    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        doc, ann = item.doc, item.ann
        text = doc_text(doc)
        claims: list[dict[str, Any]] = []
        for sent in doc.sents:
            claims.extend(self._conditions(sent, text))
            claims.extend(self._recommendations(sent, text, ann.entities))
            claims.extend(self._predictions(sent, text, claims))
        claims.extend(self._assessments(ann, claims))
        for c in claims:
            c["holder"] = c.get("holder") or _holder(ann, c["start"], c["end"])
            c["holder_kind"] = _holder_kind(ann, c)
        ann.claims = sorted(_dedupe(claims), key=lambda c: c["start"])
        return item

    # -- conditions ---------------------------------------------------------------------------
    def _conditions(self, sent: Span, text: str) -> list[dict[str, Any]]:
        cues = claim_cues()
        out = []
        for tok in sent:
            clause = None
            if tok.dep_ == "mark" and tok.lower_ in cues.marks and tok.head.dep_ == "advcl":
                clause = tok.head
            elif tok.lower_ == "should" and tok.i == sent.start and tok.head.dep_ == "advcl":
                clause = tok.head  # "Should the drills continue past Sunday, Warsaw will close …"
            if clause is None or not _states_a_condition(tok, clause):
                continue
            trigger = [t for t in clause.subtree if t.i != tok.i]
            main = clause.head
            inside = {t.i for t in clause.subtree}
            rest = [t for t in main.subtree if t.i not in inside and sent.start <= t.i < sent.end]
            if_span, then_span = _span(trigger), _span(rest)
            if if_span is None or then_span is None:
                continue
            start = min(tok.idx, then_span[0])
            end = max(if_span[1], then_span[1])
            out.append(_claim("condition", start, end, text, actor=_subject_text(main), action=_phrase(main),
                              if_=text[if_span[0]:if_span[1]], then=text[then_span[0]:then_span[1]]))  # fmt: skip
        lowered = sent.text.casefold()
        if not out and any(r in lowered for r in cues.red_lines):
            bounds = _span(list(sent))
            if bounds:
                out.append(_claim("condition", bounds[0], bounds[1], text))
        return out

    # -- recommendations ------------------------------------------------------------------------
    def _recommendations(self, sent: Span, text: str, entities: list[Entity]) -> list[dict[str, Any]]:
        cues = claim_cues()
        out = []
        for tok in sent:
            verb = None
            if tok.dep_ == "aux" and tok.lower_ in cues.modals and not any(c.dep_ == "neg" for c in tok.head.children if c.i < tok.i + 2):
                verb = tok.head  # "the US should consider …"
                subj = _subject(verb)
                bounds = _span(list(subj.subtree) + [t for t in verb.subtree if t.i >= tok.i]) if subj is not None else _span(list(verb.subtree))
                actor = subj
            elif _needs_to(tok, cues) and any(c.dep_ == "xcomp" and any(g.lower_ == "to" for g in c.children) for c in tok.children):
                verb = next(c for c in tok.children if c.dep_ == "xcomp")  # "allies need to act", "we have got to act"
                actor = _subject(tok)
                bounds = _span(list(tok.subtree))
            elif tok.pos_ == "VERB" and (tok.lemma_ in cues.urge or tok.lemma_ in cues.mandative):
                # "urged Minsk to allow …": object + infinitive. "told reporters that …" reports, it does not urge.
                verb = next((c for c in tok.children if c.dep_ == "xcomp" or c.dep_ == "ccomp" and any(g.lower_ == "to" for g in c.children)), None)
                actor = next((c for c in tok.children if c.dep_ in ("dobj", "obj", "dative")), None)
                bounds = _span([tok] + [t for t in tok.subtree if t.i > tok.i])
                if verb is None or actor is None:
                    mandate = _mandated(tok, cues)
                    if mandate is not None and bounds is not None:
                        out.append(_proposed_by(tok, _action_claim(mandate[0], bounds, text, _actor_name(mandate[1], entities))))
                    continue
            elif tok.pos_ == "VERB" and tok.lemma_ in cues.calls and _subject(tok) is not None:
                # (an imperative "Call … for details" has no subject and recommends nothing)
                bounds = _span([tok] + [t for t in tok.subtree if t.i > tok.i])
                call = _called_for(tok, cues)
                if call is None or bounds is None:
                    continue
                if isinstance(call, str):
                    out.append(_proposed_by(tok, _claim("recommendation", bounds[0], bounds[1], text, actor=None, action=call)))
                else:
                    out.append(_proposed_by(tok, _action_claim(call[0], bounds, text, _actor_name(call[1], entities))))
                continue
            else:
                continue
            if verb is None or bounds is None or _negative_subject(actor):
                continue  # "Nobody needs to intend a war": a claim about the world, not advice
            claim = _claim("recommendation", bounds[0], bounds[1], text, actor=_actor_name(actor, entities), action=_phrase(verb))
            out.append(_proposed_by(tok, claim) if tok.lemma_ in cues.urge else claim)
        return out

    # -- predictions --------------------------------------------------------------------------
    def _predictions(self, sent: Span, text: str, so_far: list[dict[str, Any]]) -> list[dict[str, Any]]:
        cues = claim_cues()
        out = []
        taken = [(c["start"], c["end"]) for c in so_far]
        for tok in sent:
            verb = None
            anchor = tok  # the word whose subject holds the prediction ("We expect …")
            if tok.dep_ == "aux" and tok.lower_ in cues.predict_modals and tok.head.pos_ in ("VERB", "AUX"):
                verb = anchor = tok.head
            elif tok.lemma_ in cues.predict_verbs and tok.pos_ == "VERB":
                verb = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp")), None)
            elif tok.lower_ in ("likely", "unlikely", "probably") and tok.head.pos_ in ("VERB", "AUX"):
                verb = anchor = tok.head
            if verb is None or any(c.dep_ == "mark" and c.lower_ in cues.marks for c in verb.children):
                continue  # the trigger of a condition is not a prediction
            subj = _subject(anchor)
            first = subj.left_edge.i if subj is not None else anchor.left_edge.i
            tokens = {t.i: t for t in anchor.subtree if t.i >= first} | ({t.i: t for t in subj.subtree} if subj is not None else {})
            bounds = _span([tokens[i] for i in sorted(tokens)])
            if bounds is None or any(s <= bounds[0] < e for s, e in taken):
                continue
            taken.append(bounds)
            out.append(_claim("prediction", bounds[0], bounds[1], text, actor=_subject_text(verb), action=_phrase(verb)))
        return out

    # -- assessments --------------------------------------------------------------------------
    @staticmethod
    def _assessments(ann: Annotations, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What a named source says that is not already a claim of another type.

        Reported speech is kept too ("Ortega said the shifting numbers reflected a deliberate
        strategy"): leaving it out lost more sourced judgements than it removed noise.
        """
        out = []
        for q in ann.quotes:
            if not _named(q) or len(q["text"].split()) < 2:
                continue
            if any(q["start"] <= c["start"] < q["end"] or c["start"] <= q["start"] < c["end"] for c in claims):
                continue
            out.append({"type": "assessment", "text": q["text"], "start": q["start"], "end": q["end"],
                        "holder": q["speaker"]["name"], "actor": None, "action": None, "if": None, "then": None})  # fmt: skip
        return out


def _needs_to(tok: Token, cues: ClaimCues) -> bool:
    """A duty: "need to", "have to", "have got to" ("We have got to improve policing"); "get to" alone is leave, not duty."""
    if tok.pos_ not in ("VERB", "AUX"):
        return False
    return tok.lemma_ in cues.needs and tok.pos_ == "VERB" or tok.lower_ == "got" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in tok.children)


def _mandated(tok: Token, cues: ClaimCues) -> tuple[Token, Token | None] | None:
    """The action a verb of demanding mandates in the subjunctive, and who should act:
    "demanding that the campaign stop using …", "insisted that Pyongyang stop …",
    "demanding Obama make a pledge …". The bare verb form is the mark: "insisted that he was
    innocent" (indicative) reports a claim, it mandates nothing."""
    if tok.lemma_ not in cues.mandative:
        return None
    obj = next((c for c in tok.children if c.dep_ in ("dobj", "obj")), None)
    for clause in (c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i):
        if any(c.dep_ in ("aux", "auxpass", "neg") for c in clause.children):
            continue
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is not None and _subjunctive(clause, subj) or subj is None and obj is not None and clause.tag_ in ("VB", "VBP"):
            return clause, subj if subj is not None else obj
    return None


def _subjunctive(verb: Token, subj: Token) -> bool:
    """The bare form after a singular subject ("that Pyongyang stop", "that the port authority
    close"): the parser may tag it VBP, which no singular noun takes in the indicative."""
    return verb.tag_ == "VB" or verb.tag_ == "VBP" and subj.tag_ in ("NN", "NNP")


def _called_for(tok: Token, cues: ClaimCues) -> str | tuple[Token, Token | None] | None:
    """What a call asks for: the clause it asks someone to carry out, with who should act
    ("called on fellow Republicans to unendorse Trump", where the parser reads "on" as a
    particle; "called for compensation to be clawed back", a passive told from its subject),
    else the object of "called for" as text ("called for direct military action")."""
    allowed = cues.calls[tok.lemma_]
    preps = [c for c in tok.children if c.dep_ in ("prep", "prt") and (c.lower_ in allowed or not allowed)]
    clause = next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp", "advcl") and any(g.lower_ == "to" for g in c.children)), None)
    # "called for compensation to be paid": the parser may read "for" as the clause's marker.
    marked = clause is not None and any(g.dep_ == "mark" and g.lower_ in allowed for g in clause.children)
    if not preps and not marked:
        return None
    if clause is not None and (marked or clause.dep_ != "advcl"):
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        who = next((c for p in preps for c in p.children if c.dep_ == "pobj"), None)
        return (clause, who) if subj is None else (subj, None)
    obj = next((c for p in preps if p.dep_ == "prep" for c in p.children if c.dep_ == "pobj"), None)
    return " ".join(t.text for t in obj.subtree if not t.is_punct) if obj is not None else None


def _proposed_by(cue: Token, claim: dict[str, Any]) -> dict[str, Any]:
    """Mark who urges or calls (``proposer_at``: the offset of the cue verb's named subject):
    "Trump attacked Machado and encouraged Americans to ..." is Trump's call, though Machado
    is named closer to it. A pronoun names no one; the brief then looks for the name itself."""
    subj = _cue_subject(cue)
    if subj is not None and subj.pos_ in ("PROPN", "NOUN"):
        claim["proposer_at"] = subj.idx
    return claim


def _cue_subject(verb: Token) -> Token | None:
    """The subject of a reporting or urging verb, through a coordination or a participle
    clause ("Trump is questioning ..., encouraging his supporters to ...")."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None and verb.dep_ in ("conj", "advcl") and verb.head is not verb:
        subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return subj


def _action_bounds(verb: Token, first: int | None = None) -> tuple[int, int] | None:
    """The proposed action: from the verb (or from ``first``, the subject of a passive clause)
    to the end of its phrase, before an adverbial or relative clause of the action ("unendorse
    Trump | after the billionaire claimed ...")."""
    start = verb.i if first is None else first
    stop = min((c.left_edge.i for c in verb.children if c.dep_ in ("advcl", "relcl") and c.i > verb.i), default=verb.right_edge.i + 1)
    return _span([t for t in verb.subtree if start <= t.i < stop])


def _action_claim(verb: Token, bounds: tuple[int, int], text: str, actor: str | None) -> dict[str, Any]:
    """A recommendation whose action the parse gives (``action_start``/``action_end``, article offsets)."""
    passive = verb.dep_ in ("nsubj", "nsubjpass")  # the subject of a passive clause: the action starts with it
    head = verb.head if passive else verb
    claim = _claim("recommendation", bounds[0], bounds[1], text, actor=actor, action=_phrase(head))
    found = _action_bounds(head, verb.left_edge.i if passive else None)
    if found is not None and bounds[0] <= found[0] < bounds[1]:
        claim["action_start"], claim["action_end"] = found[0], min(found[1], bounds[1])
    return claim


def _states_a_condition(mark: Token, clause: Token) -> bool:
    """An "if" clause that states a condition, not a comparison or concession ("as if", "even
    if"), nor an embedded question ("asked if he understood the charges"), nor a clause inside
    one ("… if he was aware that he could be sentenced to life if convicted"). ECB+ court and
    police reports are full of the last two; none is a threat or promise."""
    cues = claim_cues()
    if mark.i > 0 and mark.doc[mark.i - 1].lower_ in cues.not_condition_before_mark:
        return False
    return not any(_embedded_question(t) for t in (clause, *clause.ancestors))


def _embedded_question(verb: Token) -> bool:
    """``verb`` heads an "if"/"whether" clause that is the object of a verb of asking or knowing."""
    head = verb.head
    asks = any(c.dep_ == "mark" and c.lower_ in ("if", "whether") for c in verb.children)
    return asks and head is not verb and head.i < verb.i and head.lemma_.casefold() in claim_cues().interrogative_heads


def _claim(kind: str, start: int, end: int, text: str, actor: str | None = None, action: str | None = None,
           if_: str | None = None, then: str | None = None) -> dict[str, Any]:
    return {"type": kind, "text": text[start:end], "start": start, "end": end, "holder": None, "actor": actor,
            "action": action, "if": if_, "then": then}  # fmt: skip


def _negative_subject(subj: Token | None) -> bool:
    if subj is None:
        return False
    return subj.lower_ in ("nobody", "none", "nothing", "neither") or any(c.lower_ in ("no", "neither") for c in subj.children) \
        or (subj.lower_ == "one" and any(c.lower_ == "no" for c in subj.children))


def _subject(verb: Token) -> Token | None:
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None and verb.dep_ in ("xcomp", "conj", "ccomp"):
        subj = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subj


def _subject_text(verb: Token) -> str | None:
    subj = _subject(verb)
    if subj is None or subj.pos_ == "PRON" and subj.lower_ not in ("we",):
        return None
    return " ".join(t.text for t in subj.subtree if t.dep_ != "det" and not t.is_punct) or None


def _actor_name(tok: Token | None, entities: list[Entity]) -> str | None:
    """The actor as the gazetteer knows it: 'Minsk' (standing for its government) -> 'Belarus'."""
    if tok is None:
        return None
    for e in entities:
        if e.start <= tok.idx < e.end:
            if e.stands_for and e.country:
                return country_names().get(e.country, e.canonical)
            return e.canonical
    if tok.pos_ == "PRON" and tok.lower_ != "we":
        return None
    return " ".join(t.text for t in tok.subtree if t.dep_ != "det" and not t.is_punct)


def _holder(ann: Annotations, start: int, end: int) -> str | None:
    """Who holds a claim: the speaker of the innermost quote around its start, else of a quote
    whose cue lies in the claim ("[Žukauskas] urged Minsk to allow …" starts at the cue);
    null for the writer's own claims."""
    around = [q for q in ann.quotes if q["start"] <= start < q["end"] and _named(q)]
    if around:
        return str(min(around, key=lambda q: q["end"] - q["start"])["speaker"]["name"])
    cued = [q for q in ann.quotes if _named(q) and q["cue_start"] is not None and start <= q["cue_start"] < end]
    return str(cued[0]["speaker"]["name"]) if cued else None


def _named(q: dict[str, Any]) -> bool:
    """The quote has a named speaker. An unnamed source ("officials said", speaker kind
    ``description``) holds no claim: two articles' "officials" need not be the same people."""
    return bool(q["speaker"]) and q["speaker"].get("kind") != "description"


def _holder_kind(ann: Annotations, claim: dict[str, Any]) -> str | None:
    """The named holder's kind (``person`` or ``org``); ``description`` for a claim with no
    named holder inside a quote of an unnamed source (said, but not by the writer); None for
    the writer's own claims."""
    speakers = [q["speaker"] for q in ann.quotes if q["speaker"] and (q["start"] <= claim["start"] < q["end"]
                or q["speaker"].get("name") == claim["holder"])]  # fmt: skip
    if claim["holder"]:
        return next((str(s.get("kind") or "person") for s in speakers if s.get("name") == claim["holder"]), None)
    return "description" if speakers else None


def _dedupe(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One claim per start: a condition beats the recommendation or prediction in its consequence."""
    rank = {"condition": 0, "recommendation": 1, "prediction": 2, "assessment": 3}
    best: dict[int, dict[str, Any]] = {}
    for c in claims:
        if c["start"] not in best or rank[c["type"]] < rank[best[c["start"]]["type"]]:
            best[c["start"]] = c
    kept = sorted(best.values(), key=lambda c: c["start"])
    conditions = [c for c in kept if c["type"] == "condition"]
    return [c for c in kept if c["type"] == "condition" or not any(k["start"] <= c["start"] < k["end"] for k in conditions)]


@register_stage("claims.v1", requires=("doc", "sentences", "entities", "quotes", "speakers"), provides=("claims",))
def claims_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Recommendations, conditions and red lines, predictions and assessments, with holders."""
    return ClaimFinder()
