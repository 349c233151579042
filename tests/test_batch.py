"""Ingest with the NLP stages on Dask workers gives exactly what one process gives."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from sitroom.batch import ClusterOptions, annotate_chunk, annotate_on_cluster
from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.model import Article
from sitroom.store import Store

pytestmark = pytest.mark.slow


def _snapshot(store: Store) -> dict[str, Any]:
    """Article ids, every annotation row, and the stories as sets of article ids."""
    ids = sorted(r["id"] for r in store.query_articles(limit=10_000)[0])
    annotations = {i: asdict(store.get_annotations(i)) for i in ids}
    stories = sorted(sorted(r["id"] for r in store.story_article_rows(int(s["id"]))) for s in store.list_stories(limit=1000))
    return {"ids": ids, "annotations": annotations, "stories": stories}


def test_two_workers_give_the_ids_annotations_and_stories_of_one_process(tmp_path: Path, config: Config) -> None:
    single = Store(f"sqlite:///{tmp_path / 'one.db'}")
    ingest_paths([sample_articles_dir()], single, config, IngestOptions())
    double = Store(f"sqlite:///{tmp_path / 'two.db'}")
    report = ingest_paths([sample_articles_dir()], double, config, IngestOptions(), cluster=ClusterOptions(workers=2))
    assert report.ok and len(report.added) == 15
    one, two = _snapshot(single), _snapshot(double)
    assert one["ids"] == two["ids"]
    assert one["annotations"] == two["annotations"]
    assert one["stories"] == two["stories"] and len(one["stories"]) >= 2


def test_a_refused_article_fails_alone_and_order_is_kept(config: Config) -> None:
    huge = Article(title="Too long", text="word " * 40, source="huge.txt", id="h" * 16)
    fine = Article(title="Fine", text="Talks resume.", source="fine.txt", id="f" * 16)
    small = Config(json.loads(json.dumps(config.settings)))
    small.set("nlp.max_chars", 60)
    other = Article(title="Other", text="Talks end.", source="other.txt", id="o" * 16)
    assert sorted(kind for kind, _ in annotate_chunk([huge, fine], json.dumps(small.settings))) == ["article", "error"]
    results = list(annotate_on_cluster([fine, huge, other], small, ClusterOptions(workers=1)))
    errors = [r for r in results if not isinstance(r, tuple)]
    assert [r[0].source for r in results if isinstance(r, tuple)] == ["fine.txt", "other.txt"]  # stored in input order
    assert len(errors) == 1 and errors[0].source == "huge.txt" and "max_chars" in str(errors[0])


def test_warm_worker_loads_the_models_that_the_first_chunk_then_reuses() -> None:
    from sitroom.batch import _worker_pipeline, warm_worker
    from sitroom.resolve.stories import lead_embedder

    settings = json.dumps(Config.load().settings)
    warm_worker(settings)
    pipeline, embedder = _worker_pipeline(settings), lead_embedder(Config.load().get("resolve.lead_embedding"))
    article = Article(title="Troops at the border", text="More than 2,000 soldiers arrived at the border on Monday.", source="a.txt")
    article.id = "a"
    [(kind, payload)] = annotate_chunk([article], settings)
    assert kind == "article" and payload[2].shape == (384,)
    assert _worker_pipeline(settings) is pipeline and lead_embedder(Config.load().get("resolve.lead_embedding")) is embedder
