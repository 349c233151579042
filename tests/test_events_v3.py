"""events.v3: speech acts coded as the act of speaking, what is said kept as reported, and the
word lists widened by CAMEO category (issue 12)."""

from __future__ import annotations

from typing import Any

import pytest

from sitroom.config import Config
from sitroom.model import Article
from sitroom.nlp.pipeline import Pipeline

BASE = ["sentences.v1", "entities.v1", "mentions.v1"]


@pytest.fixture(scope="module")
def v3(config: Config) -> Pipeline:
    return Pipeline(config, [*BASE, "events.v3"])


@pytest.fixture(scope="module")
def v2(config: Config) -> Pipeline:
    return Pipeline(config, [*BASE, "events.v2"])


def extract(pipeline: Pipeline, text: str) -> list[dict[str, Any]]:
    result = next(iter(pipeline.run([Article(title="t", text=text, source="test")])))
    assert not isinstance(result, Exception)
    return list(result[1].events)


def happened(e: dict[str, Any]) -> bool:
    return not e["negated"] and not e["hypothetical"]


def by_code(events: list[dict[str, Any]], root: str) -> dict[str, Any]:
    hits = [e for e in events if e["cameo"].startswith(root)]
    assert len(hits) == 1, [(e["cameo"], e["text"]) for e in events]
    return hits[0]


def test_an_accusation_is_the_event_and_the_deed_it_alleges_is_only_reported(v3: Pipeline) -> None:
    events = extract(v3, "Iran accused Israel of attacking its nuclear facilities.")
    accusation, attack = by_code(events, "11"), by_code(events, "19")
    assert (accusation["actor"], accusation["target"], accusation["plover"]) == ("Iran", "Israel", "ACCUSE")
    assert happened(accusation) and attack["hypothetical"]
    assert attack["actor"] == "Israel"  # the one accused, not the accuser


def test_v2_still_reports_the_alleged_deed_as_done(v2: Pipeline) -> None:
    """events.v2 rows in a store stay as they were: the new reading is events.v3's only."""
    attack = by_code(extract(v2, "Iran accused Israel of attacking its nuclear facilities."), "19")
    assert happened(attack) and attack["actor"] == "Iran"


@pytest.mark.parametrize("text", [
    "Egypt praised Jordan for hosting the talks.",
    "Japan apologized for attacking the fishing boat.",
    "Human rights groups accused the police of torturing detainees and killing protesters.",
])
def test_what_a_speech_act_says_is_never_counted_as_having_happened(v3: Pipeline, text: str) -> None:
    events = extract(v3, text)
    spoken = [e for e in events if e["cameo"][:2] in ("05", "11")]
    deeds = [e for e in events if e["cameo"][:2] not in ("05", "11")]
    assert spoken and all(happened(e) for e in spoken)
    assert deeds and not any(happened(e) for e in deeds), [(e["cameo"], e["text"]) for e in deeds]


def test_a_claim_that_another_attacked_is_an_accusation(v3: Pipeline) -> None:
    events = extract(v3, "Russia claimed that Ukraine shelled the power plant on Sunday.")
    accusation, shelling = by_code(events, "11"), by_code(events, "19")
    assert (accusation["cameo"], accusation["actor"], accusation["target"]) == ("112", "Russia", "Ukraine")
    assert happened(accusation) and shelling["hypothetical"]


def test_a_claim_about_ones_own_deed_is_no_accusation(v3: Pipeline) -> None:
    events = extract(v3, "Russia claimed that its forces had captured the town of Velin.")
    assert not [e for e in events if e["cameo"].startswith("11")]
    assert any(e["cameo"] == "192" for e in events)


@pytest.mark.parametrize(("text", "code"), [
    ("The government completed its withdrawal of troops from the valley.", "087"),
    ("A court approved the extradition of the former minister.", "063"),
    ("Border troops remained on high alert after the clashes.", "152"),
    ("The regime violated the arms embargo again.", "128"),
    ("Dock workers stopped work at the port on Monday.", "143"),
    ("Prosecutors charged the editor with espionage.", "112"),
    ("The government cut tariffs on imported grain.", "085"),
    ("The charity flew medical supplies into the capital.", "073"),
    ("Students joined the protest outside parliament.", "141"),
])
def test_v3_codes_acts_by_class_that_v2_left_out(v3: Pipeline, v2: Pipeline, text: str, code: str) -> None:
    """Coverage widened by CAMEO category (verbs_v3.tsv, nouns_v3.tsv, light verbs): v2 has
    no such event, v3 reports it as having happened."""
    assert not any(e["cameo"] == code for e in extract(v2, text))
    assert any(e["cameo"] == code and happened(e) for e in extract(v3, text)), extract(v3, text)
