"""`sitroom ingest URL...` and `--from FILE` (issue 13): one line per failed URL, the batch
goes on; a URL already stored, or a page with the same text, is a duplicate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from tests.livesite import Route, article_page, serve_site
from tests.test_urls import PARAS

pytestmark = pytest.mark.slow


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_ingest_urls_with_failures_duplicates_and_a_url_file(tmp_path: Path) -> None:
    db = ("--db", str(tmp_path / "u.db"))
    with serve_site() as site:
        site.routes["/story"] = Route(article_page("Crossing stays closed", PARAS))
        site.routes["/moved"] = Route(status=301, headers={"Location": "/story-copy"})
        site.routes["/story-copy"] = Route(article_page("Crossing stays closed", PARAS))
        code, out, err = run(*db, "ingest", site.url("/story"), site.url("/gone"), "--allow-private", "--format", "json")
        report = json.loads(out)
        assert code == 1 and [a["source"] for a in report["added"]] == [site.url("/story")]
        assert [e["source"] for e in report["errors"]] == [site.url("/gone")] and "HTTP 404" in report["errors"][0]["problem"]

        listing = tmp_path / "urls.txt"
        listing.write_text(f"# morning links\n{site.url('/story')}\n\n{site.url('/moved')}\n", "utf-8")
        code, out, err = run(*db, "ingest", "--from", str(listing), "--allow-private")
        assert code == 0 and "0 added" in out and "2 duplicates skipped" in out, out + err
        assert site.hits("/story") == 1  # the stored URL is not fetched again; the moved one is, and has the same text

        code, out, err = run(*db, "ingest", site.url("/story-copy"), "--format", "json")  # no --allow-private
        assert code == 1 and "not a public address" in json.loads(out)["errors"][0]["problem"]
        assert "Traceback" not in err

    bad = tmp_path / "bad.txt"
    bad.write_text("https://example.org/a\nnot a url\n", "utf-8")
    code, _, err = run(*db, "ingest", "--from", str(bad))
    assert code == 2 and "bad.txt:2" in err and "not an http(s) URL" in err


def test_ingest_url_obeys_robots_txt_unless_told_otherwise(tmp_path: Path) -> None:
    """`ingest URL` ignored robots.txt (feeds honoured it): a disallowed page is one error line."""
    db = ("--db", str(tmp_path / "r.db"))
    with serve_site() as site:
        site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /members/\n", content_type="text/plain")
        site.routes["/members/story"] = Route(article_page("Crossing stays closed", PARAS))
        code, out, err = run(*db, "ingest", site.url("/members/story"), "--allow-private", "--format", "json")
        report = json.loads(out)
        assert code == 1 and not report["added"] and site.hits("/members/story") == 0
        assert "robots.txt" in report["errors"][0]["problem"] and "--ignore-robots" in report["errors"][0]["hint"]
        code, out, err = run(*db, "ingest", site.url("/members/story"), "--allow-private", "--ignore-robots", "--format", "json")
        assert code == 0 and len(json.loads(out)["added"]) == 1, out + err
