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

# Two quotes by one holder whose embeddings are this close say the same thing in other
# words: a translation or a paraphrase. Measured on the sample's four wordings of the defence
# minister's "Poland will defend every metre ..." (wire, syndicated copy, translation,
# paraphrase): 0.92-1.00 between them, at most 0.58 against his other quotes. At 0.75, two
# different statements of one spokesman on air defence (0.78) were merged; 0.8 keeps them apart.
SAME_QUOTE_COSINE = 0.8
# Below this stem overlap two wordings are not worth embedding: on the sample the stems already
# join the translations, and the one pair joined by meaning only (a denial told as a quote and
# as a paraphrase) shares 0.29 of its stems. At 0.2 the cold brief embedded 50 texts (~5 s on
# this loaded machine) to join that one pair.
AMBIGUOUS_OVERLAP = 0.25
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
    """Statements of one holder that say the same thing, across articles, as one group.

    Word overlap (on word stems, so "defend"/"defended" meet) groups most wordings; only
    groups of one holder from different articles whose words half-meet and one of which is
    verbatim (its translation or paraphrase elsewhere) are compared by embedding, which costs
    ~30-100 ms a text on this machine. Two paraphrases are both reporters' words, and
    reporters telling one statement share its words.
    """
    groups: list[QuoteGroup] = []
    for s in statements:
        assert s.holder is not None
        match = next((g for g in groups if g.holder == s.holder and any(similar(x.text, s.text) for x in g.statements)), None)
        if match is None:
            match = QuoteGroup(s.holder)
            groups.append(match)
        match.statements.append(s)
    return _merge_by_meaning(groups) if embed else groups


def _merge_by_meaning(groups: list[QuoteGroup]) -> list[QuoteGroup]:
    pairs = [(i, j) for i, a in enumerate(groups) for j in range(i + 1, len(groups))
             if a.holder == groups[j].holder and _articles(a).isdisjoint(_articles(groups[j]))
             and "verbatim" in (a.best.form, groups[j].best.form)
             and similar(a.best.text, groups[j].best.text, AMBIGUOUS_OVERLAP)]  # fmt: skip
    if not pairs:
        return groups
    vectors = _vectors([g.best.text for g in groups], {k for p in pairs for k in p})
    parent = list(range(len(groups)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i, j in pairs:
        if float(vectors[i] @ vectors[j]) >= SAME_QUOTE_COSINE:
            parent[root(j)] = root(i)
    merged: dict[int, QuoteGroup] = {}
    for i, g in enumerate(groups):
        target = merged.setdefault(root(i), QuoteGroup(g.holder))
        target.statements.extend(g.statements)
    return list(merged.values())


def _articles(g: QuoteGroup) -> set[str]:
    return {s.source.article for s in g.statements}


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


# Embeddings by text, kept across briefs: a brief rebuilt when one article joins its story
# embeds only that article's quotes. Bounded so a long-running server does not grow without end.
_VECTOR_CACHE: dict[str, Any] = {}
_VECTOR_CACHE_SIZE = 20_000
EMBED_BATCH = 4


def _vectors(texts: list[str], needed: set[int]) -> Any:
    """Unit vectors of the needed texts (zero vectors elsewhere), from the cache when known."""
    import numpy as np

    from sitroom.resolve.embeddings import DIM, get_embedder
    from sitroom.resolve.statements.vectors import load_vectors, save_vectors

    missing = sorted({texts[i] for i in needed if texts[i] not in _VECTOR_CACHE}, key=len)
    if missing:
        if len(_VECTOR_CACHE) + len(missing) > _VECTOR_CACHE_SIZE:
            _VECTOR_CACHE.clear()
        _VECTOR_CACHE.update(load_vectors(missing, DIM))  # kept by an earlier process: no model to load
        missing = [t for t in missing if t not in _VECTOR_CACHE]
    if missing:
        # Small batches of texts of similar length (``missing`` is sorted by length): a batch is padded
        # to its longest text, and one batch of a story's 12 quotes cost 0.36 CPU s against 0.25 in
        # batches of 4, with the same vectors (max difference 0.0, measured on the sample story).
        fresh = dict(zip(missing, get_embedder().embed(missing, batch_size=EMBED_BATCH), strict=True))
        _VECTOR_CACHE.update(fresh)
        save_vectors(fresh)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    for i in needed:
        out[i] = _VECTOR_CACHE[texts[i]]
    return out
