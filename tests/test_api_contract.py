"""The API contract: OpenAPI documents the real shapes, the CLI's JSON is the API's data."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.cli import cli
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.store import Store, exports
from tests.test_api import RECORDS

PAGED = ["/api/articles", "/api/stories", "/api/search?q=Belarus", "/api/people", "/api/errors", "/api/corrections"]


@pytest.fixture(scope="module")
def db_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("contract")
    (root / "in.jsonl").write_text("\n".join(json.dumps(r) for r in RECORDS), "utf-8")
    path = str(root / "c.db")
    store = Store(f"sqlite:///{path}")
    ingest_paths([root / "in.jsonl", root / "missing.txt"], store, Config.load(), IngestOptions())
    return path


@pytest.fixture(scope="module")
def client(db_path: str) -> Iterator[TestClient]:
    with TestClient(create_app(Store(f"sqlite:///{db_path}"))) as c:
        yield c


@pytest.fixture(scope="module")
def schema(client: TestClient) -> dict[str, Any]:
    return dict(client.get("/api/openapi.json").json())


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def data_schema(schema: dict[str, Any], path: str) -> dict[str, Any]:
    """The documented schema of ``data`` in the 200 reply of GET ``path``."""
    ok = schema["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return resolve(schema, resolve(schema, ok)["properties"]["data"])


def item_keys(schema: dict[str, Any], node: dict[str, Any]) -> set[str]:
    if node.get("type") == "array":
        node = resolve(schema, node["items"])
    return set(node["properties"])


@pytest.mark.parametrize(("url", "path"), [
    ("/api/articles", "/api/articles"), ("/api/stories", "/api/stories"), ("/api/search?q=Belarus", "/api/search"),
    ("/api/people", "/api/people"), ("/api/errors", "/api/errors"), ("/api/stats", "/api/stats"),
    ("/api/articles/facets", "/api/articles/facets"), ("/api", "/api"),
])  # fmt: skip
def test_replies_have_exactly_the_documented_fields(client: TestClient, schema: dict[str, Any], url: str, path: str) -> None:
    body = client.get(url).json()
    documented = data_schema(schema, path)
    data = body["data"]
    rows = data if isinstance(data, list) else [data]
    assert rows, f"{url} returned no rows to check"
    for row in rows:
        assert set(row) == item_keys(schema, documented), url


def test_one_item_endpoints_are_documented(client: TestClient, schema: dict[str, Any]) -> None:
    article = client.get("/api/articles").json()["data"][0]["id"]
    doc = client.get(f"/api/articles/{article}").json()["data"]
    assert set(doc) == item_keys(schema, data_schema(schema, "/api/articles/{article_id}"))
    story = client.get("/api/stories").json()["data"][0]["id"]
    detail = client.get(f"/api/stories/{story}").json()["data"]
    assert set(detail) == item_keys(schema, data_schema(schema, "/api/stories/{story_id}")) and detail["articles"]
    person = client.get("/api/people").json()["data"][0]["id"]
    assert set(client.get(f"/api/people/{person}").json()["data"]) == item_keys(schema, data_schema(schema, "/api/people/{person_id}"))


# The documented fields of each reply's ``data`` (its items for a list), written out: a response
# model that gains, loses or renames a field fails here, so the contract changes only on purpose.
PINNED = {
    "/api": "docs endpoints name openapi version",
    "/api/articles": "id near_duplicate_of outlet published source story title url word_count",
    "/api/articles/{article_id}": "article claims dates entities events figures mentions quotes speakers stages",
    "/api/articles/facets": "date outlet person story",
    "/api/stories": "article_count escalation_level first_date id last_date outlets title trend",
    "/api/stories/{story_id}": "article_count articles escalation_level first_date id last_date outlets title trend",
    "/api/search": "id outlet published rank snippet title",
    "/api/people": "article_count id name quote_count roles variants",
    "/api/people/{person_id}": "article_count articles id name quote_count quotes role_sources roles variants",
    "/api/errors": "at hint id problem run_id source",
    "/api/stats": "articles first last near_duplicates outlets stories top_entities top_people",
    "/api/corrections": "at id kind note other subject",
}


def test_openapi_shapes_are_pinned(schema: dict[str, Any]) -> None:
    documented = {path: " ".join(sorted(item_keys(schema, data_schema(schema, path)))) for path in PINNED}
    assert documented == PINNED
    assert set(resolve(schema, {"$ref": "#/components/schemas/ErrorEnvelope"})["properties"]) == {"ok", "error"}


def test_errors_are_documented_as_the_envelope(schema: dict[str, Any]) -> None:
    """Regression: 422 was documented as FastAPI's default while the real body is sitroom's envelope."""
    envelope = schema["components"]["schemas"]["ErrorEnvelope"]
    assert set(envelope["properties"]) == {"ok", "error"}
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            for status in ("404", "422", "500"):
                ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
                assert ref.endswith("/ErrorEnvelope"), (method, path, status)
            assert "additionalProperties" not in op["responses"].get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})


def test_api_index_and_openapi_answer(client: TestClient, schema: dict[str, Any]) -> None:
    """Regression: /api and /openapi.json were 404."""
    endpoints = client.get("/api").json()["data"]["endpoints"]
    listed = {(e["method"], e["path"]) for e in endpoints}
    documented = {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert listed == documented
    assert client.get("/openapi.json").json() == schema


@pytest.mark.parametrize("url", PAGED)
def test_every_list_has_one_default_limit_and_a_total(client: TestClient, url: str) -> None:
    """Regression: default limits were 20, 50 and 100, and search had no offset or total."""
    page = client.get(url).json()["page"]
    assert page["limit"] == 50 and page["offset"] == 0 and isinstance(page["total"], int)


def test_no_server_paths_in_any_reply(client: TestClient, db_path: str) -> None:
    root = str(Path(db_path).parent)
    article = client.get("/api/articles").json()["data"][0]["id"]
    for url in [*PAGED, "/api/stats", f"/api/articles/{article}", "/api/export/articles.ndjson", "/api/export/quotes.csv"]:
        assert root not in client.get(url).text, url
    errors = client.get("/api/errors").json()["data"]
    assert [e["source"] for e in errors] == ["missing.txt"] and errors[0]["problem"] == "does not exist"


def cli_json(db_path: str, *args: str) -> Any:
    result = CliRunner().invoke(cli, [*args, "--format", "json", "--db", db_path], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("cli_args", "url"), [
    (["list"], "/api/articles"), (["list", "--outlet", "baltic courier"], "/api/articles?outlet=baltic%20courier"),
    (["stories"], "/api/stories"), (["search", "Belarus"], "/api/search?q=Belarus"), (["people"], "/api/people"),
    (["errors"], "/api/errors"), (["stats"], "/api/stats"),
])  # fmt: skip
def test_cli_json_is_the_api_data(client: TestClient, db_path: str, cli_args: list[str], url: str) -> None:
    """Regression: the CLI printed a bare list of other fields than the API's envelope held."""
    api = client.get(url).json()["data"]
    assert cli_json(db_path, *cli_args) == json.loads(json.dumps(api))


def test_show_json_is_the_article_reply(client: TestClient, db_path: str) -> None:
    article = client.get("/api/articles").json()["data"][0]["id"]
    assert cli_json(db_path, "show", article) == client.get(f"/api/articles/{article}").json()["data"]


def test_export_endpoints(client: TestClient) -> None:
    response = client.get("/api/export/events.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    header = response.text.splitlines()[0].split(",")
    for column in ("date", "actor1_country", "actor2_country", "cameo", "cameo_root", "plover", "quad_class", "goldstein",
                   "location", "independent_sources", "source_url"):
        assert column in header, column
    plover = client.get("/api/export/events.plover").json()
    assert plover and all(r["event"] for r in plover)
    rows = [json.loads(line) for line in client.get("/api/export/articles.ndjson", params={"outlet": "signal desk"}).text.splitlines()]
    assert rows == []
    assert client.get("/api/export/quotes.plover").status_code == 422
    assert client.get("/api/export/secrets.csv").status_code == 422


def test_parquet_export_reads_back_typed(client: TestClient, tmp_path: Path) -> None:
    import duckdb

    response = client.get("/api/export/figures.parquet")
    assert response.status_code == 200 and response.headers["content-type"] == "application/vnd.apache.parquet"
    target = tmp_path / "figures.parquet"
    target.write_bytes(response.content)
    table = duckdb.sql(f"SELECT * FROM '{target}'")
    assert table.columns == [*exports.COLUMNS["figures"]]
    types = dict(zip(table.columns, map(str, table.types), strict=True))
    assert (types["value"], types["start"], types["text"]) == ("DOUBLE", "BIGINT", "VARCHAR")
    csv_rows = client.get("/api/export/figures.csv").text.splitlines()
    assert len(table.fetchall()) == len(csv_rows) - 1 > 0


def test_corrections_need_the_token_and_hide_a_wrong_fact(tmp_path: Path, db_path: str) -> None:
    with TestClient(create_app(Store(f"sqlite:///{db_path}"), token="t0ken")) as c:
        story = c.get("/api/stories").json()["data"][0]["id"]
        facts = c.get(f"/api/stories/{story}/brief").json()["data"]["stories"][0]["facts"]
        key = facts[0]["key"]
        body = {"kind": "fact_wrong", "subject": key, "note": "the figure was retracted"}
        assert c.post("/api/corrections", json=body).status_code == 401
        saved = c.post("/api/corrections", json=body, headers={"Authorization": "Bearer t0ken"}).json()["data"]
        assert saved["kind"] == "fact_wrong" and saved["note"] == "the figure was retracted"
        after = c.get(f"/api/stories/{story}/brief").json()["data"]["stories"][0]["facts"]
        assert key not in {f["key"] for f in after} and len(after) == len(facts) - 1
        assert c.get("/api/corrections").json()["data"][0]["subject"] == key
        c.post("/api/corrections", json={"kind": "fact_restored", "subject": key}, headers={"Authorization": "Bearer t0ken"})
        assert len(c.get(f"/api/stories/{story}/brief").json()["data"]["stories"][0]["facts"]) == len(facts)
