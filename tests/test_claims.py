"""Claims: recommendations, conditions and red lines, predictions, assessments, with holders."""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.config import Config
from sitroom.eval.claims import claims_config
from sitroom.eval.claims import evaluate as evaluate_claims
from sitroom.model import Article
from sitroom.nlp.pipeline import Pipeline

TEXT = (
    "NATO should consider a forward deployment of air defence, the analyst wrote.\n\n"
    "“If the troops cross the border, allies should be ready to respond in kind,” said Maria Ortega, the research "
    "director of the Vistula Institute.\n\n"
    "Lithuanian Foreign Minister Rimantas Žukauskas urged Minsk to allow international observers onto the training "
    "grounds. Should the drills continue past Sunday, Warsaw will close the last crossing.\n\n"
    "Senator Jane Roe called for direct military action. Diplomats said the crisis would likely ease after the drills end.\n\n"
    "Moving troops to the border would cross a red line, officials warned."
)


def claims_of(text: str) -> list[dict[str, Any]]:
    """The claims stage run on ``text``; every claim's span must give back its text."""
    pipeline = Pipeline(claims_config(Config.load()))
    result = next(iter(pipeline.run([Article(title="t", text=text, source="test")])))
    assert not isinstance(result, Exception)
    for c in result[1].claims:
        assert text[c["start"]:c["end"]] == c["text"]
    return result[1].claims


@pytest.fixture(scope="module")
def claims() -> list[dict[str, Any]]:
    return claims_of(TEXT)


def at(claims: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    hits = [c for c in claims if c["text"].startswith(prefix)]
    assert hits, f"no claim starts with {prefix!r}: {[(c['type'], c['text'][:30]) for c in claims]}"
    return hits[0]


def test_modal_recommendation_with_actor(claims: list[dict[str, Any]]) -> None:
    c = at(claims, "NATO should consider")
    assert c["type"] == "recommendation" and c["actor"] == "North Atlantic Treaty Organization"
    assert c["action"].startswith("consider")


def test_condition_inside_a_quote_has_trigger_consequence_and_the_speaker_as_holder(claims: list[dict[str, Any]]) -> None:
    c = at(claims, "If the troops cross")
    assert c["type"] == "condition" and c["holder"] == "Maria Ortega"
    assert c["if"] == "the troops cross the border" and c["then"].startswith("allies should be ready")


def test_urge_names_who_should_act(claims: list[dict[str, Any]]) -> None:
    c = at(claims, "urged Minsk to allow")
    assert c["type"] == "recommendation" and c["actor"] == "Belarus" and c["holder"] == "Rimantas Žukauskas"


def test_inverted_should_is_a_condition(claims: list[dict[str, Any]]) -> None:
    c = at(claims, "Should the drills continue")
    assert c["type"] == "condition" and c["if"].startswith("the drills continue") and c["then"].startswith("Warsaw will close")


def test_call_for_is_a_recommendation(claims: list[dict[str, Any]]) -> None:
    c = at(claims, "called for direct military action")
    assert c["type"] == "recommendation" and c["action"] == "direct military action"


def test_prediction_and_red_line(claims: list[dict[str, Any]]) -> None:
    assert at(claims, "the crisis would likely ease")["type"] == "prediction"
    assert any(c["type"] == "condition" and "red line" in c["text"] for c in claims)


def test_claim_quality_floors() -> None:
    r = evaluate_claims(Config.load())["sample"]
    assert r["spans"]["recall"] >= 0.6
    assert r["condition"]["recall"] >= 0.75 and r["condition"]["type_accuracy"] >= 0.85
    assert r["prediction"]["recall"] >= 0.7
    assert r["recommendation"]["recall"] >= 0.6
    assert r["conditions"]["consequence_right"] >= 0.85 and r["conditions"]["trigger_right"] >= 0.85


# -- demands, calls on someone to act, duties (PolNeAR dev misses; invented sentences) -------------
DEMANDS = (
    "The harbour board is demanding that the shipping company stop dumping ballast water near the marina.\n\n"
    "The mayor insisted that the port authority close the north quay.\n\n"
    "The mayor insisted that the quay was safe.\n\n"
    "In May, the regional councillor called on fellow members to reject the harbour budget after the auditor resigned.\n\n"
    "Councillor Ann Price also called for compensation to be paid to the fishermen.\n\n"
    "\u201cWe have got to do everything possible to protect the fishing fleet,\u201d said Tom Hale."
)


@pytest.fixture(scope="module")
def demand_claims() -> list[dict[str, Any]]:
    return claims_of(DEMANDS)


def _action(c: dict[str, Any]) -> str:
    return DEMANDS[c["action_start"]:c["action_end"]]


def test_a_demand_in_the_subjunctive_is_a_recommendation_with_its_action(demand_claims: list[dict[str, Any]]) -> None:
    c = at(demand_claims, "demanding that the shipping company")
    assert c["type"] == "recommendation" and _action(c).startswith("stop dumping ballast water")
    assert DEMANDS[c["proposer_at"]:].startswith("board")  # the subject of "demanding", who proposes
    assert _action(at(demand_claims, "insisted that the port authority")).startswith("close the north quay")


def test_an_indicative_that_clause_after_insist_is_no_demand(demand_claims: list[dict[str, Any]]) -> None:
    assert not [c for c in demand_claims if c["type"] == "recommendation" and c["text"].startswith("insisted that the quay")]


def test_a_call_on_someone_to_act_ends_before_its_adverbial_clause(demand_claims: list[dict[str, Any]]) -> None:
    c = at(demand_claims, "called on fellow members")
    assert c["type"] == "recommendation" and _action(c) == "reject the harbour budget"


def test_a_call_for_a_passive_clause_keeps_its_subject(demand_claims: list[dict[str, Any]]) -> None:
    c = at(demand_claims, "called for compensation")
    assert _action(c) == "compensation to be paid to the fishermen"


def test_have_got_to_is_a_duty_urged(demand_claims: list[dict[str, Any]]) -> None:
    assert any(c["type"] == "recommendation" and "protect the fishing fleet" in c["text"] for c in demand_claims)
