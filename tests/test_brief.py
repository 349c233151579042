"""Across sources: facts, corroboration, conflicts, options and the brief of the sample story."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitroom.analysis.brief import build_brief, main_story
from sitroom.analysis.render import attach_excerpts, render_html, render_markdown
from sitroom.cli import cli
from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.model import Annotations
from sitroom.resolve.facts import (
    CORROBORATED,
    StoryArticle,
    figure_facts,
    measure_key,
    place_key,
)
from sitroom.store import Store


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('brief') / 's.db'}")
    ingest_paths([sample_articles_dir()], store, Config.load(), IngestOptions())
    return store


@pytest.fixture(scope="module")
def brief(sample_store: Store) -> dict[str, Any]:
    story = main_story(sample_store)
    assert story is not None
    return attach_excerpts(build_brief(sample_store, story), sample_store)


def _figure(value: float, counted: str, holder: str, date: str, start: int = 0) -> dict[str, Any]:
    return {"value": value, "low": None, "high": None, "counted": counted, "holder": holder, "date": date,
            "text": f"{value:g} {counted}", "start": start, "end": start + 5, "part_of": None}  # fmt: skip


def _article(aid: str, outlet: str, day: str, figures: list[dict[str, Any]], copy_of: str | None = None) -> StoryArticle:
    return StoryArticle(aid, outlet, day, copy_of, Annotations(figures=figures))


def test_measures_meet_across_wordings() -> None:
    assert measure_key("foreign soldiers") == measure_key("foreign military servicemen") == "foreign troops"
    assert measure_key("Belarusian servicemen") != measure_key("foreign troops")
    assert place_key("Sokółka") == place_key("Sokolka")


def test_same_day_different_values_conflict_but_growth_over_days_evolves() -> None:
    same_day = [_article("a", "Wire", "2026-09-16", [_figure(2000, "foreign soldiers", "Poland", "2026-09-16")]),
                _article("b", "Courier", "2026-09-16", [_figure(6000, "foreign troops", "Lithuania", "2026-09-16")])]  # fmt: skip
    facts, notes = figure_facts(same_day)
    assert len(facts) == 2 and notes[0]["kind"] == "figure" and notes[0]["about"] == "foreign troops"
    assert {v["value"] for v in notes[0]["values"]} == {2000, 6000} and notes[0]["date"] == "2026-09-16"
    growing = [_article("a", "Wire", "2026-09-14", [_figure(2000, "foreign soldiers", "Poland", "2026-09-14")]),
               _article("b", "Wire", "2026-09-16", [_figure(5000, "foreign soldiers", "Poland", "2026-09-16")])]  # fmt: skip
    facts, notes = figure_facts(growing)
    assert [n["kind"] for n in notes] == ["evolution"]
    assert [v["value"] for v in notes[0]["values"]] == [2000, 5000] and notes[0]["holder"] == "POL"


def test_syndicated_copies_count_as_one_source(brief: dict[str, Any]) -> None:
    copies = {a["id"]: a["near_duplicate_of"] for a in brief["articles"] if a["near_duplicate_of"]}
    assert copies
    for f in brief["facts"]:
        outlets = {s["outlet"] for s in f["sources"]}
        if f["status"] == CORROBORATED:
            assert f["independent_sources"] >= 2
        assert f["independent_sources"] <= len(outlets)
    # a fact carried only by the wire story and its syndicated copy is single-source
    original, = set(copies.values())
    only_pair = [f for f in brief["facts"] if {s["article"] for s in f["sources"]} == {original, *copies}]
    assert only_pair and all(f["independent_sources"] == 1 for f in only_pair)


def test_brief_has_every_part_the_issue_asks_for(brief: dict[str, Any]) -> None:
    for key in ("id", "title", "articles", "facts", "conflicts", "options", "triggers", "timeline", "escalation"):
        assert key in brief
    assert len(brief["articles"]) >= 10
    assert any(c["about"] == "foreign troops" for c in brief["conflicts"])
    assert any(f["status"] == CORROBORATED for f in brief["facts"])
    assert any(t["if"] and t["then"] for t in brief["triggers"])
    assert any(o["advocates"] for o in brief["options"])
    assert brief["timeline"] == sorted(brief["timeline"], key=lambda t: t["date"])
    assert brief["escalation"] and all({"date", "level", "drivers"} <= e.keys() for e in brief["escalation"])


def test_every_source_points_at_the_exact_words(brief: dict[str, Any], sample_store: Store) -> None:
    for f in brief["facts"]:
        for s in f["sources"]:
            row = sample_store.get_article(s["article"])
            assert row is not None and row["text"][s["start"]:s["end"]] == s["excerpt"]


def test_renderings_escape_untrusted_text(brief: dict[str, Any]) -> None:
    evil = json.loads(json.dumps(brief))
    evil["title"] = "<script>alert(1)</script>"
    evil["facts"][0]["summary"] = '<img src=x onerror="alert(1)">'
    html = render_html(evil)
    assert "<script>alert(1)" not in html and "onerror=\"alert" not in html and "&lt;script&gt;" in html
    assert "<svg" in html
    ET.fromstring(html[html.index("<svg"):html.index("</svg>") + 6])
    md = render_markdown(evil)
    assert "<script>" not in md and "## What is disputed" in md


def test_brief_command_writes_md_html_json(sample_store: Store, tmp_path: Path) -> None:
    db = sample_store.url.replace("sqlite:///", "")
    for fmt in ("md", "html", "json"):
        out = tmp_path / f"brief.{fmt}"
        result = CliRunner().invoke(cli, ["--db", db, "brief", "--format", fmt, "--output", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    data = json.loads((tmp_path / "brief.json").read_text("utf-8"))
    story = data["stories"][0]
    assert {"id", "title", "articles", "facts", "conflicts", "options", "triggers", "timeline", "escalation"} <= story.keys()
    result = CliRunner().invoke(cli, ["--db", db, "stories", "--format", "json"])
    assert len(json.loads(result.stdout)) == 3


def test_one_quote_in_other_words_is_one_fact(brief: dict[str, Any]) -> None:
    """The defence minister's line appears as wire copy, a syndicated copy, a translation and a
    paraphrase; the ledger must show it once, corroborated by the independent outlets."""
    entry = next(e for e in brief["quote_ledger"] if e["speaker"] == "Tomasz Wierzbicki")
    defend = [q for q in entry["quotes"] if "metre" in q["text"]]
    assert len(defend) == 1 and defend[0]["status"] == CORROBORATED
    assert len({s["outlet"] for s in defend[0]["sources"]}) >= 3


def test_one_statement_dated_differently_is_a_conflict() -> None:
    from sitroom.model import Sentence
    from sitroom.resolve.facts import quote_facts, statement_date_conflicts

    def said(aid: str, outlet: str, day: str) -> StoryArticle:
        text_quote = {"text": "We will not open the crossing", "start": 1, "end": 30, "kind": "direct", "cue_start": 40,
                      "speaker": {"name": "Ewa Sadowska", "role": "Interior Minister"}}  # fmt: skip
        ann = Annotations(quotes=[text_quote], sentences=[Sentence(0, 80)],
                          dates=[{"text": "on Tuesday", "start": 50, "end": 60, "value": day, "granularity": "day"}])  # fmt: skip
        return StoryArticle(aid, outlet, "2026-09-17", None, ann)

    facts = quote_facts([said("a", "Wire", "2026-09-15"), said("b", "Courier", "2026-09-16")], embed=False)
    conflicts = statement_date_conflicts(facts)
    assert len(facts) == 1 and [c["kind"] for c in conflicts] == ["date"]
    assert [v["value"] for v in conflicts[0]["values"]] == ["2026-09-15", "2026-09-16"]
    same = quote_facts([said("a", "Wire", "2026-09-15"), said("b", "Courier", "2026-09-15")], embed=False)
    assert statement_date_conflicts(same) == []


def test_actor_network_counts_real_events_and_escapes_names(brief: dict[str, Any]) -> None:
    from sitroom.analysis.network import actor_network, network_svg

    net = brief["network"]
    assert net["nodes"] and net["edges"]
    names = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in names and e["target"] in names and e["reports"] >= 1 for e in net["edges"])
    events = [{"actor": "<b>X</b>", "target": "Y & Z", "plover": "ASSAULT", "negated": False, "hypothetical": False},
              {"actor": "Q", "target": "Y & Z", "plover": "ASSAULT", "negated": True, "hypothetical": False}]  # fmt: skip
    art = StoryArticle("a", "Wire", "2026-09-16", None, Annotations(events=events))
    small = actor_network([art])
    assert [(e["source"], e["tone"]) for e in small["edges"]] == [("<b>X</b>", "conflict")]  # the negated one is left out
    svg = network_svg(small)
    ET.fromstring(svg)
    assert "<b>" not in svg and "&lt;b&gt;X" in svg
