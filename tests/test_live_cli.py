"""`sitroom feeds`, `watch`, `changes`, `alerts`: shapes and one-line errors (issue 13)."""

from __future__ import annotations

import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from sitroom.cli import cli
from sitroom.cli.live import parse_duration, parse_since


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_feeds_add_list_remove(tmp_path: Path) -> None:
    db = ("--db", str(tmp_path / "f.db"))
    assert run(*db, "feeds", "add", "http://127.0.0.1:9/feed.xml", "--name", "local", "--allow-private")[0] == 0
    code, out, _ = run(*db, "feeds", "add", "http://127.0.0.1:9/feed.xml", "--allow-private")
    assert code == 0 and out.startswith("already followed: feed 1 (local)")
    code, out, _ = run(*db, "feeds", "list", "--format", "json")
    [feed] = json.loads(out)
    assert set(feed) == {"id", "url", "name", "allow_private", "added_at", "polled_at", "last_status", "done", "pending", "failed"}
    assert (feed["name"], feed["allow_private"], feed["done"]) == ("local", True, 0)
    assert run(*db, "feeds", "remove", "local")[0] == 0
    code, _, err = run(*db, "feeds", "remove", "local")
    assert code == 1 and "no feed 'local'" in err
    assert json.loads(run(*db, "feeds", "list", "--format", "json")[1]) == []


@pytest.mark.parametrize("url,problem", [("file:///etc/passwd", "only http and https"), ("http://169.254.169.254/latest", "not a public address"),
                                         ("http://[::ffff:127.0.0.1]/feed", "not a public address"), ("http://0x7f.1/feed", "not a public address")])
def test_feeds_add_refuses_what_the_guard_refuses(tmp_path: Path, url: str, problem: str) -> None:
    code, _, err = run("--db", str(tmp_path / "f.db"), "feeds", "add", url)
    assert code == 2 and problem in err and "Traceback" not in err


def test_watch_without_feeds_and_bad_every_are_usage_errors(tmp_path: Path) -> None:
    db = ("--db", str(tmp_path / "f.db"))
    code, _, err = run(*db, "watch", "--once")
    assert code == 2 and "sitroom feeds add" in err
    code, _, err = run(*db, "watch", "--every", "soon")
    assert code == 2 and "not a duration" in err


def test_changes_and_alerts_empty_and_since_parsing(tmp_path: Path) -> None:
    db = ("--db", str(tmp_path / "f.db"))
    assert json.loads(run(*db, "changes", "--format", "json")[1]) == []
    assert json.loads(run(*db, "alerts", "--since", "2h", "--format", "json")[1]) == []
    code, _, err = run(*db, "changes", "--since", "last tuesday")
    assert code == 2 and "--since" in err


def test_durations() -> None:
    assert [parse_duration(t) for t in ("10m", "30s", "2h", "90", "1.5m")] == [600, 30, 7200, 90, 90]
    with pytest.raises(click.BadParameter):
        parse_duration("0m")
    assert parse_since(None) is None
    assert parse_since("2026-12-01T08:00:00+01:00") == parse_since("2026-12-01T07:00:00")
