"""Scaling of story grouping (sitroom.resolve.stories.assign_story) with the size of the store.

What is measured: *resolution given features*. Each synthetic article already has what
StoryGrouper.add would compute -- a 384-d unit vector (standing in for the MiniLM embedding of
title and lead), up to 10 salient entity keys with counts, and a date -- and the benchmark times
only assign_story (blocking via story_keys, scoring, writing the membership). spaCy and the
embedding model are NOT run: their cost per article is constant, while grouping is the part that
can grow with the corpus. Article rows are inserted first (Store.add_article with an empty
Annotations, MinHash from sitroom.ingest.fingerprint) because story_articles references them;
that insertion is timed separately.

Synthetic corpus: N/25 stories, each a random unit topic vector, 3-6 keys drawn from a 2,000-key
vocabulary with Zipf-like popularity (so "pol", "usa", ... appear in many stories), a start date
over 2 years and a length of 1-20 days. An article = its story's topic + noise (normalised),
keys = a subset of its story's keys plus 1-2 popular keys, a date within the story's span; the
feed arrives in date order, stories interleaved.

Each size runs in a fresh subprocess with a fresh SQLite file in a temp dir (peak RSS is the
child's own). A size that exceeds --cap-minutes (default 20) stops and reports the rate so far.

    .venv/bin/python benchmarks/resolve_scaling.py            # 10k, 30k, 100k
    .venv/bin/python benchmarks/resolve_scaling.py --quick    # 1k, 3k
    .venv/bin/python benchmarks/resolve_scaling.py --sizes 5000 20000 --cap-minutes 5
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

DIM, VOCAB, ARTICLES_PER_STORY, SEED = 384, 2000, 25, 20241027
POPULAR = ["pol", "usa", "rus", "ukr", "deu", "fra", "gbr", "chn", "isr", "eu", "nato", "un", "irn", "tur", "bel"]
START = dt.date(2023, 1, 1)


# ------------------------------------------------------------------------------ corpus
def make_corpus(n: int, seed: int = SEED, days: int = 730) -> list[dict]:
    rng = np.random.default_rng(seed)
    vocab = POPULAR + [f"q{i}" for i in range(VOCAB - len(POPULAR))]
    pop = 1.0 / np.arange(1, VOCAB + 1) ** 1.1
    pop /= pop.sum()
    n_stories = max(1, n // ARTICLES_PER_STORY)
    topics = rng.standard_normal((n_stories, DIM)).astype(np.float32)
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    story_keys = [list(rng.choice(VOCAB, size=rng.integers(3, 7), replace=False, p=pop)) for _ in range(n_stories)]
    starts = rng.integers(0, days, size=n_stories)
    lengths = rng.integers(1, 21, size=n_stories)
    owner = rng.integers(0, n_stories, size=n)
    noise = rng.standard_normal((n, DIM)).astype(np.float32) * (0.75 / np.sqrt(DIM))  # cos(article, topic) ~ 0.8
    vecs = topics[owner] + noise
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    out = []
    for i in range(n):
        s = int(owner[i])
        sk = story_keys[s]
        k = int(rng.integers((len(sk) + 1) // 2, len(sk) + 1))
        keys = {vocab[j]: int(rng.integers(1, 6)) for j in rng.choice(sk, size=k, replace=False)}
        for j in rng.choice(50, size=int(rng.integers(1, 3)), replace=False, p=pop[:50] / pop[:50].sum()):
            keys.setdefault(vocab[j], 1)
        day = START + dt.timedelta(days=int(starts[s] + rng.integers(0, lengths[s])))
        date = f"{day.isoformat()}T{int(rng.integers(0, 24)):02d}:{int(rng.integers(0, 60)):02d}"
        out.append({"i": i, "story": s, "date": date, "keys": dict(list(keys.items())[:10]), "vector": vecs[i]})
    out.sort(key=lambda a: (a["date"], a["i"]))  # a feed: date order, stories interleaved
    return out


# ------------------------------------------------------------------------------ child
def insert_articles(store: Any, corpus: list[dict], deadline: float) -> int:
    """Store the synthetic articles (story_articles references them), 1,000 a transaction.

    Set-up, not what is measured: one commit an article made the insert outlast the grouping.
    """
    from sitroom.ingest.fingerprint import band_keys, fingerprint_article, minhash, shingles
    from sitroom.model import Annotations, Article

    inserted = 0
    for start in range(0, len(corpus), 1000):
        with store.transaction():
            for a in corpus[start:start + 1000]:
                keys = " ".join(a["keys"])
                art = Article(title=f"Story {a['story']} update {a['i']}", text=f"Report {a['i']} on story {a['story']} about {keys}.",
                              outlet=f"outlet{a['i'] % 7}", published=a["date"], source=f"synthetic#{a['i']}")
                art.id = fingerprint_article(art)
                a["id"], a["title"] = art.id, art.title
                sig = minhash(shingles(art.text))
                store.add_article(art, Annotations(), sig, band_keys(sig))
                inserted += 1
        if time.perf_counter() > deadline:
            break
    return inserted


def group_articles(store: Any, articles: list[dict], deadline: float) -> tuple[dict[str, int], list[float], list[float]]:
    """assign_story over the feed in date order: each article's story, wall and CPU seconds."""
    from sitroom.resolve.stories import StoryFeatures, assign_story

    assigned: dict[str, int] = {}
    wall: list[float] = []
    cpu: list[float] = []
    t = time.perf_counter()
    for a in articles:
        s, c = time.perf_counter(), time.process_time()
        assigned[a["id"]], _ = assign_story(store, StoryFeatures(a["id"], a["title"], a["date"], a["keys"], a["vector"]))
        cpu.append(time.process_time() - c)
        wall.append(time.perf_counter() - s)
        if len(wall) % max(1, len(articles) // 10) == 0:
            print(f"  [{len(articles)}] grouped {len(wall)} in {time.perf_counter() - t:.1f}s, load {os.getloadavg()[0]:.1f}",
                  file=sys.stderr, flush=True)
        if time.perf_counter() > deadline:
            break
    return assigned, wall, cpu


def run_child(n: int, db: str, cap_s: float, days: int = 730) -> dict:
    from sitroom.eval.coref_scoring import adjusted_rand_index
    from sitroom.store import Store

    class CountingStore(Store):
        counts: list[int] = []

        def story_candidates(self, *a, **kw):  # type: ignore[no-untyped-def]
            rows = super().story_candidates(*a, **kw)
            self.counts.append(len(rows))
            return rows

    t0 = time.perf_counter()
    deadline = t0 + cap_s
    corpus = make_corpus(n, days=days)
    gen_s = time.perf_counter() - t0
    store = CountingStore(db if "://" in db else f"sqlite:///{db}")
    load = [os.getloadavg()[0]]
    t = time.perf_counter()
    inserted = insert_articles(store, corpus, deadline)
    insert_s = time.perf_counter() - t
    t = time.perf_counter()
    assigned, wall, cpu = group_articles(store, corpus[:inserted], deadline)
    group_s = time.perf_counter() - t
    load.append(os.getloadavg()[0])

    done = len(wall)
    tenth = max(1, done // 10)
    gold = {a["id"]: a["story"] for a in corpus[:done]}
    table = Counter((assigned[k], gold[k]) for k in assigned)
    best: Counter[int] = Counter()
    for (sys_id, _g), c in table.items():
        best[sys_id] = max(best[sys_id], c)
    mid = slice(done // 2 - tenth // 2, done // 2 + tenth - tenth // 2)
    return {
        "n": n, "days": days, "done": done, "complete": done == n, "gen_s": gen_s, "inserted": inserted, "insert_s": insert_s,
        "group_s": group_s, "rate": done / group_s if group_s else 0.0,
        "first_ms": 1000 * float(np.mean(wall[:tenth])), "mid_ms": 1000 * float(np.mean(wall[mid])),
        "last_ms": 1000 * float(np.mean(wall[-tenth:])),
        "cpu_mid_ms": 1000 * float(np.mean(cpu[mid])), "cpu_last_ms": 1000 * float(np.mean(cpu[-tenth:])),
        "true_stories": len(set(gold.values())), "found_stories": len(set(assigned.values())),
        "ari": adjusted_rand_index(gold, assigned), "purity": sum(best.values()) / done if done else 0.0,
        "cand_per_article": float(np.mean(store.counts)) if store.counts else 0.0,
        "cand_last": float(np.mean(store.counts[-tenth:])) if store.counts else 0.0,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "load": load,
    }


# ------------------------------------------------------------------------------ parent
def machine() -> str:
    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError, StopIteration):
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{cpu}, {os.cpu_count()} cores, {ram:.1f} GiB RAM, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; {dt.datetime.now().isoformat(timespec='minutes')}")


def row(r: dict) -> str:
    label = f"{r['n']:,}" if r["complete"] else f"{r['n']:,} (capped at {r['done']:,})"
    return (f"| {label} | {r['days']} | {r['insert_s']:.1f} | {r['group_s']:.1f} | {r['rate']:.0f} | {r['first_ms']:.2f} "
            f"| {r['mid_ms']:.2f} | {r['last_ms']:.2f} | {r['cpu_mid_ms']:.2f} | {r['cpu_last_ms']:.2f} "
            f"| {r['cand_per_article']:.1f} / {r['cand_last']:.1f} | {r['true_stories']:,} | {r['found_stories']:,} "
            f"| {r['ari']:.3f} | {r['purity']:.3f} | {r['peak_rss_mb']:.0f} | {r['load'][0]:.1f}-{r['load'][1]:.1f} |")


HEADER = ("| articles | days | insert s | grouping s | articles/s | ms/article first 10% | middle 10% | last 10% "
          "| CPU ms/article middle 10% | CPU last 10% | candidates/article all / last 10% | true stories | stories found "
          "| ARI | purity | peak RSS MB | load avg |\n" + "|---" * 17 + "|")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000, 100_000])
    p.add_argument("--quick", action="store_true", help="sizes 1,000 and 3,000")
    p.add_argument("--cap-minutes", type=float, default=20.0, help="stop a size after this long, report rate so far")
    p.add_argument("--days", type=int, default=730,
                   help="days the stories start over; fewer days = more stories active at once (730/10 at 10k = the density of 100k)")
    p.add_argument("--per-day", type=int,
                   help="articles a day: the days follow from each size (137 = the density of 100k over 730 days), "
                        "so that sizes compare at one density and only the store grows")
    p.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                   help="postgresql: a throwaway cluster (initdb in a temp folder) holds the store")
    p.add_argument("--child", type=int, help=argparse.SUPPRESS)
    p.add_argument("--db", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.child:
        print(json.dumps(run_child(args.child, args.db, args.cap_minutes * 60, args.days)))
        return
    sizes = [1_000, 3_000] if args.quick else args.sizes
    print(f"Machine: {machine()}; backend {args.backend}; stories start over {args.days} days\n", flush=True)
    results = []
    cluster = None
    if args.backend == "postgresql":
        from sitroom.store.throwaway import ThrowawayCluster

        cluster = ThrowawayCluster().start()
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="sitroom-resolve-") as tmp:
            db = cluster.create_database() if cluster else str(Path(tmp) / "bench.db")
            days = max(1, round(n / args.per_day)) if args.per_day else args.days
            cmd = [sys.executable, __file__, "--child", str(n), "--db", db, "--days", str(days),
                   "--cap-minutes", str(args.cap_minutes)]
            try:  # the child caps itself; this is the backstop
                out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, timeout=args.cap_minutes * 60 + 300, check=True)
            except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as exc:
                print(f"size {n}: failed ({exc.__class__.__name__})", flush=True)
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            results.append(r)
            print(f"size {n}: {json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in r.items()})}", flush=True)
    print("\n" + HEADER)
    for r in results:
        print(row(r))
    for r in results:
        if not r["complete"]:
            proj = (r["n"] - r["done"]) * r["last_ms"] / 1000
            print(f"\nPROJECTION for {r['n']:,}: capped after {r['done']:,} articles; the remaining {r['n'] - r['done']:,} at the last "
                  f"measured {r['last_ms']:.2f} ms/article would take >= {proj:.0f}s more (a lower bound if the cost keeps growing).")
    print(f"\nMachine: {machine()}")
    if cluster:
        cluster.stop()


if __name__ == "__main__":
    main()
