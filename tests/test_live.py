"""Live coverage end to end (issue 13): feeds add, watch --once twice against a local site,
change log, story feed and a red-line alert, each tied to its spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.store import Store
from sitroom.store import live as db
from tests.livesite import Route, Site, article_page, rss, serve_site

WARNING = ["Poland's Interior Minister Ewa Nowak warned on Thursday that Warsaw would close every border crossing "
           "with Belarus if Belarusian troops crossed the border into Poland.",
           "\u201cIf Belarusian troops cross the border into Poland, we will close every crossing at once,\u201d Nowak "
           "told reporters in Warsaw after a meeting of the national security council.",
           "Belarus has moved about 4,000 soldiers to the area around Grodno for drills that Minsk says are routine. "
           "Polish border guards said they had seen armoured vehicles near the frontier."]  # fmt: skip
CROSSING = ["Belarusian troops crossed the border into Poland near the village of Kuznica on Saturday, Polish border "
            "guards said.",
            "The border guard service said a unit of about 30 Belarusian soldiers crossed the border before dawn and "
            "withdrew two hours later. Poland's Interior Minister Ewa Nowak called the incursion a provocation.",
            "Belarus has kept about 4,000 soldiers around Grodno since the start of its drills. Minsk did not comment."]  # fmt: skip

pytestmark = pytest.mark.slow


def run(*args: str, input: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False, input=input)
    return result.exit_code, result.output


def publish(site: Site, items: list[tuple[str, str, list[str], str]]) -> None:
    """Pages for ``items`` (path, title, paragraphs, date) and an RSS feed listing them newest first."""
    for path, title, paras, date in items:
        site.routes[path] = Route(article_page(title, paras, date))
    site.routes["/feed.xml"] = Route(rss([(t, site.url(p)) for p, t, _, _ in reversed(items)]),
                                     content_type="application/rss+xml", etag=f'"v{len(items)}"')


def test_feeds_add_and_watch_follow_a_story_to_a_red_line_alert(tmp_path: Path) -> None:
    db_path = str(tmp_path / "live.db")
    sitroom = ("--db", db_path, "--set", "feeds.host_interval=0", "--set", "feeds.backoff=0")
    alert_file = tmp_path / "alert.json"
    with serve_site() as site:
        site.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
        publish(site, [("/a", "Poland warns Belarus over troops massing at the border", WARNING, "2026-11-20")])
        assert run(*sitroom, "feeds", "add", site.url("/feed.xml"), "--name", "herald")[0] == 2  # guard: loopback refused
        code, out = run(*sitroom, "feeds", "add", site.url("/feed.xml"), "--name", "herald", "--allow-private")
        assert code == 0 and "added feed 1" in out

        code, out = run(*sitroom, "watch", "--once")
        assert code == 0 and "new article" in out and "new red line" in out
        store = Store(f"sqlite:///{db_path}")
        first = store.list_articles()
        assert len(first) == 1 and "SUMMARY ONLY" not in (store.get_article(first[0]["id"]) or {})["text"]

        code, out = run(*sitroom, "watch", "--once")  # nothing new: a 304, nothing stored
        assert code == 0 and "new article" not in out and site.log.count("/feed.xml") == 2 and site.hits("/a") == 1
        assert db.list_feeds(store)[0]["last_status"] == "not modified"

        publish(site, [("/a", "Poland warns Belarus over troops massing at the border", WARNING, "2026-11-20"),
                       ("/b", "Belarusian troops cross into Poland near Grodno, border guards say", CROSSING, "2026-11-22")])
        code, out = run(*sitroom, "watch", "--once", "--on-alert", f"cat > {alert_file}")
        assert code == 0 and "ALERT" in out, out

    articles = store.list_articles()
    assert len(articles) == 2
    story = store.article_story(articles[0]["id"])
    assert story is not None and story == store.article_story(articles[1]["id"])
    later = next(a["id"] for a in articles if "cross into" in a["title"])

    alert = json.loads(alert_file.read_text("utf-8"))
    # The holders are the brief's (issue 9); who else it lists there is the brief's business.
    assert "Ewa Nowak" in alert["stated_by"] and "Belarusian troops" in alert["if"]
    assert alert["met_by"]["article"] == later
    text = (store.get_article(later) or {})["text"]
    assert text[alert["met_by"]["start"]:alert["met_by"]["end"]].startswith("Belarusian troops crossed the border")
    stated = alert["stated_in"][0]
    earlier = (store.get_article(stated["article"]) or {})["text"]
    assert "if" in earlier[stated["start"]:stated["end"]].lower()

    code, out = run("--db", db_path, "alerts", "--format", "json")
    assert code == 0 and [a["met_by"]["article"] for a in json.loads(out)] == [later]
    code, out = run("--db", db_path, "changes", str(story), "--format", "json")
    kinds = [c["kind"] for c in json.loads(out)]
    assert kinds.count("article") == 2 and "red_line" in kinds
    assert [c["article"] for c in json.loads(out) if c["kind"] == "article"] == [later, first[0]["id"]]  # newest first
    red_line = next(c for c in json.loads(out) if c["kind"] == "red_line")
    assert red_line["story"] == story and red_line["spans"][0]["article"] == first[0]["id"]
    assert len(db.list_alerts(store)) == 1  # raised once, not again on the next poll
    _check_story_feed_and_page(store, story, later)


def _check_story_feed_and_page(store: Store, story: int, later: str) -> None:
    import xml.etree.ElementTree as ET

    from fastapi.testclient import TestClient

    from sitroom.api import create_app

    client = TestClient(create_app(store))
    resp = client.get(f"/stories/{story}/feed.xml")
    assert resp.status_code == 200 and resp.headers["content-type"].startswith("application/atom+xml")
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring(resp.content).findall(f"{atom}entry")
    titles = [e.findtext(f"{atom}title") or "" for e in entries]
    assert any(t.startswith("RED LINE MET") for t in titles) and any(t.startswith("red line:") for t in titles)
    alert = next(e for e in entries if (e.findtext(f"{atom}title") or "").startswith("RED LINE MET"))
    link = alert.find(f"{atom}link")
    assert link is not None and link.get("href", "").endswith(f"/articles/{later}")
    assert "spans:" in (alert.findtext(f"{atom}summary") or "")
    assert client.get("/stories/999/feed.xml").status_code == 404

    page = client.get(f"/stories/{story}")
    assert page.status_code == 200 and "Latest changes" in page.text and "Red line met" in page.text
    assert f"sitroom_seen_{story}" in page.headers.get("set-cookie", "")
    again = client.get(f"/stories/{story}")  # the cookie now says we saw everything
    assert "What changed since your last visit" in again.text and "Nothing new." in again.text
    old = client.get(f"/stories/{story}?since=2000-01-01T00:00:00")
    assert "Red line met" in old.text
