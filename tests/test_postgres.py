"""PostgreSQL as a team's store: the same CLI on a postgresql:// URL, several writers at once.

These run only on the throwaway cluster (``pg_cluster`` skips when PostgreSQL is missing).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sitroom.store import Store, engine_url
from sitroom.store.schema import articles, stories, story_articles
from sitroom.store.throwaway import ThrowawayCluster

pytestmark = pytest.mark.slow


def _articles(folder: Path, n: int, topic: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = folder / f"{topic}-{i}.txt"
        p.write_text(f"{topic.title()} report {i}\n\nOct {i + 1}, 2024\n\nThe {topic} ministry in Warsaw said on Tuesday that "
                     f"{100 + i} inspectors had reached the port of Gdansk, and talks would resume on day {i}.", "utf-8")  # fmt: skip
        paths.append(p)
    return paths


def _ingest(url: str, *paths: Path) -> subprocess.Popen[str]:
    cmd = [sys.executable, "-m", "sitroom", "--db", url, "ingest", "-q", *map(str, paths)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_postgresql_urls_use_psycopg3() -> None:
    assert engine_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert engine_url("sqlite:///x.db") == "sqlite:///x.db"


def test_concurrent_ingests_store_every_article_once_with_right_story_counts(pg_cluster: ThrowawayCluster, tmp_path: Path) -> None:
    url = pg_cluster.create_database().replace("postgresql+psycopg://", "postgresql://")
    fisheries = _articles(tmp_path / "a", 6, "fisheries")
    harbours = _articles(tmp_path / "b", 6, "harbour")
    # Two first-time writers race the migrations; a third ingests files the first also has.
    procs = [_ingest(url, *fisheries), _ingest(url, *harbours), _ingest(url, *fisheries[:3], *harbours[3:])]
    outputs = [p.communicate(timeout=600) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    store = Store(url)
    with store.connect() as conn:
        assert conn.execute(select(func.count()).select_from(articles)).scalar_one() == 12
        counted = dict(conn.execute(select(stories.c.id, stories.c.article_count)).all())
        members = dict(conn.execute(select(story_articles.c.story_id, func.count()).group_by(story_articles.c.story_id)).all())
        placed = conn.execute(select(func.count()).select_from(story_articles)).scalar_one()
    assert placed == 12 and counted == members
    store.engine.dispose()


def test_search_gives_the_fts5_shape_on_postgresql(store: Store, backend: str) -> None:
    from sitroom.ingest.fingerprint import band_keys, minhash, shingles
    from sitroom.model import Annotations, Article

    a = Article(id="a" * 16, title="Border closed", text="Poland closed the crossing at Kuźnica on Tuesday after talks failed.",
                source="x.txt", outlet="Wire", published="2024-10-01")  # fmt: skip
    sig = minhash(shingles(a.text))
    store.add_article(a, Annotations(), sig, band_keys(sig))
    hit = store.search("kuznica crossing")[0]
    assert set(hit) >= {"id", "snippet", "rank", "title", "outlet", "published"}
    assert "[" in hit["snippet"] and "]" in hit["snippet"]
    assert store.search("cross*") and not store.search('"crossing Poland"')
