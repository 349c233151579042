"""Modality in the brief, through the real pipeline on invented sentences (issue 9, part 5).

Nothing future, hypothetical, conditional, negated or denied enters the facts, the timeline,
the escalation index or the actor network as having happened; reported futures and plans are
labelled "future" in "what could happen", a consequence of a stated condition "conditional".
"""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.analysis.brief import brief_sections
from sitroom.config import Config
from sitroom.model import Article
from sitroom.nlp.pipeline import Pipeline
from sitroom.resolve.statements.model import StoryArticle

HAPPENED = "Ruritanian police arrested two Freedonian soldiers near Kettle Bridge on Tuesday, the border guard said."
NOT_HAPPENED = {
    "future": "Defence Minister Jan Kowal will visit the border post at Kettle Bridge on Monday, officials said.",
    "plan": "Ruritania plans to close the last border crossing with Freedonia next week, the interior ministry said.",
    "hypothetical": "Freedonian troops could later be sent across the border and engage in combat, analysts said.",
    "conditional": "If Freedonia sends more troops, Ruritania will close the crossing at Salt Ford, Kowal said.",
    "negated": "Ruritania did not close the crossing at Salt Ford on Wednesday.",
    "denied": "Freedonia denied that its troops had shelled the village of Alder Green.",
}


@pytest.fixture(scope="module")
def brief() -> dict[str, Any]:
    text = "\n\n".join([HAPPENED, *NOT_HAPPENED.values()])
    result = next(iter(Pipeline(Config.load()).run([Article(title="Border", text=text, source="t", outlet="Wire", published="2024-10-23")])))
    assert not isinstance(result, Exception)
    article = StoryArticle("a", "Wire", "2024-10-23", None, result[1], None, "Border", text)
    return brief_sections([article])


def _happened_rows(brief: dict[str, Any]) -> list[str]:
    """The texts the brief shows as having happened: event facts, the timeline, escalation drivers."""
    events = [f["text"] for f in brief["facts"] if f["kind"] == "event"]
    drivers = [d["text"] for day in brief["escalation"] for d in day["drivers"]]
    return [*events, *(t["text"] for t in brief["timeline"]), *drivers]


@pytest.mark.parametrize("kind", sorted(NOT_HAPPENED))
def test_nothing_that_did_not_happen_is_told_as_happened(brief: dict[str, Any], kind: str) -> None:
    key = " ".join(NOT_HAPPENED[kind].split()[1:4])  # words of the clause, past its first
    assert not [t for t in _happened_rows(brief) if key in t], kind


def test_what_happened_is_told_as_happened(brief: dict[str, Any]) -> None:
    assert any("arrested two Freedonian soldiers" in t for t in _happened_rows(brief))
    assert [t["date"] for t in brief["timeline"]] == ["2024-10-22"]  # the Tuesday before publication


def test_the_network_has_only_the_edges_of_what_happened(brief: dict[str, Any]) -> None:
    types = {t for e in brief["network"]["edges"] for t in e["types"]}
    assert "MOBILIZE" not in types and "ASSAULT" not in types


def test_reported_futures_and_plans_are_future_and_a_consequence_is_conditional(brief: dict[str, Any]) -> None:
    label = {s["text"].split()[0] + " " + s["text"].split()[-1]: s["modality"] for s in brief["scenarios"]}
    by_start = {s["text"][:30]: s["modality"] for s in brief["scenarios"]}
    assert by_start.get("Defence Minister Jan Kowal wil") == "future", label
    assert by_start.get("Ruritania plans to close the l") == "future", label
    assert by_start.get("Freedonian troops could later ") == "hypothetical", label
    assert by_start.get("if Freedonia sends more troops") == "conditional", label  # told with its condition


def test_a_reported_condition_reads_said_that_if(brief: dict[str, Any]) -> None:
    """A paraphrase cut at its sentence start read "said that If Freedonia sends ..."."""
    quotes = [f["text"] for f in brief["facts"] if f["kind"] == "quote" and "Freedonia sends" in f["text"]]
    assert quotes and all("that if Freedonia sends" in t for t in quotes), quotes


def test_a_denial_in_the_present_tense_is_never_told_as_said() -> None:
    """Sample: "Minsk denies that any troops have been sent" read "Minsk said that any troops have been sent"."""
    from sitroom.resolve.statements.facts import reported_cue

    assert reported_cue("denies") == "denied" and reported_cue("insists") == "insisted" and reported_cue("says") == "said"
    assert reported_cue("adds") == "added" and reported_cue("according to") == "said"
    assert reported_cue("", "denied") == "denied"


def test_a_not_deep_in_a_clause_is_no_denial() -> None:
    """Sample: "requested the talks because the scale was 'simply not consistent with a routine exercise'" was a denial."""
    from sitroom.resolve.statements.scenarios import _denies_up_front

    assert _denies_up_front("There are no foreign troops on the border")
    assert _denies_up_front("we did not send a single soldier")
    assert not _denies_up_front("the ministry had requested the talks because the scale was simply not consistent with an exercise")


def test_a_noun_phrase_is_no_scenario() -> None:
    """ECB+: "their plans to hijack the vessel" was listed as what could happen."""
    from sitroom.resolve.statements.scenarios import _no_claim

    assert _no_claim("their plans to hijack the vessel") and not _no_claim("they plan to hijack the vessel")


def test_a_bare_number_is_told_with_its_quantity() -> None:
    """ECB+: "According to Troy Police, 38 (as of Apr 10)" (an age) said nothing an analyst could check."""
    from sitroom.resolve.statements.facts import _bare

    assert _bare("38") and _bare("some 2,000") and not _bare("some 2,000 foreign soldiers")
