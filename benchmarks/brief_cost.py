"""What building the brief of a 16-article story costs, warm and cold (issue 9).

The sample corpus is ingested once through the real pipeline into a temporary store; its main
story (13 articles) is topped up to 16 with three copies of its articles under other outlets
and ids, so the statement layer sees 16 articles' annotations. Timed, each in a fresh
interpreter for the cold figures:

- load: reading the 16 articles and their annotations from the store (the baseline);
- cold: the first brief in a fresh process (gazetteer, escalation ladder, regular expressions;
  no NLP or embedding model is loaded), measured in two fresh processes;
- warm: the brief built again in the same process (median of 5);
- CLI: the whole ``sitroom brief STORY --format json`` process (interpreter, imports, store,
  brief, rendering), as a user runs it.

Wall-clock seconds depend on what else the two cores run; CPU seconds of the process do not.

Prints a table; ``--write`` puts it in docs/benchmarks.md.

    python benchmarks/brief_cost.py [--write]
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import record  # noqa: E402

ARTICLES = 16


def build_store(db: Path) -> int:
    from sitroom.analysis.brief import main_story
    from sitroom.cli.ingest import sample_articles_dir
    from sitroom.config import Config
    from sitroom.ingest import IngestOptions
    from sitroom.ingest.runner import ingest_paths
    from sitroom.store import Store

    store = Store(f"sqlite:///{db}")
    ingest_paths([sample_articles_dir()], store, Config.load(), IngestOptions())
    story = main_story(store)
    assert story is not None
    return story


def measure(db: str, story: int) -> dict[str, float]:
    """One fresh process: load, first (cold) brief, then warm briefs."""
    from sitroom.analysis.brief import brief_sections, load_story_articles
    from sitroom.store import Store

    store = Store(f"sqlite:///{db}")
    t0, c0 = time.perf_counter(), time.process_time()
    articles = load_story_articles(store, story)
    extra = [dataclasses.replace(a, id=f"{a.id}-copy", outlet=f"{a.outlet} Copy") for a in articles[: ARTICLES - len(articles)]]
    articles = [*articles, *extra]
    t1, c1 = time.perf_counter(), time.process_time()
    brief_sections(articles)
    t2, c2 = time.perf_counter(), time.process_time()
    warm, warm_cpu = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        brief_sections(articles)
        warm.append(time.perf_counter() - t)
        warm_cpu.append(time.process_time() - c)
    return {"articles": len(articles), "load": t1 - t0, "cold": t2 - t1, "warm": statistics.median(warm),
            "load_cpu": c1 - c0, "cold_cpu": c2 - c1, "warm_cpu": statistics.median(warm_cpu)}  # fmt: skip


def run_cli(db: Path, story: int, env: dict[str, str], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one ``sitroom brief`` process, start to exit."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "from sitroom.cli import cli; cli()", "brief", str(story), "--db", str(db), "--format", "json",
                    "-o", str(out)], capture_output=True, check=True, env=env)  # fmt: skip
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="put the table in docs/benchmarks.md")
    parser.add_argument("--measure", nargs=2, metavar=("DB", "STORY"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], int(args.measure[1]))))
        return
    with tempfile.TemporaryDirectory(prefix="sitroom-brief-") as tmp:
        db = Path(tmp) / "b.db"
        story = build_store(db)
        env = dict(os.environ)
        first, again = (json.loads(subprocess.run([sys.executable, __file__, "--measure", str(db), str(story)], capture_output=True,
                                                  text=True, check=True, env=env).stdout.strip().splitlines()[-1]) for _ in range(2))  # fmt: skip
        cli_wall, cli_cpu = run_cli(db, story, env, Path(tmp) / "b.json")
    r = {**first, "again": again["cold"], "again_cpu": again["cold_cpu"], "cli": cli_wall, "cli_cpu": cli_cpu}
    table = "\n".join([
        f"Machine: {platform.machine()}, {platform.python_version()}, measured {dt.date.today()} while other jobs shared the 2 cores.",
        "`python benchmarks/brief_cost.py` (brief of a {n}-article story; times in seconds; ratio = time / loading the annotations).".format(n=r["articles"]),
        "",
        "| step | seconds (wall) | CPU seconds | ratio to load (wall) | target |",
        "| --- | --- | --- | --- | --- |",
        f"| load the story's annotations (baseline) | {r['load']:.2f} | {r['load_cpu']:.2f} | 1.0 | – |",
        f"| brief, cold (first build in a fresh process) | {r['cold']:.2f} | {r['cold_cpu']:.2f} | {r['cold'] / r['load']:.1f} | < 3 s |",
        f"| brief, cold (again, another fresh process) | {r['again']:.2f} | {r['again_cpu']:.2f} | {r['again'] / r['load']:.1f} | < 3 s |",
        f"| brief, warm | {r['warm']:.2f} | {r['warm_cpu']:.2f} | {r['warm'] / r['load']:.1f} | < 1 s |",
        f"| whole `sitroom brief` command, cold (imports, store, brief, JSON) | {r['cli']:.2f} | {r['cli_cpu']:.2f} | {r['cli'] / r['load']:.1f} | – |",
    ])  # fmt: skip
    print(table)
    if args.write:
        record("brief-cost", table, "## Brief cost (issue 9)")


if __name__ == "__main__":
    main()
