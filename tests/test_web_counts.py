"""The articles page's counts at scale: cached per write stamp, and still right after a write."""

from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from sitroom.api import create_app
from sitroom.api import queries as api_queries
from sitroom.api.queries import PeopleIndex
from sitroom.ingest.fingerprint import band_keys, fingerprint_article, minhash, shingles
from sitroom.model import Annotations, Article, Mention, MentionGroup
from sitroom.resolve.people import DirectoryRows, Person, build_people
from sitroom.store import Store, sqlite
from sitroom.store.queries import ArticleFilter, list_articles, write_stamp


def _add(store: Store, title: str, outlet: str, published: str = "2026-09-15") -> str:
    article = Article(title=title, text=f"{title}. Troops moved near the border crossing on Tuesday.", outlet=outlet,
                      published=published, source="mem")  # fmt: skip
    article.id = fingerprint_article(article)
    sig = minhash(shingles(article.text))
    store.add_article(article, Annotations(), sig, band_keys(sig))
    return article.id


def _outlet_counts(client: TestClient) -> dict[str, int]:
    facets = client.get("/api/articles/facets").json()["data"]
    return {f["value"]: f["count"] for f in facets["outlet"]}


def test_cached_facets_and_totals_follow_an_article_written_by_another_process(store: Store) -> None:
    _add(store, "First report", "Wire")
    client = TestClient(create_app(store), base_url="http://127.0.0.1")
    assert _outlet_counts(client) == {"Wire": 1}
    assert client.get("/api/articles", params={"outlet": "wire"}).json()["page"]["total"] == 1
    stamp = write_stamp(store)
    _add(Store(store.url), "Second report", "WIRE")  # another Store: the app hears of it only through the database
    assert write_stamp(store) != stamp
    assert _outlet_counts(client) == {"Wire": 1, "WIRE": 1}
    assert client.get("/api/articles", params={"outlet": "wire"}).json()["page"]["total"] == 2
    assert "1–2 of 2" in client.get("/articles", params={"outlet": "Wire"}).text


def test_person_filter_with_more_articles_than_the_seek_limit(store: Store) -> None:
    mine = {_add(store, f"Report {i}", "Wire", f"2026-09-{10 + i}") for i in range(3)}
    other = _add(store, "Unrelated", "Post")
    ids = mine | {f"{n:016x}" for n in range(sqlite.SEEK_LIMIT + 10)}  # ids of articles not stored count for nothing
    rows, total = list_articles(store, ArticleFilter(person="x", person_articles=ids), sort="published")
    assert [r["id"] for r in rows] == sorted(mine, key=lambda i: next(r["published"] for r in rows if r["id"] == i)) and total == 3
    assert other not in {r["id"] for r in rows}
    second, _ = list_articles(store, ArticleFilter(person="x", person_articles=ids), limit=2, offset=2, sort="published")
    assert [r["id"] for r in second] == [r["id"] for r in rows][2:]  # walked in sort order, then paged
    by_outlet, _ = list_articles(store, ArticleFilter(outlet="post", person="x", person_articles=ids | {other}))
    assert [r["id"] for r in by_outlet] == [other]


def _add_person(store: Store, title: str, name: str, aid: str | None = None) -> str:
    """An article naming ``name`` and quoting him once (under the id ``aid`` when given)."""
    text = f"{title}. {name} said the border stays open."
    article = Article(title=title, text=text, outlet="Wire", published="2026-09-15", source="mem")
    article.id = aid or fingerprint_article(article)
    start = text.index(name)
    group = MentionGroup(1, "PERSON", name, mentions=[Mention(name, start, start + len(name), "name")])
    quote = {"text": "the border stays open", "start": text.index("the border"), "end": len(text) - 1, "kind": "indirect",
             "cue": "said", "speaker": {"name": name}, "confidence": 0.9}  # fmt: skip
    sig = minhash(shingles(text))
    store.add_article(article, Annotations(mentions=[group], quotes=[quote], produced_by={"mentions": "m.v1", "quotes": "q.v1"}),
                      sig, band_keys(sig))  # fmt: skip
    return article.id


def _rows(people: list[Person]) -> list[dict[str, object]]:
    return [{**p.row(), "articles": sorted(p.articles), "quoted_in": sorted(p.quote_articles)} for p in people]


def test_people_directory_reads_only_new_articles_after_its_first_build(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_person(store, "Monday", "Jan Nowak")
    index = PeopleIndex()
    assert [p.name for p in index.people(store)] == ["Jan Nowak"]
    reads: list[set[str] | None] = []
    real = DirectoryRows.read.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(DirectoryRows, "read", classmethod(lambda cls, st, only=None: reads.append(only) or real(cls, st, only)))
    new = {_add_person(store, "Tuesday", "Ewa Sadowska"), _add_person(store, "Wednesday", "Jan Nowak")}
    incremental = _rows(index.people(store))
    assert reads == [new]  # the two new articles' rows, nothing else re-read
    assert incremental == _rows(build_people(store))
    assert index.people(store)[0].quote_count == 2


def test_people_directory_is_read_again_after_a_delete(store: Store) -> None:
    first = _add_person(store, "Monday", "Jan Nowak")
    _add_person(store, "Tuesday", "Ewa Sadowska")
    index = PeopleIndex()
    assert len(index.people(store)) == 2
    store.delete_article(first)
    assert _rows(index.people(store)) == _rows(build_people(store)) and [p.name for p in index.people(store)] == ["Ewa Sadowska"]


def test_people_directory_is_read_again_when_an_article_is_stored_again(store: Store) -> None:
    """An article deleted and stored again under its id (the pipeline re-run) must not keep its old names."""
    first = _add_person(store, "Monday", "Jan Nowak")
    _add_person(store, "Tuesday", "Ewa Sadowska")
    index = PeopleIndex()
    assert len(index.people(store)) == 2
    store.delete_article(first)
    _add_person(store, "Monday", "Piotr Zielinski", aid=first)
    assert sorted(p.name for p in index.people(store)) == ["Ewa Sadowska", "Piotr Zielinski"]
    assert _rows(index.people(store)) == _rows(build_people(store))


def test_articles_page_does_not_wait_for_the_people_directory(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: the first view of the articles page paid the people directory's cold build (50-200 s at 10k-60k)."""
    _add_person(store, "Monday", "Jan Nowak")
    started, release = threading.Event(), threading.Event()

    def slow_read(cls: type[DirectoryRows], st: Store, only: set[str] | None = None) -> DirectoryRows:
        started.set()
        release.wait(30)
        return DirectoryRows()

    monkeypatch.setattr(DirectoryRows, "read", classmethod(slow_read))
    app = create_app(store, warm_people=True)
    warming = app.state.sitroom.people._warming
    assert started.wait(30)
    client = TestClient(app, base_url="http://127.0.0.1")
    try:
        facets = client.get("/api/articles/facets").json()["data"]
        assert facets["person"] == [] and facets["outlet"] == [{"value": "Wire", "label": "Wire", "count": 1}]
        assert client.get("/api/articles", params={"person": "Jan Nowak"}).json()["page"]["total"] == 1  # by the name, in SQL
    finally:
        release.set()
        warming.join(30)


def _add_speaker(store: Store, title: str, name: str, role: str, outlet: str) -> str:
    """An article quoting ``name`` as ``role`` (a speaker profile with a role, as the speakers stage writes it)."""
    text = f"{title}. {name}, the {role}, said the border stays open."
    article = Article(title=title, text=text, outlet=outlet, published="2026-09-15", source="mem")
    article.id = fingerprint_article(article)
    start = text.index(name)
    speaker = {"id": 1, "name": name, "kind": "person", "role": role, "org": None}
    quote = {"text": "the border stays open", "start": text.index("the border"), "end": len(text) - 1, "kind": "indirect",
             "cue": "said", "speaker": {"id": 1, "name": name}, "mention_start": start, "mention_end": start + len(name),
             "confidence": 0.9}  # fmt: skip
    sig = minhash(shingles(text))
    store.add_article(article, Annotations(speakers=[speaker], quotes=[quote], produced_by={"speakers": "s.v1", "quotes": "q.v1"}),
                      sig, band_keys(sig))  # fmt: skip
    return article.id


def test_an_edit_through_the_server_reads_again_only_the_edited_articles_roles(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regression: an outlet corrected through the server made the next view re-read every speaker role (1.9-7.5 s at 10k)."""
    first = _add_speaker(store, "Monday", "Jan Nowak", "minister", "Wire")
    _add_speaker(store, "Tuesday", "Jan Nowak", "deputy minister", "Post")
    app = create_app(store)
    client = TestClient(app, base_url="http://127.0.0.1")
    assert [r["role"] for r in client.get("/api/people/jan-nowak").json()["data"]["role_sources"]] == ["minister", "deputy minister"]
    role_reads: list[set[str] | None] = []
    full_reads: list[None] = []
    real_roles, real_read = api_queries.speaker_roles, DirectoryRows.read.__func__  # type: ignore[attr-defined]

    def roles(st: Store, only: set[str] | None = None) -> list[tuple[str, dict[str, object]]]:
        role_reads.append(only)
        return real_roles(st, only)

    monkeypatch.setattr(api_queries, "speaker_roles", roles)

    def read(cls: type[DirectoryRows], st: Store, only: set[str] | None = None) -> DirectoryRows:
        if only is None:
            full_reads.append(None)
        return real_read(cls, st, only)

    monkeypatch.setattr(DirectoryRows, "read", classmethod(read))
    assert client.patch(f"/api/articles/{first}", json={"outlet": "Gazette"}).status_code == 200
    sources = client.get("/api/people/jan-nowak").json()["data"]["role_sources"]
    assert [(r["role"], r["outlet"]) for r in sources] == [("minister", "Gazette"), ("deputy minister", "Post")]  # order kept
    assert role_reads == [{first}] and full_reads == []
    fresh = build_people(store)
    assert _rows(app.state.sitroom.people.people(store)) == _rows(fresh)
    assert app.state.sitroom.people.people(store)[0].roles == fresh[0].roles
