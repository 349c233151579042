"""Lines of the brief read as an analyst reads them (issue 9, brief work 3).

Each test is a line of a real brief (the sample story or an ECB+ dev sub-topic) that misled,
told again in our own invented words: whom a minister "told", who holds a fact, the sides of a
dispute, "unless" rows, and what could happen (a reported "would", an open question, a
consequence without its condition, one clause labelled twice).
"""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.analysis.brief import brief_sections
from sitroom.analysis.render import fact_counts, side_phrase
from sitroom.config import Config
from sitroom.model import Annotations, Article, Sentence
from sitroom.nlp.pipeline import Pipeline
from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import Source, Statement, StoryArticle
from sitroom.resolve.statements.scenarios import scenarios_of
from sitroom.resolve.statements.triggers import trigger_sentence

LINES = [
    "Interior Minister Anna Kowal told Ruritanian state radio that the new estimate was based on several independent sources.",
    "NATO spokeswoman Ewa Lind said ambassadors would meet on Friday in Kettleburg.",
    "Ruritanian officials declined to say whether Freedonia would send more tanks to the border.",
]


@pytest.fixture(scope="module")
def brief() -> dict[str, Any]:
    text = "\n\n".join(LINES)
    result = next(iter(Pipeline(Config.load()).run([Article(title="Border", text=text, source="t", outlet="Wire", published="2024-10-23")])))
    assert not isinstance(result, Exception)
    return brief_sections([StoryArticle("a", "Wire", "2024-10-23", None, result[1], None, "Border", text)])


def test_told_keeps_its_addressee_instead_of_reading_the_words_as_its_object(brief: dict[str, Any]) -> None:
    """Sample: "Tomasz Wierzbicki told the new count was based on ..." (he told Polish public radio)."""
    items = [i["text"] for e in brief["quotes"] for i in e["items"]]
    assert "Anna Kowal (Interior Minister) told Ruritanian state radio that the new estimate was based on several independent sources" in items


def test_a_reported_would_is_future_and_an_open_question_says_whether(brief: dict[str, Any]) -> None:
    """Sample: "(hypothetical) ambassadors would meet on Thursday" (announced) and "(hypothetical)
    the United States would send additional air defense systems" (asked whether)."""
    rows = {s["text"]: s["modality"] for s in brief["scenarios"]}
    assert rows.get("ambassadors would meet on Friday in Kettleburg") == "future"
    assert rows.get("whether Freedonia would send more tanks to the border") == "uncertain"


def test_a_conditional_scenario_keeps_its_condition_and_one_clause_is_one_row() -> None:
    """Sample: "(conditional) they will struggle to agree on what to do" (the condition, "if allies
    cannot agree on what they see", was left out), and one clause shown as future and as conditional."""
    text = "“If the allies cannot agree on the facts, they will struggle to agree on a response,” said Piotr Sand."
    then = text.index("they will")
    claim = {"type": "condition", "text": text[1:then + 45], "start": 1, "end": then + 45, "if": "the allies cannot agree on the facts",
             "then": text[then:then + 45], "holder": "Piotr Sand", "actor": None, "action": None}  # fmt: skip
    art = StoryArticle("a", "Wire", "2024-10-23", None, Annotations(claims=[claim], sentences=[Sentence(0, len(text))]), None, "", text)
    clause = "they will struggle to agree on a response"
    told = [Statement("event", clause, None, m, "paraphrase", Source("a", "Wire", None, start, start + len(clause)))
            for m, start in (("future", then), ("conditional", then + 1))]  # fmt: skip
    rows = scenarios_of(told, [art], HolderIndex([art]))
    assert [(r["modality"], r["text"]) for r in rows] == [("conditional", f"if the allies cannot agree on the facts, {clause}")]


def test_a_fact_names_its_holders_and_the_outlets_are_its_sources() -> None:
    """Sample: "asserted by 4 holders: ABS News, Baltic Courier, ..." listed four outlets after the holders' count."""
    fact = {"kind": "event", "independent_outlets": 3, "independent_holders": 2, "holders": [{"name": "Poland"}, {"name": "Lithuania"}]}
    assert fact_counts(fact) == "Reported by 3 independent outlets; asserted by 2 independent holders (Lithuania, Poland)"
    assert fact_counts({**fact, "kind": "quote"}) == "Reported by 3 independent outlets"
    assert fact_counts({**fact, "independent_holders": 0, "holders": []}) == "Reported by 3 independent outlets; no named holder"


def test_a_dispute_side_names_each_holder_once() -> None:
    """Sample: "Polish intelligence, Poland: nearly five thousand (Polish intelligence, Poland); upward of 5,000 (United States)"."""
    joined = {"text": "nearly 5,000 (Poland); upward of 5,000 (United States)", "value": 5000, "holders": ["Poland", "United States"]}
    assert side_phrase(joined) == "nearly 5,000 (Poland); upward of 5,000 (United States)"
    assert side_phrase({"text": "fewer than 1,000", "value": 1000, "holders": ["Belarus"]}) == "fewer than 1,000: Belarus"
    assert side_phrase({"text": "12", "value": 12, "holders": []}) == "12: unattributed"


def test_unless_is_told_without_then() -> None:
    """Sample: "Unless Minsk presents ..., then we will raise this question every week"."""
    row = {"if": "the port reopens", "then": "we will strike", "mark": "unless"}
    assert trigger_sentence(row) == "Unless the port reopens, we will strike"
    assert trigger_sentence({**row, "mark": "if"}) == "If the port reopens, then we will strike"


def test_a_condition_told_by_inversion_makes_its_consequence_conditional() -> None:
    """Sample: "Should the drills continue past Sunday, Warsaw will close the last crossing" was labelled future."""
    text = "“Should the port stay shut past Friday, the dockers will strike,” said Piotr Sand."
    clause = "the dockers will strike"
    art = StoryArticle("a", "Wire", "2024-10-23", None, Annotations(sentences=[Sentence(0, len(text))]), None, "", text)
    told = Statement("event", clause, None, "future", "paraphrase", Source("a", "Wire", None, text.index(clause), text.index(clause) + len(clause)))
    rows = scenarios_of([told], [art], HolderIndex([art]))
    assert [(r["modality"], r["text"]) for r in rows] == [("conditional", f"should the port stay shut past Friday, {clause}")]


def test_a_direct_quote_opened_by_a_closing_mark_is_not_printed_as_anyones_words() -> None:
    """ECB+ 23_ecbplus: '... they had undertaken. "<newline>Mr Buckley's death came a day after ...' (the
    writer's sentence between two quotes) was printed as the police spokesman's words in quotation marks."""
    from sitroom.resolve.statements.quotes import opens_quotation, quote_statements

    text = 'Ann Price said: "The quay was flooded. "\nThe harbour closed a day after the storm hit the coast.\nShe said: "We will reopen it."'
    wrong, right = text.index("The harbour"), text.index("We will")
    quotes = [{"text": text[wrong:text.index("coast.") + 6], "start": wrong, "end": text.index("coast.") + 6, "kind": "direct",
               "speaker": {"name": "Ann Price"}},
              {"text": "We will reopen it.", "start": right, "end": right + 18, "kind": "direct", "speaker": {"name": "Ann Price"}}]  # fmt: skip
    art = StoryArticle("a", "Wire", "2024-10-23", None, Annotations(quotes=quotes, sentences=[Sentence(0, len(text))]), None, "", text)
    assert [s.text for s in quote_statements([art], HolderIndex([art]))] == ["We will reopen it."]
    assert opens_quotation("she said, ''We will", 11) and opens_quotation("she said “We", 10) and not opens_quotation("she said We", 9)


def test_told_keeps_an_addressee_named_after_the_cue() -> None:
    """ECB+ 23_ecbplus: '... still alive when rescuers reached him, pilot Jim Campbell told the Herald.' read 'told the victim ...'."""
    from sitroom.resolve.statements.facts import said
    from sitroom.resolve.statements.quotes import quote_statements

    text = "The climber was alive when rescuers reached him, pilot Jim Campbell told the Harbour Gazette."
    quote = {"text": text[:47], "start": 0, "end": 47, "kind": "indirect", "cue": "told", "cue_start": text.index("told"),
             "speaker": {"name": "Jim Campbell", "kind": "person"}}  # fmt: skip
    art = StoryArticle("a", "Wire", "2024-10-23", None, Annotations(quotes=[quote], sentences=[Sentence(0, len(text))]), None, "", text)
    [statement] = quote_statements([art], HolderIndex([art]))
    assert said(statement) == "Jim Campbell told the Harbour Gazette that the climber was alive when rescuers reached him"


def test_an_update_told_in_sentences_is_not_a_bottom_line_figure() -> None:
    """ECB+ 23_ecbplus: "Latest estimates of deaths: news reports A second man has fallen to his death (Sep 15, up from A 36 ...)"."""
    from sitroom.analysis.bottom_line import _figures

    told = {"quantity": "deaths", "holder": "news reports", "values": [{"text": "A climber is dead", "date": "2013-09-14"},
                                                                          {"text": "A second man has fallen to his death", "date": "2013-09-15"}]}  # fmt: skip
    counted = {"quantity": "troops", "holder": "Poland", "values": [{"text": "some 2,000 troops", "date": "2026-09-14"},
                                                                    {"text": "about 7,500 troops", "date": "2026-09-18"}]}  # fmt: skip
    assert _figures({"updates": [told]}) is None
    assert _figures({"updates": [told, counted]}) == "Latest estimates of troops: Poland about 7,500 troops (Sep 18, up from some 2,000 troops)."


def test_a_quotation_mark_that_pairs_with_nothing_leaves_a_fact() -> None:
    """ECB+ 12_ecbplus: '"While two of the skiffs ... managed to get away, ...' (no closing mark) as a fact."""
    from sitroom.resolve.statements.facts import unpaired_marks_removed

    assert unpaired_marks_removed('"While two boats got away, the navy held three.') == "While two boats got away, the navy held three."
    assert unpaired_marks_removed('The mayor called it "a disaster".') == 'The mayor called it "a disaster".'
