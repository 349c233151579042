"""Benchmarks: ingest + pipeline throughput next to raw spaCy on the same texts, and peak memory.

Run with `make bench` (or `python benchmarks/run.py [--corpus ecbplus|sample] [--modes spacy,ingest]`).
Each mode runs in its own process so that its CPU time and peak RSS are its own. The texts are
ECB+ dev news when ../shared/data holds it, else the sample corpus copied ``--copies`` times.
Results go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import corpus_folder, describe, read_articles  # noqa: E402
from results import RESULTS, record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def load_texts(folder: Path) -> list[str]:
    return [a.text for a in read_articles(folder)]


def mode_spacy(folder: Path) -> dict[str, float]:
    import spacy

    from sitroom.config import Config
    from sitroom.nlp.model import resolve_model_name

    texts = load_texts(folder)
    config = Config.load()
    nlp = spacy.load(resolve_model_name(config.get("nlp.model")))
    start = time.perf_counter()
    # sitroom's own batch size: a parse's peak memory grows with it (~165 MB more at 32 than at 8
    # on ECB+ dev), so the memory ratio compares like with like.
    for _ in nlp.pipe(texts, batch_size=int(config.get("nlp.batch_size"))):
        pass
    return _result(texts, time.perf_counter() - start)


def mode_pipeline(folder: Path) -> dict[str, float]:
    from sitroom.config import Config
    from sitroom.ingest import IngestOptions, iter_articles
    from sitroom.model import Article
    from sitroom.nlp.pipeline import Pipeline

    articles = [a for a in iter_articles([folder], IngestOptions()) if isinstance(a, Article)]
    pipeline = Pipeline(Config.load())
    pipeline.load_model()  # outside the timing, as in mode_spacy
    start = time.perf_counter()
    for _ in pipeline.run(articles):
        pass
    return _result([a.text for a in articles], time.perf_counter() - start)


def mode_ingest(folder: Path, scheduler: str | None = None) -> dict[str, float]:
    from sitroom.batch import ClusterOptions
    from sitroom.config import Config
    from sitroom.ingest import IngestOptions
    from sitroom.ingest.runner import ingest_paths
    from sitroom.nlp.pipeline import Pipeline
    from sitroom.store import Store

    config = Config.load()
    if not scheduler:  # outside the timing, in the order `sitroom ingest` loads them (runner._load_embedder)
        if config.get("resolve.stories"):
            from sitroom.resolve.stories import lead_embedder

            lead_embedder(config.get("resolve.lead_embedding"))
        Pipeline(config).load_model()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        start = time.perf_counter()
        report = ingest_paths([folder], store, config, IngestOptions(), cluster=ClusterOptions(scheduler=scheduler))
        elapsed = time.perf_counter() - start
    assert report.added, report.errors  # a file that is not an article is refused by every mode alike
    return {**_result(load_texts(folder), elapsed), "errors": len(report.errors)}


def mode_dask(folder: Path, workers: int) -> dict[str, float]:
    """``ingest`` on a local cluster of ``workers`` processes, timed once the cluster runs and every
    worker has loaded its models (a cluster kept for a backlog pays that once); the CPU seconds
    still count the cluster's start and the models."""
    from dask.distributed import Client, LocalCluster

    from sitroom.batch import warm_worker
    from sitroom.config import Config

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:  # fmt: skip
        client.run(warm_worker, json.dumps(Config.load().settings))
        row = mode_ingest(folder, scheduler=cluster.scheduler_address)
        # The workers are the nannies' children, not this process's: ask them for their peak.
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return {**row, "peak_rss_mb": round(max(row["peak_rss_mb"], *peaks.values()))}


def mode_dask1(folder: Path) -> dict[str, float]:
    return mode_dask(folder, 1)


def mode_dask2(folder: Path) -> dict[str, float]:
    return mode_dask(folder, 2)


def _result(texts: list[str], seconds: float) -> dict[str, float]:
    """The mode's figures; peak RSS is the largest of this process and its (Dask worker) children."""
    words = sum(len(t.split()) for t in texts)
    peak_mb = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    return {"articles": len(texts), "words": words, "seconds": round(seconds, 3),
            "words_per_s": round(words / seconds), "peak_rss_mb": round(peak_mb)}  # fmt: skip


MODES = {"spacy": mode_spacy, "pipeline": mode_pipeline, "ingest": mode_ingest, "dask1": mode_dask1, "dask2": mode_dask2}


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, {platform.system()} {platform.release()}"


def write_results(rows: dict[str, dict[str, float]], command: str, corpus: str, loads: list[tuple[float, ...]]) -> None:
    spacy_cpu = rows["spacy"]["cpu_s"]
    lines = [
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}.",
        f"Load average (1 min) before each mode: {', '.join(f'{load[0]:.1f}' for load in loads)}; the 2 cores are shared, so",
        "seconds are upper bounds and the ratios (same run, same texts) are what to read.",
        f"Corpus: {corpus}. Command: `{command}`.",
        "",
        "`seconds` and `words/s`: the timed part, wall clock (after the models are loaded; for `dask1`/`dask2`, after",
        "the cluster has started and each worker has loaded its models). `CPU s`: the whole process and its",
        "children (imports, model loads, workers), user + system, from the parent's rusage. Peak RSS: the largest",
        "single process of the mode (for Dask, the larger of the client and a worker).",
        "",
        "| mode | what runs | seconds | words/s | CPU s (whole process) | speed by CPU vs raw spaCy | peak RSS (MB) | RSS vs raw spaCy |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    what = {"spacy": "`nlp.pipe` of the plain model", "pipeline": "sitroom's model + all stages (no store)",
            "ingest": "`sitroom ingest`: read, fingerprint, parse, stages, lead embedding, near-duplicates, stories, SQLite",
            "dask1": "`ingest --workers 1`: the stages on a 1-worker local Dask cluster",
            "dask2": "`ingest --workers 2`: the stages on a 2-worker local Dask cluster"}  # fmt: skip
    for mode, r in rows.items():
        cpu = r["cpu_s"]
        lines.append(f"| {mode} | {what[mode]} | {r['seconds']} | {r['words_per_s']:,} | {cpu:.1f} | {spacy_cpu / cpu:.2f} "
                     f"| {r['peak_rss_mb']} | {r['peak_rss_mb'] / rows['spacy']['peak_rss_mb']:.2f} |")
    if "dask1" in rows and "dask2" in rows:
        lines += ["", f"2 workers against 1 (wall clock of the timed part): {rows['dask1']['seconds'] / rows['dask2']['seconds']:.2f}x "
                  "the speed (target >= 1.7 on 2 cores)."]
    record("throughput", "\n".join(lines), "## Ingest and pipeline throughput (issue 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", choices=["ecbplus", "sample"], help="default: ECB+ dev when ../shared/data has it, else the sample")
    parser.add_argument("--copies", type=int, default=20, help="copies of the sample corpus (default 20)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles (a quick check)")
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {','.join(MODES)}")
    parser.add_argument("--mode", choices=list(MODES), help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:  # child process: one mode, JSON on stdout
        print(json.dumps(MODES[args.mode](Path(args.folder))))
        return
    corpus, folder = corpus_folder(args.corpus, args.copies, args.limit)
    rows, loads = {}, []
    try:
        for mode in ["spacy", *(m for m in args.modes.split(",") if m != "spacy")]:
            loads.append(os.getloadavg())
            rows[mode] = _child(mode, folder)
            print(mode, rows[mode], flush=True)
        described = describe(corpus, read_articles(folder))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    command = " ".join(["python benchmarks/run.py", *sys.argv[1:]])
    write_results(rows, command, described, loads)
    print(f"wrote {RESULTS}")


def _child(mode: str, folder: Path) -> dict[str, float]:
    """Run one mode in its own process; its figures plus the whole process's CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run([sys.executable, __file__, "--mode", mode, "--folder", str(folder)],
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    row: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    row["cpu_s"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)
    return row


if __name__ == "__main__":
    main()
