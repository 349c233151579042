"""Quotes: one row per thing a holder said, however each outlet worded, trimmed or translated it.

The form decides how the brief may print it: only a direct quote is verbatim and goes inside
quotation marks; an indirect quote is the reporter's paraphrase, printed as reported speech;
an indirect quote that carries quoted fragments is "partial": the fragments keep the article's
own quotation marks, the rest is the reporter's. A fragment inside an indirect quote is part
of that statement, not a statement of its own.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import (
    Form,
    Holder,
    Statement,
    StoryArticle,
    When,
    modality_of,
    quote_form,
    said_on,
    source_of,
)
from sitroom.resolve.statements.text import similar

_FORM_RANK = {"verbatim": 0, "partial": 1, "paraphrase": 2}


@dataclass
class QuoteGroup:
    holder: Holder
    statements: list[Statement] = field(default_factory=list)

    @property
    def best(self) -> Statement:
        """The wording to print: verbatim over partial over paraphrase, then the longest."""
        return min(self.statements, key=lambda s: (_FORM_RANK[s.form], -len(s.text)))


def quote_statements(articles: list[StoryArticle], holders: HolderIndex) -> list[Statement]:
    out = []
    for a in articles:
        quotes = a.ann.quotes
        for q in quotes:
            if not q.get("speaker") or not q.get("text"):
                continue
            inside = [p for p in quotes if p is not q and p["kind"] == "partial" and q["start"] <= p["start"] and p["end"] <= q["end"]]
            if q["kind"] == "partial" and any(p["kind"] != "partial" and p["start"] <= q["start"] and q["end"] <= p["end"] for p in quotes if p is not q):
                continue  # a fragment of an indirect quote: its statement is the indirect quote
            if q["kind"] == "direct" and a.text and not opens_quotation(a.text, int(q["start"])):
                continue  # marks paired wrongly: the span is the writer's words between two quotes, its speaker a guess
            form: Form = "partial" if inside and q["kind"] == "indirect" else quote_form(q["kind"])
            holder = holders.resolve(q["speaker"].get("name"), q["speaker"].get("kind"))
            if holder is None:
                continue
            anchor = int(q["cue_start"] if q.get("cue_start") is not None else q["start"])
            when = When(said=said_on(a, anchor, (int(q["start"]), int(q["end"]))))
            modality = modality_of(q["text"], q.get("cue"))
            item = {**q, "addressee": _addressee(a, q)} if form != "verbatim" else q
            out.append(Statement("quote", q["text"], holder, modality, form, source_of(a, q, form == "verbatim"), when=when, item=item))
    return out


def opens_quotation(text: str, start: int) -> bool:
    """A quotation mark opens the direct quote at ``start`` (within 3 characters before it).

    A straight mark followed by a space or a line break closes a quotation, it does not open
    one: in ECB+ 23_ecbplus '... they had undertaken. "\nMr Buckley's death came a day after
    ...' the quotes stage paired the previous quote's closing mark with the next one's opening
    mark, and the writer's sentence between them was printed as the police spokesman's words
    (4 of 69 direct quotes on ECB+ dev, each such a span; none on the sample or PolNeAR dev).
    """
    for i in range(min(start, len(text) - 1), max(-1, start - 4), -1):
        if text[i] in "\"“„«‘'`":
            return not (text[i] in "\"'" and (i + 1 >= len(text) or text[i + 1].isspace()))
    return False


# Whom a paraphrase was told to, between the cue and the words: "told | Polish public radio | that ...".
_ADDRESSEE = re.compile(r"\s+((?:the\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){0,4}?)\s+(?:on\s+\w+day\s+)?that\s+$", re.I)


# ... or after the cue when the reported words come first: "..., Jim Campbell told | the Herald on Sunday |."
_ADDRESSEE_AFTER = re.compile(r"\s+((?:the\s+)?[\w’'.-]+(?:\s+[\w’'.-]+){0,5}?)\s*[.,;]")


def _addressee(a: StoryArticle, q: dict[str, Any]) -> str | None:
    """The addressee of "told" when the article names it next to the cue, else None."""
    cue, at = str(q.get("cue") or ""), q.get("cue_start")
    if at is None or not re.fullmatch(r"told|tells|telling", cue.strip(), re.I):
        return None
    end = int(at) + len(cue)
    if int(at) >= int(q["end"]):
        found = _ADDRESSEE_AFTER.match(a.text, end)
    else:
        found = _ADDRESSEE.fullmatch(a.text[end:int(q["start"])]) if end <= int(q["start"]) else None
    return found.group(1) if found else None


def group_quotes(statements: list[Statement]) -> list[QuoteGroup]:
    """Statements of one holder that say the same thing, across articles, as one group.

    Word overlap on word stems ("defend"/"defended"/"defence" meet) joins the wordings: wire
    copy, trimmed quotes, translations and reporters' paraphrases share a statement's words.
    No embedding: a MiniLM comparison of the pairs the stems leave apart cost the first cold
    brief ~2 s (loading the model) and, on the sample story and every ECB+ dev sub-topic, joined
    one pair in 7 (a verbatim denial and its paraphrase in another outlet, cosine 0.81 against a
    threshold of 0.8) with the same story scores without it (docs/benchmarks.md, "The brief's
    cost"). Two rows for one statement each stay true; a wrong join would hide a statement.
    """
    groups: list[QuoteGroup] = []
    for s in statements:
        assert s.holder is not None
        match = next((g for g in groups if g.holder == s.holder and any(similar(x.text, s.text) for x in g.statements)), None)
        if match is None:
            match = QuoteGroup(s.holder)
            groups.append(match)
        match.statements.append(s)
    return groups


def said_on_conflicts(groups: list[QuoteGroup]) -> list[dict[str, Any]]:
    """One statement that outlets date differently ("said on Tuesday" / "said on Wednesday")."""
    out = []
    for g in groups:
        days: dict[str, list[Statement]] = defaultdict(list)
        for s in g.statements:
            if s.when.said:
                days[s.when.said].append(s)
        if len(days) > 1:
            out.append({"about": f"when {g.holder.name} said: {clip(g.best.text, 80)}", "kind": "date",
                        "sides": [{"value": day, "holders": [g.holder.name], "outlets": sorted({str(s.source.outlet) for s in ss}),
                                   "sources": [s.source.to_dict() for s in ss]} for day, ss in sorted(days.items())]})  # fmt: skip
    return out


def verbatim_words(text: str) -> str:
    """The speaker's words only, for printing inside one pair of quotation marks.

    A quote the writer interrupts ('“The alliance is united,” the spokeswoman said, “and it
    will ...”') keeps its words and loses the writer's, shown as "…"; a quote continued in a
    new paragraph reopens without closing ('... depend on it. “But patience ...'), so that
    stray opening mark goes; the writer's words after the last closing mark go too.
    """
    text = text.strip().strip("“”\"„")
    out, inside, closed_at = [], True, 0
    for m in re.finditer(r"[“”\"„]", text):
        mark = m.group()
        opening = mark in "“„" or (mark == '"' and not inside)
        if inside and not opening:
            out.append(text[closed_at:m.start()])
            inside, closed_at = False, m.end()
        elif opening and inside:
            out.append(text[closed_at:m.start()])  # a paragraph reopening the same quote
            closed_at = m.end()
        elif opening:
            out.append(" … ")  # the writer's interruption: "…,” she said, “…"
            inside, closed_at = True, m.end()
    if inside:
        out.append(text[closed_at:])
    return re.sub(r"\s+", " ", "".join(out)).strip(" ,")


def clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
