"""The sample corpus shipped in the package ingests cleanly and agrees with its gold files."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.eval.gold import GOLD_KINDS, GoldArticle, load_gold
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import IngestReport, ingest_paths
from sitroom.store import Store


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, IngestReport]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('sample') / 's.db'}")
    return store, ingest_paths([sample_articles_dir()], store, Config.load(), IngestOptions())


@pytest.fixture(scope="module")
def gold() -> dict[str, GoldArticle]:
    return {g.article: g for g in load_gold()}


def _by_file(report: IngestReport) -> dict[str, dict[str, object]]:
    return {Path(a["source"]).name: a for a in report.added}


def test_sample_has_the_shape_the_issue_asks_for(gold: dict[str, GoldArticle]) -> None:
    crisis = [g for g in gold.values() if g.story == "belarus-drills"]
    assert len(crisis) >= 10 and len(gold) - len(crisis) >= 2
    assert len({g.outlet for g in crisis}) >= 5
    assert {Path(name).suffix for name in gold} >= {".txt", ".html", ".json"}
    assert sorted(p.name for p in sample_articles_dir().iterdir()) == sorted(gold)


def test_every_sample_article_ingests_without_error(ingested: tuple[Store, IngestReport], gold: dict[str, GoldArticle]) -> None:
    _, report = ingested
    assert report.errors == [] and len(report.added) == len(gold)


def test_sniffed_outlets_and_dates_agree_with_gold(ingested: tuple[Store, IngestReport], gold: dict[str, GoldArticle]) -> None:
    added = _by_file(ingested[1])
    undated = set()
    for name, g in gold.items():
        assert added[name]["outlet"] == g.outlet, name
        if added[name]["published"] is None:
            undated.add(name)
        else:
            assert str(added[name]["published"])[:10] == g.published, name
    # Two articles print no date at all, as real pages sometimes do.
    assert len(undated) == 2


def test_syndicated_copy_is_linked_to_its_original(ingested: tuple[Store, IngestReport], gold: dict[str, GoldArticle]) -> None:
    store, report = ingested
    added = _by_file(report)
    links = {n["source"]: n["of"] for n in report.near_duplicates}
    expected = {str(sample_articles_dir() / name): added[g.syndicated_from]["id"] for name, g in gold.items() if g.syndicated_from}
    assert expected and links == expected


def test_every_gold_span_is_in_the_stored_text(ingested: tuple[Store, IngestReport], gold: dict[str, GoldArticle]) -> None:
    store, report = ingested
    added = _by_file(report)
    for name, g in gold.items():
        row = store.get_article(str(added[name]["id"]))
        assert row is not None
        for kind in GOLD_KINDS:
            for item in g.items[kind]:
                for key in ("text", "if", "then"):
                    if item.get(key):
                        assert item[key] in row["text"], (name, kind, item[key])


def test_repeated_lead_is_stored_once(ingested: tuple[Store, IngestReport], gold: dict[str, GoldArticle]) -> None:
    store, report = ingested
    for a in report.added:
        row = store.get_article(str(a["id"]))
        assert row is not None
        paragraphs = row["text"].split("\n\n")
        assert paragraphs[0] != paragraphs[1], a["source"]
    assert any("teaser paragraph repeated" in w for w in report.warnings)
