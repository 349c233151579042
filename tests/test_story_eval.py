"""Story-level evaluation: the matching helpers on hand-made inputs, the gold's traceability, quality floors."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path
from typing import Any

import pytest

from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.eval import story as S

GOLD_PATH = Path(os.environ.get("SITROOM_STORY_GOLD") or S.story_gold_path())
needs_gold = pytest.mark.skipif(
    not GOLD_PATH.is_file(), reason=f"story gold not installed at {GOLD_PATH}"
)


# -- helpers on hand-made inputs -----------------------------------------------------------------
def test_normalise_numbers_diacritics_and_quotes() -> None:
    assert S.normalise("Nearly five thousand, up from 2,000") == "nearly 5000, up from 2000"
    assert S.normalise("fewer than one thousand") == "fewer than 1000"
    assert S.normalise("Sokółka – Žukauskas’") == "sokolka – zukauskas'"


def test_term_matches_at_word_start_with_alternatives() -> None:
    text = S.normalise("Poland closed two border crossings near Sokółka")
    assert S.term_in("crossing", text) and S.term_in("close", text) and S.term_in("sokolka", text)
    assert S.term_in("brest|poland", text) and not S.term_in("brest|grodno", text)
    assert not S.term_in("losed", text)  # not inside a word
    assert not S.term_in("1000", S.normalise("10,000 troops")) and S.term_in(
        "10000", S.normalise("10,000 troops")
    )
    assert S.all_terms(["nearly", "5000"], "nearly five thousand foreign soldiers")


def test_fact_matching_uses_summary_with_one_excerpt() -> None:
    fact = {"kind": "quote", "summary": "Tomasz Wierzbicki: “Every metre…”",
            "sources": [{"excerpt": "Every metre of Polish territory will be defended, and nobody in Minsk or in Moscow should have any doubt"},
                        {"excerpt": "unrelated"}]}  # fmt: skip
    assert S.matches(["wierzbicki", "metre", "moscow", "doubt"], fact)
    assert not S.matches(["wierzbicki", "patriot"], fact)
    assert S.candidates({"kind": "claim", "key_words": ["wierzbicki", "doubt"]}, [fact]) == [
        fact
    ]  # claims may match quotes
    assert S.candidates({"kind": "event", "key_words": ["wierzbicki", "doubt"]}, [fact]) == []


def test_people_values_and_places() -> None:
    assert S.same_person("R. Žukauskas", "Rimantas Zukauskas") and S.same_person(
        "Kremlin", "kremlin"
    )
    assert not S.same_person("Poland", "Lithuania") and not S.same_person(
        "Maria Ortega", "Jane Roe"
    )
    assert S.holder_recall(["Jane Roe", "Mark Ellison"], ["Jane Roe"]) == (1, ["Mark Ellison"])
    assert (
        S.value_covered([3000, 4000], [3500.0])
        and S.value_covered(5000, [4800.0])
        and not S.value_covered(5000, [7500.0])
    )
    assert S.place_covered("Grodno", ["Grodno", "Brest"]) and not S.place_covered(
        "Minsk", ["Grodno"]
    )


def _fact(
    kind: str, summary: str, status: str, articles: list[str], excerpt: str = ""
) -> dict[str, Any]:
    return {"kind": kind, "text": summary, "status": status, "independent_outlets": 2 if status == "corroborated" else 1,
            "sources": [{"article": a, "excerpt": excerpt} for a in articles]}  # fmt: skip


def test_syndicated_pair_counted_twice_is_flagged() -> None:
    names = {"a4": "04-x.txt", "a5": "05-y.txt", "a12": "12-z.txt"}
    gold = [
        {
            "kind": "quote",
            "key_words": ["ortega", "war"],
            "articles": ["04-x.txt", "05-y.txt"],
            "syndicated": True,
        }
    ]
    wrong = S.score_single(
        gold, [_fact("quote", "Maria Ortega: “intend a war”", "corroborated", ["a4", "a5"])], names
    )
    assert wrong["correct"] == 0 and wrong["syndicated_wrongly_corroborated"] == 1
    assert wrong["wrong"][0]["why"] == "copies counted as independent"
    merged = S.score_single(
        gold, [_fact("quote", "Maria Ortega: “intend a war”", "corroborated", ["a4", "a12"])], names
    )
    assert (
        merged["syndicated_wrongly_corroborated"] == 0
        and merged["wrong"][0]["why"] == "merged with other outlets' items"
    )
    right = S.score_single(
        gold, [_fact("quote", "Maria Ortega: “intend a war”", "single-source", ["a4", "a5"])], names
    )
    assert right["correct"] == 1 and right["recall"] == 1.0


def test_corroborated_recall_precision_and_miss_reasons() -> None:
    gold = [{"kind": "event", "key_words": ["poland", "closed", "crossing"], "articles": []},
            {"kind": "event", "key_words": ["eu", "sanction"], "articles": []}]  # fmt: skip
    single = [{"kind": "event", "key_words": ["fighter", "scrambled"], "articles": []}]
    facts = [_fact("event", "Poland close", "corroborated", ["a"], "Poland closed two crossings"),
             _fact("event", "EU discuss sanction", "single-source", ["b"]),
             _fact("event", "Poland move", "corroborated", ["c"], "fighter jets were scrambled"),
             _fact("event", "Russia warn", "corroborated", ["d"])]  # fmt: skip
    r = S.score_corroborated(gold, single, facts, {})
    assert (r["correct"], r["found"], r["recall"]) == (1, 2, 0.5)
    assert r["misses"][0]["why"] == "found as single-source"
    assert (r["system_corroborated"], r["judged"], r["precision"]) == (
        3,
        2,
        0.5,
    )  # "Russia warn" is unjudged


def test_disputes_updates_options_triggers() -> None:
    gold_conflicts: list[dict[str, Any]] = [
        {"about": "foreign troops", "values": [5000, [3000, 4000], 1000]},
        {"about": "where", "values": ["Grodno", "Brest"]},
    ]
    conflicts: list[dict[str, Any]] = [{"about": "foreign troops", "kind": "figure", "sides": [{"value": 5000.0}, {"value": 3500.0}, {"value": 1000.0}]},
                 {"about": "crossings", "kind": "figure", "sides": [{"value": 3.0}, {"value": 2.0}]},
                 {"about": "where: x", "kind": "place", "sides": [{"value": "Grodno"}, {"value": "Minsk"}]}]  # fmt: skip
    c = S.score_disputes(gold_conflicts, conflicts)
    assert (c["found"], c["values_covered"], c["precision"]) == (1, 1, round(1 / 3, 3))
    assert c["false_disputes"] == 2  # "crossings" matches no gold dispute; "where" covers one value of two
    update = [{"about": "foreign troops", "values": [2000, 5000], "holder": "Poland", "why": "update"}]
    own_revision = {"about": "foreign troops", "kind": "figure", "sides": [{"value": 2000.0, "holders": ["Polish intelligence"]},
                                                                          {"value": 5000.0, "holders": ["Poland's defence ministry"]}]}  # fmt: skip
    real = {"about": "foreign troops", "kind": "figure", "sides": [{"value": 1000.0, "holders": ["Belarus"]},
                                                                  {"value": 5000.0, "holders": ["Poland"]}]}  # fmt: skip
    assert S.score_disputes([], [own_revision, real], update)["false_matching_not_disputes"] == 1
    assert c["misses"][0]["why"] == "1 of 2 values"

    gold_evolving = [{"about": "foreign troops", "holder": "Poland", "values": [2000, 5000, 7500]}]
    partial = [{"quantity": "foreign troops", "holder": "Poland",
                "values": [{"date": "2026-09-14", "value": 2000.0}, {"date": "2026-09-16", "value": 5000.0}]}]  # fmt: skip
    assert S.score_updates(gold_evolving, partial)["misses"][0]["why"] == "values not all found"
    other_holder = [{**partial[0], "holder": "Lithuanian intelligence"}]
    assert S.score_updates(gold_evolving, other_holder)["misses"][0]["why"] == "not found"
    agency = [{**partial[0], "holder": "Polish intelligence", "values": [*partial[0]["values"], {"date": "2026-09-18", "value": 7500.0}]}]
    assert S.score_updates(gold_evolving, agency)["recall"] == 1.0  # a state's agency is the state
    full = [{**partial[0], "values": [*partial[0]["values"], {"date": "2026-09-18", "value": 7500.0}]}]
    assert S.score_updates(gold_evolving, full)["recall"] == 1.0

    gold_options: list[dict[str, Any]] = [
        {
            "key_words": ["direct military action|strike"],
            "advocates": ["Jane Roe"],
            "opponents": ["Mark Ellison", "Maria Ortega"],
        }
    ]
    options: list[dict[str, Any]] = [{"option": "strike threatening units", "proposers": [{"name": "Jane Roe"}], "opponents": [{"name": "Mark Ellison"}], "sources": []},
               {"option": "see tanks", "proposers": [], "opponents": [], "sources": []}]  # fmt: skip
    o = S.score_options(gold_options, options)
    assert (o["recall"], o["precision"], o["advocates"]["recall"], o["opponents"]["recall"]) == (
        1.0,
        0.5,
        1.0,
        0.5,
    )
    assert o["spurious"] == ["see tanks"]

    gold_triggers: list[dict[str, Any]] = [
        {
            "if_words": ["drills", "past"],
            "then_words": ["close", "last", "crossing"],
            "holders": ["Ewa Sadowska"],
        }
    ]
    triggers: list[dict[str, Any]] = [{"if": "the drills continue past Sunday", "then": "Warsaw will close the last crossing", "holders": [{"name": "Ewa Sadowska"}], "sources": []},
                {"if": None, "then": "Red lines should be stated", "holders": [], "sources": []}]  # fmt: skip
    t = S.score_triggers(gold_triggers, triggers)
    assert (t["recall"], t["precision"], t["holders"]["recall"]) == (1.0, 0.5, 1.0)


# -- the gold itself -----------------------------------------------------------------------------
def _article_text(name: str) -> str:
    raw = (sample_articles_dir() / name).read_text("utf-8")
    if name.endswith(".json"):
        return str(json.loads(raw)["text"])
    return html.unescape(raw)


@needs_gold
def test_every_gold_entry_is_traceable_to_its_articles() -> None:
    gold = S.load_story_gold(GOLD_PATH)
    files = {p.name for p in sample_articles_dir().iterdir()}
    for section in ("corroborated", "single_source"):
        for e in gold[section]:
            assert set(e["articles"]) <= files, e
            assert any(S.all_terms(e["key_words"], _article_text(a)) for a in e["articles"]), e
    for e in gold["options"]:
        assert any(S.all_terms(e["key_words"], _article_text(a)) for a in e["articles"]), e
    for e in gold["triggers"]:
        assert any(
            S.all_terms([*e["if_words"], *e["then_words"]], _article_text(a)) for a in e["articles"]
        ), e
    for e in gold["disputes"]:
        assert all(isinstance(v, str) for v in e["values"]) or all(
            isinstance(v, int | list) for v in e["values"]
        )
    # Corroborated means two outlets, with 05 counted as 04's outlet; single-source means one.
    outlet = {"05": "04", "01": "04", "13": "02", "11": "03"}
    for e in gold["corroborated"]:
        assert len({outlet.get(a[:2], a[:2]) for a in e["articles"]}) >= 2, e
    for e in gold["single_source"]:
        assert len({outlet.get(a[:2], a[:2]) for a in e["articles"]}) == 1, e
    assert any(e.get("syndicated") for e in gold["single_source"])


# -- quality floors ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return S.evaluate(Config.load(), external=False, gold_path=GOLD_PATH)


@needs_gold
def test_story_quality_floors(result: dict[str, Any]) -> None:
    # Measured 2026-12-03 on the sample: corroborated 0.70 (P 1.0), single 0.89, disputes 1.0
    # (P 1.0, 0 false disputes), updates 1.0 (P 1.0), options 0.78 (P 0.75, proposers 0.72 at
    # P 1.0), triggers 0.94 (P 0.94, holders 0.94). Floors sit a little below so a drop fails.
    assert result["story"]["gold_articles_missing"] == []
    assert result["corroborated"]["recall"] >= 0.65
    assert result["updates"]["recall"] == 1.0 and result["updates"]["precision"] == 1.0
    # 0 false: a standoff going on with a revised figure is one dispute (Kavalenka's 1,000 vs
    # Poland's 2,000 on Sep 14 is the same dispute as Sep 16's), and a denial must deny what a
    # fact asserts outside its quotation marks (Minsk's denial was set against a drone quote).
    assert result["disputes"]["precision"] >= 0.99 and result["disputes"]["false_disputes"] == 0
    assert result["disputes"]["false_matching_not_disputes"] == 0  # no update or part told as a dispute
    assert result["corroborated"]["found_recall"] >= 0.90
    assert result["corroborated"]["precision"] >= 0.85
    assert result["single_source"]["recall"] >= 0.85
    assert result["disputes"]["recall"] >= 0.99
    assert result["options"]["recall"] >= 0.70 and result["options"]["precision"] >= 0.85  # 0.90 since vague actions went (issue 9, brief work 3)
    assert result["triggers"]["recall"] >= 0.85
    assert result["triggers"]["holders"]["recall"] >= 0.85 and result["triggers"]["precision"] >= 0.85
    assert result["options"]["advocates"]["recall"] >= 0.65 and result["options"]["advocates"]["precision"] >= 0.95


@needs_gold
def test_syndicated_only_fact_is_never_corroborated(result: dict[str, Any]) -> None:
    assert result["single_source"]["syndicated_wrongly_corroborated"] == 0
    ortega = next(
        e
        for e in S.load_story_gold(GOLD_PATH)["single_source"]
        if e.get("speaker") == "Maria Ortega"
    )
    assert not any(w["fact"] == ortega.get("note") for w in result["single_source"]["wrong"])


@pytest.mark.slow
def test_held_out_crisis_story_scores() -> None:
    """The second fictional crisis (sample/heldout2, written blind to the rules, never tuned on)
    had 3 false disputes: an analysis recalling the first estimate set against later figures,
    a director's new figure against his own agency's, and a region's count against the country's.
    Measured 2026-12-03: disputes R 0.5 with 1 false (a "when said" date), updates 1 of 2; after
    said-on dates became days next to their cue and a holder's own series read "at least N" as
    its number (rules written from the issue, not from these articles): 0 false, updates 2 of 2."""
    from click.testing import CliRunner

    from sitroom.cli import cli

    out = CliRunner().invoke(cli, ["eval", "story", "--gold", "heldout2", "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    result = json.loads(out.stdout)
    assert result["story"]["gold_articles_missing"] == []
    assert result["disputes"]["false_disputes"] == 0 and result["disputes"]["recall"] >= 0.5
    assert result["disputes"]["false_matching_not_disputes"] == 0  # no update, part or hedge told as a dispute
    assert result["updates"]["recall"] >= 0.99 and result["updates"]["precision"] == 1.0
    assert result["single_source"]["recall"] >= 0.85 and result["corroborated"]["precision"] >= 0.9
