"""The articles page's counts at scale: cached per write stamp, and still right after a write."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.ingest.fingerprint import band_keys, fingerprint_article, minhash, shingles
from sitroom.model import Annotations, Article
from sitroom.store import Store, sqlite
from sitroom.store.queries import ArticleFilter, list_articles, write_stamp


def _add(store: Store, title: str, outlet: str, published: str = "2026-09-15") -> str:
    article = Article(title=title, text=f"{title}. Troops moved near the border crossing on Tuesday.", outlet=outlet,
                      published=published, source="mem")  # fmt: skip
    article.id = fingerprint_article(article)
    sig = minhash(shingles(article.text))
    store.add_article(article, Annotations(), sig, band_keys(sig))
    return article.id


def _outlet_counts(client: TestClient) -> dict[str, int]:
    facets = client.get("/api/articles/facets").json()["data"]
    return {f["value"]: f["count"] for f in facets["outlet"]}


def test_cached_facets_and_totals_follow_an_article_written_by_another_process(store: Store) -> None:
    _add(store, "First report", "Wire")
    client = TestClient(create_app(store), base_url="http://127.0.0.1")
    assert _outlet_counts(client) == {"Wire": 1}
    assert client.get("/api/articles", params={"outlet": "wire"}).json()["page"]["total"] == 1
    stamp = write_stamp(store)
    _add(Store(store.url), "Second report", "WIRE")  # another Store: the app hears of it only through the database
    assert write_stamp(store) != stamp
    assert _outlet_counts(client) == {"Wire": 1, "WIRE": 1}
    assert client.get("/api/articles", params={"outlet": "wire"}).json()["page"]["total"] == 2
    assert "1–2 of 2" in client.get("/articles", params={"outlet": "Wire"}).text


def test_person_filter_with_more_articles_than_the_seek_limit(store: Store) -> None:
    mine = {_add(store, f"Report {i}", "Wire", f"2026-09-{10 + i}") for i in range(3)}
    other = _add(store, "Unrelated", "Post")
    ids = mine | {f"{n:016x}" for n in range(sqlite.SEEK_LIMIT + 10)}  # ids of articles not stored count for nothing
    rows, total = list_articles(store, ArticleFilter(person="x", person_articles=ids), sort="published")
    assert [r["id"] for r in rows] == sorted(mine, key=lambda i: next(r["published"] for r in rows if r["id"] == i)) and total == 3
    assert other not in {r["id"] for r in rows}
