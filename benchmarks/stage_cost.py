"""Where an article's CPU goes: the parse (plain model and ours), each stage, the lead embedding,
fingerprinting, and the store writes with story grouping, all in one process on the same texts.

Run with `python benchmarks/stage_cost.py [--corpus ecbplus|sample] [--limit N]`. CPU time
(``time.process_time``), so a busy machine inflates every row about alike and the ratios hold.
The issue-12 target is the row "all stages together": under 30% of the parse. Results go to
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import benchmark_articles, describe  # noqa: E402
from results import RESULTS, record  # noqa: E402
from run import machine  # noqa: E402

Costs = dict[str, float]


def _timed(costs: Costs, key: str, fn: Callable[[], Any]) -> Any:
    start = time.process_time()
    out = fn()
    costs[key] = costs.get(key, 0.0) + time.process_time() - start
    return out


def parse_costs(texts: list[str], costs: Costs) -> list[Any]:
    """The plain model's ``nlp.pipe`` and ours, and our model component by component."""
    import spacy

    from sitroom.nlp.model import load_language, resolve_model_name

    plain = spacy.load(resolve_model_name("auto"))
    _timed(costs, "parse, plain model (raw spaCy)", lambda: list(plain.pipe(texts, batch_size=32)))
    ours = load_language("auto")
    docs = _timed(costs, "parse, sitroom's model", lambda: list(ours.pipe(texts, batch_size=32)))
    staged = _timed(costs, "  component: tokenizer", lambda: [ours.make_doc(t) for t in texts])
    for name, proc in ours.pipeline:
        staged = _timed(costs, f"  component: {name}", lambda p=proc, d=staged: _component(p, d))
    return list(docs)


def _component(proc: Any, docs: list[Any]) -> list[Any]:
    return list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]


def after_parse_costs(articles: list[Any], docs: list[Any], costs: Costs) -> None:
    """Each stage, then what ingest does with the result: embedding, fingerprint, store + stories."""
    from sitroom.config import Config
    from sitroom.ingest.fingerprint import fingerprint_article
    from sitroom.ingest.runner import ArticleWriter, IngestReport
    from sitroom.nlp.pipeline import AnnotatedArticle, Pipeline
    from sitroom.resolve.stories import StoryGrouper
    from sitroom.store import Store

    pipeline = Pipeline(Config.load())
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(f"sqlite:///{tmp}/cost.db")
        grouper = StoryGrouper(store)
        writer, report = ArticleWriter(store, grouper, 0.8), IngestReport()
        grouper_embed = grouper.embed
        grouper_embed(articles[0])  # load the embedding model outside the timing
        minilm = StoryGrouper(store, "minilm")  # for comparison only: its vectors are not stored
        minilm.embed(articles[0])
        for article, doc in zip(articles, docs, strict=True):
            item = AnnotatedArticle(article, doc)
            for info, stage in pipeline.stages:
                item = _timed(costs, f"stage {info.key}", lambda s=stage, i=item: s(i))
            article.id = _timed(costs, "fingerprint (content id)", lambda a=article: fingerprint_article(a))
            vector = _timed(costs, f"lead embedding ({grouper.embedding.name}, as ingest does)", lambda a=article: grouper_embed(a))
            if grouper.embedding.name != "minilm":
                _timed(costs, "lead embedding (minilm, for comparison: not run by ingest)", lambda a=article: minilm.embed(a))
            _timed(costs, "near-duplicates, store writes, story grouping", lambda a=article, n=item.ann, v=vector: writer.write(a, n, report, v))
        store.engine.dispose()


def table(costs: Costs, n: int) -> list[str]:
    parse = costs["parse, sitroom's model"]
    stages = sum(v for k, v in costs.items() if k.startswith("stage "))
    rows = ["| step | CPU s | ms per article | % of the parse (sitroom's model) |", "| --- | --- | --- | --- |"]
    for key, sec in costs.items():
        rows.append(f"| {key} | {sec:.2f} | {1000 * sec / n:.1f} | {100 * sec / parse:.1f}% |")
    rows.append(f"| **all stages together** | {stages:.2f} | {1000 * stages / n:.1f} | **{100 * stages / parse:.1f}%** (target < 30%) |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", choices=["ecbplus", "sample"], help="default: ECB+ dev when ../shared/data has it, else the sample")
    parser.add_argument("--limit", type=int, default=0, help="only the first N articles")
    args = parser.parse_args()
    corpus, articles = benchmark_articles(args.corpus, args.limit)
    texts = [a.text for a in articles]
    costs: Costs = {}
    load = os.getloadavg()
    docs = parse_costs(texts, costs)
    after_parse_costs(articles, docs, costs)
    for key, sec in costs.items():
        print(f"{key:50s} {sec:8.2f}")
    raw, ours = costs["parse, plain model (raw spaCy)"], costs["parse, sitroom's model"]
    lines = [f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}; load average at the start "
             f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min), at the end "
             f"{os.getloadavg()[0]:.1f}. Corpus: {describe(corpus, articles)}. "
             f"Command: `python benchmarks/stage_cost.py{' --corpus ' + args.corpus if args.corpus else ''}"
             f"{f' --limit {args.limit}' if args.limit else ''}`.", "",
             f"Parse with sitroom's model / plain model: {ours / raw:.2f}.", "", *table(costs, len(articles))]  # fmt: skip
    record("stage-cost", "\n".join(lines), "## Per-article CPU cost, step by step (issues 12 and 14)")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
