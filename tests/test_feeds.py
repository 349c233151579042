"""Feeds from a local site: formats, conditional GET, robots.txt, politeness, retries (issue 13)."""

from __future__ import annotations

import pytest

from sitroom.errors import InputError
from sitroom.ingest.feeds import PoliteFetcher, Politeness, parse_feed, poll_feed
from sitroom.ingest.urls import Fetcher, FetchOptions
from tests.livesite import Route, atom, json_feed, rss, serve_site

ITEMS = [("Newest", "http://example.org/3"), ("Middle", "http://example.org/2"), ("Oldest", "http://example.org/1")]


def client(interval: float = 0.0, sleeps: list[float] | None = None, **kw: float) -> PoliteFetcher:
    log = sleeps if sleeps is not None else []
    return PoliteFetcher(Fetcher(FetchOptions(allow_private=True)), Politeness(host_interval=interval, **kw),  # type: ignore[arg-type]
                         sleep=log.append)


@pytest.mark.parametrize("body,ctype", [(rss(ITEMS), "application/rss+xml"), (atom(ITEMS), "application/atom+xml"),
                                        (json_feed(ITEMS), "application/feed+json")])
def test_rss_atom_and_json_feed_give_links_oldest_first(body: bytes, ctype: str) -> None:
    _, entries = parse_feed(body, ctype, "http://example.org/feed")
    assert [e.link for e in entries] == ["http://example.org/1", "http://example.org/2", "http://example.org/3"]
    assert [e.title for e in entries] == ["Oldest", "Middle", "Newest"]


def test_rss_091_and_relative_links() -> None:
    body = (b"<?xml version='1.0'?><rss version='0.91'><channel><title>Old</title><item><title>A</title>"
            b"<link>/news/a.html</link></item></channel></rss>")
    _, entries = parse_feed(body, "text/xml", "http://example.org/feed.rss")
    assert [(e.key, e.link) for e in entries] == [("http://example.org/news/a.html", "http://example.org/news/a.html")]


def test_empty_feed_without_content_type_is_not_an_error() -> None:
    """Regression: feedparser flagged a feed given no Content-Type as non-XML, and an empty
    (well-formed) feed became 'not a readable feed' on every poll."""
    for ctype in ("", "application/rss+xml"):
        assert parse_feed(rss([]), ctype, "http://example.org/feed") == ("Test Herald", [])


@pytest.mark.parametrize("body", [b"<rss><channel><item><title>broken", b"<html><body>not a feed</body></html>", b"\x00\x01garbage"])
def test_malformed_feed_is_one_input_error(body: bytes) -> None:
    with pytest.raises(InputError, match="not a readable RSS or Atom feed"):
        parse_feed(body, "application/xml", "http://example.org/feed")


@pytest.mark.parametrize("body", [b"{not json", b'{"version": "x"}'])
def test_malformed_json_feed_is_one_input_error(body: bytes) -> None:
    with pytest.raises(InputError, match="JSON Feed"):
        parse_feed(body, "application/feed+json", "http://example.org/feed.json")


def test_etag_304_flow() -> None:
    with serve_site() as site:
        site.routes["/f"] = Route(rss(ITEMS), content_type="application/rss+xml", etag='"abc"')
        c = client()
        first = poll_feed(c, site.url("/f"))
        assert not first.not_modified and first.etag == '"abc"' and len(first.entries) == 3
        again = poll_feed(c, site.url("/f"), first.etag)
        assert again.not_modified and again.entries == []


def test_last_modified_sent_as_if_modified_since() -> None:
    seen: list[str] = []
    with serve_site() as site:
        site.routes["/f"] = Route(rss(ITEMS), headers={"Last-Modified": "Wed, 02 Dec 2026 10:00:00 GMT"})
        c = client()
        c.fetcher.client.event_hooks["request"].append(lambda r: seen.append(r.headers.get("If-Modified-Since", "")))
        poll = poll_feed(c, site.url("/f"))
        poll_feed(c, site.url("/f"), None, poll.last_modified)
    assert seen[-1] == "Wed, 02 Dec 2026 10:00:00 GMT"


def test_robots_txt_respected_and_fetched_once() -> None:
    with serve_site() as site:
        site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        site.routes["/private/a"] = Route(b"secret")
        site.routes["/public/a"] = Route(b"fine")
        c = client()
        with pytest.raises(InputError, match="disallowed by the site's robots.txt"):
            c.get(site.url("/private/a"))
        assert c.get(site.url("/public/a")).body == b"fine"
        assert site.hits("/robots.txt") == 1 and site.hits("/private/a") == 0


def test_missing_robots_txt_allows_everything() -> None:
    with serve_site() as site:
        site.routes["/a"] = Route(b"ok")
        assert client().get(site.url("/a")).status == 200


def test_one_request_per_second_per_host_by_default() -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    with serve_site() as site:
        site.routes["/a"] = Route(b"ok")
        c = PoliteFetcher(Fetcher(FetchOptions(allow_private=True)), sleep=sleep, clock=lambda: now[0])
        assert c.politeness.host_interval == 1.0
        for _ in range(3):
            c.get(site.url("/a"))
        other = c.get(f"http://localhost:{site.port}/a")  # another host name: its own slot
    # robots.txt then three pages: each after the first waits a second; the other host's robots.txt
    # goes at once, its page a second later
    assert sleeps == [1.0, 1.0, 1.0, 1.0] and other.status == 200 and site.hits("/robots.txt") == 2


def test_retries_with_backoff_on_503_then_success() -> None:
    sleeps: list[float] = []
    with serve_site() as site:
        site.routes["/robots.txt"] = Route(b"", content_type="text/plain")
        site.routes["/flaky"] = Route(b"busy", status=503)
        c = client(0.0, sleeps, retries=2, backoff=1.0)
        page = c.get(site.url("/flaky"))
        assert page.status == 503 and site.hits("/flaky") == 3
    assert sleeps == [1.0, 2.0]


def test_429_retry_after_honoured_and_capped() -> None:
    sleeps: list[float] = []
    with serve_site() as site:
        site.routes["/robots.txt"] = Route(b"", content_type="text/plain")
        site.routes["/limited"] = Route(b"slow down", status=429, headers={"Retry-After": "120"})
        client(0.0, sleeps, retries=1, backoff=1.0, max_backoff=30.0).get(site.url("/limited"))
    assert sleeps == [30.0]


def test_feed_down_is_one_input_error() -> None:
    with serve_site() as site:
        site.routes["/robots.txt"] = Route(b"", content_type="text/plain")
        site.routes["/f"] = Route(b"down", status=500)
        with pytest.raises(InputError, match="answered HTTP 500"):
            poll_feed(client(retries=0), site.url("/f"))
