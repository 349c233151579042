"""Correcting an article: re-ingesting with new metadata, and ``sitroom edit``, never duplicate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.ingest.correction import apply_correction
from sitroom.store import Store

UNDATED = """Harbour cranes idle as dock strike enters third day

The strike at the container port of Marnow entered its third day on Wednesday, with 40 ships waiting at anchor, the port authority said.

Union leader Jana Kollar said the dockers would not return "until the safety rules are signed". The transport ministry called talks for Thursday.
"""


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "strike.txt"
    path.write_text(UNDATED, "utf-8")
    return path


def _ingest(db: str, *args: str) -> dict:  # type: ignore[type-arg]
    code, out, _ = run("--db", db, "--set", "resolve.stories=false", "ingest", "--format", "json", *args)
    assert code == 0
    return json.loads(out)  # type: ignore[no-any-return]


def test_reingest_with_published_updates_the_stored_article_instead_of_adding_a_copy(tmp_path: Path, page: Path) -> None:
    db = str(tmp_path / "s.db")
    first = _ingest(db, str(page))
    article_id = first["added"][0]["id"]
    again = _ingest(db, "--published", "2024-10-27", str(page))
    assert again["added"] == [] and again["near_duplicates"] == []
    assert again["updated"] == [{"id": article_id, "source": str(page), "story": None,
                                 "changes": {"published": {"old": None, "new": "2024-10-27"}}}]  # fmt: skip
    assert Store(f"sqlite:///{db}").count_articles() == 1
    # The same correction again changes nothing: a plain duplicate.
    assert _ingest(db, "--published", "2024-10-27", str(page))["duplicates"] == [{"source": str(page), "id": article_id}]


def test_reingest_with_outlet_keeps_the_id_and_says_so(tmp_path: Path, page: Path) -> None:
    db = str(tmp_path / "s.db")
    article_id = _ingest(db, str(page))["added"][0]["id"]
    code, out, _ = run("--db", db, "--set", "resolve.stories=false", "ingest", "--outlet", "Marnow Gazette", str(page))
    assert code == 0
    assert f"updated {article_id}: outlet None -> Marnow Gazette" in out
    assert Store(f"sqlite:///{db}").get_article(article_id)["outlet"] == "Marnow Gazette"  # type: ignore[index]


def test_same_page_saved_elsewhere_is_the_same_article_but_a_syndicated_copy_is_not(tmp_path: Path, page: Path) -> None:
    db = str(tmp_path / "s.db")
    _ingest(db, "--outlet", "Marnow Gazette", str(page))
    copy = tmp_path / "copy" / "strike.txt"
    copy.parent.mkdir()
    copy.write_text(UNDATED, "utf-8")
    assert _ingest(db, "--published", "2024-10-27", str(copy))["updated"][0]["changes"] == {"published": {"old": None, "new": "2024-10-27"}}
    syndicated = _ingest(db, "--outlet", "Northline Wire", str(copy))
    assert len(syndicated["added"]) == 1 and syndicated["near_duplicates"][0]["similarity"] == 1.0


def test_edit_corrects_metadata_keeps_the_id_and_the_search_index(tmp_path: Path, page: Path) -> None:
    db = str(tmp_path / "s.db")
    article_id = _ingest(db, str(page))["added"][0]["id"]
    code, out, _ = run("--db", db, "edit", article_id[:6], "--published", "27 October 2024", "--url", "https://example.org/strike")
    assert code == 0 and out.strip() == f"updated {article_id}: published None -> 2024-10-27; url None -> https://example.org/strike"
    code, out, _ = run("--db", db, "show", article_id, "--format", "json")
    assert json.loads(out)["article"]["published"] == "2024-10-27"
    code, out, _ = run("--db", db, "search", "--format", "json", "dockers")
    assert [hit["id"] for hit in json.loads(out)] == [article_id]
    code, out, _ = run("--db", db, "edit", article_id, "--url", "")
    assert out.strip() == f"updated {article_id}: url https://example.org/strike -> None"


def test_edit_refuses_unknown_ids_missing_options_and_bad_dates(tmp_path: Path, page: Path) -> None:
    db = str(tmp_path / "s.db")
    article_id = _ingest(db, str(page))["added"][0]["id"]
    code, _, err = run("--db", db, "edit", "ffffffff", "--outlet", "X")
    assert code == 1 and "no article with id 'ffffffff'" in err
    assert run("--db", db, "edit", article_id)[0] == 2
    code, _, err = run("--db", db, "edit", article_id, "--published", "the other day")
    assert code == 2 and "--published" in err


def test_new_date_places_the_article_again_and_refreshes_story_dates(tmp_path: Path, page: Path) -> None:
    db = str(tmp_path / "s.db")
    code, out, _ = run("--db", db, "ingest", "--format", "json", "--published", "2024-10-27", str(page))
    added = json.loads(out)["added"][0]
    store = Store(f"sqlite:///{db}")
    assert store.get_story(added["story"])["first_date"] == "2024-10-27"  # type: ignore[index]
    correction = apply_correction(store, added["id"], {"published": "2025-03-02"})
    assert correction.story is not None and store.article_story(added["id"]) == correction.story
    story = store.get_story(correction.story)
    assert story is not None and (story["first_date"], story["last_date"], story["article_count"]) == ("2025-03-02", "2025-03-02", 1)
    assert len(store.list_stories()) == 1  # the story it left, empty now, is gone
