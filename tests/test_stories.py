"""Stories: articles grouped incrementally by embeddings and shared entities, with blocking."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.eval.gold import load_gold
from sitroom.ingest import IngestOptions
from sitroom.ingest.fingerprint import band_keys, fingerprint_article, minhash, shingles
from sitroom.ingest.runner import ingest_paths
from sitroom.model import Annotations, Article
from sitroom.resolve.embeddings import DIM, get_embedder
from sitroom.resolve.stories import (
    DEFAULT_EMBEDDING,
    EMBEDDINGS,
    StoryFeatures,
    assign_story,
    story_scores,
)
from sitroom.store import Store


def test_embeddings_are_unit_vectors_and_similar_texts_are_closer() -> None:
    v = get_embedder().embed([
        "North Korea sent 10,000 troops to Russia, Ukraine says",
        "Pyongyang deploys soldiers to the Kursk region",
        "Local football club signs a new striker on a three-year deal",
        "",
    ])
    assert v.shape == (4, DIM)
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-4) and not v[3].any()
    assert v[0] @ v[1] > v[0] @ v[2] + 0.3


def test_sample_corpus_groups_into_its_gold_stories(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    report = ingest_paths([sample_articles_dir()], store, Config.load(), IngestOptions())
    gold = {g.article: g.story for g in load_gold()}
    by_story: dict[int, set[str]] = {}
    for a in report.added:
        by_story.setdefault(a["story"], set()).add(gold[Path(a["source"]).name])
    assert all(len(labels) == 1 for labels in by_story.values()), by_story  # no story mixes gold stories
    assert len(by_story) == len(set(gold.values()))  # and no gold story is split


def test_late_article_joins_its_story_without_regrouping(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    files = sorted(p for p in sample_articles_dir().iterdir() if p.name.startswith(("01", "02", "03")))
    first = ingest_paths(files, store, Config.load(), IngestOptions())
    story = first.added[0]["story"]
    before = store.get_story(story)
    late = ingest_paths([sample_articles_dir() / "13-abs-news-drills-end-outlook.txt"], store, Config.load(), IngestOptions())
    assert late.added[0]["story"] == story
    after = store.get_story(story)
    assert before is not None and after is not None
    assert after["article_count"] == before["article_count"] + 1 and after["last_date"] == "2026-09-19"


def test_blocking_never_scores_stories_without_a_shared_key(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    article = Article(title="A", text="Poland closed the border.", source="t", published="2026-09-01")
    article.id = fingerprint_article(article)
    sig = minhash(shingles(article.text))
    store.add_article(article, Annotations(), sig, band_keys(sig))
    v = np.ones(DIM, dtype=np.float32) / np.sqrt(DIM)
    sid, _ = assign_story(store, StoryFeatures(article.id, "A", "2026-09-01", {"pol": 3}, v))
    assert store.story_candidates({"fra": 1}, None, None) == []
    assert [c["id"] for c in store.story_candidates({"pol": 1}, "2026-08-25", "2026-09-08")] == [sid]
    assert store.story_candidates({"pol": 1}, "2026-10-01", "2026-10-15") == []  # outside the time window


@pytest.mark.parametrize("cosine_story", [True, False])
def test_score_weighs_embedding_and_entities(cosine_story: bool) -> None:
    v = np.zeros(DIM, dtype=np.float32)
    v[0] = 1
    centroid = v if cosine_story else np.roll(v, 1)
    f = StoryFeatures("a", "A", None, {"pol": 2, "blr": 1}, v)
    score = float(story_scores(f, [{"centroid": centroid.tobytes(), "shared": 3}])[0])
    assert (score >= EMBEDDINGS[DEFAULT_EMBEDDING].threshold) is cosine_story


def _stored(store: Store, n: int) -> list[str]:
    ids = []
    for i in range(n):
        article = Article(title=f"A{i}", text=f"Report number {i}.", source="t", published="2026-09-01")
        article.id = fingerprint_article(article)
        sig = minhash(shingles(article.text))
        store.add_article(article, Annotations(), sig, band_keys(sig))
        ids.append(article.id)
    return ids


def test_candidate_keys_count_only_the_story_top_keys_as_their_weights_grow(tmp_path: Path) -> None:
    """Scoring asks the store for a candidate's top keys (it read every key of every candidate into Python)."""
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    ids = _stored(store, 6)
    v = np.ones(DIM, dtype=np.float32)
    heavy = {f"k{i:02}": 5 for i in range(20)}
    sid = store.write_story_membership(ids[0], None, "S", "2026-09-01", v, {**heavy, "rare": 1}, 1.0, "t")
    window = ("2026-08-25", "2026-09-08")
    [row] = store.story_candidates({"rare": 4, "k00": 2}, *window)
    assert row["id"] == sid and row["shared"] == 2  # "rare" (weight 1) is the story's 21st key
    for article_id in ids[1:6]:  # five more articles name "rare": weights add up, 1 + 5 = 6
        store.write_story_membership(article_id, sid, "", "2026-09-02", v, {"rare": 1}, 1.0, "t")
    [row] = store.story_candidates({"rare": 4, "k19": 1}, *window)
    assert row["shared"] == 5 and row["article_count"] == 6  # "rare" now leads; k19 ties with the 20th key
    assert store.story_candidates({"rare": 4}, "2026-09-02", "2026-09-10")[0]["last_date"] == "2026-09-02"
