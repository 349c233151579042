"""The brief: statements, updates versus disputes, verbatim versus paraphrase, options (issue 9).

Unit cases are written in our own words to attack one rule each; the sample story checks the
whole brief and its JSON contract.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sitroom.analysis.brief import brief_sections, build_brief, main_story
from sitroom.analysis.render import attach_excerpts, render_html, render_markdown
from sitroom.cli import cli
from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.model import Annotations, Entity, Mention, MentionGroup, Sentence
from sitroom.resolve.statements.facts import said
from sitroom.resolve.statements.figures import (
    figure_statements,
    interval_of,
    is_part,
    ledger_disputes,
    ledger_updates,
    measure_key,
)
from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import Holder, Source, Statement, StoryArticle, modality_of
from sitroom.resolve.statements.options import action_of, build_options
from sitroom.resolve.statements.places import place_key, rival_places
from sitroom.store import Store

STORY_KEYS = {"id", "title", "bottom_line", "articles", "facts", "updates", "disputes", "quotes", "options", "triggers",
              "scenarios", "denials", "timeline", "escalation", "network"}  # fmt: skip
FACT_KEYS = {"id", "kind", "text", "status", "holders", "independent_outlets", "independent_holders", "modality", "sources"}


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


def _figure(value: float, counted: str, holder: str | None, start: int = 0, approx: str | None = None, **kw: Any) -> dict[str, Any]:
    text = f"{approx + ' ' if approx else ''}{value:g} {counted}"
    return {"value": value, "low": None, "high": None, "approx": approx, "counted": counted, "holder": holder, "date": None,
            "text": text, "start": start, "end": start + len(text), "part_of": None, **kw}  # fmt: skip


def _article(aid: str, outlet: str, day: str, copy_of: str | None = None, text: str = "", byline: str | None = None,
             title: str = "", **ann: Any) -> StoryArticle:  # fmt: skip
    return StoryArticle(aid, outlet, day, copy_of, Annotations(**ann), byline, title, text)


# -- the figure ledger ---------------------------------------------------------------------------
def test_measures_meet_across_wordings() -> None:
    assert measure_key("foreign soldiers") == measure_key("foreign military servicemen") == "foreign troops"
    assert measure_key("Belarusian servicemen") != measure_key("foreign troops")
    assert place_key("Sokółka") == place_key("Sokolka") and place_key("Kursk region") == place_key("Kursk Oblast")


def _ledger(*articles: StoryArticle) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    statements = figure_statements(list(articles), HolderIndex(list(articles)))
    return ledger_updates(statements), ledger_disputes(statements)


def test_one_holder_revising_its_figure_is_an_update_not_a_dispute() -> None:
    updates, disputes = _ledger(
        _article("a", "Wire", "2024-10-23", figures=[_figure(3000, "soldiers", "Ukraine's defence ministry")]),
        _article("b", "Post", "2024-10-28", figures=[_figure(10000, "soldiers", "Ukrainian military intelligence")]),
    )
    assert disputes == []
    assert len(updates) == 1 and [v["value"] for v in updates[0]["values"]] == [3000, 10000]
    assert [v["date"] for v in updates[0]["values"]] == ["2024-10-23", "2024-10-28"]


def test_hedges_read_as_intervals_decide_what_is_a_dispute() -> None:
    assert interval_of({"value": 3000, "approx": "at least"}).meets(interval_of({"value": 12000, "approx": None}))  # type: ignore[union-attr]
    compatible = _ledger(_article("a", "Wire", "2024-10-23", figures=[_figure(3000, "soldiers", "Poland", approx="at least")]),
                         _article("b", "Post", "2024-10-23", figures=[_figure(12000, "soldiers", "Lithuania")]))  # fmt: skip
    nuance = _ledger(_article("a", "Wire", "2024-10-23", figures=[_figure(10000, "soldiers", "Poland", approx="nearly")]),
                     _article("b", "Post", "2024-10-23", figures=[_figure(10000, "soldiers", "Lithuania", approx="upward of")]))  # fmt: skip
    rival = _ledger(_article("a", "Wire", "2024-10-23", figures=[_figure(1000, "soldiers", "Belarus", approx="fewer than")]),
                    _article("b", "Post", "2024-10-23", figures=[_figure(5000, "soldiers", "Poland", approx="about")]))  # fmt: skip
    assert compatible[1] == [] and nuance[1] == []
    assert len(rival[1]) == 1 and {tuple(s["holders"]) for s in rival[1][0]["sides"]} == {("Belarus",), ("Poland",)}


def test_a_part_of_a_figure_is_not_a_rival_figure() -> None:
    text = "Kyiv said 500 officers, three of whom are generals, had arrived."
    officers = _figure(500, "officers", "Kyiv", start=text.index("500"))
    generals = {**_figure(3, "generals", "Kyiv", start=text.index("three")), "text": "three", "end": text.index("three") + 5}
    art = _article("a", "Wire", "2024-10-23", text=text, figures=[officers, generals])
    assert is_part(art, [officers, generals], 1) and not is_part(art, [officers, generals], 0)
    assert [s.quantity for s in figure_statements([art], HolderIndex([art]))] == ["officers"]


# -- places --------------------------------------------------------------------------------------
def test_containment_and_spelling_variants_are_not_rival_places() -> None:
    assert len(rival_places(["Kursk region", "Kursk Oblast", "Russia"])) == 1
    assert len(rival_places(["Sokółka", "Sokolka"])) == 1
    assert sorted(p.name for p in rival_places(["Grodno", "Brest", "Belarus"])) == ["Brest", "Grodno"]


# -- modality ------------------------------------------------------------------------------------
def test_modality_is_read_from_the_words() -> None:
    assert modality_of("the soldiers could later be sent to the front and engage in combat") == "hypothetical"
    assert modality_of("we do not yet know whether they will enter combat") == "uncertain"
    assert modality_of("if they cross the river, we will respond") == "conditional"
    assert modality_of("the ministry will publish its count tomorrow") == "future"
    assert modality_of("no troops were sent", "denied") == "denied"
    assert modality_of("the troops crossed the river on Tuesday") == "asserted"


def _event(text: str, start: int, plover: str, date: str | None, **kw: Any) -> dict[str, Any]:
    return {"actor": "Ruritania", "action": "send", "target": "Freedonia", "plover": plover, "cameo": "190", "location": None,
            "date": date, "negated": False, "hypothetical": False, "text": text, "start": start, "end": start + len(text),
            "quad_class": 4, "goldstein": -10.0, **kw}  # fmt: skip


def test_a_hypothetical_never_enters_facts_timeline_or_escalation() -> None:
    said_could = "The troops could later be sent across the border and engage in combat"
    real = "Ruritanian troops crossed the river at dawn on Tuesday"
    text = f"{said_could}. {real}."
    events = [_event(said_could, 0, "ASSAULT", "2024-10-25"), _event(real, len(said_could) + 2, "MOBILIZE", "2024-10-22")]
    art = _article("a", "Wire", "2024-10-23", text=text, events=events)
    b = brief_sections([art])
    assert all("could" not in f["text"] for f in b["facts"]) and all("could" not in t["text"] for t in b["timeline"])
    assert [t["date"] for t in b["timeline"]] == ["2024-10-22"]  # when it happened, not the publication day
    assert [s["modality"] for s in b["scenarios"]] == ["hypothetical"]
    without = brief_sections([_article("a", "Wire", "2024-10-23", text=text, events=events[1:])])
    assert [(e["date"], e["peak"]) for e in b["escalation"]] == [(e["date"], e["peak"]) for e in without["escalation"]]
    assert b["network"]["edges"] == [] or all("ASSAULT" not in e["types"] for e in b["network"]["edges"])


# -- quotes: verbatim versus paraphrase ----------------------------------------------------------
def _statement(form: str, text: str, cue: str = "said") -> Statement:
    return Statement("quote", text, Holder("Anna Nowak", "person", "Interior Minister"), "asserted", form,  # type: ignore[arg-type]
                     Source("a", "Wire", None, 0, len(text), form == "verbatim"), item={"cue": cue})  # fmt: skip


def test_paraphrase_is_never_printed_inside_quotation_marks() -> None:
    paraphrase = said(_statement("paraphrase", "the border would stay shut for another week"))
    assert "“" not in paraphrase and "”" not in paraphrase and paraphrase.startswith("Anna Nowak (Interior Minister) said that the border")
    assert said(_statement("verbatim", "We will keep the border shut")).endswith(": “We will keep the border shut”")
    partial = said(_statement("partial", "the closure was “a matter of national security”"))
    assert partial.count("“") == 1 and "“a matter of national security”" in partial


def test_sample_quotes_use_marks_only_for_verbatim(brief: dict[str, Any]) -> None:
    items = [q for e in brief["quotes"] for q in e["items"]]
    assert any(q["verbatim"] for q in items) and any(not q["verbatim"] for q in items)
    for q in items:
        if not q["verbatim"]:
            assert not q["text"].endswith("”") or q["form"] == "partial", q["text"]


# -- holders: one person, one row ----------------------------------------------------------------
def _group(gid: int, label: str, name: str) -> MentionGroup:
    return MentionGroup(gid, label, name, [], [Mention(name, 0, len(name), "name")])


def test_one_person_one_record_across_name_forms() -> None:
    a = _article("a", "Wire", "2024-12-03", mentions=[_group(0, "PERSON", "Yoon Suk Yeol"), _group(1, "ORG", "Biden administration"),
                                                     _group(2, "PERSON", "Joe Biden"), _group(3, "PERSON", "Rimantas Žukauskas")])  # fmt: skip
    b = _article("b", "Post", "2024-12-04", mentions=[_group(0, "PERSON", "Yoon Suk"), _group(1, "PERSON", "Zukauskas")])
    index = HolderIndex([a, b])
    assert index.resolve("Yoon Suk") == index.resolve("Yoon Suk Yeol") and index.resolve("Yoon Suk").name == "Yoon Suk Yeol"  # type: ignore[union-attr]
    assert index.resolve("Zukauskas").name == "Rimantas Žukauskas"  # type: ignore[union-attr]
    org = index.resolve("Biden administration")
    assert org is not None and org.kind == "org" and org != index.resolve("Joe Biden")


def test_the_sample_brief_names_each_speaker_once(brief: dict[str, Any]) -> None:
    from sitroom.resolve.entities import fold_name

    names = [e["speaker"]["name"] for e in brief["quotes"]]
    assert len(names) == len(set(names))
    surnames = [fold_name(n).split()[-1] for n in names if len(n.split()) > 1 and brief_kind(brief, n) == "person"]
    assert len(surnames) == len(set(surnames)), names


def brief_kind(brief: dict[str, Any], name: str) -> str:
    return "org" if name in {"Kremlin", "Belarus", "Minsk", "Poland"} or "Ministry" in name or "intelligence" in name.lower() else "person"


# -- options and triggers ------------------------------------------------------------------------
def test_actions_an_analyst_cannot_weigh_are_dropped() -> None:
    assert action_of("it would come to pass") is None and action_of("we should be honest with ourselves") is None
    assert action_of("allies should be ready to respond in kind") is None  # nothing to act on (issue 9, brief work 3)
    assert action_of("allies should respond in kind against any unit that crosses")[0] == "respond in kind against any unit that crosses"  # type: ignore[index]
    assert action_of("urged Minsk to allow international observers onto the training grounds")[0].startswith("allow international")  # type: ignore[index]


def _claim(kind: str, text: str, start: int, holder: str | None, **kw: Any) -> dict[str, Any]:
    return {"type": kind, "text": text, "start": start, "end": start + len(text), "holder": holder, "actor": None,
            "action": None, "if": None, "then": None, **kw}  # fmt: skip


def test_the_byline_of_a_news_report_is_never_a_proposer() -> None:
    text = "Allies should send more air defence batteries to the border."
    news = _article("a", "Wire", "2024-10-23", text=text, byline="Sam Reporter", title="Troops mass at border",
                    claims=[_claim("recommendation", text, 0, None)], sentences=[Sentence(0, len(text))])  # fmt: skip
    opinion = _article("b", "Review", "2024-10-23", text=text, byline="Dana Analyst", title="Analysis: what allies must do",
                       claims=[_claim("recommendation", text, 0, None)], sentences=[Sentence(0, len(text))])  # fmt: skip
    assert build_options([news], HolderIndex([news]))[0] == []
    options, _ = build_options([opinion], HolderIndex([opinion]))
    assert [p.name for p in options[0].proposers] == ["Dana Analyst"]


def test_no_holder_is_both_proposer_and_opponent_and_no_trigger_lacks_a_condition() -> None:
    rec = "If they cross, allies should strike the units massing on the border"
    crit = "striking the units massing on the border would be reckless, critics warned"
    text = f"{rec}. {crit}."
    claims = [_claim("condition", rec, 0, "Jane Doe", **{"if": "they cross", "then": "allies should strike the units massing on the border"}),
              _claim("assessment", crit, len(rec) + 2, "Jane Doe"),
              _claim("condition", "Red lines should be stated plainly", 0, "Jane Doe")]  # fmt: skip
    art = _article("a", "Wire", "2024-10-23", text=text, claims=claims)
    options, triggers = build_options([art], HolderIndex([art]))
    strike = [o for o in options if "strike" in o.label]
    assert len(strike) == 1 and [p.name for p in strike[0].proposers] == ["Jane Doe"] and strike[0].opponents == []
    assert strike[0].conditions == ["they cross"]
    assert all(not set(o.proposers) & set(o.opponents) for o in options)
    assert [t["if"] for t in triggers] == ["they cross"]


def test_sample_options_have_proposers_and_no_byline(brief: dict[str, Any]) -> None:
    assert brief["options"] and all(o["proposers"] for o in brief["options"])
    names = {p["name"] for o in brief["options"] for p in [*o["proposers"], *o["opponents"]]}
    assert "James Whitfield" not in names  # the byline of the senator story
    for o in brief["options"]:
        assert not {p["name"] for p in o["proposers"]} & {p["name"] for p in o["opponents"]}
    assert all(t["if"] and t["if"] != "?" for t in brief["triggers"])


# -- the sample story and the contract -----------------------------------------------------------
def test_two_counts_and_syndicated_copies_counted_once(brief: dict[str, Any]) -> None:
    copies = {a["id"]: a["copy_of"] for a in brief["articles"] if a["copy_of"]}
    assert copies
    # copy_of names the original article by id, one a reader can follow (the scorers pair ids)
    assert set(copies.values()) <= {a["id"] for a in brief["articles"]}
    for f in brief["facts"]:
        outlets = {s["outlet"] for s in f["sources"]}
        assert f["independent_outlets"] <= len(outlets)
        if f["status"] == "corroborated":
            assert f["independent_outlets"] >= 2
    copy_ids = set(copies)
    originals = set(copies.values())
    only_pair = [f for f in brief["facts"] if {s["article"] for s in f["sources"]} <= copy_ids | originals
                 and {s["article"] for s in f["sources"]} & copy_ids]  # fmt: skip
    assert only_pair and all(f["independent_outlets"] == 1 for f in only_pair)


def test_the_sample_figures_are_told_as_updates_and_real_disputes(brief: dict[str, Any]) -> None:
    holders = {u["holder"] for u in brief["updates"]}
    assert {"Poland", "Lithuania"} <= holders
    poland = next(u for u in brief["updates"] if u["holder"] == "Poland")
    assert [round(v["value"]) for v in poland["values"]][:1] == [2000] and poland["values"][-1]["value"] == 7500
    for d in (d for d in brief["disputes"] if d["kind"] == "figure"):
        parties = [set(s["holders"]) for s in d["sides"]]
        assert len(parties) >= 2


def test_the_brief_follows_the_json_contract(brief: dict[str, Any]) -> None:
    assert brief.keys() >= STORY_KEYS
    assert 3 <= len(brief["bottom_line"]) <= 5
    assert all(f.keys() >= FACT_KEYS for f in brief["facts"])
    assert all({"article", "outlet", "published", "start", "end", "excerpt", "verbatim"} <= s.keys() for f in brief["facts"] for s in f["sources"])
    assert all({"quantity", "scope", "holder", "values"} <= u.keys() for u in brief["updates"])
    assert all({"about", "kind", "sides"} <= d.keys() and d["kind"] in ("figure", "place", "date", "statement") for d in brief["disputes"])
    assert all({"option", "proposers", "opponents", "conditions", "sources"} <= o.keys() for o in brief["options"])
    assert all({"if", "then", "holders", "sources"} <= t.keys() for t in brief["triggers"])
    assert all({"id", "outlet", "published", "copy_of"} <= a.keys() for a in brief["articles"])
    assert brief["timeline"] == sorted(brief["timeline"], key=lambda t: t["date"])
    assert {f["status"] for f in brief["facts"]} <= {"corroborated", "single-source", "disputed"}
    assert all(f["modality"] == "asserted" for f in brief["facts"] if f["kind"] != "quote")


def test_every_source_points_at_the_exact_words(brief: dict[str, Any], sample_store: Store) -> None:
    for f in brief["facts"]:
        for s in f["sources"]:
            row = sample_store.get_article(s["article"])
            assert row is not None and row["text"][s["start"]:s["end"]] == s["excerpt"]


def test_renderings_escape_untrusted_text_and_say_what_is_cut(brief: dict[str, Any]) -> None:
    evil = json.loads(json.dumps(brief))
    evil["title"] = "<script>alert(1)</script>"
    evil["facts"][0]["text"] = '<img src=x onerror="alert(1)">'
    html = render_html(evil)
    assert "<script>alert(1)" not in html and "onerror=\"alert" not in html and "&lt;script&gt;" in html
    assert '<meta name="viewport"' in html and "<svg" in html
    ET.fromstring(html[html.index("<svg"):html.index("</svg>") + 6])
    md = render_markdown(evil)
    assert "<script>" not in md and "## What is disputed" in md and "## Bottom line" in md
    if len(brief["facts"]) > 40:
        assert f"Showing 40 of {len(brief['facts'])}" in md and f"Showing 40 of {len(brief['facts'])}" in html


def test_static_brief_links_each_source_to_its_page_and_says_when_it_was_made(brief: dict[str, Any]) -> None:
    """Issue 15: the static brief had no link to a source's URL and no "generated at" stamp.
    Only http(s) addresses become links: an article's URL is untrusted input."""
    linked = json.loads(json.dumps(brief))
    cited = [s["article"] for f in linked["facts"][:10] for s in f["sources"]]
    by_id = {a["id"]: a for a in linked["articles"]}
    by_id[cited[0]]["url"] = "https://news.example/a?x=1&y=2"
    for other in {*cited} - {cited[0]}:
        by_id[other]["url"] = "javascript:alert(1)"
    html = render_html(linked)
    assert 'href="https://news.example/a?x=1&amp;y=2"' in html
    assert "javascript:" not in html
    assert "Generated by sitroom" in html and " UTC from " in html


def test_brief_command_writes_md_html_json(sample_store: Store, tmp_path: Path) -> None:
    db = sample_store.url.replace("sqlite:///", "")
    for fmt in ("md", "html", "json"):
        out = tmp_path / f"brief.{fmt}"
        result = CliRunner().invoke(cli, ["--db", db, "brief", "--format", fmt, "--output", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 1000
    data = json.loads((tmp_path / "brief.json").read_text("utf-8"))
    assert list(data) == ["stories"] and data["stories"][0].keys() >= STORY_KEYS
    result = CliRunner().invoke(cli, ["--db", db, "stories", "--format", "json"])
    assert len(json.loads(result.stdout)) == 3


def test_one_quote_in_other_words_is_one_fact(brief: dict[str, Any]) -> None:
    """The defence minister's line appears as wire copy, a syndicated copy, a translation and a
    paraphrase; the ledger must show it once, reported by the independent outlets."""
    entry = next(e for e in brief["quotes"] if e["speaker"]["name"] == "Tomasz Wierzbicki")
    defend = [q for q in entry["items"] if "metre" in q["quote"]]
    assert len(defend) == 1 and defend[0]["status"] == "corroborated"
    assert len({s["outlet"] for s in defend[0]["sources"]}) >= 3


def test_one_statement_dated_differently_is_a_date_dispute() -> None:
    def said_in(aid: str, outlet: str, day: str) -> StoryArticle:
        quote = {"text": "We will not open the crossing", "start": 1, "end": 30, "kind": "direct", "cue_start": 40, "cue": "said",
                 "speaker": {"name": "Ewa Sadowska", "role": "Interior Minister"}}  # fmt: skip
        return _article(aid, outlet, "2026-09-17", quotes=[quote], sentences=[Sentence(0, 80)],
                        dates=[{"text": "on Tuesday", "start": 50, "end": 60, "value": day, "granularity": "day"}])  # fmt: skip

    b = brief_sections([said_in("a", "Wire", "2026-09-15"), said_in("b", "Courier", "2026-09-16")])
    dated = [d for d in b["disputes"] if d["kind"] == "date"]
    assert len(b["quotes"][0]["items"]) == 1 and [s["value"] for s in dated[0]["sides"]] == ["2026-09-15", "2026-09-16"]
    same = brief_sections([said_in("a", "Wire", "2026-09-15"), said_in("b", "Courier", "2026-09-15")])
    assert [d for d in same["disputes"] if d["kind"] == "date"] == []


def test_actor_network_counts_real_events_and_escapes_names(brief: dict[str, Any]) -> None:
    from sitroom.analysis.network import actor_network, network_svg

    net = brief["network"]
    assert net["nodes"] and net["edges"]
    names = {n["id"] for n in net["nodes"]}
    assert all(e["source"] in names and e["target"] in names and e["reports"] >= 1 for e in net["edges"])
    events = [{"actor": "<b>X</b>", "target": "Y & Z", "plover": "ASSAULT", "negated": False, "hypothetical": False, "text": "X shelled Y"},
              {"actor": "Q", "target": "Y & Z", "plover": "ASSAULT", "negated": True, "hypothetical": False, "text": "Q did not shell Y"}]  # fmt: skip
    small = actor_network([_article("a", "Wire", "2026-09-16", events=events)])
    assert [(e["source"], e["tone"]) for e in small["edges"]] == [("<b>X</b>", "conflict")]  # the negated one is left out
    svg = network_svg(small)
    ET.fromstring(svg)
    assert "<b>" not in svg and "&lt;b&gt;X" in svg


def test_entity_in_figure_scope_splits_a_region_from_the_country() -> None:
    text = "Kyiv said 8,000 soldiers were in the Kursk region. Moscow said 3,000 soldiers were in Russia."
    f1 = {**_figure(8000, "soldiers", "Kyiv", start=text.index("8,000")), "text": "8,000 soldiers", "end": text.index("8,000") + 14}
    f2 = {**_figure(3000, "soldiers", "Moscow", start=text.index("3,000")), "text": "3,000 soldiers", "end": text.index("3,000") + 14}
    ents = [Entity("Kursk region", "GPE", text.index("Kursk"), text.index("Kursk") + 12, "Kursk Oblast"),
            Entity("Russia", "GPE", text.index("Russia"), text.index("Russia") + 6, "Russia")]  # fmt: skip
    art = _article("a", "Wire", "2024-10-23", text=text, figures=[f1, f2], entities=ents)
    statements = figure_statements([art], HolderIndex([art]))
    assert {s.scope.where for s in statements} == {"kursk", ""}
    assert ledger_disputes(statements) == []  # the region and the country are different quantities


def test_short_name_forms_join_one_full_name_only() -> None:
    from sitroom.resolve.entities import part_of_name

    assert part_of_name(["yoon", "suk"], ["yoon", "suk", "yeol"]) and part_of_name(["yoon"], ["yoon", "suk", "yeol"])
    assert part_of_name(["r", "zukauskas"], ["rimantas", "zukauskas"]) and part_of_name(["zukauskas"], ["rimantas", "zukauskas"])
    assert not part_of_name(["suk", "yeol"], ["yoon", "suk", "yeol"])  # given names alone are no form of the name
    assert not part_of_name(["jane", "roe"], ["jane", "roe"])
    # a middle initial left out is the same name (ECB+ dev: one man in two rows of one brief)
    assert part_of_name(["robert", "pickell"], ["robert", "j", "pickell"])
    assert part_of_name(["pickell"], ["robert", "j", "pickell"])


def test_api_markdown_html_and_web_page_show_the_same_rows(sample_store: Store, brief: dict[str, Any]) -> None:
    import html as html_lib
    import re

    from fastapi.testclient import TestClient

    from sitroom.analysis.render import LIMITS
    from sitroom.api import create_app

    with TestClient(create_app(sample_store)) as client:
        api = client.get(f"/api/stories/{brief['id']}/brief").json()["data"]
        page = client.get(f"/stories/{brief['id']}").text
    story = api["stories"][0]
    assert story.keys() >= STORY_KEYS and [f["id"] for f in story["facts"]] == [f["id"] for f in brief["facts"]]
    shown = [f["text"] for f in brief["facts"][: LIMITS["facts"]]]
    static, md = html_lib.unescape(render_html(brief)), render_markdown(brief)
    web = html_lib.unescape(re.sub(r"\s+", " ", page))
    for text in shown:
        assert text in md and text in static and " ".join(text.split()) in web, text
    for line in brief["bottom_line"]:
        assert line in md and line in static and " ".join(line.split()) in web


def test_a_thin_story_still_gets_a_bottom_line_of_three_sentences() -> None:
    b = brief_sections([_article("a", "Wire", "2024-10-23")])
    assert len(b["bottom_line"]) == 3 and all(s.endswith(".") for s in b["bottom_line"])
    assert b["facts"] == [] and b["disputes"] == [] and b["timeline"] == []


def test_told_takes_its_addressee_and_a_cut_quotation_mark_goes() -> None:
    """ECB+: "Alan Steinberg told that police LaCalamita loaded ..." and "said we heard pop, pop, pop, ” smelled gunpowder"."""
    told = _statement("paraphrase", "police the clerk loaded the gun", cue="told")
    assert said(told) == "Anna Nowak (Interior Minister) told police the clerk loaded the gun"
    cut = said(_statement("paraphrase", "we heard pop, pop, ” smelled smoke"))
    assert "”" not in cut and "“" not in cut


def test_copies_line_names_the_outlet_of_the_original_article_id() -> None:
    from sitroom.analysis.render import copies_line

    brief = {"articles": [{"id": "a1", "outlet": "Wire", "copy_of": None},
                          {"id": "a2", "outlet": "Daily", "copy_of": "a1"}]}  # fmt: skip
    assert copies_line(brief) == "Copies counted once: Daily reprints Wire."
