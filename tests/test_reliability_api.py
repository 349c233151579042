"""The API's edges: requests no endpoint can mean are 400/422 in the envelope, never 500, and
every reply carries the security headers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.api.security import CSP, is_loopback
from sitroom.store import Store

ARTICLE = {"title": "Poland closes a crossing", "published": "2026-09-14",
           "text": "WARSAW - Poland closed a border crossing with Belarus on Monday, the interior ministry said."}  # fmt: skip


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store, max_upload_bytes=10_000, allowed_hosts=frozenset({"testserver"}))) as c:
        yield c


def assert_envelope(response: Any, status: int, words: str = "") -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["ok"] is False and set(body["error"]) == {"code", "message", "hint"}
    assert words in body["error"]["message"] and "Traceback" not in response.text
    assert response.headers["content-security-policy"] == CSP


@pytest.mark.parametrize(("url", "words"), [
    ("/api/search?q=border%00crossing", "NUL"),
    ("/api/articles?offset=9223372036854775808", "too large"),
    ("/api/articles?story=99999999999999999999999", "too large"),
    ("/api/stories/9223372036854775808/brief", "too large"),
    ("/api/search?q=%ED%A0%80", "not UTF-8"),
])  # fmt: skip
def test_regression_bad_parameters_are_400_not_500(client: TestClient, url: str, words: str) -> None:
    """NUL in a search and ids of 2^63 or more reached SQLite and came back as 500."""
    assert_envelope(client.get(url), 400, words)


def test_the_largest_64_bit_offset_is_still_answered(client: TestClient) -> None:
    assert client.get("/api/articles?offset=9223372036854775807").status_code == 200


@pytest.mark.parametrize(("body", "words"), [
    (b"[" * 5_000 + b"]" * 5_000, "nested too deeply"),
    (b'{"title": "t", "text": "' + b"[" * 10 + b'", "x": ' + b"[" * 100 + b"]" * 100 + b"}", "nested too deeply"),
    (b'{"title": "t\\ud800", "text": "Body."}', "lone surrogate"),
])  # fmt: skip
def test_regression_hostile_json_bodies_are_422(client: TestClient, body: bytes, words: str) -> None:
    response = client.post("/api/ingest", content=body, headers={"Content-Type": "application/json"})
    assert_envelope(response, 422, words)


def test_an_unexpected_error_is_the_500_envelope_without_traceback(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr("sitroom.store.queries.search", broken)  # what GET /api/search calls
    with TestClient(create_app(store), raise_server_exceptions=False) as c:
        response = c.get("/api/search?q=border")
        assert_envelope(response, 500, "internal error")
        assert "secret internals" not in response.text


def test_400_and_413_replies_carry_the_security_headers(client: TestClient) -> None:
    assert_envelope(client.get("/api/articles", headers={"Host": "evil.example"}), 400, "Host")
    assert_envelope(client.post("/api/ingest", content=b"x" * 20_000, headers={"Content-Type": "application/json"}), 413)


@pytest.mark.parametrize("headers", [{"Origin": "null"}, {"Origin": "null", "Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "https://evil.example"}, {"Origin": "http://testserver.evil.example"}])  # fmt: skip
def test_writes_from_a_null_or_foreign_origin_are_refused(client: TestClient, headers: dict[str, str]) -> None:
    assert_envelope(client.post("/api/ingest", json=ARTICLE, headers=headers), 403, "another site")


def test_writes_from_our_own_origin_or_a_plain_client_go_through(client: TestClient) -> None:
    assert client.post("/api/ingest", json=ARTICLE, headers={"Origin": "http://testserver"}).json()["ok"] is True
    assert client.post("/api/ingest", json={**ARTICLE, "title": "Again"}).json()["ok"] is True
    # Our own form: no-referrer pages make Chromium send Origin null, with Sec-Fetch-Site same-origin.
    own_form = {"Origin": "null", "Sec-Fetch-Site": "same-origin"}
    assert client.post("/api/ingest", json={**ARTICLE, "title": "Form"}, headers=own_form).json()["ok"] is True


@pytest.mark.parametrize(("host", "local"), [("127.0.0.1", True), ("127.8.9.10", True), ("::1", True), ("[::1]", True),
                                             ("127.0.0.1.nip.io", False), ("localhost.evil.example", False),
                                             ("0.0.0.0", False), ("10.0.0.1", False)])  # fmt: skip
def test_regression_loopback_is_decided_by_the_address_not_the_name(host: str, local: bool) -> None:
    """``127.0.0.1.nip.io`` skipped the token requirement because it starts with 127."""
    assert is_loopback(host) is local


def test_uploads_are_ingested_by_one_writer_in_a_worker_process(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    app = create_app(store, ingest_in_process=True)
    with TestClient(app) as c:
        response = c.post("/api/ingest", json=ARTICLE)
        assert response.status_code == 200, response.text
        assert len(response.json()["data"]["added"]) == 1
        assert app.state.sitroom.writer._process is not None  # it ran in the worker, not in this process
    assert store.count_articles() == 1 and not store.unplaced_articles()


def test_regression_an_upload_that_crashes_a_stage_loses_only_itself(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The upload API answered 500 and lost the files after the bad one."""
    from sitroom.nlp.pipeline import Pipeline

    from .test_reliability import _crash_on

    original = Pipeline.__init__

    def init(self: Pipeline, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.stages = _crash_on("CRASHME", "quotes.v2", self)

    monkeypatch.setattr(Pipeline, "__init__", init)
    files = [("files", (f"{i}.txt", f"Title {i}\n\n{ARTICLE['text']} Item {i}.{' CRASHME' if i == 0 else ''}\n".encode()))
             for i in range(3)]  # fmt: skip
    with TestClient(create_app(store)) as c:
        response = c.post("/api/ingest", files=files)
    data = response.json()["data"]
    assert response.status_code == 200 and len(data["added"]) == 2 and store.count_articles() == 2
    assert [e["source"] for e in data["errors"]] == ["0.txt"] and "quotes.v2" in data["errors"][0]["problem"]
