"""Brief lines an analyst can quote: quotation marks hold only the speaker's words (issue 9)."""

from __future__ import annotations

from sitroom.resolve.statements.quotes import verbatim_words
from sitroom.resolve.statements.scenarios import _no_claim


def test_the_writers_attribution_inside_a_quote_is_cut_out() -> None:
    """Sample brief: '“The alliance is united,” NATO spokeswoman Ingrid Halvorsen said after the
    meeting, “and it will ...”' printed the reporter's words inside the spokeswoman's quotation marks."""
    text = "“The levee will hold,” the mayor told reporters on Friday, “and the town will stay dry.”"
    assert verbatim_words(text) == "The levee will hold, … and the town will stay dry."


def test_a_quote_reopened_in_a_new_paragraph_loses_the_stray_mark() -> None:
    text = "We waited a week. We kept the road open.\n\n“But waiting is not a plan."
    assert verbatim_words(text) == "We waited a week. We kept the road open. But waiting is not a plan."
    assert verbatim_words('"We will rebuild," he said') == "We will rebuild"


def test_a_bare_condition_or_question_is_no_scenario() -> None:
    assert _no_claim("If any foreign soldier sets foot on Polish soil")
    assert _no_claim("whether to extend sanctions on the regime")
    assert not _no_claim("If the talks fail, the strike will spread")
    assert not _no_claim("the strike could spread to the ports")


def test_a_guess_or_fear_about_the_past_is_no_scenario() -> None:
    """ECB+ 18_ecbplus: "he was going to be shot", "may have intended to shoot another one" under "What could happen"."""
    assert _no_claim("he was going to be shot")
    assert _no_claim("the gunman may have intended to hit a second office")
    assert not _no_claim("the union may have to call off the strike")
