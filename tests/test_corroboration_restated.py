"""A sentence printed by several outlets is one statement, whatever row kind each article gave it.

ECB+ dev: "We are providing consular assistance at this time" was a quote in one outlet and an
event in two others, three single-source rows of one fact. Our own sentences below.
"""

from __future__ import annotations

from typing import Any

from sitroom.resolve.statements.facts import join_restatements

SENTENCE = "The ferry service to the island will resume on Monday morning."
TEXTS = {"a": SENTENCE, "b": "Officials said: " + SENTENCE, "c": SENTENCE, "d": "The ferry service to the island was cancelled on Monday."}


def _row(kind: str, article: str, holders: list[dict[str, Any]] | None = None, modality: str = "asserted") -> dict[str, Any]:
    start = TEXTS[article].index("The ferry")
    return {"id": kind + article, "kind": kind, "text": SENTENCE, "status": "single-source", "holders": holders or [],
            "independent_outlets": 1, "independent_holders": len(holders or []), "modality": modality, "outlets": [article.upper()],
            "sources": [{"article": article, "outlet": article.upper(), "start": start, "end": len(TEXTS[article])}]}  # fmt: skip


def test_the_same_sentence_from_several_outlets_is_one_corroborated_row() -> None:
    harbour = [{"name": "Harbour Office", "role": None, "org": None}]
    rows = join_restatements([_row("event", "a"), _row("quote", "b", harbour), _row("event", "c")], {k: k for k in TEXTS}, TEXTS)
    assert len(rows) == 1 and rows[0]["kind"] == "quote" and rows[0]["holders"] == harbour  # the row with a holder is kept
    assert rows[0]["status"] == "corroborated" and rows[0]["independent_outlets"] == 3


def test_other_words_copies_and_other_modalities_stay_apart() -> None:
    origins = {"a": "a", "b": "b", "c": "a", "d": "d"}  # c is a's copy: the same outlet
    assert len(join_restatements([_row("event", "a"), _row("event", "c")], origins, TEXTS)) == 2
    assert len(join_restatements([_row("event", "a"), _row("event", "d")], origins, TEXTS)) == 2  # cancelled is not resumed
    assert len(join_restatements([_row("event", "a"), _row("event", "b", modality="future")], origins, TEXTS)) == 2
