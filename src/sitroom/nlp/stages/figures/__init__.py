"""figures.v1: counts, amounts, distances and durations, with hedge, counted noun and source.

For every numeric expression ``sitroom.nlp.numbers`` finds, a cascade:

1. drop what is not a figure: dates, years, clock times, ages, phone numbers, identifiers
   ("Article 4", "No. 9"), model names ("F-16"), multipliers ("three times"), "one" alone;
2. the counted noun right after the number ("some 2,000 foreign soldiers"), after "percent
   of" ("4 percent of its economic output"), or the whole of a partitive ("two of its three
   crossings");
3. parts: "about 7,500 troops, including 300 officers" and "two of its three crossings"
   have ``part_of`` set to the text of the whole;
4. an implied counted noun for a bare number ("put the number at nearly five thousand"),
   taken from the sentence, the paragraph, then the article (``counted.implied_counted``);
5. the holder: the speaker of the quote around it, else the source the syntax gives (the
   subject of a cue verb, "according to X", "X's estimate", "by Polish count"), else the
   source of the figure it is listed with; ``null`` when the writer states it;
6. the date of its clause, or of the clause that reports it ("said on Friday that ...").

Conventions (what counts, which hedge words, how holders are named) follow the sample gold,
described in ``sitroom/sample/README.md``.

Modules: ``numbers`` (step 1 and the Figure record; hedges and units come from
``sitroom.nlp.numbers``), ``counted`` (steps 2-4), ``holders`` (step 5); this module runs the
cascade and reads the date (step 6).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from spacy.tokens import Span, Token

from sitroom.config import Config
from sitroom.nlp.numbers import Quantity, scan_quantities
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.registry import register_stage
from sitroom.nlp.stages.figures.counted import counted_noun, implied_counted, link_parts
from sitroom.nlp.stages.figures.holders import Sources, inherit_holders
from sitroom.nlp.stages.figures.numbers import Figure, Lexicon, not_a_figure, sentence_of, token_at


class FigureFinder:
    """The figures.v1 stage: picklable (only tables as state), one call per article."""

    def __init__(self) -> None:
        self.lex = Lexicon.load()

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        doc, text = item.doc, item.article.text  # Doc.text is rebuilt on every access
        sents = list(doc.sents)
        figures = [f for q in scan_quantities(text) if (f := self._figure(item, q, sents)) is not None]
        link_parts(figures, text)
        for fig in figures:
            if fig.counted is None and fig.q.unit in (None, "percent"):
                fig.counted = implied_counted(fig, figures, doc, text)
        sources = Sources(item, self.lex, sents)
        for fig in figures:
            fig.holder_found, fig.holder = sources.holder_for(fig)
        inherit_holders(figures)
        for fig in figures:
            if not fig.holder_found:
                fig.holder_found, fig.holder = sources.reported_speaker(fig)
            if not fig.holder_found:
                fig.holder_found, fig.holder = sources.paragraph_holder(fig)
            if not fig.holder_found:
                fig.holder_found, fig.holder = sources.source_goes_on(fig)
            if fig.holder is None:
                fig.holder_description = sources.described_source(fig)
            fig.holder_kind = sources.kind_of(fig)
            fig.date = _date_in_clause(fig, item.ann.dates)
            item.ann.figures.append(fig.to_dict(text))
        return item

    def _figure(self, item: AnnotatedArticle, q: Quantity, sents: list[Span]) -> Figure | None:
        doc, text = item.doc, item.article.text
        if not_a_figure(doc, text, q, item.ann.dates, item.ann.entities):
            return None
        anchor = token_at(doc, q.num_end - 1)
        if anchor is None:
            return None
        fig = Figure(q, q.start, q.end, anchor, sentence_of(sents, anchor))
        noun = counted_noun(doc, text, q, self.lex.counted_drop)
        if noun is not None:
            fig.counted, fig.end, fig.explicit_noun = noun[0], max(fig.end, noun[1]), True
        return fig


def _date_in_clause(fig: Figure, dates: list[dict[str, Any]]) -> str | None:
    """The date of the figure's own clause, else of a clause above it ("said on Friday that
    ... 7,500 troops"); a date in a sibling clause ("and said it would cut 1,500 jobs by
    March") does not date the figure."""
    clause = _clause_head(fig.anchor)
    above = {t.i for t in clause.ancestors}
    best: tuple[int, int, str] | None = None
    for d in dates:
        if not d.get("value") or not fig.sent.start_char <= int(d["start"]) < fig.sent.end_char:
            continue
        token = token_at(fig.anchor.doc, int(d["start"]))
        if token is None:
            continue
        head = _clause_head(token)
        rank = 0 if head == clause else 1 if head.i in above else None
        if rank is None:
            continue
        distance = min(abs(int(d["start"]) - fig.end), abs(fig.start - int(d["end"])))
        if best is None or (rank, distance) < best[:2]:
            best = (rank, distance, str(d["value"]))
    return best[2] if best else None


def _clause_head(token: Token) -> Token:
    """The nearest verb at or above the token (the sentence root if none)."""
    for node in [token, *token.ancestors]:
        if node.pos_ in ("VERB", "AUX"):
            return node
    root = token
    while root.head != root:
        root = root.head
    return root


@register_stage("figures.v1", requires=("doc", "sentences", "entities", "mentions", "dates"), provides=("figures",))
def figures_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Figures with value or range, hedge, unit, counted noun, holder, date and part-of."""
    return FigureFinder()
