"""The development crisis sample/dev2 ships in the package and its gold agrees with its articles.

Gold is matched by text prefix against the stored (cleaned) text, so a gold string that the
cleaned text does not contain can never be found: that is a broken gold file, not a miss.
"""

from __future__ import annotations

import json
from pathlib import Path

from sitroom.eval.gold import GOLD_KINDS, GOLD_SETS, load_gold, sample_dir
from sitroom.eval.story import load_story_gold
from sitroom.ingest import IngestOptions, iter_articles
from sitroom.model import Article

DEV2 = sample_dir() / "dev2"


def test_dev2_is_a_gold_set_with_a_gold_file_per_article() -> None:
    assert "dev2" in GOLD_SETS
    gold = {g.article for g in load_gold(DEV2 / "gold")}
    assert sorted(p.name for p in (DEV2 / "articles").iterdir()) == sorted(gold)
    assert {Path(name).suffix for name in gold} == {".txt", ".html"} and len(gold) >= 12


def test_dev2_gold_strings_occur_in_the_stored_text() -> None:
    gold = {g.article: g for g in load_gold(DEV2 / "gold")}
    missing = []
    for item in iter_articles(sorted((DEV2 / "articles").iterdir()), IngestOptions()):
        assert isinstance(item, Article), item
        g = gold[Path(item.source).name]
        for kind in GOLD_KINDS:
            for entry in g.items[kind]:
                missing += [(g.article, kind, entry[f]) for f in ("text", "part_of", "if", "then")
                            if entry.get(f) and entry[f] not in item.text]  # fmt: skip
    assert missing == []


def test_dev2_story_gold_names_only_its_own_articles() -> None:
    path = next((DEV2 / "gold").glob("story-*.json"))
    story = load_story_gold(path)
    raw = json.loads(path.read_text("utf-8"))
    names = {p.name for p in (DEV2 / "articles").iterdir()}
    sections = [*story["corroborated"], *story["single_source"], *story["disputes"], *story["updates"],
                *story["options"], *story["triggers"], *raw["not_disputes"], *raw["scenarios"], *raw["denials"]]  # fmt: skip
    assert all(set(e["articles"]) <= names for e in sections)
    assert all(s["happened"] is False for s in raw["scenarios"])
