"""Feeds: RSS 0.9x/1.0/2.0 and Atom through feedparser, JSON Feed through json, fetched politely.

``PoliteFetcher`` wraps the guarded ``Fetcher`` with what a good crawler owes a site: at most
one request per host per ``host_interval`` seconds (or the robots.txt Crawl-delay, if
longer), robots.txt obeyed (fetched through the same guard and politeness), and retries with
exponential backoff on 429 and 5xx, honouring Retry-After. Pages behind a feed go through
the same object, so the politeness covers the articles, not just the feed.

Only an entry's link is kept: the article is always fetched as a page, because a feed's
summary is a teaser (often the first sentence, sometimes marketing copy), not the article.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

from sitroom.errors import InputError
from sitroom.ingest.urls import Fetcher, Page

ROBOTS_AGENT = "sitroom"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class Politeness:
    """How hard sitroom may press one site; defaults are ``[feeds]`` in default_config.toml."""

    host_interval: float = 1.0
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 30.0

    @classmethod
    def from_config(cls, config: Any) -> Politeness:
        return cls(float(config.get("feeds.host_interval")), int(config.get("feeds.retries")),
                   float(config.get("feeds.backoff")), float(config.get("feeds.max_backoff")))  # fmt: skip


@dataclass
class PoliteFetcher:
    """``get`` like Fetcher's, spaced per host, robots-checked and retried."""

    fetcher: Fetcher
    politeness: Politeness = field(default_factory=Politeness)
    obey_robots: bool = True
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _next_slot: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, RobotFileParser | None] = field(default_factory=dict)

    def get(self, url: str, headers: dict[str, str] | None = None, max_bytes: int | None = None) -> Page:
        robots = self._robots_for(url) if self.obey_robots else None
        if robots is not None and not robots.can_fetch(ROBOTS_AGENT, url):
            raise InputError(url, "is disallowed by the site's robots.txt",
                             "sitroom respects robots.txt; with the site's permission, pass --ignore-robots")  # fmt: skip
        return self._retrying(url, headers, max_bytes)

    def _retrying(self, url: str, headers: dict[str, str] | None, max_bytes: int | None) -> Page:
        for attempt in range(self.politeness.retries + 1):
            last = attempt == self.politeness.retries
            self._wait_turn(url)
            try:
                page = self.fetcher.get(url, headers, max_bytes)
            except InputError as exc:
                if last or "timed out" not in exc.problem:
                    raise
                self.sleep(self._backoff(attempt, None))
                continue
            if page.status not in RETRY_STATUSES or last:
                return page
            self.sleep(self._backoff(attempt, page.headers.get("retry-after")))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = self.politeness.backoff * 2**attempt
        if retry_after and retry_after.strip().isdigit():
            wait = max(wait, float(retry_after))
        return min(wait, self.politeness.max_backoff)

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's next slot, then book the one after it."""
        host = urlsplit(url).netloc.lower()
        now = self.clock()
        slot = self._next_slot.get(host, now)
        if slot > now:
            self.sleep(slot - now)
        interval = self.politeness.host_interval
        robots = self._robots.get(_origin(url))
        delay = robots.crawl_delay(ROBOTS_AGENT) if robots is not None else None
        self._next_slot[host] = max(now, slot) + max(interval, float(delay or 0))

    def _robots_for(self, url: str) -> RobotFileParser | None:
        """The site's robots.txt, fetched once per run; a missing one (4xx) allows everything."""
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = None  # while fetching it: robots.txt itself is always allowed
            page = self._retrying(urljoin(origin, "/robots.txt"), None, 500_000)
            if page.status >= 500:
                # RFC 9309: a server error on robots.txt means "assume everything is disallowed".
                del self._robots[origin]
                raise InputError(url, f"robots.txt answered HTTP {page.status}", "the site is having trouble; the next poll tries again")
            parser = RobotFileParser()
            parser.parse(page.body.decode("utf-8", "replace").splitlines() if page.status < 400 else [])
            self._robots[origin] = parser
        return self._robots[origin]


def polite_fetcher(config: Any, allow_private: bool = False, obey_robots: bool = True) -> PoliteFetcher:
    """The fetcher every command uses: the SSRF guard, per-host spacing, robots.txt, retries."""
    from sitroom.ingest.urls import FetchOptions

    return PoliteFetcher(Fetcher(FetchOptions.from_config(config, allow_private)), Politeness.from_config(config),
                         obey_robots=obey_robots)  # fmt: skip


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class FeedEntry:
    """One item of a feed: a stable key (its id, else its link), its link and title."""

    key: str
    link: str
    title: str | None = None


@dataclass
class FeedPoll:
    """One poll of one feed: ``not_modified`` on a 304, else its entries and validators."""

    entries: list[FeedEntry] = field(default_factory=list)
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    title: str | None = None


def poll_feed(client: PoliteFetcher, url: str, etag: str | None = None, last_modified: str | None = None) -> FeedPoll:
    """GET a feed conditionally and parse it; InputError when it is down or unreadable."""
    headers = {"Accept": "application/atom+xml, application/rss+xml, application/feed+json, application/xml;q=0.9, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    page = client.get(url, headers)
    if page.status == 304:
        return FeedPoll(not_modified=True, etag=etag, last_modified=last_modified)
    if page.status >= 400:
        raise InputError(url, f"answered HTTP {page.status}", "the feed may have moved or be down; check it in a browser")
    title, entries = parse_feed(page.body, page.headers.get("content-type", ""), page.final_url)
    return FeedPoll(entries, False, page.headers.get("etag"), page.headers.get("last-modified"), title)


def parse_feed(body: bytes, content_type: str, url: str) -> tuple[str | None, list[FeedEntry]]:
    """The feed's title and entries, oldest first (feeds list newest first)."""
    if "json" in content_type or body.lstrip()[:1] == b"{":
        title, entries = _json_feed(body, url)
    else:
        title, entries = _xml_feed(body, content_type, url)
    seen: set[str] = set()
    unique = [e for e in entries if not (e.key in seen or seen.add(e.key))]  # type: ignore[func-returns-value]
    return title, unique[::-1]


def _xml_feed(body: bytes, content_type: str, url: str) -> tuple[str | None, list[FeedEntry]]:
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url, "content-type": content_type or "application/xml"})
    entries = []
    for e in parsed.entries:
        link = e.get("link") or next((lk.get("href") for lk in e.get("links", []) if lk.get("href")), None)
        if link:
            link = urljoin(url, link)
            entries.append(FeedEntry(str(e.get("id") or link), link, e.get("title")))
    # feedparser reads broken XML leniently: a truncated feed still gives its whole entries, and
    # only a feed that yields none is an error; a well-formed feed with no items is just empty.
    if not entries and (parsed.bozo or not parsed.get("version")):
        problem = type(parsed.get("bozo_exception")).__name__
        raise InputError(url, f"is not a readable RSS or Atom feed ({problem})", "check that the URL is the feed itself, not a page")
    return parsed.feed.get("title"), entries


def _json_feed(body: bytes, url: str) -> tuple[str | None, list[FeedEntry]]:
    """JSON Feed 1.0/1.1: ``items`` with ``url`` (else ``external_url``) and ``id``."""
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise InputError(url, f"is not valid JSON Feed ({exc})", "check that the URL is the feed itself") from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
        raise InputError(url, "is JSON but not a JSON Feed (no items list)", "check that the URL is the feed itself")
    entries = []
    for item in doc["items"]:
        if not isinstance(item, dict):
            continue
        link = item.get("url") or item.get("external_url")
        if isinstance(link, str) and link:
            link = urljoin(url, link)
            entries.append(FeedEntry(str(item.get("id") or link), link, item.get("title")))
    title = doc.get("title")
    return (title if isinstance(title, str) else None), entries
