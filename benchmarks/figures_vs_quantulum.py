"""figures.v1 and dates.v1 next to quantulum3 and dateparser on the sample gold.

Run: ``.venv/bin/pip install -r requirements/bench-figures.txt`` once, then
``.venv/bin/python benchmarks/figures_vs_quantulum.py [--repeat N]``. Prints markdown tables
for docs/benchmarks.md: what each tool finds of the gold figures and dates, with the right
value, with the hedge kept, and its time per article; and what our two stages cost next to
the spaCy parse of the same texts.

How a gold item counts as found by a baseline: for figures, a quantulum3 quantity whose span
overlaps the gold figure's text; for dates, a dateparser ``search_dates`` hit whose text
overlaps the gold date's text. Values are compared as the gold writes them: a quantulum3
range (value ± uncertainty) against ``low``/``high``; a dateparser datetime cut to the gold
granularity. quantulum3's pickled unit classifier does not load under our scikit-learn, so it
runs with its heuristic unit disambiguation (``classifier.USE_CLF = False``); that changes
units, not which numbers it finds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from sitroom.config import Config  # noqa: E402
from sitroom.eval.gold import find_prefix  # noqa: E402
from sitroom.eval.runner import SampleResult, annotate_sample  # noqa: E402
from sitroom.nlp.pipeline import AnnotatedArticle, Pipeline  # noqa: E402

STAGES = ["sentences.v1", "entities.v1", "mentions.v1", "dates.v1", "figures.v1"]


def gold_spans(result: SampleResult, kind: str) -> list[tuple[dict[str, Any], int, int]]:
    """Each gold item with the span its text covers, repeated texts looked up in order."""
    text = result.article.text
    after: dict[str, int] = {}
    out: list[tuple[dict[str, Any], int, int]] = []
    for g in result.gold.items[kind]:
        at = find_prefix(text, g["text"], after.get(g["text"], 0))
        after[g["text"]] = at + 1
        out.append((g, at, at + len(g["text"])))
    return out


def cold_seconds(setup: str, call: str) -> tuple[float, float]:
    """(import, first call) seconds in a fresh interpreter: ours has imported things already."""
    code = ("import time, warnings; warnings.simplefilter('ignore'); t0 = time.perf_counter(); "
            f"{setup}; t1 = time.perf_counter(); {call}; print(t1 - t0, time.perf_counter() - t1)")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    first, second = out.stdout.split()
    return float(first), float(second)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[Any, float]:
    """The result of ``fn`` and its median wall time over ``repeat`` runs, in seconds."""
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return out, statistics.median(times)


# -- figures --------------------------------------------------------------------------------


def quantulum_figures(results: list[SampleResult], repeat: int) -> dict[str, Any]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from quantulum3 import classifier, parser

        classifier.USE_CLF = False
        first = cold_seconds("from quantulum3 import classifier, parser; classifier.USE_CLF = False", "parser.parse('about 12 km')")
        counts = {"gold": 0, "found": 0, "value": 0, "hedge": 0, "system": 0}
        seconds = 0.0
        for r in results:
            quantities, took = timed(partial(parser.parse, r.article.text), repeat)
            seconds += took
            counts["system"] += len(quantities)
            for g, lo, hi in gold_spans(r, "figures"):
                counts["gold"] += 1
                hit = next((q for q in quantities if q.span[0] < hi and lo < q.span[1]), None)
                if hit is None:
                    continue
                counts["found"] += 1
                counts["value"] += _quantulum_value_right(g, hit)
                counts["hedge"] += bool(g["approx"]) and g["approx"].split()[0] in hit.surface.lower()
    return {**counts, "seconds_per_article": seconds / len(results), "import_s": first[0], "first_call_s": first[1]}


def _quantulum_value_right(gold: dict[str, Any], q: Any) -> bool:
    if gold["value"] is None:
        unc = q.uncertainty or 0
        return abs(q.value - unc - gold["low"]) < 1e-6 and abs(q.value + unc - gold["high"]) < 1e-6
    return abs(q.value - gold["value"]) < 1e-6


def our_figures(results: list[SampleResult]) -> dict[str, Any]:
    counts = {"gold": 0, "found": 0, "value": 0, "hedge": 0, "system": 0}
    for r in results:
        counts["system"] += len(r.ann.figures)
        for g, lo, _ in gold_spans(r, "figures"):
            counts["gold"] += 1
            hit = next((f for f in r.ann.figures if abs(int(f["start"]) - lo) <= 3), None)
            if hit is None:
                continue
            counts["found"] += 1
            counts["value"] += all(hit[k] == g[k] for k in ("value", "low", "high"))
            counts["hedge"] += bool(g["approx"]) and hit["approx"] == g["approx"]
    return counts


# -- dates ----------------------------------------------------------------------------------


def dateparser_dates(results: list[SampleResult], repeat: int) -> dict[str, Any]:
    from dateparser.search import search_dates

    first = cold_seconds("from dateparser.search import search_dates", "search_dates('on Monday', languages=['en'])")
    counts = {"gold": 0, "found": 0, "value": 0, "system": 0}
    seconds = 0.0
    for r in results:
        base = dt.datetime.fromisoformat(str(r.article.published)[:10])
        settings = {"RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}
        found, took = timed(partial(search_dates, r.article.text, languages=["en"], settings=settings), repeat)
        hits: list[tuple[str, dt.datetime]] = found or []
        seconds += took
        counts["system"] += len(hits)
        located = _locate(r.article.text, hits)
        for g, lo, hi in gold_spans(r, "dates"):
            counts["gold"] += 1
            hit = next((when for s, e, when in located if s < hi and lo < e), None)
            if hit is None:
                continue
            counts["found"] += 1
            counts["value"] += _cut(hit, g["granularity"]) == g["value"]
    return {**counts, "seconds_per_article": seconds / len(results), "import_s": first[0], "first_call_s": first[1]}


def _locate(text: str, hits: list[tuple[str, dt.datetime]]) -> list[tuple[int, int, dt.datetime]]:
    out, at = [], 0
    for surface, when in hits:
        start = text.find(surface, at)
        if start < 0:
            start = text.find(surface)
        if start >= 0:
            out.append((start, start + len(surface), when))
            at = start + 1
    return out


def _cut(when: dt.datetime, granularity: str) -> str:
    if granularity == "year":
        return f"{when.year:04d}"
    if granularity == "month":
        return f"{when.year:04d}-{when.month:02d}"
    if granularity == "week":
        return (when.date() - dt.timedelta(days=when.weekday())).isoformat()
    return when.date().isoformat()


def our_dates(results: list[SampleResult]) -> dict[str, Any]:
    counts = {"gold": 0, "found": 0, "value": 0, "system": 0}
    for r in results:
        counts["system"] += len(r.ann.dates)
        for g, lo, _ in gold_spans(r, "dates"):
            counts["gold"] += 1
            hit = next((d for d in r.ann.dates if abs(int(d["start"]) - lo) <= 3), None)
            if hit is not None:
                counts["found"] += 1
                counts["value"] += hit["value"] == g["value"]
    return counts


# -- our stage cost ---------------------------------------------------------------------------


def stage_seconds(results: list[SampleResult], repeat: int) -> dict[str, float]:
    """Median seconds per pass over the sample: the spaCy parse and each of our stages."""
    pipeline = Pipeline(Config.load(assignments=(f"nlp.stages={STAGES!r}",)))
    nlp = pipeline.load_model()
    texts = [r.article.text for r in results]
    docs, parse = timed(lambda: list(nlp.pipe(texts, batch_size=32)), repeat)
    costs = {"spaCy parse (nlp.pipe)": parse}
    for info, _ in pipeline.stages:
        costs[info.key] = 0.0
    for _ in range(repeat):
        for r, doc in zip(results, docs, strict=True):
            item = AnnotatedArticle(r.article, doc)
            for info, stage in pipeline.stages:
                start = time.perf_counter()
                item = stage(item)
                costs[info.key] += (time.perf_counter() - start) / repeat
    return costs


# -- report -----------------------------------------------------------------------------------


def pct(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "-"


def report(results: list[SampleResult], repeat: int) -> str:
    ours_f, ours_d = our_figures(results), our_dates(results)
    quant, dparse = quantulum_figures(results, repeat), dateparser_dates(results, repeat)
    costs = stage_seconds(results, repeat)
    n = len(results)
    lines = [f"Sample corpus: {n} articles, {ours_f['gold']} gold figures, {ours_d['gold']} gold dates; "
             f"median of {repeat} runs.", "",
             "| figures | found | right value | hedge kept | items output | ms / article |",
             "| --- | --- | --- | --- | --- | --- |",
             f"| sitroom figures.v1 | {pct(ours_f['found'], ours_f['gold'])} | {pct(ours_f['value'], ours_f['gold'])} "
             f"| {pct(ours_f['hedge'], _hedged(results))} | {ours_f['system']} | {costs['figures.v1'] / n * 1000:.1f} |",
             f"| quantulum3 0.10.0 | {pct(quant['found'], quant['gold'])} | {pct(quant['value'], quant['gold'])} "
             f"| {pct(quant['hedge'], _hedged(results))} | {quant['system']} | {quant['seconds_per_article'] * 1000:.1f} |",
             "", "| dates | found | right value | items output | ms / article |", "| --- | --- | --- | --- | --- |",
             f"| sitroom dates.v1 | {pct(ours_d['found'], ours_d['gold'])} | {pct(ours_d['value'], ours_d['gold'])} "
             f"| {ours_d['system']} | {costs['dates.v1'] / n * 1000:.1f} |",
             f"| dateparser search_dates | {pct(dparse['found'], dparse['gold'])} | {pct(dparse['value'], dparse['gold'])} "
             f"| {dparse['system']} | {dparse['seconds_per_article'] * 1000:.1f} |",
             "", f"sitroom times are the stage alone, on the spaCy parse every stage shares "
             f"({costs['spaCy parse (nlp.pipe)'] / n * 1000:.0f} ms / article, below); the baselines parse for themselves.",
             "", f"One-off costs in a fresh interpreter: quantulum3 import {quant['import_s']:.2f} s, first parse {quant['first_call_s']:.2f} s; "
             f"dateparser import {dparse['import_s']:.2f} s, first search {dparse['first_call_s']:.2f} s.", "",
             "| pass over the sample | ms | share of the parse |", "| --- | --- | --- |"]  # fmt: skip
    parse = costs["spaCy parse (nlp.pipe)"]
    lines += [f"| {key} | {sec * 1000:.1f} | {sec / parse:.1%} |" for key, sec in costs.items()]
    return "\n".join(lines)


def _hedged(results: list[SampleResult]) -> int:
    return sum(1 for r in results for g in r.gold.items["figures"] if g["approx"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per timing (the median is reported)")
    args = parser.parse_args()
    results = annotate_sample(Config.load(assignments=(f"nlp.stages={STAGES!r}",)))
    print(report(results, args.repeat))


if __name__ == "__main__":
    main()
