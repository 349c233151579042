"""speakers.v3 in the default chain: an unnamed source ("officials said", kind ``description``)
is kept in its words by the quotes, figures and claims after it, and never becomes a named holder."""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.config import Config
from sitroom.model import Annotations, Article
from sitroom.nlp.pipeline import Pipeline

TEXT = (
    "Western officials said about 3,000 troops had crossed the border on Monday. “We counted 40 tanks and the "
    "allies should respond,” the officials said.\n\n"
    "The company said it would cut 1,500 jobs. “Sales will recover if demand returns,” the company said.\n\n"
    "Defence Minister Jan Nowak said 200 soldiers were on leave."
)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Config.load())


def annotate(pipeline: Pipeline, text: str) -> Annotations:
    result = next(iter(pipeline.run([Article(title="t", text=text, source="test")])))
    assert not isinstance(result, Exception)
    return result[1]


@pytest.fixture(scope="module")
def ann(pipeline: Pipeline) -> Annotations:
    return annotate(pipeline, TEXT)


def by_text(items: list[dict[str, Any]], prefix: str) -> dict[str, Any]:
    hits = [i for i in items if i["text"].startswith(prefix)]
    assert hits, [i["text"][:30] for i in items]
    return hits[0]


def test_the_default_chain_keeps_unnamed_sources_as_descriptions(ann: Annotations) -> None:
    assert ann.produced_by["speakers"] == "speakers.v3"
    speaker = by_text(ann.quotes, "We counted")["speaker"]
    assert speaker["kind"] == "description" and speaker["name"] == "the officials"


@pytest.mark.parametrize(("figure", "words"), [
    ("about 3,000 troops", "Western officials"), ("40 tanks", "the officials"), ("1,500 jobs", "The company"),
])  # fmt: skip
def test_regression_unnamed_source_is_never_a_figures_named_holder(ann: Annotations, figure: str, words: str) -> None:
    f = by_text(ann.figures, figure)
    assert f["holder"] is None and f["holder_kind"] == "description" and f["holder_description"] == words


def test_a_named_figure_holder_has_its_kind(ann: Annotations) -> None:
    f = by_text(ann.figures, "200 soldiers")
    assert (f["holder"], f["holder_kind"], f["holder_description"]) == ("Jan Nowak", "person", None)


@pytest.mark.parametrize("claim", ["the allies should respond", "Sales will recover"])
def test_regression_unnamed_source_is_never_a_claims_named_holder(ann: Annotations, claim: str) -> None:
    c = by_text(ann.claims, claim)
    assert c["holder"] is None and c["holder_kind"] == "description"


def test_an_unnamed_sources_quote_is_no_assessment_of_a_named_holder(ann: Annotations) -> None:
    assert not [c for c in ann.claims if c["type"] == "assessment" and c["holder"] is None]


def test_regression_according_to_inside_reported_speech_is_no_attribution(pipeline: Pipeline) -> None:
    text = ("Vilnius. The foreign minister Jonas Petraitis yesterday stated that Lithuania will demand concrete "
            "decisions at the talks which begin today in Brussels according to Article 4 of the treaty.")  # fmt: skip
    quotes = annotate(pipeline, text).quotes
    assert [q["cue"] for q in quotes] == ["stated"]
    assert quotes[0]["speaker"]["name"] == "Jonas Petraitis"
