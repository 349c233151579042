"""Options and triggers: proposed courses of action with their proposers, and stated red lines.

An option is a recommendation with a named proposer (a person or organisation; the outlet or
author itself only in an opinion or analysis piece, never the byline of a news report), who
should act, the action, and its conditions. A row no one proposes, or whose action an analyst
cannot weigh ("be honest", "do what NATO was built to do", "come to pass"), is dropped. The
same option across articles is one row; opponents are holders whose statements reject it in
its own words, never one of its proposers. A trigger needs a stated condition: no "if ?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sitroom.resolve.statements.holders import HolderIndex, named_kind
from sitroom.resolve.statements.model import (
    Holder,
    StoryArticle,
    modality_of,
    sentence_span,
    source_of,
)
from sitroom.resolve.statements.proposers import is_opinion, proposer
from sitroom.resolve.statements.text import content_words, similar, stems
from sitroom.resolve.statements.triggers import add_trigger, condition_of, is_question

# The cue of a call. "have to" is a duty urged; "will have to" foretells one ("it will have to
# accept that our border stays closed" is a threat's consequence, not an option).
RECOMMENDS = re.compile(r"\b(?:should|must|ought to|needs? to|need to|(?<!will )(?<!would )(?:ha(?:ve|s)|['’]ve)(?: got)? to|call(?:s|ed|ing)?(?: on \w+)? for|call(?:s|ed|ing)? (?:on|upon)(?: \S+){1,4}? to|urg(?:e|es|ed|ing)(?: \w+){0,3} to|"
                         r"ask(?:s|ed|ing)?(?: \w+){0,3} to|encourag(?:e|es|ed|ing)(?: \w+){0,3} to|press(?:es|ed)?(?: \w+){0,3} to|(?:would |will |to )(?:back|endorse)|backs|backed|endorse[sd]?)\s+", re.I)  # fmt: skip
_READY = re.compile(r"^(?:also\s+)?(?:be\s+(?:ready|prepared|able|willing)\s+to\s+|do (?:everything|all|whatever) (?:possible|(?:\w+ )?can|in \w+ power) to\s+)", re.I)
# A passive recommendation ("the party's vacancy rules should be modernized") is told with its
# subject, the thing to act on; a pronoun ("it should be done") leaves nothing to weigh. A state
# ("should be prepared") or a judgement ("should be recognized as intolerable") is no action.
_PASSIVE = re.compile(r"^be\s+(?:\w+ly\s+)?(?!(?:prepared|ready|able|willing|aware|allowed|permitted|entitled|expected|supposed|concerned|worried|interested|involved)\b)(?:\w+ed|\w+en|done|paid|made|held|put|set|cut|kept|brought|sent|told|sold|built|spent|shut|left|met|won|lost|struck|bound)\b(?!\s+as\b)", re.I)
# A cue of duty: who stands before it should act, they do not propose ("The VA has to move faster").
_MODAL_CUE = re.compile(r"(?:should|must|ought|needs?|ha(?:ve|s)|['’]ve|got)\b", re.I)
_LIGHT_VERBS = frozenset({"be", "do", "have", "come", "get", "make", "become", "happen", "pass", "continue", "go", "say", "know"})
# Where the action ends: punctuation, a reason or relative clause, a new clause ("… and you should be
# investigated"), the occasion of the call ("… in a statement on Thursday").
_CUT = re.compile(r"\s*(?:[,;:—–]|\s--\s|\.\s|\.$|\bso that\b|\bbecause\b|\bbefore they\b|\bwhich\b|\band (?:you|we|they|he|she|it|i)\b|"
                  r"\b(?:in|on|during) (?:a|an|the|his|her|their) (?:statement|interview|speech|letter|tweet|post|hearing|call)\b)", re.I)  # fmt: skip
# A statement that rejects a course of action. "against" alone is not one: "measures against pirates".
OPPOSES = re.compile(r"\b(?:reject(?:s|ed|ing)?|oppos(?:e|es|ed|ing)|(?:warn(?:s|ed|ing)?|argu(?:e|es|ed)|vot(?:e|es|ed)|spoke|speaks|came out|"
                     r"comes out|lobbied|advised) against|rul(?:e|es|ed) out|dismiss(?:es|ed)?|reckless|dangerous|irresponsible|misguided|"
                     r"mistake|unwise|ill-advised|counterproductive|wrong-headed|(?:do(?:es)?|did|would|will) not (?:support|back|endorse)|"
                     r"(?:won't|wouldn't|don't|doesn't|didn't|won’t|wouldn’t|don’t|doesn’t|didn’t) (?:support|back|endorse)|"
                     r"criticis(?:e|es|ed)|criticiz(?:e|es|ed)|rebuk(?:e|es|ed)|vetoe?(?:s|d)?)\b", re.I)  # fmt: skip
# Verbs of the deciding itself, not of a decision: "stop debating numbers and start deciding",
# "plan accordingly" leave one word or none to weigh once they are set aside (word stems).
_PROCESS = frozenset({"decid", "debat", "discu", "delib", "talk", "think", "plan", "start", "stop", "begin", "keep", "conti", "act"})
_SUBJECT_PRONOUNS = frozenset({"it", "this", "that", "they", "he", "she", "we", "i", "you", "these", "those", "there", "which", "who"})
_PRONOUNS = frozenset({"him", "them", "you", "your", "yours", "us", "me", "my", "himself", "herself", "themselves", "yourself"})
# An action with nothing to act on: a generic verb and filler words only ("respond in kind", "do
# more", "take more preventative measures", "plan accordingly", "open the door"). An analyst cannot
# weigh it, so it is kept only with the object or purpose the sentence gives ("do more to protect
# their vessels", "take measures, like pulling up their ladders"), else dropped.
_GENERIC_VERBS = frozenset({"respond", "react", "act", "do", "take", "plan", "step", "move", "open", "prepare", "proceed", "deal",
                            "handle", "go", "work", "try", "stay", "remain", "make"})  # fmt: skip
_FILLER = frozenset({"in", "kind", "more", "much", "accordingly", "steps", "step", "measures", "measure", "action", "actions", "further",
                     "additional", "necessary", "appropriate", "preventative", "preventive", "tough", "tougher", "firm", "firmly",
                     "decisive", "decisively", "quickly", "swiftly", "now", "immediately", "urgently", "the", "a", "an", "all", "some",
                     "something", "anything", "everything", "it", "up", "door", "right", "thing", "things", "strong", "stronger",
                     "serious", "seriously", "concrete", "real", "whatever", "possible", "needed", "required", "same", "robust",
                     "resolute", "proportionate", "forward", "together", "better", "harder", "vigilant", "calm", "ready", "alert",
                     "course", "effort", "efforts", "every", "best", "its", "their", "our", "his", "her", "own", "part"})  # fmt: skip
_OBJECT = re.compile(r"^\s*,?\s*((?:to|against|on|towards?|for|like|such as|including)\s+\S.*)", re.I | re.S)
# After a cut at 16 words an action ends on a whole word: "… a successor candidate for Hillary Clinton for" -> "… for Hillary Clinton".
_LOOSE_END = re.compile(r"(?:\s+(?:for|of|to|with|and|or|the|a|an|from|as|that))+$", re.I)


@dataclass
class Option:
    label: str
    words: frozenset[str]
    actor: str | None
    proposers: list[Holder] = field(default_factory=list)
    opponents: list[Holder] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"option": self.label, "actor": self.actor, "proposers": [h.to_dict() for h in self.proposers],
                "opponents": [h.to_dict() for h in self.opponents], "conditions": self.conditions, "sources": self.sources}  # fmt: skip


def action_of(text: str, at: tuple[int, int] | None = None) -> tuple[str, int, str] | None:
    """The proposed action after its cue ("urged allies to share intelligence ..."), the
    cue's offset in ``text`` and the cue; None when there is no action an analyst could weigh.
    ``at``: the action's offsets in ``text`` when the parse gave them (the cue is then the
    words before it: "demanding that the campaign | stop using ...")."""
    if at is not None:
        rest, cue_at, cue = text[at[0]:at[1]], 0, text[:at[0]]
    else:
        m = RECOMMENDS.search(text)
        if m is None or re.search(r"\bby\s*$", text[:m.start()], re.I):
            return None  # "Congress can act by asking prosecutors to charge someone": a means described, not a call
        rest, cue_at, cue = text[m.end():], m.start(), m.group(0)
        if _PASSIVE.match(rest) and _MODAL_CUE.match(cue):
            subject = _passive_subject(text[:m.start()])
            if subject is None:
                return None
            rest = f"{subject} {cue.strip()} {rest}"
    label, purpose = _label(rest), None
    if is_vague(label):
        tail = text[at[1]:] if at is not None else rest[rest.find(label) + len(label):] if label in rest else ""
        purpose = _OBJECT.match(tail)
        if purpose is None:
            return None
        label = f"{label} {_label(purpose.group(1))}"
    words = label.split()
    if not words or words[0].casefold() in _LIGHT_VERBS or len(content_words(label) - _PRONOUNS) < 2 or len(stems(label) - _PROCESS) < 2:
        return None
    if len(words) > 12 and at is None and purpose is None:  # a long action ends before the participle that describes its object: "… pirates operating in …"
        at_ing = next((i for i, w in enumerate(words) if i >= 5 and re.fullmatch(r"[a-z]+ing", w) and w not in ("during", "including")), len(words))
        words = words[:at_ing]
    short = _LOOSE_END.sub("", " ".join(words[:16]))
    return short + ("…" if len(words) > 16 else ""), cue_at, cue


def is_vague(label: str) -> bool:
    """The action names no thing to act on: "respond in kind", "(shipping companies to) do more"."""
    words = re.findall(r"[^\W\d_][\w’'-]*", label.casefold())
    lead = next((i + 1 for i, w in enumerate(words[:4]) if w == "to"), 0)  # "shipping companies to | do more"
    words = words[lead:]
    return bool(words) and words[0] in _GENERIC_VERBS and all(w in _FILLER for w in words[1:])


def _passive_subject(before: str) -> str | None:
    """The subject of a passive recommendation, the thing to act on: the words before the
    modal back to the clause's start ("… agreed that | the party's vacancy rules should be
    modernized"); None for a pronoun, and for an embedded question ("he has yet to explain
    why these loopholes should be retained" asks, it does not recommend)."""
    if re.search(r"\b(?:why|whether|how|what)\b", before, re.I):
        return None
    subject = re.split(r"[,;:(]|\bthat\b|\bbut\b", before)[-1].strip(" “”\"'‘’")
    if not subject or subject.split()[0].casefold() in _SUBJECT_PRONOUNS:
        return None
    return subject


def _label(rest: str) -> str:
    """The action's words up to where it ends, without a cut quotation mark."""
    rest = re.sub(r"^also\s+", "", _READY.sub("", rest), flags=re.I)
    label = _CUT.split(rest, maxsplit=1)[0].strip(" “”\"'‘’.")
    return re.sub(r"[“”\"]|``|''", "", label)  # a quotation cut in half by the clip reads as a typo


def build_options(articles: list[StoryArticle], holders: HolderIndex) -> tuple[list[Option], list[dict[str, Any]]]:
    options: list[Option] = []
    triggers: list[dict[str, Any]] = []
    for a in articles:
        for c in a.ann.claims:
            if c["type"] == "condition":
                add_trigger(triggers, a, c, holders)
            if c["type"] not in ("recommendation", "condition") or modality_of(c["text"]) == "negated" or is_question(a, c) \
                    or _supposed(a, c):
                continue
            found = action_of(c.get("then") or c["text"] if c["type"] == "condition" else c["text"], _action_at(c))
            if found is None or re.search(r"\bby\s*$", a.text[max(0, int(c["start"]) - 12):int(c["start"])]):
                continue  # "… ways to enforce a subpoena: by asking prosecutors to charge someone": a means, not a call
            # Who proposes is named before a reporting cue ("Roe called for"); before a modal
            # ("NATO should consider") stands who should act, so the search stops at the claim.
            reporting = not _MODAL_CUE.match(found[2])
            holder = proposer(a, c, holders, int(c["start"]) + (found[1] if reporting else 0), cue=reporting)
            if holder is not None:
                actor = c.get("actor") if not (c.get("actor") and holder.name.split()[-1] in str(c.get("actor"))) else None
                _add_option(options, found[0], holder, a, c, condition_of(c.get("if")), actor)
    _add_opponents(options, articles, holders)
    return options, triggers


_SUPPOSE = re.compile(r"\s*[“\"]?(?:say|suppose|imagine|picture|assume|let['’]s say)\b", re.I)


def _supposed(a: StoryArticle, c: dict[str, Any]) -> bool:
    """The claim sits in a supposed case ("Say Mexico demanded that ..."): a scenario the
    writer imagines, not a call anyone made."""
    span = sentence_span(a, int(c["start"]))
    return span is not None and bool(_SUPPOSE.match(a.text, span[0]))


def _action_at(c: dict[str, Any]) -> tuple[int, int] | None:
    """The action's offsets in the claim's text, when the claims stage read them from the parse."""
    if c.get("action_start") is None or c["type"] != "recommendation":
        return None
    return int(c["action_start"]) - int(c["start"]), int(c["action_end"]) - int(c["start"])


def _add_option(options: list[Option], label: str, holder: Holder, a: StoryArticle, c: dict[str, Any], condition: str | None,
                actor: str | None) -> None:  # fmt: skip
    opt = next((o for o in options if similar(o.label, label, 0.5)), None)
    if opt is None:
        opt = Option(label, content_words(label), actor)
        options.append(opt)
    if holder not in opt.proposers:
        opt.proposers.append(holder)
    if condition and condition not in opt.conditions:
        opt.conditions.append(condition)
    opt.sources.append(source_of(a, c).to_dict())


def _holder_of(item: dict[str, Any], holders: HolderIndex, quotes: list[dict[str, Any]]) -> Holder | None:
    """A claim's holder, else a quote's named speaker (an unnamed source is no holder)."""
    if item.get("holder"):
        return holders.resolve(item["holder"], named_kind(quotes, item["holder"]))
    speaker = item.get("speaker") or {}
    return holders.resolve(speaker.get("name"), speaker.get("kind"))


def _add_opponents(options: list[Option], articles: list[StoryArticle], holders: HolderIndex) -> None:
    """Holders whose statements reject an option in its own words: a quote or claim, or in an
    opinion piece the author's own sentence ("Roe's call for direct military action is misguided")."""
    for a in articles:
        said = [(item, _holder_of(item, holders, a.ann.quotes)) for item in [*a.ann.claims, *a.ann.quotes]]
        for item, holder in [*said, *_authors_sentences(a, holders)]:
            if holder is None or not OPPOSES.search(item["text"]):
                continue
            words = stems(item["text"])
            for opt in options:
                own = any(src["article"] == a.id and src["start"] <= int(item["start"]) < src["end"] for src in opt.sources)
                if len(stems(opt.label) & words) >= 2 and not own and holder not in opt.proposers and holder not in opt.opponents:
                    opt.opponents.append(holder)


def _authors_sentences(a: StoryArticle, holders: HolderIndex) -> list[tuple[dict[str, Any], Holder | None]]:
    """An opinion piece's own sentences (outside its quotes), held by its author."""
    if not is_opinion(a):
        return []
    author = holders.resolve(a.byline, "person") if a.byline else holders.resolve(a.outlet, "org")
    quoted = [(int(q["start"]), int(q["end"])) for q in a.ann.quotes]
    # A sentence that is mostly someone else's quote is theirs; a phrase quoted inside the author's
    # sentence ("Roe's call for “direct military action” is misguided") leaves it the author's.
    return [({"text": a.text[s.start:s.end], "start": s.start}, author) for s in a.ann.sentences
            if sum(max(0, min(qe, s.end) - max(qs, s.start)) for qs, qe in quoted) < (s.end - s.start) / 2]  # fmt: skip
