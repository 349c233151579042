"""Editorial control of an article's metadata: at upload, through PATCH /api/articles/{id}, on the
article page, and the same correction as ``sitroom edit`` (issue 15, "Editorial control")."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.cli import cli
from sitroom.store import Store

TEXT = """Harbour cranes idle as dock strike enters third day

The strike at the container port of Marnow entered its third day on Wednesday, with 40 ships waiting at anchor, the port authority said.

Union leader Jana Kollar said the dockers would not return "until the safety rules are signed". The transport ministry called talks for Thursday.
"""


@pytest.fixture
def client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store), base_url="http://127.0.0.1") as c:
        yield c


def _upload(client: TestClient, **fields: str) -> dict:  # type: ignore[type-arg]
    reply = client.post("/api/ingest", files={"files": ("strike.txt", TEXT.encode())}, data=fields)
    assert reply.status_code == 200, reply.text
    return reply.json()["data"]  # type: ignore[no-any-return]


def test_upload_form_fields_set_outlet_date_and_url(client: TestClient, store: Store) -> None:
    added = _upload(client, outlet="Marnow Gazette", published="27 October 2024", url="https://example.org/strike")["added"]
    assert len(added) == 1
    article = client.get(f"/api/articles/{added[0]['id']}").json()["data"]["article"]
    assert (article["outlet"], article["published"], article["url"]) == ("Marnow Gazette", "2024-10-27", "https://example.org/strike")
    bad = client.post("/api/ingest", files={"files": ("s.txt", TEXT.encode())}, data={"published": "the other day"})
    assert bad.status_code == 422 and "cannot be read" in bad.json()["error"]["message"]
    assert store.count_articles() == 1


def test_patch_corrects_without_duplicating_and_places_the_article_again(client: TestClient, store: Store) -> None:
    article_id = _upload(client, published="2024-10-27")["added"][0]["id"]
    before = store.article_story(article_id)
    reply = client.patch(f"/api/articles/{article_id[:8]}", json={"outlet": "Marnow Gazette", "published": "2025-03-02"})
    assert reply.status_code == 200, reply.text
    data = reply.json()["data"]
    assert data["id"] == article_id and data["source"].endswith("strike.txt") and "/" not in data["source"]  # never a server path
    assert data["changes"] == {"outlet": {"old": None, "new": "Marnow Gazette"}, "published": {"old": "2024-10-27", "new": "2025-03-02"}}
    assert store.count_articles() == 1 and before is not None and data["story"] == store.article_story(article_id)
    story = store.get_story(data["story"])
    assert story is not None and story["first_date"] == "2025-03-02"
    facets = client.get("/api/articles/facets").json()["data"]  # counted again at once, not after the cache's age
    assert [f["value"] for f in facets["outlet"]] == ["Marnow Gazette"]
    assert client.patch(f"/api/articles/{article_id}", json={"url": None}).json()["data"]["changes"] == {}


@pytest.mark.parametrize(("ref", "body", "status", "words"), [
    ("ffffffffffff", {"outlet": "X"}, 404, "no article"),
    (None, {}, 422, "nothing to correct"),
    (None, {"published": "the other day"}, 422, "cannot be read"),
    (None, {"title": "A new title"}, 422, ""),
])  # fmt: skip
def test_patch_refuses_with_the_error_envelope(client: TestClient, ref: str | None, body: dict, status: int, words: str) -> None:  # type: ignore[type-arg]
    article_id = _upload(client)["added"][0]["id"]
    reply = client.patch(f"/api/articles/{ref or article_id}", json=body)
    assert reply.status_code == status and reply.json()["ok"] is False and words in reply.json()["error"]["message"]


def test_patch_needs_the_token_when_the_server_has_one(store: Store) -> None:
    with TestClient(create_app(store, token="s3cret"), base_url="http://127.0.0.1") as c:
        reply = c.post("/api/ingest", files={"files": ("strike.txt", TEXT.encode())}, headers={"Authorization": "Bearer s3cret"})
        article_id = reply.json()["data"]["added"][0]["id"]
        assert c.patch(f"/api/articles/{article_id}", json={"outlet": "X"}).status_code == 401
        assert c.patch(f"/api/articles/{article_id}", json={"outlet": "X"}, headers={"Authorization": "Bearer nope"}).status_code == 403
        ok = c.patch(f"/api/articles/{article_id}", json={"outlet": "X"}, headers={"Authorization": "Bearer s3cret"})
        assert ok.status_code == 200 and store.get_article(article_id)["outlet"] == "X"  # type: ignore[index]
        form = c.post(f"/articles/{article_id}/edit", data={"outlet": "Y", "published": "", "url": ""}, follow_redirects=False)
        assert form.status_code == 401 and 'name="token"' in form.text and store.get_article(article_id)["outlet"] == "X"  # type: ignore[index]


def test_cli_edit_and_the_api_give_the_same_json(client: TestClient, store: Store) -> None:
    article_id = _upload(client)["added"][0]["id"]
    api = client.patch(f"/api/articles/{article_id}", json={"outlet": "Marnow Gazette"}).json()["data"]
    result = CliRunner().invoke(cli, ["--db", store.url, "edit", article_id, "--outlet", "Port Daily", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {**api, "changes": {"outlet": {"old": "Marnow Gazette", "new": "Port Daily"}}}


def test_article_page_form_corrects_the_article(client: TestClient, store: Store) -> None:
    article_id = _upload(client)["added"][0]["id"]
    page = client.get(f"/articles/{article_id}").text
    assert f'action="/articles/{article_id}/edit"' in page and 'name="published"' in page and 'name="token"' not in page
    reply = client.post(f"/articles/{article_id}/edit", data={"outlet": "Marnow Gazette", "published": "2024-10-27", "url": ""},
                        follow_redirects=False)  # fmt: skip
    assert reply.status_code == 303
    shown = client.get(reply.headers["location"]).text
    assert "Saved: outlet, published." in shown and re.search(r'class="meta">Marnow Gazette · 2024-10-27', shown)
    bad = client.post(f"/articles/{article_id}/edit", data={"outlet": "Marnow Gazette", "published": "someday", "url": ""})
    assert bad.status_code == 422 and "cannot be read" in bad.text and store.get_article(article_id)["published"] == "2024-10-27"  # type: ignore[index]
    assert store.count_articles() == 1
