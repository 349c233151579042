"""The real-news gold (ECB+ story level, PolNeAR options and quotes) and its scorers.

The scorers are tested on small hand-made briefs, so no corpus is needed; the checks that read
the corpora in ../shared/data are benchmarks/real_floors.py (tests never read them).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sitroom.eval.ecb_story import load_ecb_gold, score_disputes, score_facts, score_updates
from sitroom.eval.options_gold import (
    load_polnear_gold,
    quoted_regions,
    quoted_share,
    score_options,
    score_quotes,
    score_triggers,
)
from sitroom.eval.realgold.briefs import StoryBrief, to_contract

ROOT = Path(__file__).resolve().parents[1]


def story(brief: dict[str, Any], texts: dict[str, str] | None = None) -> StoryBrief:
    return StoryBrief(to_contract(brief), {}, texts or {})


def source(excerpt: str, article: str = "a1", start: int = 0, end: int = 0) -> dict[str, Any]:
    return {"article": article, "start": start, "end": end, "excerpt": excerpt}


# -- the gold files --------------------------------------------------------------------------------
def terms_of(item: dict[str, Any]) -> list[str]:
    keys = ("key_words", "option_words", "condition_words", "if_words", "then_words")
    return [t for k in keys for t in item.get(k) or []]


def gold_items(gold: dict[str, Any]) -> list[dict[str, Any]]:
    sections = (
        "corroborated",
        "single_source",
        "disputes",
        "not_disputes",
        "quotes",
        "options",
        "triggers",
    )
    return [item for s in sections for item in gold.get(s) or []]


def test_ecb_gold_covers_four_dev_subtopics_and_names_only_its_articles() -> None:
    gold = load_ecb_gold()
    assert len(gold) >= 4
    for g in gold:
        docs = set(g["articles"])
        assert len(docs) >= 5, g["_file"]
        cited = {d for item in gold_items(g) for d in item.get("docs") or []}
        cited |= {d for item in g["disputes"] for side in item["sides"] for d in side["docs"]}
        cited |= {d for u in g["updates"] for v in u["values"] for d in v["docs"]}
        assert cited <= docs, f"{g['_file']}: {sorted(cited - docs)} not in its articles"
        copies = {m["copy_of"] for m in g["articles"].values() if m.get("copy_of")}
        assert copies <= docs, g["_file"]
        assert all(len(d["sides"]) >= 2 for d in g["disputes"]), g["_file"]


def test_polnear_gold_covers_twenty_dev_articles_with_options_and_quotes() -> None:
    gold = load_polnear_gold()
    assert len(gold) >= 20
    assert sum(bool(g["options"] or g["triggers"]) for g in gold) >= 20
    assert sum(len(g["quotes"]) for g in gold) >= 100
    for g in gold:
        assert g["_file"] == f"{g['doc']}.json" and g["split"] == "dev"
        assert all(isinstance(q["verbatim"], bool) and q["speaker"] for q in g["quotes"]), g["doc"]
        assert all(
            o["proposer"] and o["proposer_kind"] in ("person", "org", "outlet")
            for o in g["options"]
        ), g["doc"]
        outlet_rows = [o for o in g["options"] if o["proposer_kind"] == "outlet"]
        assert not outlet_rows or g["opinion"], (
            f"{g['doc']}: an outlet proposes only in an opinion piece"
        )


def test_gold_holds_key_words_not_copied_sentences() -> None:
    for g in [*load_ecb_gold(), *load_polnear_gold()]:
        for item in gold_items(g):
            for term in terms_of(item):
                for alt in term.split("|"):
                    assert len(alt.split()) <= 5, (
                        f"{g['_file']}: {alt!r} is longer than a key phrase"
                    )


def test_realgold_is_shipped_as_package_data() -> None:
    assert '"eval/realgold/**/*"' in (ROOT / "pyproject.toml").read_text("utf-8")


# -- the contract adapter --------------------------------------------------------------------------
OLD_BRIEF = {
    "facts": [
        {"kind": "figure", "summary": "26 pirates held", "status": "conflicting", "sources": []}
    ],
    "conflicts": [
        {
            "about": "killed",
            "kind": "figure",
            "values": [{"value": 1, "sources": []}, {"value": 2, "sources": []}],
        }
    ],
    "evolving": [{"about": "killed", "holder": None, "values": [{"value": 1}, {"value": 2}]}],
    "quote_ledger": [
        {
            "speaker": "Dave Gaskin",
            "role": "Inspector",
            "quotes": [{"text": "x", "kind": "indirect", "sources": []}],
        }
    ],
    "options": [
        {
            "option": "use caution",
            "advocates": [{"name": "Dave Gaskin"}],
            "opponents": [],
            "sources": [],
        }
    ],
    "triggers": [],
}


def test_old_brief_is_read_through_the_new_contract() -> None:
    brief = to_contract(OLD_BRIEF)
    assert brief["contract"] == "old"
    assert (
        brief["facts"][0]["text"] == "26 pirates held" and brief["facts"][0]["status"] == "disputed"
    )
    assert [s["value"] for s in brief["disputes"][0]["sides"]] == [1, 2]
    assert [v["value"] for v in brief["updates"][0]["values"]] == [1, 2]
    item = brief["quotes"][0]["items"][0]
    assert (
        brief["quotes"][0]["speaker"]["name"] == "Dave Gaskin" and item["verbatim"] is True
    )  # old pages quote every line
    assert brief["options"][0]["proposers"] == [{"name": "Dave Gaskin"}]


def test_new_brief_in_its_envelope_is_read_as_it_is() -> None:
    new = {"stories": [{"facts": [], "updates": [], "disputes": [{"about": "a", "kind": "figure", "sides": []}],
                        "quotes": [], "options": [], "triggers": []}]}  # fmt: skip
    brief = to_contract(new)
    assert brief["contract"] == "new" and brief["disputes"][0]["about"] == "a"


# -- facts, updates, disputes ----------------------------------------------------------------------
STORY_GOLD: dict[str, Any] = {
    "_file": "t.json",
    "corroborated": [{"kind": "figure", "key_words": ["26", "pirates"], "docs": ["d1", "d2"]}],
    "single_source": [{"kind": "event", "key_words": ["grapnels"], "docs": ["d1"]}],
    "updates": [{"quantity": "climbers killed", "scope": "park", "holder": None,
                 "values": [{"value": 1, "docs": ["d1"]}, {"value": 2, "docs": ["d2"]}]}],
    "disputes": [{"about": "fall", "kind": "figure", "key_words": ["fell"],
                  "sides": [{"value": "60 m", "match": [60], "holders": [], "docs": ["d1"]},
                            {"value": "150 m", "match": [150], "holders": [], "docs": ["d2"]}]}],
    "not_disputes": [{"about": "killed", "kind": "figure", "key_words": [], "values": [1, 2], "why": "update"}],
}  # fmt: skip


def test_corroborated_recall_and_a_false_corroboration() -> None:
    facts = [{"text": "26 Somali pirates seized", "status": "corroborated", "sources": []},
             {"text": "grapnels and ladders found", "status": "corroborated", "sources": []}]  # fmt: skip
    scores = score_facts([(STORY_GOLD, story({"facts": facts}))])
    assert scores["corroborated"]["recall"] == 1.0
    assert (
        scores["corroborated"]["precision"] == 0.5
    )  # the single-source fact shown as corroborated
    assert scores["single_source"]["recall"] == 0.0


def test_update_found_only_when_every_value_is_in_one_update() -> None:
    whole = {
        "updates": [{"quantity": "killed", "values": [{"value": 1}, {"value": 2}]}],
        "facts": [],
    }
    half = {"updates": [{"quantity": "killed", "values": [{"value": 2}]}], "facts": []}
    assert score_updates([(STORY_GOLD, story(whole))])["found"] == 1
    assert score_updates([(STORY_GOLD, story(half))])["found"] == 0


def test_an_update_shown_as_a_dispute_is_a_false_dispute_with_its_reason() -> None:
    disputes = [
        {"about": "how far he fell", "kind": "figure", "sides": [{"value": "60", "sources": [source("fell 60 m")]},
                                                                  {"value": "150", "sources": [source("fell 150 m")]}]},
        {"about": "killed", "kind": "figure", "sides": [{"value": 1}, {"value": 2}]},
        {"about": "rifles", "kind": "figure", "sides": [{"value": 6}, {"value": 14}]},
    ]  # fmt: skip
    result = score_disputes([(STORY_GOLD, story({"disputes": disputes, "facts": []}))])
    assert result["found"] == 1 and result["true"] == 1
    assert result["false_disputes"] == 2 and result["false_matching_not_disputes"] == 1
    assert result["false_by_reason"] == {"update": 1, "unexplained": 1}


def test_one_brief_side_cannot_stand_for_both_gold_sides() -> None:
    disputes = [{"about": "fall", "kind": "figure", "sides": [{"value": "60", "sources": [source("fell 60 m or 150 m")]},
                                                                {"value": "60", "sources": []}]}]  # fmt: skip
    assert score_disputes([(STORY_GOLD, story({"disputes": disputes, "facts": []}))])["found"] == 0


# -- quotes ----------------------------------------------------------------------------------------
TEXT = 'The chief said "we will find him" and added that the town was calm.\n\nNext paragraph "opens and never closes'


def test_quoted_regions_pair_marks_within_a_paragraph() -> None:
    regions = quoted_regions(TEXT)
    assert [TEXT[a:b] for a, b in regions] == ["we will find him"]
    start = TEXT.index("we will")
    assert quoted_share(TEXT, start, start + len("we will find him")) == 1.0
    start = TEXT.index("the town")
    assert quoted_share(TEXT, start, start + len("the town was calm")) == 0.0


def test_paraphrase_in_quotation_marks_counts_against_verbatim_precision() -> None:
    gold = {"_file": "q.json", "quotes": [{"speaker": "Ann Lee", "key_words": ["find him"], "verbatim": True},
                                          {"speaker": "Ann Lee", "key_words": ["town", "calm"], "verbatim": False}]}  # fmt: skip
    direct, reported = TEXT.index("we will"), TEXT.index("the town")
    items = [{"text": "we will find him", "verbatim": True, "sources": [source("", "a1", direct, direct + 16)]},
             {"text": "the town was calm", "verbatim": True, "sources": [source("", "a1", reported, reported + 17)]}]  # fmt: skip
    brief = {"facts": [], "quotes": [{"speaker": {"name": "Bob Ray"}, "items": items}]}
    result = score_quotes([(gold, story(brief, {"a1": TEXT}))])
    assert (
        result["recall"] == 1.0 and result["speaker_accuracy"] == 0.0
    )  # found, but under another speaker
    assert result["verbatim_precision"] == 0.5 and result["paraphrase_in_quotes"] == 1
    assert result["auto"] == {
        "shown_verbatim": 2,
        "checked": 2,
        "really_verbatim": 1,
        "precision": 0.5,
    }


# -- options and triggers --------------------------------------------------------------------------
OPTION_GOLD: dict[str, Any] = {
    "_file": "o.json", "byline": "Kyle Cheney", "opinion": False,
    "options": [{"option_words": ["successor"], "proposer": "Don Fowler", "proposer_kind": "person", "condition_words": ["health"]},
                {"option_words": ["release", "returns"], "proposer": "USA Today", "proposer_kind": "outlet", "condition_words": None},
                {"option_words": ["armed guards"], "proposer": ["Bill Gortney", "Robert Gates"], "proposer_kind": "person"}],
    "triggers": [{"if_words": ["too soon"], "then_words": ["happen again"], "holders": ["Don Fowler"]}],
}  # fmt: skip


def test_option_rows_usable_only_with_the_real_proposer() -> None:
    rows = [
        {"option": "a process to identify a successor", "proposers": [{"name": "Kyle Cheney"}], "opponents": [], "sources": []},
        {"option": "name a successor", "proposers": [{"name": "Don Fowler"}], "opponents": [],
         "conditions": ["a health emergency"], "sources": []},
        {"option": "release his tax returns", "proposers": [{"name": "USA Today editorial board"}], "opponents": [], "sources": []},
        {"option": "spend night", "proposers": [], "opponents": [], "sources": []},
        {"option": "agree", "proposers": [{"name": "Ed Rendell"}], "opponents": [{"name": "Ed Rendell"}], "sources": []},
        {"option": "put armed guards on ships", "proposers": ["Robert Gates"], "opponents": [], "sources": []},
    ]  # fmt: skip
    result = score_options([(OPTION_GOLD, story({"facts": [], "options": rows}))])
    assert (
        result["recall"] == 1.0 and result["usable_rows"] == 3 and result["usable_precision"] == 0.5
    )
    assert result["condition_accuracy"] == 1.0
    assert result["rows_crediting_the_byline"] == 1
    assert result["rows_without_proposer"] == 1 and result["rows_with_holder_on_both_sides"] == 1


def test_trigger_rows_with_a_blank_condition_never_count() -> None:
    rows = [{"if": "?", "then": "it might happen again", "holders": [], "sources": [source("too soon")]},
            {"if": "she gets back out too soon", "then": "it might happen again", "holders": [{"name": "Fowler"}], "sources": []}]  # fmt: skip
    result = score_triggers([(OPTION_GOLD, story({"facts": [], "triggers": rows}))])
    assert result["usable_rows"] == 1 and result["rows_with_blank_condition"] == 1
    assert result["holder_accuracy"] == 1.0


# The checks against the corpora themselves (key terms occur, floors) are benchmarks/real_floors.py.


def test_a_brief_in_the_new_contract_is_scored_end_to_end() -> None:
    from sitroom.eval.ecb_story import score_groups

    brief = {"stories": [{
        "facts": [{"id": "f1", "kind": "figure", "text": "26 Somali pirates were seized", "status": "corroborated",
                   "holders": [{"name": "Indian Navy", "role": None, "org": None}], "modality": "asserted",
                   "sources": [source("nabbed 26 Somali pirates"), source("26 Somali crew", "a2")]}],
        "updates": [{"quantity": "climbers killed", "scope": "park", "holder": None,
                     "values": [{"date": "2013-09-14", "value": "1", "approx": False, "sources": []},
                                {"date": "2013-09-15", "value": "2", "approx": False, "sources": []}]}],
        "disputes": [{"about": "how far he fell", "kind": "figure",
                      "sides": [{"value": "about 60 m", "holders": [{"name": "Dave Gaskin"}], "outlets": [], "sources": [source("fell 60 m")]},
                                {"value": "about 150 m", "holders": [], "outlets": [], "sources": [source("fell 150 m")]}]}],
        "quotes": [{"speaker": {"name": "Dave Gaskin", "role": "Inspector", "org": "police"},
                    "items": [{"text": "the deaths were a reminder to use extreme caution", "verbatim": False, "status": "corroborated", "sources": []}]}],
        "options": [{"option": "use extreme caution", "proposers": [{"name": "Dave Gaskin"}], "opponents": [], "conditions": [], "sources": []}],
        "triggers": [{"if": "you go up high", "then": "carry the right equipment", "holders": [{"name": "Dave Gaskin"}], "sources": []}],
    }]}  # fmt: skip
    gold = {**STORY_GOLD, "quotes": [{"speaker": "Dave Gaskin", "key_words": ["extreme caution"], "verbatim": False}],
            "options": [{"option_words": ["extreme caution"], "proposer": "Dave Gaskin", "proposer_kind": "person"}],
            "triggers": [{"if_words": ["go up high"], "then_words": ["equipment"], "holders": ["Dave Gaskin"]}]}  # fmt: skip
    scores = score_groups([(gold, story(brief))])
    assert scores["corroborated"]["recall"] == 1.0 and scores["updates"]["found"] == 1
    assert scores["disputes"]["found"] == 1 and scores["disputes"]["false_disputes"] == 0
    assert (
        scores["quotes"]["recall"] == 1.0 and scores["quotes"]["shown_verbatim_judged"] == 0
    )  # paraphrase not quoted
    assert scores["options"]["usable_rows"] == 1 and scores["triggers"]["usable_rows"] == 1


def test_copies_found_in_either_direction_and_false_copies_counted() -> None:
    from sitroom.eval.ecb_story import score_copies

    gold = {"articles": {"d1": {"copy_of": None}, "d2": {"copy_of": "d1"}, "d3": {"copy_of": None}}}
    brief = {
        "facts": [],
        "articles": [
            {"id": "a1", "near_duplicate_of": "a2"},
            {"id": "a2"},
            {"id": "a3", "copy_of": "a2"},
        ],
    }
    result = score_copies(
        [(gold, StoryBrief(to_contract(brief), {"a1": "d1", "a2": "d2", "a3": "d3"}, {}))]
    )
    assert result == {"gold": 1, "found": 1, "recall": 1.0, "system": 2, "not_copies": 1}
