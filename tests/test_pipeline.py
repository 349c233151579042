"""The pipeline frame and the sentences, entities and mentions stages."""

from __future__ import annotations

import pickle

import pytest

from sitroom.config import Config
from sitroom.errors import PipelineError
from sitroom.model import Annotations, Article
from sitroom.nlp.pipeline import Pipeline
from sitroom.nlp.registry import STAGES, check_chain, get_stage, register_stage

TEXT = (
    "WARSAW, Sept 15 (Northline Wire) - Polish Defence Minister Jan Nowak said on Tuesday that the Kremlin "
    "had moved troops from Kursk toward Grodno.\n\n"
    "\"We are watching every convoy,\" Nowak told reporters in Warsaw. The minister said Pyongyang had sent "
    "officers as well.\n\n"
    "Maria Ortega, the research director of the Vistula Institute, said NATO and the European Union should "
    "act. Ortega added that the North Atlantic Treaty Organization had met."
)


def _run(pipeline: Pipeline, text: str = TEXT) -> tuple[Article, Annotations]:
    article = Article(title="t", text=text, source="test")
    result = next(iter(pipeline.run([article])))
    assert not isinstance(result, Exception)
    return result


def test_chain_is_checked_before_anything_runs() -> None:
    with pytest.raises(PipelineError, match="mentions.v1 requires entities"):
        check_chain(["sentences.v1", "mentions.v1"])
    with pytest.raises(PipelineError, match="unknown stage 'quotes.v9'"):
        Pipeline(Config.load(), ["sentences.v1", "quotes.v9"])


def test_stage_names_must_carry_a_version() -> None:
    with pytest.raises(PipelineError, match="no version"):
        register_stage("unversioned", (), ())


def test_every_registered_stage_declares_and_documents_itself() -> None:
    get_stage("sentences.v1")
    for key, info in STAGES.items():
        assert info.key == key and info.provides and info.doc, key


def test_stages_are_picklable(pipeline: Pipeline) -> None:
    for _, stage in pipeline.stages:
        pickle.loads(pickle.dumps(stage))


def test_every_annotation_offset_points_at_its_text(pipeline: Pipeline) -> None:
    article, ann = _run(pipeline)
    for e in ann.entities:
        assert article.text[e.start:e.end] == e.text
    for g in ann.mentions:
        for m in g.mentions:
            assert article.text[m.start:m.end] == m.text
    for q in ann.quotes:
        assert article.text[q["start"]:q["end"]] == q["text"]
        if q["mention_start"] is not None:
            assert article.text[q["mention_start"]:q["mention_end"]] == q["mention"]
    expected = {key.split(".")[0]: key for key in Config.load().get("nlp.stages")}
    assert ann.produced_by == expected


def test_sentences_never_cross_paragraphs(pipeline: Pipeline) -> None:
    article, ann = _run(pipeline)
    assert len(ann.sentences) == 5
    for s in ann.sentences:
        chunk = article.text[s.start:s.end]
        assert "\n\n" not in chunk and chunk == chunk.strip()


def test_gazetteer_places_and_governments(pipeline: Pipeline) -> None:
    _, ann = _run(pipeline)
    by_text = {e.text: e for e in ann.entities}
    assert by_text["Kursk"].label == "GPE" and by_text["Kursk"].country == "RUS"
    assert by_text["Kremlin"].label == "ORG" and by_text["Kremlin"].stands_for == "RUS:Government"
    assert by_text["Pyongyang"].stands_for == "PRK:Government"
    assert by_text["Polish"].label == "NORP" and by_text["Polish"].kb_id == "POL"
    assert by_text["WARSAW"].canonical == "Warsaw"
    assert by_text["European Union"].kb_id == by_text["European Union"].kb_id


def test_people_grouped_with_titles_and_descriptions(pipeline: Pipeline) -> None:
    article, ann = _run(pipeline)
    people = {g.name: g for g in ann.mentions if g.label == "PERSON"}
    nowak = people["Jan Nowak"]
    assert any("Minister" in t for t in nowak.titles)
    texts = [m.text for m in nowak.mentions]
    assert "Nowak" in texts and "the minister" in [t.lower() for t in texts]
    assert any(t.endswith("Jan Nowak") and "Minister" in t for t in texts)
    ortega = people["Maria Ortega"]
    assert "Ortega" in [m.text for m in ortega.mentions]
    assert any("Director" in t or "director" in t for t in ortega.titles)
    persons = [e for e in ann.entities if e.label == "PERSON"]
    assert {e.canonical for e in persons} == {"Jan Nowak", "Maria Ortega"}


def test_organisations_grouped_by_canonical_name(pipeline: Pipeline) -> None:
    _, ann = _run(pipeline)
    orgs = [g for g in ann.mentions if g.label == "ORG"]
    nato = [g for g in orgs if any(m.text == "NATO" for m in g.mentions)]
    assert len(nato) == 1 and {m.text for m in nato[0].mentions} >= {"NATO", "North Atlantic Treaty Organization"}


def test_two_people_with_one_surname_stay_apart(pipeline: Pipeline) -> None:
    text = "Jan Nowak met Anna Nowak in Warsaw. Jan Nowak left first, and Anna Nowak stayed."
    _, ann = _run(pipeline, text)
    names = sorted(g.name for g in ann.mentions if g.label == "PERSON")
    assert names == ["Anna Nowak", "Jan Nowak"]


def test_overlong_article_is_refused_not_crashed(config: Config) -> None:
    cfg = Config.load(assignments=("nlp.max_chars=100",))
    p = Pipeline(cfg)
    out = list(p.run([Article(title="t", text="word " * 50, source="long.txt")]))
    assert "over nlp.max_chars=100" in str(out[0])


def test_name_after_a_long_title_is_a_person_even_when_ner_misses_it(pipeline: Pipeline) -> None:
    text = ("WASHINGTON — Senate Armed Services Committee Chair Jane Roe (D-Maine) called on Thursday for action. "
            "Roe said the allies had waited too long.")  # fmt: skip
    _, ann = _run(pipeline, text)
    roe = [g for g in ann.mentions if g.label == "PERSON" and g.name == "Jane Roe"]
    assert len(roe) == 1 and [m.text for m in roe[0].mentions] == ["Chair Jane Roe", "Roe"]


def test_gazetteer_does_not_split_longer_names_found_by_ner(pipeline: Pipeline) -> None:
    _, ann = _run(pipeline, "The minister told The New York Times that Kursk was quiet.")
    texts = {e.text: e.label for e in ann.entities}
    assert "New York" not in texts and texts.get("Kursk") == "GPE"


def test_dateline_outlet_is_an_organisation_not_a_person(pipeline: Pipeline) -> None:
    article = Article(title="t", text="WARSAW, Sept 16 (Northline Wire) - Poland said on Wednesday it had closed a crossing.",
                      outlet="Northline Wire", source="test")  # fmt: skip
    result = next(iter(pipeline.run([article])))
    assert not isinstance(result, Exception)
    labels = {e.text: e.label for e in result[1].entities}
    assert labels.get("Northline Wire") in (None, "ORG")
    assert labels.get("WARSAW") == "GPE"


def test_regression_a_body_named_after_a_place_is_not_split_into_a_person(pipeline: Pipeline) -> None:
    """Splitting "the Kremlin Oleg Travkin" made "City Transport" a person in "Gdańsk City Transport"."""
    _, ann = _run(pipeline, "Gdańsk City Transport said three lines were running. The Kremlin Oleg Travkin said no.")
    people = {e.text for e in ann.entities if e.label == "PERSON"}
    assert "City Transport" not in people
