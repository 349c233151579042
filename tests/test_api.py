"""The JSON API: one success envelope and one error envelope, pinned for every endpoint."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.cli.common import CliState
from sitroom.cli.serve import serve_cmd
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.store import Store

RECORDS = [
    {"title": "Poland closes border crossings with Belarus", "outlet": "Northline Wire", "published": "2026-09-14T10:00",
     "text": "WARSAW - Poland closed two border crossings with Belarus on Monday. \"We will not allow provocations on our border,\" "
             "Interior Minister Ewa Sadowska told reporters in Warsaw. Some 2,000 foreign soldiers are taking part in the drills."},
    {"title": "Lithuania asks NATO for consultations", "outlet": "Baltic Courier", "published": "2026-09-16",
     "text": "VILNIUS - Lithuanian Foreign Minister Rimantas Zukauskas asked NATO allies on Wednesday for consultations. "
             "\"We need our allies at the table now,\" Zukauskas said. Lithuanian intelligence put the foreign troops at 6,000."},
    {"title": "Belarus says drills are defensive", "outlet": "Eastbound Report", "published": "2026-09-18",
     "text": "MINSK - Belarus said on Friday its drills near Grodno were purely defensive. \"Nobody is threatening Poland,\" "
             "Deputy Defence Minister Andrei Kavalenka said. He put the number of foreign servicemen at fewer than 1,000."},
]  # fmt: skip
ERROR_KEYS = {"code", "message", "hint"}


@pytest.fixture(scope="module")
def api_store(tmp_path_factory: pytest.TempPathFactory, module_db_url: str) -> Store:
    """The API tests' store, on SQLite and on PostgreSQL (the ``backend`` parameter)."""
    root = tmp_path_factory.mktemp("api")
    (root / "in.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS), "utf-8")
    store = Store(module_db_url)
    report = ingest_paths([root / "in.jsonl"], store, Config.load(), IngestOptions())
    assert len(report.added) == 3, report.to_dict()
    return store


@pytest.fixture(scope="module")
def client(api_store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(api_store)) as c:
        yield c


def assert_ok(body: dict[str, Any], paged: bool) -> Any:
    """The one success shape."""
    assert set(body) == {"ok", "data", "page"}
    assert body["ok"] is True
    if paged:
        assert set(body["page"]) == {"limit", "offset", "total"}
    else:
        assert body["page"] is None
    return body["data"]


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The one error shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "error"} and body["ok"] is False
    assert set(body["error"]) == ERROR_KEYS
    assert body["error"]["code"] == code and body["error"]["message"]
    return dict(body["error"])


def test_articles_are_paged_newest_first(client: TestClient) -> None:
    body = client.get("/api/articles", params={"limit": 2}).json()
    data = assert_ok(body, paged=True)
    assert body["page"] == {"limit": 2, "offset": 0, "total": 3}
    assert [a["outlet"] for a in data] == ["Eastbound Report", "Baltic Courier"]
    assert "text" not in data[0]
    rest = client.get("/api/articles", params={"limit": 2, "offset": 2}).json()
    assert [a["outlet"] for a in assert_ok(rest, paged=True)] == ["Northline Wire"]


@pytest.mark.parametrize(("params", "outlets"), [
    ({"outlet": "Baltic Courier"}, ["Baltic Courier"]),
    ({"since": "2026-09-15"}, ["Eastbound Report", "Baltic Courier"]),
    ({"until": "2026-09-16"}, ["Baltic Courier", "Northline Wire"]),
    ({"since": "2026-09-15", "until": "2026-09-17"}, ["Baltic Courier"]),
    ({"story": 999}, []),
    ({"person": "Andrei Kavalenka"}, ["Eastbound Report"]),
    ({"person": "Ewa Sadowska", "since": "2026-09-15"}, []),
    ({"person": "Nobody Known"}, []),
])  # fmt: skip
def test_article_filters(client: TestClient, params: dict[str, str], outlets: list[str]) -> None:
    body = client.get("/api/articles", params=params).json()
    assert [a["outlet"] for a in assert_ok(body, paged=True)] == outlets
    assert body["page"]["total"] == len(outlets)


def test_story_filter_matches_the_story(client: TestClient) -> None:
    stories = assert_ok(client.get("/api/stories").json(), paged=True)
    sid = stories[0]["id"]
    body = client.get("/api/articles", params={"story": sid}).json()
    assert assert_ok(body, paged=True) and body["page"]["total"] == stories[0]["article_count"]


def test_article_with_annotations(client: TestClient) -> None:
    first = assert_ok(client.get("/api/articles").json(), paged=True)[-1]
    doc = assert_ok(client.get(f"/api/articles/{first['id']}").json(), paged=False)
    assert {"article", "entities", "quotes", "figures", "dates", "events", "claims", "speakers"} <= set(doc)
    assert doc["article"]["text"].startswith("WARSAW")
    assert any(q["text"].startswith("We will not allow") for q in doc["quotes"])
    prefix = assert_ok(client.get(f"/api/articles/{first['id'][:6]}").json(), paged=False)
    assert prefix["article"]["id"] == first["id"]


def test_stories_and_brief(client: TestClient) -> None:
    stories = assert_ok(client.get("/api/stories").json(), paged=True)
    assert stories and {"id", "title", "first_date", "last_date", "article_count", "outlets"} <= set(stories[0])
    brief = assert_ok(client.get(f"/api/stories/{stories[0]['id']}/brief").json(), paged=False)["stories"][0]
    assert {"id", "title", "bottom_line", "articles", "facts", "updates", "disputes", "quotes", "options", "triggers", "scenarios",
            "denials", "timeline", "escalation", "network"} <= set(brief)  # the contract of issue 9, as the CLI writes it
    sources = [s for f in brief["facts"] for s in f["sources"]]
    assert sources and all("excerpt" in s for s in sources)


def test_search_and_people(client: TestClient) -> None:
    hits = assert_ok(client.get("/api/search", params={"q": "Grodno"}).json(), paged=True)
    assert [h["outlet"] for h in hits] == ["Eastbound Report"]
    assert {"id", "title", "snippet", "outlet", "published"} <= set(hits[0])
    body = client.get("/api/people").json()
    people = assert_ok(body, paged=True)
    assert people and {"id", "name", "roles", "quote_count", "article_count", "variants"} == set(people[0])
    names = {p["name"] for p in people}
    assert "Ewa Sadowska" in names, names


@pytest.mark.parametrize("url", ["/api/articles/ffffffffffff", "/api/stories/999/brief", "/api/nothing-here"])
def test_not_found_is_the_error_envelope(client: TestClient, url: str) -> None:
    assert assert_error(client.get(url), 404, "not_found")["hint"]


@pytest.mark.parametrize("url", ["/api/articles?limit=0", "/api/articles?limit=abc", "/api/articles?since=yesterday",
                                 "/api/search", "/api/stories/abc/brief", "/api/articles?offset=-1"])  # fmt: skip
def test_validation_errors_are_the_error_envelope(client: TestClient, url: str) -> None:
    assert_error(client.get(url), 422, "invalid_request")


def test_wrong_method_is_the_error_envelope(client: TestClient) -> None:
    assert_error(client.delete("/api/articles"), 405, "method_not_allowed")


def test_server_error_is_the_error_envelope(api_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(api_store, "list_stories", broken)
    with TestClient(create_app(api_store), raise_server_exceptions=False) as c:
        error = assert_error(c.get("/api/stories"), 500, "internal_error")
        assert "fire" not in error["message"]  # internals stay in the log


def test_ingest_json_text(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    with TestClient(create_app(store)) as c:
        body = c.post("/api/ingest", json={"title": "Drills end", "text": RECORDS[2]["text"], "outlet": "Signal Desk"}).json()
        report = assert_ok(body, paged=False)
        assert set(report) == {"run_id", "added", "updated", "duplicates", "near_duplicates", "errors", "warnings"}
        assert [a["title"] for a in report["added"]] == ["Drills end"]
        assert report["added"][0]["outlet"] == "Signal Desk"
        again = assert_ok(c.post("/api/ingest", json={"title": "Drills end", "text": RECORDS[2]["text"], "outlet": "Signal Desk"}).json(), paged=False)
        assert again["added"] == [] and len(again["duplicates"]) == 1
        assert_error(c.post("/api/ingest", json={"title": "no text"}), 422, "invalid_request")
        assert_error(c.post("/api/ingest", content=b"{not json", headers={"content-type": "application/json"}), 422, "invalid_request")


def test_ingest_multipart_reports_each_file_by_its_name(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    files = [("files", ("../../etc/lt.txt", b"Lithuania asks for consultations\n\n" + RECORDS[1]["text"].encode())),
             ("files", ("run.sh", b"#!/bin/sh\nrm -rf /\n"))]  # fmt: skip
    with TestClient(create_app(store)) as c:
        report = assert_ok(c.post("/api/ingest", files=files).json(), paged=False)
        assert [a["source"] for a in report["added"]] == ["../../etc/lt.txt"]
        assert [e["source"] for e in report["errors"]] == ["run.sh"]
        assert report["errors"][0]["hint"]
        assert "sitroom-upload-" not in json.dumps(report)  # temp paths never leak
        assert_error(c.post("/api/ingest", files={"other": ("x.txt", b"x")}), 422, "invalid_request")
        assert_error(c.post("/api/ingest", data={"text": "x"}), 415, "unsupported_media_type")


def test_request_over_the_size_limit_is_413(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    with TestClient(create_app(store, max_upload_bytes=1000)) as c:
        big = assert_error(c.post("/api/ingest", files={"files": ("big.txt", b"x" * 5000)}), 413, "too_large")
        assert "MB" in big["message"]
        assert_error(c.post("/api/ingest", json={"title": "t", "text": "y" * 2000}), 413, "too_large")
        assert store.count_articles() == 0
        # A chunked body without Content-Length is cut off the same way.
        chunks = iter([b"{" + b" " * 600, b" " * 600 + b"}"])
        assert_error(c.post("/api/ingest", content=chunks, headers={"content-type": "application/json"}), 413, "too_large")


def test_writes_need_the_token_when_one_is_set(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    payload = {"title": "Drills end", "text": RECORDS[2]["text"]}
    with TestClient(create_app(store, token="s3cret")) as c:
        assert_error(c.post("/api/ingest", json=payload), 401, "unauthorized")
        assert_error(c.post("/api/ingest", json=payload, headers={"Authorization": "Bearer nope"}), 403, "forbidden")
        assert c.get("/api/articles").status_code == 200  # reads stay open
        assert store.count_articles() == 0
        ok = c.post("/api/ingest", json=payload, headers={"Authorization": "Bearer s3cret"})
        assert assert_ok(ok.json(), paged=False)["added"]


def test_cross_site_writes_are_refused(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    payload = {"title": "Drills end", "text": RECORDS[2]["text"]}
    with TestClient(create_app(store)) as c:
        assert_error(c.post("/api/ingest", json=payload, headers={"Origin": "https://evil.example"}), 403, "forbidden")
        assert_error(c.post("/api/ingest", json=payload, headers={"Sec-Fetch-Site": "cross-site"}), 403, "forbidden")
        assert store.count_articles() == 0


def test_unexpected_host_is_refused_against_dns_rebinding(api_store: Store) -> None:
    app = create_app(api_store, allowed_hosts=frozenset({"127.0.0.1", "localhost"}))
    with TestClient(app, base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/stories").status_code == 200
        assert_error(c.get("/api/stories", headers={"Host": "evil.example"}), 400, "bad_request")


def test_openapi_and_docs(client: TestClient) -> None:
    schema = client.get("/api/openapi.json").json()
    assert {"/api/articles", "/api/articles/{article_id}", "/api/stories", "/api/stories/{story_id}/brief",
            "/api/search", "/api/people", "/api/ingest"} <= set(schema["paths"])  # fmt: skip
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/stories/{story_id}/brief" in docs.text


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "example.org", "::"])
def test_serve_refuses_a_public_host_without_a_token(host: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITROOM_TOKEN", raising=False)
    result = CliRunner().invoke(serve_cmd, ["--host", host], obj=CliState(Config.load()))
    assert result.exit_code == 2
    assert "--token" in result.output and "SITROOM_TOKEN" in result.output


def test_serve_starts_on_loopback_and_with_a_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    state = CliState(Config.load(), db=str(tmp_path / "s.db"))
    assert CliRunner().invoke(serve_cmd, [], obj=state).exit_code == 0
    assert CliRunner().invoke(serve_cmd, ["--host", "0.0.0.0", "--port", "9000"], obj=state,
                              env={"SITROOM_TOKEN": "t0ken"}).exit_code == 0  # fmt: skip
    assert [(c["host"], c["port"]) for c in calls] == [("127.0.0.1", 8000), ("0.0.0.0", 9000)]


def test_brief_is_rebuilt_when_its_story_changes(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'w.db'}")
    with TestClient(create_app(store)) as c:
        c.post("/api/ingest", json={"title": RECORDS[0]["title"], "text": RECORDS[0]["text"], "outlet": "Northline Wire"})
        sid = assert_ok(c.get("/api/stories").json(), paged=True)[0]["id"]
        before = assert_ok(c.get(f"/api/stories/{sid}/brief").json(), paged=False)
        assert assert_ok(c.get(f"/api/stories/{sid}/brief").json(), paged=False) == before  # served from the cache
        c.post("/api/ingest", json={"title": "Poland closes crossings", "outlet": "Signal Desk",
                                    "text": RECORDS[0]["text"].replace("Monday", "Monday night")})  # fmt: skip
        after = assert_ok(c.get(f"/api/stories/{sid}/brief").json(), paged=False)["stories"][0]
        assert len(after["articles"]) == len(before["stories"][0]["articles"]) + 1


def test_stories_carry_escalation_level_and_trend(client: TestClient) -> None:
    stories = assert_ok(client.get("/api/stories").json(), paged=True)
    assert stories and all(s["trend"] in ("rising", "falling", "steady") for s in stories)
    assert all(s["escalation_level"] is None or isinstance(s["escalation_level"], float | int) for s in stories)
