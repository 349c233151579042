"""The statement: the one concept every section of the brief is built from.

A statement is something a holder says about the world, as one article reports it: a quote,
a figure, an event, a recommendation, a condition or a denial. It has a holder (one person or
organisation record), a modality (asserted, hypothetical, ...), a scope (what is counted and
where), a time (when it was said and when what it says holds, both read from the text, never
the publication date) and a form (verbatim, partial, paraphrase), with its source span.
Sections of the brief group statements; each rule about grouping lives in one module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from sitroom.model import Annotations

Modality = Literal["asserted", "hypothetical", "conditional", "future", "negated", "uncertain", "denied"]
Form = Literal["verbatim", "partial", "paraphrase"]
MODALITIES: tuple[Modality, ...] = ("asserted", "hypothetical", "conditional", "future", "negated", "uncertain", "denied")
# What may enter "what we know", the timeline, the escalation index and the network as having happened.
HAPPENED: frozenset[str] = frozenset({"asserted"})
# What goes to "what could happen" with its holders.
SCENARIO: frozenset[str] = frozenset({"hypothetical", "conditional", "future", "uncertain"})


@dataclass
class StoryArticle:
    """One article of a story with its annotations; ``near_duplicate_of`` marks a copy."""

    id: str
    outlet: str | None
    published: str | None
    near_duplicate_of: str | None
    ann: Annotations
    byline: str | None = None
    title: str = ""
    text: str = ""
    url: str | None = None


@dataclass(frozen=True)
class Holder:
    """Who holds a statement: one person or organisation record across the story."""

    name: str
    kind: str = "person"  # person | org | outlet
    role: str | None = None
    org: str | None = None
    # "m" or "f" when the articles' own pronouns say so (``holders.pronoun_votes``): the brief
    # tells "X said that he ...", not "X said that X ...". Not part of the record's identity.
    gender: str | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "role": self.role, "org": self.org}


@dataclass(frozen=True)
class When:
    said: str | None = None  # the day the holder said it, when the article says so
    holds: str | None = None  # the day what it says is true of (an event's day, a figure's date)


@dataclass(frozen=True)
class Scope:
    quantity: str | None = None  # "foreign troops"
    where: str = ""  # a sub-national place key ("kursk oblast"); "" = the story's country level
    part_of: str | None = None  # "500 officers" for "three of whom are generals"


@dataclass
class Source:
    article: str
    outlet: str | None
    published: str | None
    start: int
    end: int
    verbatim: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"article": self.article, "outlet": self.outlet, "published": self.published,
                "start": self.start, "end": self.end, "verbatim": self.verbatim}  # fmt: skip


@dataclass
class Statement:
    kind: str  # quote | figure | event | recommendation | condition | denial | assessment | prediction
    text: str
    holder: Holder | None
    modality: Modality
    form: Form
    source: Source
    scope: Scope = field(default_factory=Scope)
    when: When = field(default_factory=When)
    item: dict[str, Any] = field(default_factory=dict)  # the per-article annotation it came from


def source_of(a: StoryArticle, item: dict[str, Any], verbatim: bool = False) -> Source:
    return Source(a.id, a.outlet, a.published, int(item["start"]), int(item["end"]), verbatim)


# -- modality ----------------------------------------------------------------------------------
# Read from the words of the statement itself: the per-article stages flag negated and
# hypothetical events, but a quote or claim carries no flag, and "could later be sent ... and
# engage in combat" must not reach the escalation index as a clash.
_UNCERTAIN = re.compile(r"\b(?:whether|unclear|not (?:yet )?(?:know|clear|certain)|too early to (?:say|tell)|it is not known|unconfirmed)\b", re.I)
_CONDITIONAL = re.compile(r"^\s*(?:if|unless|should|once|in case)\b|\b(?:if|unless|in case|provided that)\b", re.I)
_HYPOTHETICAL = re.compile(r"\b(?:could|might|may|would|possibly|perhaps|potentially)\b", re.I)
_FUTURE = re.compile(r"\b(?:will|shall|(?:is|are|was|were) (?:going|set|expected|due|prepared|ready|poised) to|plans? to|intends? to|threaten(?:s|ed)? to)\b|\w+'ll\b", re.I)
_NEGATED = re.compile(r"\b(?:not|no|never|nobody|none|neither|nor)\b|n't\b", re.I)
_DENIAL_CUES = frozenset({"deny", "denied", "denies", "denying", "reject", "rejected", "rejects", "dismiss", "dismissed", "dismisses", "refute", "refuted"})


def modality_of(text: str, cue: str | None = None) -> Modality:
    """The modality of a statement from its words (and its reporting cue, for denials).

    Checked gravest-doubt first: a denial is a denial whatever its grammar; "whether they will"
    is uncertain, not future; "if they cross, we will" is conditional, not future.
    """
    if cue and cue.casefold() in _DENIAL_CUES:
        return "denied"
    if _UNCERTAIN.search(text):
        return "uncertain"
    if _CONDITIONAL.search(text):
        return "conditional"
    if _HYPOTHETICAL.search(text):
        return "hypothetical"
    if _FUTURE.search(text):
        return "future"
    if _NEGATED.search(text):
        return "negated"
    return "asserted"


def event_modality(e: dict[str, Any]) -> Modality:
    """An event's modality: the stage's flags first, then the words of its clause."""
    if e.get("negated"):
        return "negated"
    if e.get("hypothetical"):
        return "hypothetical"
    found = modality_of(up_to_verb(str(e.get("text") or ""), str(e.get("action") or "")))
    # A negation elsewhere in a long clause ("drills that threaten no one began") does not
    # negate the event; the stage's own negation flag is the authority for that.
    return "asserted" if found == "negated" else found


def up_to_verb(text: str, action: str) -> str:
    """The clause up to and including its event verb: a modal after it belongs to another
    clause ("urged allies to share intelligence so that NATO could ..." is a request made)."""
    verb = action.split()[0][:3].casefold() if action.split() else ""
    if len(verb) < 3:
        return text
    m = re.search(r"\b" + re.escape(verb) + r"\w*", text, re.I)
    return text[: m.end()] if m else text


def quote_form(kind: str | None) -> Form:
    return {"direct": "verbatim", "partial": "partial"}.get(str(kind), "paraphrase")  # type: ignore[return-value]


# -- time --------------------------------------------------------------------------------------
def sentence_span(a: StoryArticle, offset: int) -> tuple[int, int] | None:
    return next(((s.start, s.end) for s in a.ann.sentences if s.start <= offset < s.end), None)


def said_on(a: StoryArticle, anchor: int, exclude: tuple[int, int] | None = None) -> str | None:
    """The day a statement was made: the day-precise date nearest its cue ("said on Tuesday")
    that dates the cue, outside the statement itself. None when the article does not say,
    rather than the publication date, so only stated dates can disagree: "last week" names no
    day (its Monday is the dates stage's convention, not the text's), and a date in a clause of
    its own ("X, who had asked for the talks on Tuesday, said") dates that clause."""
    sentence = sentence_span(a, anchor)
    if sentence is None:
        return None
    found: list[tuple[int, str]] = []
    for d in a.ann.dates:
        start = int(d["start"])
        inside = exclude is not None and exclude[0] <= start < exclude[1]
        if sentence[0] <= start < sentence[1] and is_day(d) and not inside and _dates_the_cue(a.text, d, anchor, sentence[0]):
            found.append((abs(start - anchor), str(d["value"])))
    return min(found)[1] if found else None


def is_day(d: dict[str, Any]) -> bool:
    """A date that names one day: "on Tuesday", "Sept 16"; not "last week" (a week's Monday)."""
    value = str(d.get("value") or "")
    return len(value) == 10 and d.get("granularity", "day") == "day"


# How far after its cue a date tells when a statement was made ("said on Tuesday that").
SAID_ON_REACH = 30
# Before the cue only the speaker's name and title may stand between ("On Tuesday, the defence
# minister Jan Nowak said"): a date with a clause of the statement after it belongs to what was
# said. "The shooter walked in around 10 a.m. Monday and looked ..., the chief said" dates the
# shooting; two outlets' "Monday" and "today" for it made a false "when he said" dispute.
_SPEAKER_WORDS = 3
# A date after one of these, in its own clause, dates that clause, not the cue: "X, who had
# requested the talks on Tuesday, said"; "... on Tuesday, and since the ministry said on Friday".
_CLAUSE_WORDS = re.compile(r"\b(?:who|whom|whose|which|that|when|while|after|before|since|because|and|but|as|until)\b", re.I)


def _dates_the_cue(text: str, d: dict[str, Any], anchor: int, sentence_start: int = 0) -> bool:
    start, end = int(d["start"]), int(d["end"])
    if start >= anchor:
        return start - anchor <= SAID_ON_REACH
    if not text:
        return anchor - start <= SAID_ON_REACH
    between = text[end:anchor]
    lead = re.split(r"[,;:—–]", text[sentence_start:start])[-1]
    if _CLAUSE_WORDS.search(between) or _CLAUSE_WORDS.search(lead):
        return False
    if "," in between and len(_lower_words(lead)) > 1:
        # "On Tuesday, the minister said" opens its sentence with the date; "the drills entered
        # their last weekend on Saturday, with officials saying" dates the drills.
        return False
    return len(_lower_words(between)) <= _SPEAKER_WORDS


def _lower_words(text: str) -> list[str]:
    return re.findall(r"(?<![\w’'])[a-z][a-z’']*\b", text)  # not the "s" of "Atlanta's"


def day_of(value: Any) -> str | None:
    text = str(value or "")[:10]
    return text if len(text) == 10 else None
