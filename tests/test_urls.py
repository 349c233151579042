"""Fetching pages from a local site: limits, gzip bombs, redirects, timeouts (issue 13)."""

from __future__ import annotations

import gzip

import pytest

from sitroom.errors import InputError
from sitroom.ingest.urls import Fetcher, FetchOptions, fetch_article, is_url
from tests.livesite import Route, article_page, gzip_bomb, serve_site

PARAS = ["Officials in the capital said on Tuesday that the border crossing would stay closed for another week "
         "while inspectors check the new fence and the roads leading to it.",
         "Traders who use the crossing said they had lost most of their income since the closure began and asked "
         "the government for compensation before the winter."]  # fmt: skip


def local(**kw: object) -> Fetcher:
    return Fetcher(FetchOptions(allow_private=True, **kw))  # type: ignore[arg-type]


def test_page_fetched_and_extracted_with_final_url_after_redirects() -> None:
    with serve_site() as site:
        site.routes["/a"] = Route(status=301, headers={"Location": "/b"})
        site.routes["/b"] = Route(status=302, headers={"Location": site.url("/story")})
        site.routes["/story"] = Route(article_page("Crossing stays closed", PARAS))
        article = fetch_article(site.url("/a"), local())
    assert article.title == "Crossing stays closed"
    assert article.source == site.url("/a") and article.url == site.url("/story")
    assert "compensation" in article.text and article.text.count("Officials") == 1


def test_user_agent_names_sitroom() -> None:
    with serve_site() as site:
        seen: list[str] = []
        site.routes["/p"] = Route(b"x")
        fetcher = local()
        fetcher.client.event_hooks["request"].append(lambda r: seen.append(r.headers["User-Agent"]))
        fetcher.get(site.url("/p"))
    assert seen and seen[0].startswith("sitroom/")


def test_redirect_loop_capped() -> None:
    with serve_site() as site:
        site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
        with pytest.raises(InputError, match="more than 3 redirects"):
            local(max_redirects=3).get(site.url("/loop"))
        assert site.hits("/loop") == 4


def test_five_megabyte_page_refused_by_size_limit() -> None:
    with serve_site() as site:
        site.routes["/big"] = Route(b"<p>" + b"x" * 5_000_000 + b"</p>")
        with pytest.raises(InputError, match="over the limit of 1,000,000 bytes"):
            local(max_bytes=1_000_000).get(site.url("/big"))


def test_size_limit_enforced_while_streaming_without_content_length() -> None:
    from sitroom.ingest.urls import read_limited

    chunks = iter([b"x" * 600] * 10)
    with pytest.raises(InputError, match="over the limit of 1,000 bytes"):
        read_limited(chunks, "", 1000, float("inf"), "u")


def test_gzip_bomb_stops_at_the_limit() -> None:
    bomb = gzip_bomb(200_000_000)
    assert len(bomb) < 300_000
    with serve_site() as site:
        site.routes["/bomb"] = Route(bomb, gzip_raw=True)
        with pytest.raises(InputError, match="inflates to over 1,000,000 bytes"):
            local(max_bytes=1_000_000).get(site.url("/bomb"))


def test_gzip_page_decoded() -> None:
    with serve_site() as site:
        site.routes["/gz"] = Route(gzip.compress(article_page("Gzip page", PARAS)), gzip_raw=True)
        assert fetch_article(site.url("/gz"), local()).title == "Gzip page"


def test_slow_response_times_out() -> None:
    with serve_site() as site:
        site.routes["/slow"] = Route(b"late", delay=3.0)
        with pytest.raises(InputError, match="timed out"):
            local(timeout=0.5).get(site.url("/slow"))


def test_dripping_response_stopped_by_deadline() -> None:
    with serve_site() as site:
        site.routes["/drip"] = Route(b"y" * 400, drip=True, delay=0.1)
        with pytest.raises(InputError, match="took too long"):
            local(timeout=5.0, deadline=0.5).get(site.url("/drip"))


def test_http_error_and_non_html_are_one_line_errors() -> None:
    with serve_site() as site:
        site.routes["/pdf"] = Route(b"%PDF-1.4", content_type="application/pdf")
        with pytest.raises(InputError, match="HTTP 404"):
            fetch_article(site.url("/missing"), local())
        with pytest.raises(InputError, match="application/pdf, not a web page"):
            fetch_article(site.url("/pdf"), local())


def test_unreachable_port_is_an_input_error() -> None:
    with serve_site() as site:
        port = site.port
    with pytest.raises(InputError, match="could not be fetched"):
        local().get(f"http://127.0.0.1:{port}/gone")


def test_is_url() -> None:
    assert is_url("https://example.org/a") and is_url("HTTP://x.org")
    assert not is_url("notes/https.txt") and not is_url("ftp://x.org/a")
