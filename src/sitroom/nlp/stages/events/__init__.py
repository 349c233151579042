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

Modules: ``patterns`` (predicates and their slots), ``frames`` (negation, hypotheticals),
``actors`` (actor and target), ``places``, ``spans`` (the event's text, quoted regions),
``speech`` (events.v3: speech acts, and what they say kept as reported) and ``coding`` (the
article's events built from all of these). Actor lookup and the pattern
lexicon are shared with other stages in ``sitroom.nlp.eventcoding``.
"""

from __future__ import annotations

from collections.abc import Callable

from sitroom.config import Config
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.registry import register_stage
from sitroom.nlp.stages.events.coding import EventExtractor, EventExtractorV2, EventExtractorV3


@register_stage("events.v1", requires=("doc", "sentences", "entities", "mentions"), provides=("events",))
def events_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Events coded to CAMEO and PLOVER, with actors, targets, places, dates and modality."""
    return EventExtractor()


@register_stage("events.v2", requires=("doc", "sentences", "entities", "mentions"), provides=("events",))
def events_v2(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """events.v1 with more predicates of material acts (``sitroom/data/events/*_v2.tsv``), light
    verbs coded by the act their object names ("imposed blockades"), intention, obligation,
    appeal, threat and refusal frames ("ready to X", "must X" told by a speaker, "wants Y to X",
    "will X unless Y", "will not X") reported as events of their own beside the act, and more
    targets (whose request is rejected, the group a violent act is done to)."""
    return EventExtractorV2()


@register_stage("events.v3", requires=("doc", "sentences", "entities", "mentions"), provides=("events",))
def events_v3(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """events.v2 with speech acts of CAMEO's verbal categories (accuse, criticise, praise,
    apologise, warn, threaten, demand ...) coded as the act of speaking, what is said kept as a
    reported (hypothetical) event done by the one spoken of, and the word lists widened by
    class (``sitroom/data/events/*_v3.tsv``)."""
    return EventExtractorV3()
