"""Quotes: one row per thing a holder said, however each outlet worded, trimmed or translated it.

The form decides how the brief may print it: only a direct quote is verbatim and goes inside
quotation marks; an indirect quote is the reporter's paraphrase, printed as reported speech;
an indirect quote that carries quoted fragments is "partial": the fragments keep the article's
own quotation marks, the rest is the reporter's. A fragment inside an indirect quote is part
of that statement, not a statement of its own.
"""

from __future__ import annotations

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
from sitroom.resolve.statements.text import content_words, similar

# Two quotes by one holder whose embeddings are this close say the same thing in other
# words: a translation or a paraphrase. Measured on the sample's four wordings of the defence
# minister's "Poland will defend every metre ..." (wire, syndicated copy, translation,
# paraphrase): 0.92-1.00 between them, at most 0.58 against his other quotes.
SAME_QUOTE_COSINE = 0.75
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
            form: Form = "partial" if inside and q["kind"] == "indirect" else quote_form(q["kind"])
            holder = holders.resolve(q["speaker"].get("name"), q["speaker"].get("kind"))
            if holder is None:
                continue
            anchor = int(q["cue_start"] if q.get("cue_start") is not None else q["start"])
            when = When(said=said_on(a, anchor, (int(q["start"]), int(q["end"]))))
            modality = modality_of(q["text"], q.get("cue"))
            out.append(Statement("quote", q["text"], holder, modality, form, source_of(a, q, form == "verbatim"), when=when, item=q))
    return out


def group_quotes(statements: list[Statement], embed: bool = True) -> list[QuoteGroup]:
    """Statements of one holder that say the same thing, across articles, as one group."""
    vectors = _vectors([s.text for s in statements], _multi_article(statements)) if embed and statements else None
    groups: list[QuoteGroup] = []
    first_index: dict[int, int] = {}
    for i, s in enumerate(statements):
        assert s.holder is not None
        match = next((g for gi, g in enumerate(groups) if g.holder == s.holder and (
            any(similar(x.text, s.text) for x in g.statements)
            or (vectors is not None and float(vectors[first_index[gi]] @ vectors[i]) >= SAME_QUOTE_COSINE))), None)  # fmt: skip
        if match is None:
            first_index[len(groups)] = i
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


def clip(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    if len(text) <= n:
        return text
    cut = text[: n - 1].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _multi_article(statements: list[Statement]) -> list[bool]:
    """Only a holder quoted in two articles can be matched across wordings; embedding costs
    ~10 ms a quote, so the others are not embedded."""
    articles_of: dict[str, set[str]] = defaultdict(set)
    for s in statements:
        articles_of[str(s.holder)].add(s.source.article)
    return [len(articles_of[str(s.holder)]) > 1 and len(content_words(s.text)) >= 3 for s in statements]


def _vectors(texts: list[str], needed: list[bool]) -> Any:
    """Embeddings of the needed texts (zero vectors elsewhere), shortest first to pad less."""
    import numpy as np

    from sitroom.resolve.embeddings import DIM, get_embedder

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    order = sorted((i for i, n in enumerate(needed) if n), key=lambda i: len(texts[i]))
    if order:
        out[order] = get_embedder().embed([texts[i] for i in order])
    return out
