"""The browsing pages: articles with filters and facets, a story's articles, people, search paging."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.store import Store

pytestmark = pytest.mark.slow
LIST_PAGES = ["/", "/articles", "/people", "/search?q=Belarus"]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    store = Store(f"sqlite:///{tmp_path_factory.mktemp('lists') / 'l.db'}")
    ingest_paths([sample_articles_dir()], store, Config.load(), IngestOptions())
    with TestClient(create_app(store)) as c:
        yield c


def rows(html: str) -> list[str]:
    return re.findall(r'<tr id="a-([0-9a-f]+)"', html)


def test_articles_page_filters_sorts_and_pages(client: TestClient) -> None:
    everything = rows(client.get("/articles").text)
    assert len(everything) == 15
    abs_news = client.get("/articles", params={"outlet": "abs news"}).text  # case-insensitive
    assert len(rows(abs_news)) == 3 and "ABS News" in abs_news
    page2 = client.get("/articles", params={"limit": 5, "offset": 5}).text
    assert rows(page2) == everything[5:10] and "6–10 of 15" in page2 and 'rel="next"' in page2 and 'rel="prev"' in page2
    by_title = client.get("/articles", params={"sort": "title"}).text
    titles = re.findall(r'<tr id="a-[0-9a-f]+">.*?<a href="/articles/[0-9a-f]+">([^<]+)</a>', by_title, re.S)
    assert titles == sorted(titles, key=str) and len(titles) == 15
    dated = client.get("/articles", params={"since": "2026-09-17", "until": "2026-09-17"}).text
    assert all(d.startswith("2026-09-17") for d in re.findall(r'<td class="nowrap">([^<]+)</td>', dated))


def test_articles_page_has_facets_with_counts(client: TestClient) -> None:
    html = client.get("/articles").text
    facets = html.split('class="facets"', 1)[1].split("</aside>", 1)[0]
    for heading in ("Outlet", "Day", "Story", "Person"):
        assert f"<h2>{heading}</h2>" in facets
    assert re.search(r'ABS News</a> <span class="count">3</span>', facets)
    link = re.search(r'href="(/articles\?[^"]*person=[^"]+)"', facets)
    assert link and rows(client.get(link.group(1).replace("&amp;", "&")).text)


def test_story_page_lists_its_articles(client: TestClient) -> None:
    main = client.get("/brief", follow_redirects=False).headers["location"]
    html = client.get(main).text
    listed = rows(html.split('id="articles"', 1)[1])
    story = client.get("/api" + main).json()["data"]
    assert listed == [a["id"] for a in story["articles"]] and len(listed) == story["article_count"]


def test_people_page_is_sorted_paged_searchable_and_holds_only_people(client: TestClient) -> None:
    """Regression: 46 unsorted rows with places among the people and one minister under two spellings."""
    html = client.get("/people").text
    names = re.findall(r'<tr id="p-[^"]+"><td><a href="[^"]+">([^<]+)</a>', html)
    counts = [int(c) for c in re.findall(r'<td class="num">(\d+)</td><td class="num">', html)]
    assert counts == sorted(counts, reverse=True)
    for place in ("Bobrowniki", "Patriot", "Grodno", "Warsaw"):
        assert place not in names
    assert sum("ukauskas" in n for n in names) == 1
    found = client.get("/people", params={"q": "zukauskas"}).text
    assert len(re.findall(r'<tr id="p-', found)) == 1 and "Žukauskas" in found
    paged = client.get("/people", params={"limit": 3}).text
    assert len(re.findall(r'<tr id="p-', paged)) == 3 and 'rel="next"' in paged


def test_person_page_by_id_and_by_spelling(client: TestClient) -> None:
    by_id = client.get("/people/rimantas-zukauskas")
    by_name = client.get("/people/Rimantas%20Zukauskas")
    assert by_id.status_code == by_name.status_code == 200 and "Žukauskas" in by_id.text


def test_search_pages(client: TestClient) -> None:
    first = client.get("/search", params={"q": "Belarus", "limit": 3}).text
    second = client.get("/search", params={"q": "Belarus", "limit": 3, "offset": 3}).text
    ids1, ids2 = re.findall(r'<li id="h-([0-9a-f]+)"', first), re.findall(r'<li id="h-([0-9a-f]+)"', second)
    assert len(ids1) == 3 and ids2 and not set(ids1) & set(ids2) and 'rel="next"' in first
    narrowed = client.get("/search", params={"q": "Belarus", "outlet": "ABS News"}).text
    assert 0 < len(re.findall(r'<li id="h-', narrowed)) <= 3


@pytest.mark.parametrize("url", LIST_PAGES)
def test_every_list_links_its_json_and_csv(client: TestClient, url: str) -> None:
    html = client.get(url).text
    links = re.search(r'<p class="formats">.*?href="([^"]+)">\.json</a>.*?href="([^"]+)">\.csv</a>', html, re.S)
    assert links, url
    as_json, as_csv = (link.replace("&amp;", "&") for link in links.groups())
    assert client.get(as_json).json()["ok"] is True
    response = client.get(as_csv)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    parquet = re.search(r'href="([^"]+)">\.parquet</a>', html)
    assert parquet, url
    response = client.get(parquet.group(1).replace("&amp;", "&"))
    assert response.status_code == 200 and response.content[:4] == b"PAR1", url


@pytest.mark.parametrize("url", ["/", "/articles", "/people", "/search?q=Grodno", "/ingest", "/stories/1", "/people/ewa-sadowska", "/nope"])
def test_every_page_has_a_viewport_and_is_gzipped(client: TestClient, url: str) -> None:
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert 'name="viewport" content="width=device-width, initial-scale=1"' in response.text, url
    if len(response.content) > 1000:
        assert response.headers.get("content-encoding") == "gzip", url


def test_article_page_layers_switch_without_script(client: TestClient) -> None:
    article = client.get("/api/articles", params={"outlet": "Northline Wire"}).json()["data"][0]["id"]
    html = client.get(f"/articles/{article}").text
    for kind in ("quote", "claim", "figure", "date", "event", "entity"):
        assert f'<input type="checkbox" id="t-{kind}"' in html and f'<label for="t-{kind}">' in html
    assert re.search(r'id="t-entity"\s*>', html) and re.search(r'id="t-quote"\s+checked', html)  # entities start off
    css = client.get("/static/site.css").text
    assert ".article:has(#t-quote:checked) .hl-quote" in css and "<script" not in html
    quotes = html.split("<summary>quotes", 1)[1].split("</details>", 1)[0]
    assert 'class="who"' in quotes  # sidebar quotes name their speakers


def test_story_rows_have_their_own_anchors(client: TestClient) -> None:
    """Each fact, figure update, quote and option row is addressable (a permalink), facts by their correction key."""
    main = client.get("/brief", follow_redirects=False).headers["location"]
    html = client.get(main).text
    brief = client.get(f"/api{main}/brief").json()["data"]["stories"][0]
    keys = [f["key"] for f in brief["facts"]]
    assert keys and f'<li class="fact" id="fact-{keys[0]}"><a class="permalink" href="#fact-{keys[0]}"' in html
    for kind in ("quote", "option"):
        ids = re.findall(rf'<li id="({kind}-[0-9a-f]{{10}})"><a class="permalink" href="#\1"', html)
        assert ids and len(ids) == len(set(ids)), kind
