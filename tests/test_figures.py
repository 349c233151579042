"""figures.v1: numbers, hedges, ranges, counted nouns, holders and parts; a floor on the sample gold."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitroom.config import Config
from sitroom.eval.figures import evaluate
from sitroom.model import Article
from sitroom.nlp.numbers import load_table, normalise_hedge, parse_number, scan_quantities
from sitroom.nlp.pipeline import AnnotatedArticle, Pipeline
from sitroom.nlp.stages.figures import FigureFinder
from sitroom.nlp.stages.figures.holders import quote_spans

STAGES = ["sentences.v1", "entities.v1", "mentions.v1", "dates.v1", "figures.v1"]
HEDGES = {"approximately", "at least", "at most", "more than", "fewer than", "nearly", "upward of", "some", "about",
          "roughly", "up to"}  # fmt: skip


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Config.load(assignments=(f"nlp.stages={STAGES!r}",)), STAGES)


def figures(pipeline: Pipeline, text: str, published: str | None = "2026-09-16") -> list[dict[str, Any]]:
    result = next(iter(pipeline.run([Article(title="t", text=text, published=published, source="test")])))
    assert not isinstance(result, Exception)
    article, ann = result
    for f in ann.figures:
        assert article.text[f["start"]:f["end"]] == f["text"]
    return ann.figures


def one(pipeline: Pipeline, text: str) -> dict[str, Any]:
    found = figures(pipeline, text)
    assert len(found) == 1, found
    return found[0]


# -- what a figure is --------------------------------------------------------------------------


def test_values_hedges_and_units(pipeline: Pipeline) -> None:
    text = ("Officials counted some 2,000 soldiers, nearly five thousand rifles, about €2.5 million, "
            "upwards of 7.5 miles, more than a million euros and 1.2 billion zlotys.")  # fmt: skip
    got = [(f["value"], f["approx"], f["unit"]) for f in figures(pipeline, text)]
    assert got == [(2000, "some", None), (5000, "nearly", None), (2500000, "about", "EUR"), (7.5, "upward of", "mi"),
                   (1000000, "more than", "EUR"), (1200000000, None, "PLN")]  # fmt: skip


def test_ranges_have_low_and_high(pipeline: Pipeline) -> None:
    text = ("Estimates run between 3,000 and 4,000 troops, from 6,000 to 8,000 servicemen, 6,000-8,000 in all, "
            "40 or 50 percent of units, and two or three weeks.")  # fmt: skip
    got = [(f["value"], f["low"], f["high"], f["unit"]) for f in figures(pipeline, text)]
    assert got == [(None, 3000, 4000, None), (None, 6000, 8000, None), (None, 6000, 8000, None),
                   (None, 40, 50, "percent"), (None, 2, 3, "weeks")]  # fmt: skip


def test_a_change_between_two_figures_is_no_range(pipeline: Pipeline) -> None:
    got = [(f["value"], f["low"], f["counted"]) for f in figures(pipeline, "Sales rose from 2,000 to 5,000 units.")]
    assert got == [(2000, None, "units"), (5000, None, "units")]


def test_not_figures(pipeline: Pipeline) -> None:
    text = ("Jan Nowak, 47, a 52-year-old driver, met on Sept 16 in 2021 at 02:40 and at 9 a.m. under Article 4. "
            "Two F-16 jets and a Boeing 737 flew. He wore the No. 9 shirt and finished fifth, on the 15th. "
            "Thousands of people and a few hundred soldiers came; it took three times as long and half an hour. "
            "No one knew. One of them left. One in five stayed. Call +48 22 555 0193.")  # fmt: skip
    assert [f["text"] for f in figures(pipeline, text)] == ["Two F-16 jets"]


# -- counted nouns and parts -----------------------------------------------------------------


def test_counted_nouns(pipeline: Pipeline) -> None:
    text = ("Poland moved 1,500 soldiers and two more Patriot batteries, spends more than 4 percent of its "
            "economic output on defence and closed two of its three remaining road crossings.")  # fmt: skip
    got = [(f["text"], f["counted"], f["part_of"]) for f in figures(pipeline, text)]
    assert got == [
        ("1,500 soldiers", "soldiers", None), ("two more Patriot batteries", "Patriot batteries", None),
        ("more than 4 percent of its economic output", "economic output", None),
        ("two of its three remaining road crossings", "road crossings", "three remaining road crossings"),
        ("three remaining road crossings", "road crossings", None),
    ]  # fmt: skip


def test_parts_of_a_whole(pipeline: Pipeline) -> None:
    found = figures(pipeline, "The ministry counted about 7,500 troops, including 300 officers and two generals.")
    assert [(f["text"], f["part_of"]) for f in found] == [
        ("about 7,500 troops", None), ("300 officers", "about 7,500 troops"), ("two generals", "about 7,500 troops")]


def test_a_part_named_by_a_relative_clause_is_part_of_its_whole_and_counts_its_own_noun(pipeline: Pipeline) -> None:
    text = ("The army sent 500 officers, three of whom are generals, to the border. "
            "Police held 40 people, two of whom were later released.")  # fmt: skip
    assert [(f["value"], f["counted"], f["part_of"]) for f in figures(pipeline, text)] == [
        (500, "officers", None), (3, "generals", "500 officers"), (40, "people", None), (2, "people", "40 people")]


def test_a_bare_number_counts_what_the_sentence_or_paragraph_counted(pipeline: Pipeline) -> None:
    text = ("Officials disagree on how many foreign soldiers are in Belarus. Warsaw put the number at nearly "
            "five thousand. The union wants a 15 percent pay rise; the city offered 6 percent.")  # fmt: skip
    assert [(f["text"], f["counted"]) for f in figures(pipeline, text)] == [
        ("nearly five thousand", "foreign soldiers"), ("15 percent pay rise", "pay rise"), ("6 percent", "pay rise")]


def test_hyphenated_measures_count_the_noun_they_modify(pipeline: Pipeline) -> None:
    found = figures(pipeline, "Workers held a two-day strike and signed a three-year contract.")
    assert [(f["value"], f["unit"], f["counted"]) for f in found] == [(2, "days", "strike"), (3, "years", "contract")]


# -- holders -----------------------------------------------------------------------------------


def test_holder_is_the_subject_of_a_cue_verb(pipeline: Pipeline) -> None:
    text = ("Polish intelligence estimated that some 2,000 soldiers had crossed. The Belarusian Defence Ministry said "
            "the drills involved about 12,000 servicemen. The ministry added that 300 tanks took part.")  # fmt: skip
    assert [f["holder"] for f in figures(pipeline, text)] == ["Polish intelligence", "Belarusian Defence Ministry",
                                                              "Belarusian Defence Ministry"]  # fmt: skip


def test_unnamed_officials_stand_for_their_country_and_others_for_no_one(pipeline: Pipeline) -> None:
    text = ("Polish officials said 2,000 troops had arrived. A senior Lithuanian official said 3,000 had. "
            "Diplomats said 27 states agreed. Warsaw put the number at 5,000.")  # fmt: skip
    assert [f["holder"] for f in figures(pipeline, text)] == ["Poland", "Lithuania", None, "Poland"]


def test_according_to_and_possessive_estimates(pipeline: Pipeline) -> None:
    text = ("According to the data of the State Security Department of Lithuania, there are 6,000 troops. "
            "Washington's estimate was upward of 5,000 soldiers.")  # fmt: skip
    assert [f["holder"] for f in figures(pipeline, text)] == ["State Security Department of Lithuania", "United States"]


def test_pronouns_and_full_names(pipeline: Pipeline) -> None:
    text = ("Maj. Gen. Andrei Kavalenka rejected the estimates. He said 40 or 50 percent of the units were reservists. "
            "Kavalenka added that fewer than 1,000 foreigners took part.")  # fmt: skip
    assert [f["holder"] for f in figures(pipeline, text)] == ["Andrei Kavalenka", "Andrei Kavalenka"]


def test_a_figure_in_quotation_marks_belongs_to_the_quoted_speaker(pipeline: Pipeline) -> None:
    text = ("“I chose the club because of its plan,” Tiago Mendonça said. “The coach told me he wants to play with "
            "two strikers, and I want to be one of them.”")  # fmt: skip
    assert one(pipeline, text)["holder"] == "Tiago Mendonça"


def test_the_quotes_stage_speaker_wins_inside_a_direct_quote(pipeline: Pipeline) -> None:
    text = "The coach said his side needs 14 goals to stay up."
    article = Article(title="t", text=text, published="2026-09-16", source="test")
    nlp = pipeline.load_model()
    item = AnnotatedArticle(article, nlp(text))
    for info, stage in pipeline.stages:
        if info.key == "figures.v1":
            item.ann.quotes = [{"start": 15, "end": len(text) - 1, "kind": "direct", "speaker": {"name": "Jan Kowal"}}]
        item = stage(item)
    assert [f["holder"] for f in item.ann.figures] == ["Jan Kowal"]


def test_a_body_named_after_its_leader_holds_as_an_organisation(pipeline: Pipeline) -> None:
    text = ("The Harmon administration said on Tuesday that 400 advisers would go. "
            "Harmon administration officials said 20 aircraft would follow. Senator Ruth Oyelaran said 12 had left.")  # fmt: skip
    assert [f["holder"] for f in figures(pipeline, text)] == ["Harmon administration", "Harmon administration",
                                                              "Ruth Oyelaran"]  # fmt: skip


def test_holder_goes_on_through_the_paragraph_the_attribution_opens(pipeline: Pipeline) -> None:
    text = ("General Tomas Varga stated on Monday that the northern brigade had sent 900 soldiers east. "
            "These troops then reached four bases near the coast.\n\n"
            "The brigade was formed in 1994. These units now have 30 tanks.")  # fmt: skip
    assert [f["holder"] for f in figures(pipeline, text)] == ["Tomas Varga", "Tomas Varga", None]


def test_the_writer_holds_what_no_one_is_said_to_state(pipeline: Pipeline) -> None:
    text = "Grodno, a city roughly 20 kilometres from the border, hosts 40 extra buses. The meeting lasted three hours."
    assert [f["holder"] for f in figures(pipeline, text)] == [None, None, None]


def test_the_figure_takes_the_date_of_its_clause(pipeline: Pipeline) -> None:
    text = "The ministry said on Friday that 7,500 troops were in Belarus, and it would send 40 tanks next week."
    assert [(f["text"], f["date"]) for f in figures(pipeline, text)] == [("7,500 troops", "2026-09-11"),
                                                                         ("40 tanks", "2026-09-21")]  # fmt: skip


# -- regressions ---------------------------------------------------------------------------------


def test_regression_a_dateline_is_not_a_second_subject(pipeline: Pipeline) -> None:
    # "KYIV, March 12 (Reuters) - Ukraine's air force said ..." gave the holder "Ukraine" (from KYIV)
    text = "KYIV, March 12 (Reuters) - Ukraine's air force said on Wednesday that Russia launched 147 drones."
    assert one(pipeline, text)["holder"] == "Ukraine's air force"


def test_regression_its_estimate_climbs_to_the_subject(pipeline: Pipeline) -> None:
    # "Warsaw raised its estimate of foreign troops to nearly five thousand" stopped at "its"
    text = "Warsaw raised its estimate of foreign troops taking part in the drills to nearly five thousand."
    assert (one(pipeline, text)["holder"], one(pipeline, text)["counted"]) == ("Poland", "foreign troops")


def test_regression_a_figure_with_no_verb_above_it_terminates(pipeline: Pipeline) -> None:
    # Token.head returns a new object each time: comparing heads with `is` looped forever.
    assert one(pipeline, "Casualties: 300 soldiers.")["counted"] == "soldiers"


def test_regression_a_participle_is_not_a_counted_noun(pipeline: Pipeline) -> None:
    # "the estimate of some 2,000 published by Polish officials" took "published" as the noun
    found = one(pipeline, "That was above the estimate of some 2,000 published by Polish officials on Monday.")
    assert found["text"] == "some 2,000" and found["holder"] == "Poland"


def test_regression_a_parenthetical_cue_parsed_as_parataxis(pipeline: Pipeline) -> None:
    # "The toll rose to 52, the health ministry said, ..." hangs "said" off "rose" as parataxis
    text = "The death toll rose to 52 on Wednesday, the health ministry in Gaza said, bringing the total to 2,700."
    assert [f["holder"] for f in figures(pipeline, text)] == ["health ministry in Gaza"] * 2


def test_regression_over_before_a_duration_is_a_period_not_a_hedge(pipeline: Pipeline) -> None:
    found = figures(pipeline, "The loan will be paid out over two years to over 7 million people.")
    assert [(f["text"], f["approx"]) for f in found] == [("two years", None), ("over 7 million people", "more than")]


def test_regression_a_running_total_does_not_borrow_a_smaller_counts_noun(pipeline: Pipeline) -> None:
    # "the total to more than 2,700. The military said it struck around 100 targets": not targets
    text = "The total rose to more than 2,700. The military said it had struck around 100 targets."
    assert [f["counted"] for f in figures(pipeline, text)] == [None, "targets"]


def test_regression_name_particles_after_a_cut_off_name(pipeline: Pipeline) -> None:
    # the mentions stage named her "Ursula von"; the holder keeps the whole name
    text = "“This is 90 billion euros of solidarity,” Commission President Ursula von der Leyen told reporters."
    assert one(pipeline, text)["holder"] == "Ursula von der Leyen"


def test_stage_is_picklable_and_documented() -> None:
    finder = pickle.loads(pickle.dumps(FigureFinder()))
    assert finder.lex.cues


def test_quote_marks_of_several_traditions() -> None:
    text = "„Poland will defend every metre,“ he said. “Yes,” she said. \"No,\" they said. «Oui», dit-il."
    assert [text[s:e] for s, e in quote_spans(text)] == ["Poland will defend every metre,", "Yes,", "No,", "Oui"]


# -- the number and hedge normalisers (Hypothesis) --------------------------------------------

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
         "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]  # fmt: skip
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int) -> str:
    """English words for 0 <= n < 10**12: 'one hundred and five thousand, twenty-two' style."""
    if n < 20:
        return UNITS[n]
    if n < 100:
        return TENS[n // 10] + (f"-{UNITS[n % 10]}" if n % 10 else "")
    if n < 1000:
        return f"{UNITS[n // 100]} hundred" + (f" and {spell(n % 100)}" if n % 100 else "")
    for size, word in ((10**9, "billion"), (10**6, "million"), (1000, "thousand")):
        if n >= size:
            return f"{spell(n // size)} {word}" + (f" {spell(n % size)}" if n % size else "")
    raise AssertionError(n)


@given(st.integers(0, 10**12 - 1))
def test_numbers_in_digits_and_words_parse_back(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n
    assert parse_number(spell(n)) == n


@given(st.integers(1, 999), st.sampled_from([("million", 10**6), ("billion", 10**9), ("thousand", 1000)]),
       st.integers(0, 9))  # fmt: skip
def test_decimals_with_scales_parse_back(whole: int, scale: tuple[str, int], tenth: int) -> None:
    word, size = scale
    assert parse_number(f"{whole}.{tenth} {word}") == pytest.approx((whole + tenth / 10) * size)


@given(st.sampled_from(sorted(load_table("hedges.json")["hedges"])), st.booleans(), st.integers(1, 3))
def test_every_hedge_normalises_into_the_gold_vocabulary(surface: str, upper: bool, spaces: int) -> None:
    written = (" " * spaces).join(surface.split())
    written = written.upper() if upper else written
    assert normalise_hedge(written) in HEDGES
    assert normalise_hedge(written) == normalise_hedge(surface)


@given(st.sampled_from(sorted(load_table("hedges.json")["hedges"])), st.integers(2, 10**7))
def test_a_hedged_number_scans_to_its_value_and_hedge(surface: str, n: int) -> None:
    text = f"Officials counted {surface} {n:,} people."
    quantities = scan_quantities(text)
    assert [(q.value, q.hedge) for q in quantities] == [(n, normalise_hedge(surface))]
    assert text[quantities[0].start:quantities[0].end] == f"{surface} {n:,}"


def test_words_that_are_no_numbers() -> None:
    for text in ("thousands", "a few", "hundreds of", "an hour", "half"):
        assert scan_quantities(text) == [] or all(q.bare_one for q in scan_quantities(text))
    assert parse_number("a dozen") == 12 and parse_number("2.5bn") == 2_500_000_000


# -- quality floor on the sample gold ---------------------------------------------------------


def test_quality_floor_on_the_sample_gold() -> None:
    # Measured: spans P = R = 1.0 (98 gold figures); value, hedge, counted and unit 1.0;
    # holder 0.99 (09 writes "Washington", which 03/04 map to the country); all fields 0.99.
    result = evaluate(Config.load(), external=False)["sample"]
    assert result["spans"]["recall"] >= 0.97
    assert result["spans"]["precision"] >= 0.95
    assert result["value_accuracy"] >= 0.98
    assert result["approx_accuracy"] >= 0.98
    assert result["counted_accuracy"] >= 0.96
    assert result["holder_accuracy"] >= 0.96
    assert result["recall_all_fields"] >= 0.96


def test_a_noun_parsed_as_det_keeps_itself_in_its_phrase() -> None:
    """Regression: figures.v1 crashed (IndexError) when the parser labelled a counted noun 'det'."""
    import spacy
    from spacy.tokens import Doc

    from sitroom.nlp.stages.figures.counted import _left_modifiers

    words = ["the", "troops", "arrived"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=[1, 1, 1], deps=["det", "det", "ROOT"], tags=["DT", "NNS", "VBD"])
    assert [t.text for t in _left_modifiers(doc[1])] == ["troops"]


# -- holders on real text (issue 12; rules developed on PolNeAR and ECB+ dev articles) --------


@pytest.fixture(scope="module")
def default_chain() -> Pipeline:
    """The default stages: figure holders read the quotes and speakers stages before them."""
    return Pipeline(Config.load())


@pytest.mark.parametrize(("text", "holders"), [
    ("A Coast Guard spokesman said 12 rifles were seized from the boat.", ["Coast Guard"]),
    ("A Homeland Security Department official said hackers targeted more than 20 states.",
     ["Homeland Security Department"]),
    ("The top 5 percent paid 30 percent of the levy in 2019, according to the independent Fiscal Research Office.",
     ["Fiscal Research Office", "Fiscal Research Office"]),
    ("Some 2,000 people marched through the city, according to the organiser Citizens for Clean Air (CCA).",
     ["Citizens for Clean Air"]),
    ("A new Harbor Institute poll released Monday shows the mayor leads her rival by 48 percent to 41 percent.",
     ["Harbor Institute", "Harbor Institute"]),
    ("The senator pointed to a Daily Meridian report that the firm lost more than $300 million in 2019.",
     ["Daily Meridian"]),
    ("Police evacuated the depot, about 12 miles north of Gdansk, and closed the road, the spokesman said.", [None]),
])  # fmt: skip
def test_holders_on_real_news_shapes(default_chain: Pipeline, text: str, holders: list[str | None]) -> None:
    """An unnamed spokesman or official of a body speaks for the body; the writer's epithets
    ("the independent", "the organiser") are no part of a body's name; "according to X" after
    a year still reaches the figure; a poll or report holds its figures for whoever made it;
    "N miles north of X" is the writer's geography."""
    assert [f["holder"] for f in figures(default_chain, text)] == holders


def test_a_relative_part_after_the_rest_of_its_wholes_phrase_is_part_of_it(pipeline: Pipeline) -> None:
    found = figures(pipeline, "The firm reports 987 subsidiaries abroad, 537 of which are in the Cayman Islands.")
    assert [(f["text"], f["counted"], f["part_of"]) for f in found] == [
        ("987 subsidiaries", "subsidiaries", None), ("537", "subsidiaries", "987 subsidiaries")]


def test_its_forecast_after_an_organisations_statement_is_the_organisations_figure(default_chain: Pipeline) -> None:
    text = ("Growth is slowing in rich countries, the IMF said on Tuesday. It edged up its forecast for emerging "
            "economies by 0.1 percentage points.\n\n"
            "Harbour Transit said only 3 of its 12 lines were running. It put 40 extra buses on the busiest routes.")  # fmt: skip
    assert [(f["text"], f["holder"]) for f in figures(default_chain, text)] == [
        ("0.1 percentage points", "IMF"), ("3 of its 12 lines", "Harbour Transit"), ("12 lines", "Harbour Transit"),
        ("40 extra buses", None)]  # fmt: skip


@pytest.mark.parametrize(("gold", "holder", "all_fields"), [("heldout", 0.70, 0.53), ("heldout2", 0.71, 0.60)])
def test_holder_floor_on_the_held_out_sets(gold: str, holder: float, all_fields: float) -> None:
    """Held-out sets (never tuned on): measured 2026-12-03 holder 0.710 / 0.719, all fields
    0.543 / 0.606 (before the issue-12 holder work: 0.677 / 0.719 and 0.514 / 0.606)."""
    from sitroom.eval.runner import use_gold_set

    use_gold_set(gold)
    try:
        result = evaluate(Config.load(), external=False)["sample"]
    finally:
        use_gold_set("sample")
    assert result["holder_accuracy"] >= holder and result["recall_all_fields"] >= all_fields
