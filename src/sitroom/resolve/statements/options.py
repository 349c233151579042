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

from sitroom.resolve.statements.figures import measures
from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import (
    Holder,
    StoryArticle,
    modality_of,
    sentence_span,
    source_of,
)
from sitroom.resolve.statements.text import content_words, similar

RECOMMENDS = re.compile(r"\b(?:should|must|ought to|needs? to|need to|call(?:s|ed|ing)?(?: on \w+)? for|urg(?:e|es|ed|ing)(?: \w+){0,3} to|"
                         r"ask(?:s|ed|ing)?(?: \w+){0,3} to|press(?:es|ed)?(?: \w+){0,3} to|(?:would |will )?(?:back|endorse)(?:s|ed)?)\s+", re.I)  # fmt: skip
_REPORTING = re.compile(r"\b(?:said|says|called|warned|told|urged|asked|added|declared|stated|threatened|vowed)\b", re.I)
_READY = re.compile(r"^(?:also\s+)?(?:be\s+(?:ready|prepared|able|willing)\s+to\s+)", re.I)
_LIGHT_VERBS = frozenset({"be", "do", "have", "come", "get", "make", "become", "happen", "pass", "continue", "go", "say", "know"})
_CUT = re.compile(r"\s*(?:[,;:—–]|\.\s|\.$|\bso that\b|\bbecause\b|\bbefore they\b|\bwhich\b)")
_TRAILING_CLAUSE = re.compile(r",\s+(?:\w+ing|which|who|while|although|though)\b.*$", re.I)
_DATELINE = re.compile(r"^[A-Z][A-Z .,']{2,}\s+[—–-]+\s+")
_OPINION = re.compile(r"\b(?:analysis|opinion|op-ed|commentary|editorial|column|viewpoint|perspective|institute|think tank)\b", re.I)


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


def is_opinion(a: StoryArticle) -> bool:
    """An opinion or analysis piece, whose author may propose: its outlet, title or first lines say so."""
    head = " ".join([a.title or "", a.outlet or "", a.text[:200]])
    return bool(_OPINION.search(head))


def proposer(a: StoryArticle, c: dict[str, Any], holders: HolderIndex, anchor: int) -> Holder | None:
    """The claim's holder; else the person or organisation named before the cue in its
    sentence; else, in an opinion piece only, its author or outlet. Never a news byline."""
    name = c.get("holder") or _named_before(a, anchor)
    if not name and is_opinion(a):
        return holders.resolve(a.byline, "person") if a.byline else holders.resolve(a.outlet, "org")
    holder = holders.resolve(name)
    if holder is not None and a.byline and not is_opinion(a) and holder == holders.resolve(a.byline, "person"):
        return None
    return holder


def _named_before(a: StoryArticle, anchor: int) -> str | None:
    span = sentence_span(a, anchor)
    if span is None:
        return None
    found = [(m.start, m.end, g.name) for g in a.ann.mentions for m in g.mentions if span[0] <= m.start < anchor]
    # A country named before a reporting cue is its subject ("Poland is expected to ask allies to ...").
    found += [(e.start, e.end, e.canonical) for e in a.ann.entities if e.label in ("ORG", "NORP", "GPE") and span[0] <= e.start < anchor]
    # A name inside a longer one is a word of it, not an actor: "Interior" in "Interior Minister Ewa Nowak".
    names = [(st, en - st, name) for st, en, name in found
             if not any(s2 <= st and en <= e2 and e2 - s2 > en - st for s2, e2, _ in found)]  # fmt: skip
    return max(names)[2] if names else None


def action_of(text: str) -> tuple[str, int, str] | None:
    """The proposed action after its cue ("urged allies to share intelligence ..."), the
    cue's offset in ``text`` and the cue; None when there is no action an analyst could weigh."""
    m = RECOMMENDS.search(text)
    if m is None:
        return None
    rest = _READY.sub("", text[m.end():])
    label = _CUT.split(rest, maxsplit=1)[0].strip(" “”\"'‘’.")
    label = re.sub(r"[“”\"]", "", label)  # a quotation cut in half by the clip reads as a typo
    words = label.split()
    if not words or words[0].casefold() in _LIGHT_VERBS or len(content_words(label)) < 2:
        return None
    return " ".join(words[:16]), m.start(), m.group(0)


def build_options(articles: list[StoryArticle], holders: HolderIndex) -> tuple[list[Option], list[dict[str, Any]]]:
    options: list[Option] = []
    triggers: list[dict[str, Any]] = []
    for a in articles:
        for c in a.ann.claims:
            if c["type"] == "condition":
                _add_trigger(triggers, a, c, holders)
            if c["type"] not in ("recommendation", "condition") or modality_of(c["text"]) == "negated":
                continue
            found = action_of(c.get("then") or c["text"] if c["type"] == "condition" else c["text"])
            if found is None:
                continue
            # Who proposes is named before a reporting cue ("Roe called for"); before a modal
            # ("NATO should consider") stands who should act, so the search stops at the claim.
            reporting = not re.match(r"(?:should|must|ought|needs?)\b", found[2], re.I)
            holder = proposer(a, c, holders, int(c["start"]) + (found[1] if reporting else 0))
            if holder is not None:
                actor = c.get("actor") if not (c.get("actor") and holder.name.split()[-1] in str(c.get("actor"))) else None
                _add_option(options, found[0], holder, a, c, _condition(c.get("if")), actor)
    _add_opponents(options, articles, holders)
    return options, triggers


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


def _add_opponents(options: list[Option], articles: list[StoryArticle], holders: HolderIndex) -> None:
    """Holders whose claims or quotes reject an option in its own words."""
    opposition = measures()["opposition_words"]
    for a in articles:
        for item in [*a.ann.claims, *a.ann.quotes]:
            text = item["text"].casefold()
            holder = holders.resolve(item.get("holder") or (item.get("speaker") or {}).get("name"))
            if holder is None or not any(w in text for w in opposition):
                continue
            for opt in options:
                if len(opt.words & content_words(item["text"])) >= 2 and holder not in opt.proposers and holder not in opt.opponents:
                    opt.opponents.append(holder)


def _condition(text: str | None) -> str | None:
    """'they move closer, drawing criticism from ...' -> 'they move closer'; None for no
    condition, and for a time limit ("at least until the drills end"), which states no cause."""
    if not text or not content_words(text) or re.match(r"\s*(?:at least\s+)?until\b", text, re.I):
        return None
    return _TRAILING_CLAUSE.sub("", " ".join(text.split())).strip(" “”\"'‘’,.")


def _add_trigger(triggers: list[dict[str, Any]], a: StoryArticle, c: dict[str, Any], holders: HolderIndex) -> None:
    condition, then = _condition(c.get("if")), _DATELINE.sub("", " ".join(str(c.get("then") or "").split()))
    then = re.sub(r"^(?:that|but|and|so)\s+", "", then, flags=re.I).strip(" “”\"'‘’,")
    then = re.sub(r"[“”\"](?=[^“”\"]*$)", "", then) if then.count("“") != then.count("”") else then
    if not condition or not content_words(then):
        return  # a red line needs a stated condition and a consequence: no "if ?" rows
    said = _REPORTING.search(c["text"])  # "Roe called on Thursday for ... if they move closer"
    holder = proposer(a, c, holders, int(c["start"]) + (said.start() if said else 0))
    trig = next((t for t in triggers if similar(t["then"], then, 0.5) and similar(t["if"], condition, 0.4)), None)
    if trig is None:
        trig = {"if": condition, "then": then, "holders": [], "sources": []}
        triggers.append(trig)
    if holder is not None and holder.to_dict() not in trig["holders"]:
        trig["holders"].append(holder.to_dict())
    trig["sources"].append(source_of(a, c).to_dict())
