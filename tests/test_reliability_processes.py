"""Real processes: kill -9 mid-ingest, concurrent ingests on one store, a hostile batch end to end."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from .conftest import BAD

TOPICS = ["Poland closed two border crossings with Belarus", "Lithuania moved troops to the Suwalki gap",
          "Germany pledged air defence systems to Ukraine", "Finland extended its border fence"]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _corpus(folder: Path, n: int) -> list[Path]:
    """``n`` distinct small articles on a few topics (so that stories get several members)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        topic, day = TOPICS[i % len(TOPICS)], DAYS[i % len(DAYS)]
        path = folder / f"{i:02d}.txt"
        path.write_text(f"{topic} (report {i})\nSeptember {10 + i % 7}, 2026\n\nWARSAW - {topic} on {day}, officials said. "
                        f"The step was number {i} this month, a spokesman told reporters in the capital.\n", "utf-8")  # fmt: skip
        paths.append(path)
    return paths


def _sitroom(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "sitroom", "--db", str(db), *args]


def _env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[1] / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def _query(db: Path, sql: str) -> list[tuple[object, ...]]:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10) as conn:
            return list(conn.execute(sql))
    except sqlite3.OperationalError:  # not created or not migrated yet
        return []


def _check_consistent(db: Path) -> int:
    """Every stored article is in exactly one story and each story's count is its members; returns articles."""
    articles = _query(db, "SELECT COUNT(*) FROM articles")[0][0]
    unplaced = _query(db, "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM story_articles)")
    assert unplaced == [], f"articles in no story: {unplaced}"
    wrong = _query(db, "SELECT s.id, s.article_count, COUNT(m.article_id) FROM stories s LEFT JOIN story_articles m "
                       "ON m.story_id = s.id GROUP BY s.id HAVING s.article_count != COUNT(m.article_id)")  # fmt: skip
    assert wrong == [], f"story counts off: {wrong}"
    return int(str(articles))


def _stored(db: Path) -> int:
    rows = _query(db, "SELECT COUNT(*) FROM articles")
    return int(str(rows[0][0])) if rows else 0


def test_kill_9_at_random_points_leaves_every_article_in_a_story_and_a_rerun_completes(tmp_path: Path) -> None:
    n = 10
    _corpus(tmp_path / "in", n)
    db = tmp_path / "s.db"
    rng = random.Random(11)
    killed_running = 0
    for _ in range(3):
        before = _stored(db)
        target = min(n - 1, before + rng.randint(1, 3))
        proc = subprocess.Popen(_sitroom(db, "ingest", "-q", str(tmp_path / "in")), env=_env(),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        deadline = time.monotonic() + 120
        while proc.poll() is None and _stored(db) < target and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(rng.random() * 0.2)  # land anywhere: in a stage, in a transaction, between articles
        killed_running += proc.poll() is None
        proc.kill()
        proc.wait()
        _check_consistent(db)
    assert killed_running >= 2  # the kills landed while articles were being written
    done = subprocess.run(_sitroom(db, "ingest", "-q", str(tmp_path / "in")), env=_env(), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _check_consistent(db) == n


def test_concurrent_ingests_on_a_new_store_store_every_article_once(tmp_path: Path) -> None:
    """Two first-time ingests raced the migration, and the same files ingested twice at once
    gave an IntegrityError traceback; story counts lost updates."""
    paths = _corpus(tmp_path / "all", 12)
    for name, chosen in (("a", paths[:8]), ("b", paths[4:])):
        (tmp_path / name).mkdir()
        for p in chosen:
            shutil.copy(p, tmp_path / name / p.name)
    db = tmp_path / "s.db"
    procs = [subprocess.Popen(_sitroom(db, "ingest", "-q", str(tmp_path / name)), env=_env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for name in ("a", "b")]  # fmt: skip
    outputs = [p.communicate(timeout=300) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0 and "Traceback" not in err, err
    assert _check_consistent(db) == 12
    assert _query(db, "SELECT COUNT(*) FROM story_articles")[0][0] == 12


def test_a_batch_of_every_kind_of_bad_input_stores_every_good_article(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    shutil.copytree(BAD, folder)
    good = _corpus(folder / "good", 3)
    os.mkfifo(folder / "pipe.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "deep.json").write_text("[" * 50_000 + "]" * 50_000, "utf-8")
    (folder / "surrogate.json").write_text('{"title": "A\\udc00", "text": "Body."}', "utf-8")
    (folder / "future.json").write_text(json.dumps({"title": "T", "text": "Body text here.", "published": "9999-01-01"}), "utf-8")
    (folder / "repeated.txt").write_text("Repeated\n\n" + "The same sentence again and again. " * 3_000, "utf-8")
    (folder / "quotes.txt").write_text("Quotes\n\n" + '"' * 5_000 + "\n", "utf-8")
    db = tmp_path / "s.db"
    done = subprocess.run(_sitroom(db, "ingest", str(folder)), env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and "Traceback" not in done.stderr + done.stdout
    errors = json.loads(subprocess.run(_sitroom(db, "errors", "--format", "json"), env=_env(), capture_output=True,
                                       text=True).stdout)  # fmt: skip
    failed = {Path(e["source"].split(":")[0].split("#")[0]).name for e in errors}
    assert {"pipe.txt", "zero.txt", "deep.json", "surrogate.json", "future.json", "repeated.txt", "quotes.txt",
            "empty.txt", "image.txt", "not-json.json"} <= failed  # fmt: skip
    stored = {row[0] for row in _query(db, "SELECT source FROM articles")}
    assert {str(p) for p in good} <= stored
