"""An article's events: predicates found, then each coded to CAMEO and PLOVER with its
actor, target, place, date and modality."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Token

from sitroom.nlp.eventcoding import (
    Actor,
    ArticleActors,
    Lexicon,
    load_lexicon,
    load_lexicon_v2,
    load_lexicon_v3,
    quad_class,
    quantified_head,
)
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.stages.events.actors import event_actor, event_target
from sitroom.nlp.stages.events.frames import clause_frame, conditional_refusal, modality
from sitroom.nlp.stages.events.patterns import ArticleState, Predicate, find_predicates
from sitroom.nlp.stages.events.places import event_location, left_mods
from sitroom.nlp.stages.events.spans import (
    event_span,
    is_inside,
    quote_regions,
    repeated_paragraphs,
)
from sitroom.nlp.stages.events.speech import mark_reported


class EventExtractor:
    """The stage callable: picklable, the lexicon read once per process."""

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        item.ann.events.extend(extract_events(item, load_lexicon()))
        return item


class EventExtractorV2(EventExtractor):
    """events.v2: v1's coding with the wider predicate lexicon (``verbs_v2.tsv``), and the
    frames a clause's grammar makes (ready to / must / will ... unless) as events of their own."""

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        item.ann.events.extend(extract_events(item, load_lexicon_v2(), version=2))
        return item


class EventExtractorV3(EventExtractor):
    """events.v3: v2 with speech acts of CAMEO's verbal categories coded as the act of
    speaking ("X accused Y of shelling Z" is X's accusation of Y; the shelling is what X
    says, reported as hypothetical), and the v3 word lists (``*_v3.tsv``)."""

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        item.ann.events.extend(extract_events(item, load_lexicon_v3(), version=3))
        return item


def extract_events(item: AnnotatedArticle, lexicon: Lexicon, version: int = 1) -> list[dict[str, Any]]:
    """Every event the article reports, in text order, as the dicts ``ann.events`` holds.

    From ``version`` 2 (events.v2), an intention, obligation or threat that the clause's
    grammar states is an event of its own, reported right after the act it concerns (which
    stays hypothetical; see ``frame_event``). The act comes first so that a reader matching
    by the clause's start finds the act, as the sample gold codes it.
    """
    text = item.article.text
    state = ArticleState(item, lexicon, ArticleActors(item, lexicon), quote_regions(text), repeated_paragraphs(text),
                         version=version)  # fmt: skip
    predicates = find_predicates(state)
    if version >= 3:  # speech acts: what is said is reported, not shown to have happened
        predicates += mark_reported(predicates, state)
    events = []
    for pred in sorted(predicates, key=lambda p: (p.token.i, p.is_noun)):
        if not pred.emit or is_inside(pred.token.idx, state.skip):
            continue
        event = build_event(pred, state)
        if event is None:
            continue
        framed = frame_event(pred, event, state) if version >= 2 else None
        events.extend([event, framed] if framed else [event])
    return events


def frame_event(pred: Predicate, event: dict[str, Any], state: ArticleState) -> dict[str, Any] | None:
    """The intention, demand or threat that the clause states about the act ``event`` reports.

    "Poland is ready to contribute troops" is Poland's intention (AGREE, 0334), not aid given;
    "Russia must hand over the suspects, the minister said" is the minister's demand (REQUEST)
    on Russia; "Iran will close the strait unless ..." is Iran's threat (THREATEN). The frame's
    code comes from ``frames.tsv`` by the act's code. A demand needs a speaker who makes it:
    an obligation the writer states ("the bill must pass") is nobody's demand, so none is made.
    """
    frame = clause_frame(pred)
    if frame is None or not event["hypothetical"] or event["negated"]:
        return None
    actor, target = event["actor"], event["target"]
    actor_code, target_code = event["actor_code"], event["target_code"]
    if frame == "demand":
        speaker = state.actors.speaker_of(pred.token)
        demander = state.actors.resolve(speaker) if speaker is not None else None
        if demander is None or demander.name == actor:
            return None
        actor, target, actor_code, target_code = demander.name, actor, demander.code, actor_code
    code = state.lexicon.frame_code(frame, pred.code) or ""
    info = state.lexicon.code_info(code)
    return {**event, "cameo": code, "plover": info.plover, "mode": info.mode, "context": info.context,
            "quad_class": quad_class(code), "goldstein": info.goldstein, "hypothetical": False,
            "action": f"{frame} {event['action']}", "actor": actor, "target": target,
            "actor_code": actor_code, "target_code": target_code}  # fmt: skip


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
    elif negated and future and state.version >= 2 and (not hypothetical or conditional_refusal(pred)):
        # "said he would not provide support", "will not end the strike", "will not release
        # them unless ...": an announced refusal is a real rejection (CAMEO 12), coded by what
        # is refused.
        refusal = state.lexicon.frame_code("reject", code)
        code, negated, hypothetical = (refusal, False, False) if refusal else (code, negated, hypothetical)
    code = cooperative_posture(pred, code, state)
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
        "quoted": is_inside(pred.token.idx, state.quotes),
    }  # fmt: skip


# Material actions whose announcement CAMEO codes as intent or threat. Force posture (15) is
# left out: whether "will deploy troops" reassures or threatens depends on where they go.
ANNOUNCEABLE = frozenset({"04", "05", "06", "07", "08", "14", "16", "17", "18", "19", "20"})


def _announced_code(code: str, state: ArticleState) -> str | None:
    return state.lexicon.frame_code("intent", code) if code[:2] in ANNOUNCEABLE else None


def cooperative_posture(pred: Predicate, code: str, state: ArticleState) -> str:
    """events.v2: a force posture (CAMEO 15) that serves a peacekeeping, rescue or relief
    mission is material aid (074: "sent troops to the UN peacekeeping force", "arrived to help
    deliver aid"), and an exercise held jointly with another party is military cooperation
    (062). The ConfliBERT train sentences showed these as the largest share of wrong MOBILIZE."""
    if state.version < 2 or not code.startswith("15"):
        return code
    words = {t.lemma_.lower() for t in pred.token.subtree} | {t.lower_ for t in pred.token.subtree}
    if words & state.lexicon.classes.get("PEACE_MISSIONS", frozenset()):
        return "074"
    partner = pred.agent is not None and any(c.dep_ == "conj" for c in quantified_head(pred.agent).children)
    if code.startswith("150") and ("joint" in words or partner):
        return "062"
    return code


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
        return " ".join(t.lemma_.lower() for t in [*left_mods(tok), tok])
    words = [tok.lemma_.lower(), *sorted(pred.features.particles)]
    obj = pred.patient if pred.patient is not None and pred.patient.pos_ in ("NOUN", "PROPN") else None
    if pred.complement is not None:
        words.append(pred.complement.token.lemma_.lower())
    elif obj is not None:
        words.append(quantified_head(obj).lemma_.lower())
    return " ".join(dict.fromkeys(words))
