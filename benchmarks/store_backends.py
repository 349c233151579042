"""SQLite vs PostgreSQL: the store part of `sitroom ingest`, same articles, same run.

What is measured: ``ArticleWriter.write``, the step `sitroom ingest` runs for each article once
the NLP stages are done: the near-duplicate lookup (MinHash bands), the article and its
annotation spans, its embedding, story grouping, all in one transaction per article, as in a
real ingest. The parse and the embedding model are NOT run: the articles are synthetic and
come pre-annotated (sentences, one entity span per mention of a story key) with their
384-d vector, so that the store, not spaCy, is what is timed. Stories, keys, vectors and dates
are those of benchmarks/resolve_scaling.py at --per-day articles a day; each text is 250
random words from a 5,000-word vocabulary with the key names in it (no two are near-duplicates).

Each backend runs in a fresh subprocess: SQLite in a temp file, PostgreSQL in a throwaway
cluster (initdb in a temp folder, fsync off, as for the tests). Client CPU is the Python
process only; PostgreSQL's server work is on top of it, in its own processes.

    .venv/bin/python benchmarks/store_backends.py --articles 10000
    .venv/bin/python benchmarks/store_backends.py --articles 2000 --backends sqlite
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))
from resolve_scaling import machine, make_corpus  # noqa: E402

WORDS = 250


def annotated(a: dict[str, Any], rng: np.random.Generator) -> tuple[Any, Any]:
    """One synthetic article and its annotations: sentences of 20 words, an entity span per key mention."""
    from sitroom.model import Annotations, Article, Entity, Sentence

    words = [f"w{j}" for j in rng.integers(0, 5000, size=WORDS)]
    mentions = [k for k, count in a["keys"].items() for _ in range(count)]
    for key, at in zip(mentions, rng.integers(0, WORDS, size=len(mentions)), strict=True):
        words[int(at)] = f"K{key}"
    text, ann, start = "", Annotations(), 0
    for i, word in enumerate(words):
        if word.startswith("K"):
            label = "GPE" if len(word) <= 4 else "ORG"
            ann.entities.append(Entity(word, label, len(text), len(text) + len(word), word[1:], kb_id=word[1:]))
        text += word + (". " if i % 20 == 19 else " ")
        if i % 20 == 19:
            ann.sentences.append(Sentence(start, len(text) - 1))
            start = len(text)
    ann.produced_by = {"sentences": "sentences.v1", "entities": "entities.v1"}
    article = Article(title=f"Story {a['story']} update {a['i']}", text=text.strip(), outlet=f"outlet{a['i'] % 7}",
                      published=a["date"], source=f"synthetic#{a['i']}")  # fmt: skip
    return article, ann


def run_child(n: int, db: str, per_day: int, cap_s: float) -> dict[str, Any]:
    from sitroom.ingest.fingerprint import fingerprint_article
    from sitroom.ingest.runner import ArticleWriter, IngestReport
    from sitroom.resolve.stories import StoryGrouper
    from sitroom.store import Store

    corpus = make_corpus(n, days=max(1, round(n / per_day)))
    rng = np.random.default_rng(7)
    store = Store(db)
    writer = ArticleWriter(store, StoryGrouper(store), 0.8)
    report = IngestReport()
    per: list[float] = []
    load = [os.getloadavg()[0]]
    wall, cpu = time.perf_counter(), time.process_time()
    for a in corpus:
        article, ann = annotated(a, rng)
        article.id = fingerprint_article(article)
        s = time.perf_counter()
        writer.write(article, ann, report, a["vector"])
        per.append(time.perf_counter() - s)
        if time.perf_counter() - wall > cap_s:
            break
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tenth = max(1, len(per) // 10)
    return {"n": n, "done": len(per), "added": len(report.added), "wall_s": wall, "cpu_s": cpu, "rate": len(per) / wall,
            "first_ms": 1000 * float(np.mean(per[:tenth])), "last_ms": 1000 * float(np.mean(per[-tenth:])),
            "stories": len({r["story"] for r in report.added}), "load": [*load, os.getloadavg()[0]]}  # fmt: skip


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=int, default=10_000)
    p.add_argument("--per-day", type=int, default=137, help="articles a day (137 = the density of 100k over two years)")
    p.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    p.add_argument("--cap-minutes", type=float, default=10.0, help="stop a backend after this long, report the rate so far")
    p.add_argument("--child", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(run_child(args.articles, args.child, args.per_day, args.cap_minutes * 60)))
        return
    print(f"Machine: {machine()}; {args.articles:,} articles at {args.per_day} a day\n", flush=True)
    print("| backend | articles stored | wall s | articles/s | client CPU s | ms/article first 10% | last 10% | stories | load avg |")
    print("|---|---|---|---|---|---|---|---|---|")
    for backend in args.backends:
        with tempfile.TemporaryDirectory(prefix="sitroom-backends-") as tmp:
            cluster = None
            if backend == "postgresql":
                from sitroom.store.throwaway import ThrowawayCluster

                cluster = ThrowawayCluster().start()
            try:
                db = cluster.create_database() if cluster else f"sqlite:///{Path(tmp) / 'bench.db'}"
                cmd = [sys.executable, __file__, "--child", db, "--articles", str(args.articles), "--per-day", str(args.per_day),
                       "--cap-minutes", str(args.cap_minutes)]  # fmt: skip
                out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True, timeout=args.cap_minutes * 60 + 300)
            finally:
                if cluster:
                    cluster.stop()
        r = json.loads(out.stdout.strip().splitlines()[-1])
        done = f"{r['done']:,}" if r["done"] == r["n"] else f"{r['done']:,} (capped)"
        print(f"| {backend} | {done} | {r['wall_s']:.1f} | {r['rate']:.1f} | {r['cpu_s']:.1f} | {r['first_ms']:.2f} | {r['last_ms']:.2f} "
              f"| {r['stories']:,} | {r['load'][0]:.1f}-{r['load'][1]:.1f} |", flush=True)


if __name__ == "__main__":
    main()
