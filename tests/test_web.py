"""The pages: they render, every source link lands on a highlighted span, and article content
(untrusted) never becomes markup, whatever it contains."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.api.security import CSP
from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.store import Store
from sitroom.web.highlight import collect_spans, highlight_text
from sitroom.web.pages import ENV

XSS = "<script>alert(1)</script>"
HOSTILE = {
    "title": f"{XSS} Belarus drills <img src=x onerror=alert(2)>",
    "outlet": "<b onmouseover=alert(3)>Evil Outlet</b>",
    "url": "javascript:alert(4)",
    "byline": "<a href=javascript:alert(5)>Mallory</a>",
    "published": "2026-09-17",
    "text": (f"MINSK - Belarus moved troops near Grodno on Thursday. \"{XSS} We will answer <img src=x onerror=alert(6)> any provocation,\" "
             f"Defence Minister Tomasz Wierzbicki{XSS} said. <iframe src=\"javascript:alert(7)\"></iframe> Some 2,000 soldiers "
             "<svg onload=alert(8)> took part, officials said."),
}  # fmt: skip
# Raw markup any of the hostile fields would produce if it escaped escaping.
RAW = [re.compile(p, re.I) for p in (r"<script", r"<img", r"<iframe", r"<svg onload", r"<b onmouseover", r"<a href=javascript",
                                    r"""<[^>]*\s(?:href|src)=["']?\s*javascript:""", r"<[^>]*\son\w+=")]  # fmt: skip


@pytest.fixture(scope="module")
def web_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("web")
    (root / "hostile.json").write_text(json.dumps(HOSTILE), "utf-8")
    store = Store(f"sqlite:///{root / 'web.db'}")
    report = ingest_paths([sample_articles_dir(), root / "hostile.json"], store, Config.load(), IngestOptions())
    assert not report.errors and len(report.added) >= 15
    return store


@pytest.fixture(scope="module")
def client(web_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(web_store)) as c:
        yield c


def hostile_id(client: TestClient) -> str:
    hits = client.get("/api/articles", params={"outlet": HOSTILE["outlet"]}).json()["data"]
    assert len(hits) == 1
    return str(hits[0]["id"])


def all_pages(client: TestClient) -> list[str]:
    aid = hostile_id(client)
    doc = client.get(f"/api/articles/{aid}").json()["data"]
    stories = client.get("/api/stories").json()["data"]
    people = client.get("/api/people", params={"limit": 500}).json()["data"]
    return (["/", "/people", "/people?q=%3Cscript", "/articles", f"/articles?outlet={quote(HOSTILE['outlet'])}", "/ingest", "/api/docs", f"/articles/{aid}", "/search?q=alert", f"/search?q={quote(XSS)}",
             "/search?q=Grodno", f"/articles/{quote(XSS)}", f"/people/{quote(XSS, safe='')}"]
            + [f"/stories/{s['id']}" for s in stories] + [f"/people/{quote(p['name'], safe='')}" for p in people]
            + ([f"/stories/{doc['article']['story']}"] if doc["article"]["story"] else []))  # fmt: skip


def assert_no_raw_markup(html: str, where: str) -> None:
    for pattern in RAW:
        assert not pattern.search(html), f"{where}: {pattern.pattern} appears unescaped"


def test_pages_render(client: TestClient) -> None:
    for url in all_pages(client):
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert response.headers["content-type"].startswith("text/html"), url


def test_hostile_article_is_escaped_on_every_page(client: TestClient) -> None:
    for url in all_pages(client):
        assert_no_raw_markup(client.get(url).text, url)
    page = client.get(f"/articles/{hostile_id(client)}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text, not dropped
    assert "Evil Outlet" in page and 'href="javascript' not in page
    assert page.count("<mark") > 3  # spans of the hostile text are still highlighted


def test_ingest_form_result_page_escapes_file_names_and_contents(client: TestClient) -> None:
    files = {"files": (f"{XSS}.txt".replace("/", "_"), ("Hostile upload " + XSS + "\n\n" + HOSTILE["text"]).encode())}
    response = client.post("/ingest", files=files, data={"title": "", "text": ""})
    assert response.status_code == 200 and "1 added" in response.text
    assert_no_raw_markup(response.text, "POST /ingest")
    bad = client.post("/ingest", files={"files": ("evil.exe", b"MZ")}, data={"text": ""})
    assert "failed" in bad.text and "evil.exe" in bad.text


def test_speaker_names_and_quotes_are_escaped_in_templates() -> None:
    # The NLP may not take a hostile string as a speaker name: pin the template directly too.
    person = {"id": XSS, "name": XSS, "variants": [XSS, "<svg onload=alert(1)>"], "roles": ["<img src=x onerror=alert(1)>"],
              "quote_count": 1, "article_count": 1, "articles": ["a1"],
              "quotes": [{"article_id": "a1\"><script>", "outlet": XSS, "published": None, "text": XSS, "kind": "direct", "start": 0, "end": 5}]}  # fmt: skip
    html = ENV.get_template("person.html.j2").render(p=person)
    assert_no_raw_markup(html, "person.html.j2")
    assert 'href="/articles/a1%22%3E%3Cscript%3E#s-0-5"' in html


def test_highlight_escapes_every_piece_and_nests_crossing_spans() -> None:
    text = '<b onclick="x()">Minsk</b> said & "<script>" ends'
    doc = {"article": {"text": text}, "quotes": [{"start": 0, "end": 30}], "entities": [{"start": 17, "end": 40, "label": "GPE"}]}
    html = str(highlight_text(text, collect_spans(doc)))
    assert "<b" not in html and "<script" not in html and "&amp;" in html
    assert html.count("<mark") == 3 and html.count("</mark>") == 3  # the crossing entity is split in two
    assert 'id="s-0-30"' in html and html.count('id="s-17-40"') == 1
    assert re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").replace("&#34;", '"') == text


def test_every_source_link_on_the_story_page_lands_on_a_highlighted_span(client: TestClient) -> None:
    main = client.get("/brief", follow_redirects=False).headers["location"]
    page = client.get(main).text
    links = set(re.findall(r'href="/articles/([0-9a-f]+)#(s-\d+-\d+)"', page))
    assert len(links) > 50
    anchors: dict[str, set[str]] = {}
    for aid, anchor in links:
        if aid not in anchors:
            html = client.get(f"/articles/{aid}").text
            anchors[aid] = set(re.findall(r'<mark class="hl[^"]*" id="(s-\d+-\d+)"', html))
        assert anchor in anchors[aid], f"/articles/{aid}#{anchor} has no highlighted span"


def test_story_page_has_the_brief_sections(client: TestClient) -> None:
    page = client.get(client.get("/brief", follow_redirects=False).headers["location"]).text
    for heading in ("What we know", "What is disputed", "Who says what", "Timeline", "Options", "Red lines and triggers", "Escalation"):
        assert heading in page
    assert 'class="badge badge-corroborated"' in page and "<svg" in page


@pytest.mark.parametrize("url", ["/", "/stories/1", "/people", "/search?q=Grodno", "/ingest", "/nope", "/static/site.css", "/api/stories", "/api/nope"])
def test_security_headers_on_every_response(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.headers["content-security-policy"] == CSP
    for directive in ("default-src 'none'", "style-src 'self'", "img-src 'self' data:", "form-action 'self'", "frame-ancestors 'none'"):
        assert directive in CSP
    assert "script-src" not in CSP and "unsafe-inline" not in CSP
    assert response.headers["x-content-type-options"] == "nosniff"


def test_pages_use_no_inline_style_or_script(client: TestClient) -> None:
    for url in ("/", "/stories/1", f"/articles/{hostile_id(client)}", "/people", "/ingest"):
        html = client.get(url).text
        assert "<style" not in html and " style=" not in html and "<script" not in html, url


@pytest.mark.parametrize("path", ["/static/../pyproject.toml", "/static/%2e%2e/%2e%2e/pyproject.toml", "/static/..%2f..%2fpyproject.toml",
                                  "/static/%2e%2e%2fpages.py", "/static/pages.py", "/static/", "/static/site.css/../../pages.py",
                                  "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/static/..%5c..%5cpyproject.toml"])  # fmt: skip
def test_static_path_traversal_is_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404, path
    assert "[build-system]" not in response.text and "import" not in response.text and "root:" not in response.text


def test_static_css_is_served(client: TestClient) -> None:
    response = client.get("/static/site.css")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")


def test_page_errors_are_pages(client: TestClient) -> None:
    for url in ("/articles/ffffffffffff", "/stories/999", "/people/Nobody%20Here"):
        response = client.get(url)
        assert response.status_code == 404 and "<h1>404</h1>" in response.text, url


def test_bidi_overrides_in_a_title_are_shown_as_codes_on_the_pages(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Regression (issue 11): a right-to-left override in a title made the page read otherwise than the text."""
    root = tmp_path_factory.mktemp("bidi")
    record = {"title": "Minister resigns \u202egnp.exe", "text": "The minister resigned on Tuesday, officials in Warsaw said.",
              "outlet": "Test Wire", "published": "2026-09-15"}  # fmt: skip
    (root / "a.json").write_text(json.dumps(record), "utf-8")
    store = Store(f"sqlite:///{root / 'b.db'}")
    [added] = ingest_paths([root / "a.json"], store, Config.load(), IngestOptions()).added
    with TestClient(create_app(store)) as c:
        for url in ("/articles", f"/articles/{added['id']}"):
            html = c.get(url).text
            assert "\u202e" not in html and "\\u202egnp.exe" in html, url
