"""Benchmarks: ingest + pipeline throughput next to raw spaCy on the same texts, and peak memory.

Run with `make bench` (or `python benchmarks/run.py [--copies N]`). Each mode runs in its own
process so that its peak RSS is its own. Results go to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from results import RESULTS, record  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def corpus_dir(copies: int) -> Path:
    """The sample corpus, copied ``copies`` times with a numbered line so no copy is a duplicate."""
    from sitroom.cli.ingest import sample_articles_dir

    out = Path(tempfile.mkdtemp(prefix="sitroom-bench-"))
    sources = sorted(p for p in sample_articles_dir().iterdir() if p.suffix == ".txt")
    for i in range(copies):
        for src in sources:
            text = src.read_text("utf-8")
            (out / f"{i:04d}-{src.name}").write_text(text.rstrip("\n") + f"\n\nCopy {i} for benchmarking.\n", "utf-8")
    return out


def load_texts(folder: Path) -> list[str]:
    from sitroom.ingest import IngestOptions, iter_articles
    from sitroom.model import Article

    return [a.text for a in iter_articles([folder], IngestOptions()) if isinstance(a, Article)]


def mode_spacy(folder: Path) -> dict[str, float]:
    import spacy

    from sitroom.config import Config
    from sitroom.nlp.model import resolve_model_name

    texts = load_texts(folder)
    nlp = spacy.load(resolve_model_name(Config.load().get("nlp.model")))
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
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


def mode_ingest(folder: Path, workers: int = 0) -> dict[str, float]:
    from sitroom.batch import ClusterOptions
    from sitroom.config import Config
    from sitroom.ingest import IngestOptions
    from sitroom.ingest.runner import ingest_paths
    from sitroom.nlp.pipeline import Pipeline
    from sitroom.store import Store

    config = Config.load()
    if not workers:
        Pipeline(config).load_model()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/bench.db")
        start = time.perf_counter()  # with workers: includes starting the cluster and its models
        report = ingest_paths([folder], store, config, IngestOptions(), cluster=ClusterOptions(workers=workers))
        elapsed = time.perf_counter() - start
    assert report.ok and report.added
    return _result(load_texts(folder), elapsed)


def mode_dask1(folder: Path) -> dict[str, float]:
    return mode_ingest(folder, workers=1)


def mode_dask2(folder: Path) -> dict[str, float]:
    return mode_ingest(folder, workers=2)


def _result(texts: list[str], seconds: float) -> dict[str, float]:
    words = sum(len(t.split()) for t in texts)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"articles": len(texts), "words": words, "seconds": round(seconds, 3),
            "words_per_s": round(words / seconds), "peak_rss_mb": round(peak_mb)}  # fmt: skip


def stage_costs(folder: Path) -> dict[str, float]:
    """Seconds of each stage over the corpus, next to the spaCy parse of the same texts."""
    from sitroom.config import Config
    from sitroom.ingest import IngestOptions, iter_articles
    from sitroom.model import Article
    from sitroom.nlp.pipeline import AnnotatedArticle, Pipeline

    articles = [a for a in iter_articles([folder], IngestOptions()) if isinstance(a, Article)]
    pipeline = Pipeline(Config.load())
    nlp = pipeline.load_model()
    start = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=32))
    costs = {"parse": time.perf_counter() - start}
    for article, doc in zip(articles, docs, strict=True):
        item = AnnotatedArticle(article, doc)
        for info, stage in pipeline.stages:
            t0 = time.perf_counter()
            item = stage(item)
            costs[info.key] = costs.get(info.key, 0.0) + time.perf_counter() - t0
    return {k: round(v, 3) for k, v in costs.items()}


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


def write_results(rows: dict[str, dict[str, float]], copies: int) -> None:
    spacy_wps = rows["spacy"]["words_per_s"]
    lines = [
        f"Measured {dt.date.today().isoformat()} on {machine()}.",
        f"Corpus: the sample corpus's .txt articles copied {copies} times ({rows['spacy']['articles']} articles, "
        f"{rows['spacy']['words']:,} words). Command: `make bench` (`python benchmarks/run.py --copies {copies}`).",
        "",
        "`seconds` and `words/s`: the timed part (after the model is loaded; for `dask1`/`dask2` it includes",
        "starting the cluster and loading a model in each worker). `CPU s`: the whole process and its children",
        "(imports, model loads, workers), user + system, from the parent's rusage.",
        "",
        "| mode | what runs | seconds | words/s | vs raw spaCy | CPU s (whole process) | CPU vs raw spaCy | peak RSS (MB) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    what = {"spacy": "`nlp.pipe` of the plain model", "pipeline": "sitroom model + stages (sentences, entities, mentions)",
            "ingest": "read files, fingerprint, pipeline, near-duplicates, stories, SQLite writes",
            "dask1": "`ingest --workers 1`: the stages on a 1-worker local Dask cluster",
            "dask2": "`ingest --workers 2`: the stages on a 2-worker local Dask cluster"}  # fmt: skip
    spacy_cpu = rows["spacy"].get("cpu_s") or 1.0
    for mode, r in rows.items():
        if mode == "stages":
            continue
        cpu = r.get("cpu_s", 0.0)
        lines.append(f"| {mode} | {what[mode]} | {r['seconds']} | {r['words_per_s']:,} | {r['words_per_s'] / spacy_wps:.2f} "
                     f"| {cpu:.1f} | {spacy_cpu / cpu if cpu else 0:.2f} | {r['peak_rss_mb']} |")
    if "dask1" in rows and "dask2" in rows:
        lines += ["", f"2 workers against 1: {rows['dask1']['seconds'] / rows['dask2']['seconds']:.2f}x the speed (target >= 1.7 on 2 cores)."]
    costs = {k: v for k, v in rows.get("stages", {}).items() if k != "cpu_s"}
    if costs:
        lines += ["", "Stage cost next to the spaCy parse (model with our paragraph splitter and gazetteer) of the same texts:", "",
                  "| stage | seconds | % of parse |", "| --- | --- | --- |"]
        for key, sec in costs.items():
            if key != "parse":
                lines.append(f"| {key} | {sec} | {100 * sec / costs['parse']:.1f}% |")
        lines.append(f"| (parse) | {costs['parse']} | 100% |")
    record("throughput", "\n".join(lines), "## Ingest and pipeline throughput (issue 2)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=20, help="copies of the sample corpus (default 20)")
    parser.add_argument("--mode", choices=[*MODES, "stages"], help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:  # child process: one mode, JSON on stdout
        run = stage_costs if args.mode == "stages" else MODES[args.mode]
        print(json.dumps(run(Path(args.folder))))
        return
    folder = corpus_dir(args.copies)
    rows = {}
    for mode in [*MODES, "stages"]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run([sys.executable, __file__, "--mode", mode, "--folder", str(folder)],
                             check=True, capture_output=True, text=True).stdout  # fmt: skip
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        rows[mode] = json.loads(out.strip().splitlines()[-1])
        rows[mode]["cpu_s"] = round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 2)
        print(mode, rows[mode], flush=True)
    write_results(rows, args.copies)
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
