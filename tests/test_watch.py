"""The watch loop survives a feed that is down, malformed XML and a page that times out;
entries are retried and then given up; the API takes URLs under the guard (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.config import Config
from sitroom.store import Store
from sitroom.store import live as db
from tests.livesite import Route, article_page, json_feed, serve_site
from tests.test_urls import PARAS

pytestmark = pytest.mark.slow


def quick_config() -> Config:
    return Config.load(None, ("feeds.host_interval=0", "feeds.backoff=0", "feeds.retries=0", "fetch.timeout=0.5", "feeds.max_attempts=2"))


def test_one_poll_survives_a_down_feed_malformed_xml_and_a_timeout(store: Store) -> None:
    from sitroom.ingest.watch import Watcher

    lines: list[str] = []
    with serve_site() as site:
        site.routes["/down.xml"] = Route(b"oops", status=503)
        site.routes["/broken.xml"] = Route(b"<rss><channel><item><title>no end", content_type="application/rss+xml")
        site.routes["/good.json"] = Route(json_feed([("slow", site.url("/slow")), ("fine", site.url("/fine"))]),
                                          content_type="application/feed+json")
        site.routes["/slow"] = Route(article_page("Slow page", PARAS), delay=2.0)
        site.routes["/fine"] = Route(article_page("Crossing stays closed", PARAS))
        for name in ("down.xml", "broken.xml", "good.json"):
            db.add_feed(store, site.url(f"/{name}"), name, True)
        watcher = Watcher(store, quick_config(), say=lines.append)
        first = watcher.poll()
        assert [a["title"] for a in first.added] == ["Crossing stays closed"]
        assert first.errors == 3 and sum("will retry" in line for line in lines) == 1
        assert any("HTTP 503" in line for line in lines) and any("not a readable RSS" in line for line in lines)
        feeds = {f["name"]: f for f in db.list_feeds(store)}
        assert feeds["good.json"]["done"] == 1 and feeds["good.json"]["pending"] == 1
        assert feeds["down.xml"]["last_status"].startswith("error:")

        watcher.poll()  # the slow page times out again: given up after feeds.max_attempts = 2
        assert db.list_feeds(store)[2]["failed"] == 1 and any("given up" in line for line in lines)
        watcher.poll()
        assert site.hits("/slow") == 2 and store.count_articles() == 1


def test_api_ingests_urls_under_the_guard(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from sitroom.api import create_app

    store = Store(f"sqlite:///{tmp_path / 'api.db'}")
    with serve_site() as site:
        site.routes["/fine"] = Route(article_page("Crossing stays closed", PARAS))
        app = create_app(store, token="s3cret")
        client = TestClient(app)
        body = {"urls": [site.url("/fine")]}
        assert client.post("/api/ingest/urls", json=body).status_code == 401
        auth = {"Authorization": "Bearer s3cret"}
        refused = client.post("/api/ingest/urls", json=body, headers=auth).json()["data"]
        assert refused["added"] == [] and "not a public address" in refused["errors"][0]["problem"]
        assert site.hits("/fine") == 0
        app.state.allow_private = True  # `sitroom serve --allow-private`
        added = client.post("/api/ingest/urls", json=body, headers=auth).json()["data"]
        assert [a["source"] for a in added["added"]] == [site.url("/fine")]
        again = client.post("/api/ingest/urls", json=body, headers=auth).json()["data"]
        assert again["added"] == [] and again["duplicates"][0]["id"] == added["added"][0]["id"]
        bad = client.post("/api/ingest/urls", json={"urls": ["file:///etc/passwd"]}, headers=auth)
        assert bad.status_code == 422 and bad.json()["ok"] is False


def test_serve_watch_thread_polls_in_the_background(store: Store) -> None:
    """`sitroom serve --watch`: the same loop in a daemon thread of the server."""
    import time

    from sitroom.api.context import AppContext
    from sitroom.ingest.watch import start_watch_thread

    with serve_site() as site:
        site.routes["/fine"] = Route(article_page("Crossing stays closed", PARAS))
        site.routes["/feed.json"] = Route(json_feed([("fine", site.url("/fine"))]), content_type="application/feed+json")
        db.add_feed(store, site.url("/feed.json"), None, False)
        thread, watcher = start_watch_thread(AppContext(store=store, config=quick_config()), 0.2, allow_private=True)
        try:
            deadline = time.monotonic() + 120
            while store.count_articles() < 1 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert thread.daemon and thread.is_alive() and store.count_articles() == 1
            time.sleep(0.5)  # more polls: the feed again, the page never again
            assert site.hits("/fine") == 1 and site.hits("/feed.json") >= 2
        finally:
            watcher.stopped.set()
            thread.join(timeout=60)
        assert not thread.is_alive()
