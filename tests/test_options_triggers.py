"""Red lines and triggers: a stated condition, a consequence held as a threat, promise or warning, a holder.

Each unit case attacks one rule of ``sitroom.resolve.statements.triggers`` in our own words;
the ECB+ failures they stand for (court and police "if" clauses read as red lines) are named.
"""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.config import Config
from sitroom.eval.claims import claims_config
from sitroom.model import Annotations, Article, Sentence
from sitroom.nlp.pipeline import Pipeline
from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import StoryArticle
from sitroom.resolve.statements.options import build_options
from sitroom.resolve.statements.triggers import condition_of, consequence_of


def test_idioms_time_limits_and_ellipses_state_no_condition() -> None:
    for text in ("any", "anything", "he didn't", "you do", "at least until the drills end"):
        assert condition_of(text) is None, text
    assert condition_of("the troops cross the border, drawing criticism") == "the troops cross the border"


@pytest.mark.parametrize("then", [
    "what would happen",  # a question asserts nothing
    "he would have released them by now",  # a counterfactual looks back
    "party procedures give the chair the authority",  # a rule in the present tense
    "police told the group to stay put",  # a story in the past tense
    "he has proposed nothing that would lower his taxes",  # the modal belongs to a relative clause
    "it could look like",  # a fragment
])  # fmt: skip
def test_a_consequence_without_conditional_modality_is_no_trigger(then: str) -> None:
    assert consequence_of(then, "the talks fail") is None


def test_threats_promises_demands_and_forward_verbs_are_consequences() -> None:
    assert consequence_of("because if the talks fail, we will close the border", "the talks fail") == "we will close the border"
    assert consequence_of("she would have to give up the nomination", "x") == "she would have to give up the nomination"
    assert consequence_of("let our inspectors in", "x", verb="let") == "let our inspectors in"
    assert consequence_of("to shut the crossing", "x", lead="The ministry threatened on Sunday ") == "The ministry threatened on Sunday to shut the crossing"
    assert consequence_of('they would take "tougher steps', "x") == "they would take tougher steps"


def _article(text: str, claims: list[dict[str, Any]], quotes: list[dict[str, Any]] | None = None) -> StoryArticle:
    ann = Annotations(claims=claims, quotes=quotes or [], sentences=[Sentence(0, len(text))])
    return StoryArticle("a", "Wire", "2024-10-23", None, ann, "Sam Reporter", "Storm hits coast", text)


def _condition(text: str, if_: str, then: str, holder: str | None = None) -> dict[str, Any]:
    return {"type": "condition", "text": text, "start": 0, "end": len(text), "holder": holder, "actor": None,
            "action": None, "if": if_, "then": then}  # fmt: skip


def test_the_writers_own_hypothetical_in_a_news_report_is_no_red_line() -> None:
    text = "If the levee fails, the town would flood within hours."
    art = _article(text, [_condition(text, "the levee fails", "the town would flood within hours")])
    assert build_options([art], HolderIndex([art]))[1] == []


def test_a_warning_reported_from_a_source_is_a_red_line_even_unnamed() -> None:
    text = "If the levee fails, the town would flood within hours, engineers warned."
    art = _article(text, [_condition(text[:-18], "the levee fails", "the town would flood within hours")])
    triggers = build_options([art], HolderIndex([art]))[1]
    assert [(t["if"], t["then"]) for t in triggers] == [("the levee fails", "the town would flood within hours")]


@pytest.fixture(scope="module")
def court_claims() -> list[dict[str, Any]]:
    text = ("The judge asked him if he understood the charges and if he was aware that he could be sentenced to life "
            "in prison if convicted. The gunman walked in as if he was hiding something. Even if you do not know the "
            "other driver, there are ways to get compensation. If the strikes continue, the union will shut the port, "
            "its leader said.")  # fmt: skip
    result = next(iter(Pipeline(claims_config(Config.load())).run([Article(title="t", text=text, source="test")])))
    assert not isinstance(result, Exception)
    return [c for c in result[1].claims if c["type"] == "condition"]


def test_embedded_questions_comparisons_and_concessions_are_not_conditions(court_claims: list[dict[str, Any]]) -> None:
    """ECB+ 18_ecbplus: "asked if he understood the charges ... if convicted" made three red lines."""
    assert [c["if"] for c in court_claims] == ["the strikes continue"]


# -- proposers and opponents ----------------------------------------------------------------------
def _recommendation(text: str, start: int = 0) -> dict[str, Any]:
    return {"type": "recommendation", "text": text, "start": start, "end": start + len(text), "holder": None, "actor": None,
            "action": None, "if": None, "then": None}  # fmt: skip


def _named(text: str, claim_at: str, names: list[tuple[str, str]]) -> StoryArticle:
    """An article whose mentions are the given (name, label) at their first occurrence."""
    from sitroom.model import Mention, MentionGroup

    groups = [MentionGroup(i, label, name, mentions=[Mention(name, text.index(name), text.index(name) + len(name), "name")])
              for i, (name, label) in enumerate(names)]  # fmt: skip
    claim = _recommendation(text[text.index(claim_at):].rstrip("."), text.index(claim_at))
    ann = Annotations(claims=[claim], mentions=groups, sentences=[Sentence(0, len(text))])
    return StoryArticle("a", "Wire", "2024-10-23", None, ann, "Sam Reporter", "Schools", text)


def test_a_poll_named_a_clause_away_is_not_the_proposer() -> None:
    """PolNeAR: "A Quinnipiac University poll ... found that 74 percent of likely voters said Mr. Trump
    should release his tax returns" credited the university with the call."""
    text = "A Harbor University poll released in late May found that most likely voters said the mayor should publish the audit."
    art = _named(text, "the mayor should", [("Harbor University", "ORG")])
    assert build_options([art], HolderIndex([art]))[0] == []


def test_the_person_of_an_apposition_proposes_not_the_organisation() -> None:
    text = "Dana Wells, executive director of the Parents Union, called for more school funding in a statement on Thursday."
    art = _named(text, "called for", [("Dana Wells", "PERSON"), ("Parents Union", "ORG")])
    options = build_options([art], HolderIndex([art]))[0]
    assert [(o.label, [p.name for p in o.proposers]) for o in options] == [("more school funding", ["Dana Wells"])]


def test_a_holder_who_calls_the_option_misguided_is_its_opponent() -> None:
    text = "Councillor Ann Price said the city should close the harbour bridge. Closing the harbour bridge would be reckless, said Tom Hale."
    claim = _recommendation("the city should close the harbour bridge", text.index("the city"))
    claim["holder"] = "Ann Price"
    second = text.index("Closing")
    quote = {"text": text[second:-1], "start": second, "end": len(text) - 1, "speaker": {"name": "Tom Hale", "kind": "person"}}
    ann = Annotations(claims=[claim], quotes=[quote], sentences=[Sentence(0, second - 1), Sentence(second, len(text))])
    art = StoryArticle("a", "Wire", "2024-10-23", None, ann, "Sam Reporter", "Bridge", text)
    options = build_options([art], HolderIndex([art]))[0]
    assert [p.name for p in options[0].opponents] == ["Tom Hale"] and [p.name for p in options[0].proposers] == ["Ann Price"]


def test_a_means_described_is_not_a_call() -> None:
    """PolNeAR: "Congress has three ways ...: by asking federal prosecutors to charge someone" was an option of Congress."""
    from sitroom.resolve.statements.options import action_of

    assert action_of("by asking federal prosecutors to charge someone with contempt") is None
    assert action_of("asked federal prosecutors to charge the clerk with contempt") is not None


def test_a_means_told_before_the_claim_is_not_a_call() -> None:
    text = "The council has two ways to act: by asking the state to close the harbour bridge, or by waiting."
    claim = _recommendation("asking the state to close the harbour bridge", text.index("asking"))
    claim["holder"] = "Ann Price"
    art = _article(text, [claim])
    assert build_options([art], HolderIndex([art]))[0] == []


def test_a_call_on_someone_to_act_is_an_option() -> None:
    """PolNeAR: "Axelrod called on Howard Dean to apologize", "Schiff called on President Obama to retaliate" were missed."""
    from sitroom.resolve.statements.options import action_of

    found = action_of("called on the harbour board to reopen the north quay -- a move the mayor opposes")
    assert found is not None and found[0] == "reopen the north quay" and found[2].startswith("called on")


def test_a_passive_recommendation_is_told_with_its_subject() -> None:
    """PolNeAR: "the party's vacancy rules should be modernized" was dropped ("be" is no action)."""
    from sitroom.resolve.statements.options import action_of

    found = action_of("the council's tender rules should be modernized before the vote")
    assert found is not None and found[0] == "the council's tender rules should be modernized before the vote"
    assert action_of("it should be done behind closed doors") is None  # a pronoun: nothing to weigh
    assert action_of("the party should be prepared") is None  # a state, not an action
    assert action_of("the attacks should be recognized as intolerable") is None  # a judgement
    assert action_of("he has yet to explain why these tax breaks should be retained") is None  # an embedded question


def test_will_have_to_foretells_a_duty_it_does_not_urge_one() -> None:
    from sitroom.resolve.statements.options import action_of

    assert action_of("the board has to reopen the north quay")[0] == "reopen the north quay"  # type: ignore[index]
    assert action_of("the board will have to accept that the quay stays closed") is None


def test_an_action_the_parse_gave_is_used_as_is() -> None:
    from sitroom.resolve.statements.options import action_of

    text = "demanding that the shipping company stop dumping ballast water near the marina"
    at = text.index("stop")
    assert action_of(text, (at, len(text))) == ("stop dumping ballast water near the marina", 0, text[:at])


def test_a_question_is_no_option() -> None:
    """PolNeAR: "How many times do we have to see this in our country?" became an option."""
    text = "How many times do we have to close the harbour bridge to traffic?"
    claim = _recommendation(text[text.index("we have"):-1], text.index("we have"))
    claim["holder"] = "Ann Price"
    art = _article(text, [claim])
    assert build_options([art], HolderIndex([art]))[0] == []


def test_a_supposed_case_is_no_call() -> None:
    """PolNeAR: "Say Mexico demanded that the United States prove ..." (the writer's scenario) became an option."""
    text = "Say the harbour board demanded that the city close the north quay to all traffic."
    claim = _recommendation(text[text.index("demanded"):-1], text.index("demanded"))
    claim.update(holder="Ann Price", action_start=text.index("close"), action_end=len(text) - 1)
    art = _article(text, [claim])
    assert build_options([art], HolderIndex([art]))[0] == []
    moved = {k: claim[k] - 4 for k in ("start", "end", "action_start", "action_end")}
    told = _article(text[4:], [{**claim, **moved}])
    assert build_options([told], HolderIndex([told]))[0] != []


def test_the_only_way_is_if_states_a_necessary_condition() -> None:
    """PolNeAR: "The only way Wall Street will change will be if executives face jail time" was cut at "will be"."""
    assert consequence_of("The only way the harbour board will change will be", "its members face fines") == "the harbour board will change only then"


def test_a_stacked_second_condition_and_a_stated_risk_leave_the_consequence() -> None:
    """PolNeAR: "If this bill were to enter into force, if the veto were overridden, ... are at risk of being hauled into court"."""
    then = "if the mayor's veto were overridden, the city's pilots are at risk of being sued abroad"
    assert consequence_of(then, "the bill were to pass") == "the city's pilots are at risk of being sued abroad"


def test_the_condition_is_not_told_again_in_its_consequence() -> None:
    then = "the troops would leave “once their tasks are completed”, without giving a date"
    assert consequence_of(then, "their tasks are completed") == "the troops would leave, without giving a date"


def test_unless_is_kept_with_its_condition_not_printed_as_if() -> None:
    """Sample: "Unless Minsk presents transparent information ..., we will raise this question" was
    printed "If Minsk presents ..., then we will raise ...", the opposite of what was said."""
    from sitroom.resolve.statements.triggers import add_trigger, condition_phrase

    text = "“Unless Ruritania opens the crossing, we will raise the question every week,” said Ann Price."
    claim = _condition(text[1:text.index(",”")], "Ruritania opens the crossing", "we will raise the question every week", "Ann Price")
    claim.update(start=1, end=text.index(",”"))
    art = _article(text, [claim])
    triggers: list[dict[str, Any]] = []
    add_trigger(triggers, art, claim, HolderIndex([art]))
    assert [condition_phrase(t) for t in triggers] == ["Unless Ruritania opens the crossing"]


def test_a_call_to_decide_is_not_a_decision_to_weigh() -> None:
    """Sample: "called on allies to stop debating numbers and start deciding" and "plan accordingly" became options."""
    from sitroom.resolve.statements.options import action_of

    assert action_of("called on allies to stop debating numbers and start deciding") is None
    assert action_of("NATO should plan accordingly") is None
    assert action_of("The VA needs to move faster on this science")[0] == "move faster on this science"  # type: ignore[index]


def test_a_consequence_that_is_only_a_reporting_clause_is_no_trigger() -> None:
    """Sample: "If they move any closer to NATO territory, then Senate Armed Services Committee Chair
    Jane Roe (D-Maine) called on Thursday for “direct military action” ...": the consequence was the
    reporter's clause; it is what the clause reports, and a bare clause ("officials said") is none."""
    called = "Harbour Board Chair Ann Price (Port Authority) called on Monday for “an immediate closure” of the north quay"
    assert consequence_of(called, "the spill spreads") == "“an immediate closure” of the north quay"
    assert consequence_of("officials said", "the spill spreads") is None
    assert consequence_of("officials said the quay would close at once", "the spill spreads") == "the quay would close at once"
    assert consequence_of("“we will close the quay,” said Ann Price", "the spill spreads") == "we will close the quay"


@pytest.mark.parametrize("text", [
    "allies should be ready to respond in kind",
    "NATO must take further steps",
    "the ministry should do more",
    "the council needs to act now",
    "he asked that someone open the door",
])  # fmt: skip
def test_an_action_with_nothing_to_act_on_is_no_option(text: str) -> None:
    """Sample "respond in kind", ECB+ 12_ecb "shipping companies to do more", 21_ecbplus "open the door"."""
    from sitroom.resolve.statements.options import action_of

    assert action_of(text) is None


def test_a_vague_action_is_kept_with_the_object_the_sentence_gives() -> None:
    """ECB+ 12_ecb: "called for shipping companies to do more to protect their vessels" was cut to "do more"."""
    from sitroom.resolve.statements.options import action_of

    text = "called for ferry operators to do more to protect their passengers"
    assert action_of(text, (text.index("ferry"), text.index(" to protect")))[0] == "ferry operators to do more to protect their passengers"  # type: ignore[index]
    found = action_of("they should take more preventative measures, like closing the north quay at night")
    assert found is not None and found[0] == "take more preventative measures like closing the north quay at night"
    assert action_of("the council should authorize all necessary measures against the smugglers")[0] == (  # type: ignore[index]
        "authorize all necessary measures against the smugglers")
