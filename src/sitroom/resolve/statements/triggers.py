"""Red lines and triggers: a stated condition and the consequence a holder threatens, promises or warns of.

A trigger row needs three things, each checked here in one place:

1. **a condition** an analyst can watch for: not an idiom ("if any", "if anything"), not a
   time limit ("until the drills end");
2. **a consequence told as conditional modality** ("will", "would", "must", "could", "have
   to", "at risk of" ...): "if you show him the pathway, he may have more sensitivity". A consequence in
   the present or past tense states a rule or tells a story ("party procedures give the
   chair authority", "police told the group to stay put"); a counterfactual ("he would have
   done so by now") looks back, not forward; a question ("what would happen") asserts nothing;
3. **a holder**: the speaker of the quote it sits in, or the source of the reported speech
   around it ("diplomats said", even unnamed), or the author of an opinion piece. The
   writer's own hypothetical in a news report ("if her ailment were to persist, it would
   trigger ...") is no one's red line.

On ECB+ (crime and disaster news) most "if" clauses are procedure and narrative, not threats:
these rules are what keeps them out.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import StoryArticle, sentence_span, source_of
from sitroom.resolve.statements.proposers import REPORTING, is_opinion, proposer
from sitroom.resolve.statements.text import content_words, similar

_DATELINE = re.compile(r"^[A-Z][A-Z .,']{2,}\s+[—–-]+\s+")
_TRAILING_CLAUSE = re.compile(r",\s+(?:\w+ing|which|who|while|although|though)\b.*$", re.I)
# The reporting clause after a quoted consequence: '… sooner rather than later," said James Acton, a physicist …'.
_REPORTING_TAIL = re.compile(r"\s*[,;]?\s*[\"”’]*\s*,?\s*[\"”]?\s*\b(?:said|says|told|warned|added)\s+(?:[A-Z]|the\b|an?\b).*$")
# A consequence that opens with who reports it ("Senator Jane Roe (D-Maine) called on Thursday for
# “direct military action” ...", "officials said"): the reporting verb is the sentence's main verb,
# and the threat is what it reports. A call carries its own force ("called for", "urged ... to");
# a "said" clause must still state a threat of its own; a bare clause ("officials said") states none.
_LEADING_REPORT = re.compile(r"^(?P<subject>(?:\S+\s+){0,14}?)(?P<verb>(?P<call>call(?:s|ed)(?:\s+on\s+\w+day)?\s+for|urg(?:es|ed)|demand(?:s|ed))|"
                             r"sa(?:id|ys)|told\s+\S+|warn(?:s|ed)|add(?:s|ed)|stat(?:es|ed)|announc(?:es|ed)|declar(?:es|ed)|insist(?:s|ed)|"
                             r"argu(?:es|ed)|not(?:es|ed))\b(?:\s+(?:on|last|this)\s+\w+day)?(?:\s+that)?\s*(?P<rest>.*)$", re.I)  # fmt: skip
# A relative clause carries its own verb: "he has proposed nothing that would increase his taxes" is no warning.
_RELATIVE = re.compile(r"\b(?:that|which|who|whom|whose|where)\b.*$", re.I)
# The consequence's modality: what will, would, could or must happen once the condition holds.
_MODAL = re.compile(r"\b(?:will|would|wo|shall|could|might|may|must|should|can|cannot|gonna|ha(?:ve|s)\s+to|got\s+to|needs?\s+to|"
                    r"(?:am|is|are|was|were)\s+[“\"]?(?:going|set|ready|prepared|poised|determined)\s+to|"
                    r"call(?:s|ed|ing)?\b(?:\s+\S+){0,3}?\s+for|urg(?:e|es|ed|ing)|at\s+risk|risks)\b|\w['’](?:ll|d)\b", re.I)  # fmt: skip
# "The only way X will happen is if ...": the condition is necessary; the row says "X ... only then".
_ONLY_WAY = re.compile(r"^(?:the\s+)?only\s+way\s+(?:that\s+)?(.+?)\s+(?:is|was|will\s+be|would\s+be)$", re.I)
# A consequence told as the object of a forward-looking verb: "threatened to close the crossing if …",
# "expected the numbers to fall once …"; the claim keeps only the infinitive, the verb stands before it.
_FORWARD = re.compile(r"\b(?:expect|plan|threaten|vow|promis|pledg|intend|prepar|ready|decid|warn|likely)\w*\W+(?:\S+\s+){0,4}$", re.I)
# "would have done so by now": a counterfactual about the past ("would have to" is an obligation).
_COUNTERFACTUAL = re.compile(r"\b(?:would|could|might|should|must)(?:n['’]t|\s+not)?\s+have\s+(?!to\b)\w+", re.I)
_QUESTION = re.compile(r"^(?:what|how|why|who|whom|whose|which|whether|imagine)\b", re.I)
# Idioms built on "if" that state no condition: "few, if any, countries", "how much, if anything".
_IDIOM = re.compile(r"^\s*(?:even\s+)?(?:if\s+)?(?:any|anything|so|not|ever|at all|anyone|anybody|indeed|only)\s*$", re.I)
# Words that leave an elliptical condition empty: "if he didn't", "if she did", "if you do".
_AUXILIARY = frozenset({"did", "didn", "does", "doesn", "don", "was", "wasn", "were", "weren", "aren", "isn", "can", "could", "would", "won",
                        "will", "has", "have", "had", "hasn", "haven", "hadn", "you", "she", "him", "them", "there", "any", "anything"})  # fmt: skip
# A consequence cut off before its words ("it could look like", "… will change will be"): unreadable.
_DANGLING = re.compile(r"\b(?:like|be|is|are|was|were|of|to|for|with|from|the|a|an|that|than|as)\s*$", re.I)


def condition_of(text: str | None) -> str | None:
    """'they move closer, drawing criticism from ...' -> 'they move closer'; None for no
    condition, for a time limit ("at least until the drills end"), which states no cause, and
    for an idiom ("if any")."""
    if not text or not content_words(text) - _AUXILIARY or _IDIOM.match(text) or re.match(r"\s*(?:at least\s+)?until\b", text, re.I):
        return None
    return _TRAILING_CLAUSE.sub("", " ".join(text.split())).strip(" “”\"'‘’,.")


def consequence_of(then: str | None, condition: str, lead: str = "", verb: str = "") -> str | None:
    """The consequence as a readable clause, or None when it states no threat, promise or
    warning (no conditional modality, a counterfactual, a question, a fragment). ``lead`` is
    the sentence before the consequence, ``verb`` the lemma of its main verb (an imperative
    starts with it: "let our observers in")."""
    text = _DATELINE.sub("", " ".join(str(then or "").split()))
    # The parser often leaves the condition inside the consequence: "because if she gets back too soon, it might happen again".
    at = text.find(condition)
    if at >= 0 and text[at + len(condition):].lstrip().startswith(","):
        text = text[at + len(condition):].lstrip(" ,")
    reported = _LEADING_REPORT.match(text)
    if reported and not _MODAL.search(reported["subject"]) and not re.search(r"[,;:“\"]|\bif\b", reported["subject"], re.I):
        text = reported["rest"].strip(" ,")
        if reported["call"] and content_words(text):
            return text  # "… called for “direct military action” against …": the call is the consequence
    text = _REPORTING_TAIL.sub("", text)
    # The condition told again inside the consequence ("Russian troops would leave “once their
    # tasks are completed”, without giving a date"): it is the row's condition already.
    text = re.sub(r"\s*[“\"]?\b(?:if|unless|once|whenever)\s+" + re.escape(condition) + r"[”\"]?", "", text, flags=re.I) if condition else text
    text = re.sub(r"^(?:that|but|and|so|because|then)\s+", "", text, flags=re.I).strip(" “”\"'‘’,.")
    # A second condition stacked before the consequence ("If this bill were to enter into force,
    # if the veto were overridden, the government is at risk of ..."): the consequence follows it.
    text = re.sub(r"^(?:if|unless)\b[^,]{3,120},\s*", "", text, flags=re.I)
    only = _ONLY_WAY.match(text)
    if only:  # "The only way Wall Street will change will be | if executives face jail time"
        text = f"{only.group(1)} only then"
    if text.count("“") != text.count("”") or text.count('"') % 2:
        text = re.sub(r"[“”\"]", "", text)  # a quotation cut in half reads as a typo
    if not content_words(text) or _QUESTION.match(text) or text.endswith("?") or _DANGLING.search(text):
        return None
    first = text.split()[0].casefold()
    imperative = bool(verb) and first == verb.casefold() and first not in ("be", "have", "do")
    if imperative or _MODAL.search(_COUNTERFACTUAL.sub(" ", _RELATIVE.sub("", text))):
        return text
    forward = _FORWARD.search(lead)
    if forward is None:
        return None
    # With its subject when the clause is short: "Poland is prepared to close ...", not "prepared to close ...".
    clause = re.split(r"\b(?:said|says|told|warned|added)\b(?:\s+(?:on\s+\w+|\w+day))?(?:\s+that)?", lead)[-1].strip(" ,")
    return f"{clause if len(clause.split()) <= 8 else forward.group().strip()} {text}"


def _lead(a: StoryArticle, c: dict[str, Any]) -> str:
    """The words of the claim's sentence before its consequence."""
    span, then = sentence_span(a, int(c["start"])), str(c.get("then") or "")
    at = a.text.find(then, span[0], span[1]) if span and then else -1
    return a.text[span[0]:at] if span and at >= 0 else ""


def is_question(a: StoryArticle, c: dict[str, Any]) -> bool:
    """The claim's sentence asks rather than states: "How much, if anything, do you pay?"."""
    span = sentence_span(a, int(c["start"]))
    return span is not None and a.text[span[0]:span[1]].rstrip(" ”\"'’)").endswith("?")


def reporting_cue(a: StoryArticle, c: dict[str, Any]) -> re.Match[str] | None:
    """The reporting verb of the claim's sentence, searched in the article text (offsets are the article's)."""
    span = sentence_span(a, int(c["start"]))
    if span is None:
        return None
    cues = list(REPORTING.finditer(a.text, span[0], span[1]))
    # A verb inside the claim is its content ("… the capability to threaten its neighbors"), not its source.
    outside = [m for m in cues if not int(c["start"]) <= m.start() < int(c["end"])]
    return outside[0] if outside else cues[0] if cues else None


def attributed(a: StoryArticle, c: dict[str, Any]) -> bool:
    """Someone holds the claim: it is inside a quote (even one whose speaker is not found), a
    reporting verb stands in its sentence, or the article is an opinion piece."""
    start = int(c["start"])
    inside = any(q["start"] <= start < q["end"] for q in a.ann.quotes)
    return bool(c.get("holder")) or inside or is_opinion(a) or reporting_cue(a, c) is not None


# The word that opens the condition. "Unless Minsk presents ..., we will raise ..." states the
# opposite of "If Minsk presents ...": the row keeps the word ("mark") and is printed with it.
_MARK = re.compile(r"\b(if|unless|once|whenever|provided|providing)\W*$", re.I)


def mark_of(a: StoryArticle, c: dict[str, Any]) -> str:
    """The condition's opening word in the article ("if" when it cannot be read, and for an inverted "Should ...")."""
    start, end, cond = int(c["start"]), int(c["end"]), str(c.get("if") or "")
    at = a.text.find(cond, start, end) if cond else -1
    found = _MARK.search(a.text[start:at]) if at >= 0 else None
    return found.group(1).casefold() if found else "if"


def condition_phrase(trigger: dict[str, Any]) -> str:
    """'If the troops cross the border' / 'Unless Minsk presents ...': the condition as the holder stated it."""
    mark = str(trigger.get("mark") or "if")
    return f"{mark.capitalize()} {trigger['if']}"


def trigger_sentence(trigger: dict[str, Any]) -> str:
    """'If the troops cross the border, then the response will be immediate'; 'Unless Minsk
    presents ..., we will raise ...' ("unless ..., then ..." is not how anyone says it)."""
    joint = ", then " if str(trigger.get("mark") or "if") == "if" else ", "
    return f"{condition_phrase(trigger)}{joint}{trigger['then']}"


def add_trigger(triggers: list[dict[str, Any]], a: StoryArticle, c: dict[str, Any], holders: HolderIndex) -> None:
    """One trigger row per condition and consequence, whoever states it and wherever."""
    condition = condition_of(c.get("if"))
    then = consequence_of(c.get("then"), condition, _lead(a, c), (str(c.get("action") or "").split() or [""])[0]) if condition else None
    if not condition or not then or is_question(a, c) or not attributed(a, c):
        return
    # "Roe called on Thursday for ... if they move closer"; '"If …, it will …," said James Acton'.
    cue = reporting_cue(a, c)
    after = cue is not None and cue.start() >= int(c["end"])
    holder = proposer(a, c, holders, cue.start() if cue and not after else cue.end() if cue else int(c["start"]), after=after)
    mark = mark_of(a, c)
    trig = next((t for t in triggers if t["mark"] == mark and similar(t["then"], then, 0.5) and similar(t["if"], condition, 0.4)), None)
    if trig is None:
        trig = {"if": condition, "mark": mark, "then": then, "holders": [], "sources": []}
        triggers.append(trig)
    if holder is not None and holder.to_dict() not in trig["holders"]:
        trig["holders"].append(holder.to_dict())
    trig["sources"].append(source_of(a, c).to_dict())
