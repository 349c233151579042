"""``python -m sitroom.eval.crashcheck``: every public text through the full pipeline, under the budget.

Runs PolNeAR (every split present), ECB+ (every topic) and the event-coding sentences
(PETRARCH-2 GSR and unit tests, ConfliBERT's test set) from ``../shared/data`` through
the pipeline with its guards, one article at a time so that each one's time is its own,
and reports crashes (a stage raised), time-outs (over ``nlp.time_budget_s``), texts refused
by the limits, and the slowest articles. Nothing is scored and nothing is stored. Exit
status 1 when anything crashed or timed out.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.errors import BudgetExceeded, InputError
from sitroom.model import Article


def polnear_texts(base: Path) -> Iterator[Article]:
    for path in sorted((base / "quotes" / "polnear").glob("*/text/*.txt")):
        yield Article(title=path.stem, text=path.read_bytes().decode("utf-8"), source=f"polnear/{path.parent.parent.name}/{path.name}")


def ecbplus_texts(base: Path) -> Iterator[Article]:
    from sitroom.eval.ecbplus import parse_document

    for path in sorted((base / "xdoc" / "ecbplus" / "ECB+").glob("*/*.xml")):
        doc = parse_document(path.read_text(encoding="utf-8"), path.stem, frozenset())
        yield Article(title=doc.title, text=doc.text, source=f"ecbplus/{path.stem}")


def event_sentences(base: Path) -> Iterator[Article]:
    from sitroom.eval.events import read_conflibert, read_petrarch_xml

    data = base / "eventdata"
    sets = [(data / "universal_petrarch" / "PETR2_GSR_validation.xml", read_petrarch_xml),
            (data / "petrarch2" / "PETR.UnitTest.records.xml", read_petrarch_xml),
            (data / "conflibert_cameo" / "cameo_class_test.tsv", read_conflibert)]  # fmt: skip
    for path, reader in sets:
        if path.is_file():
            for sentence in reader(path):
                if sentence.text.strip():
                    yield Article(title="", text=sentence.text, source=f"events/{path.name}#{sentence.id}")


CORPORA = {"polnear": polnear_texts, "ecbplus": ecbplus_texts, "events": event_sentences}


def outcome(result: Any) -> str:
    """'ok', 'crash', 'timeout' or 'refused' for one pipeline result."""
    if not isinstance(result, InputError):
        return "ok"
    if isinstance(result.__cause__, BudgetExceeded):
        return "timeout"
    return "refused" if result.step in ("limits", "read") else "crash"


def spread(articles: list[Article], limit: int | None) -> list[Article]:
    """All of ``articles``, or ``limit`` of them evenly spaced, so that a quick run still sees every split and topic."""
    if limit is None or limit >= len(articles):
        return articles
    return [articles[i * len(articles) // limit] for i in range(limit)]


def crash_check(base: Path, config: Config, corpora: Sequence[str], limit: int | None = None,
                slowest: int = 10) -> dict[str, Any]:
    """Run every text of ``corpora`` (``limit`` evenly spaced ones per corpus) and tally what happened."""
    from sitroom.nlp.pipeline import Pipeline

    config.set("nlp.batch_size", 1)  # one parse per article, so that its time is its own
    pipeline = Pipeline(config)
    counts: Counter[str] = Counter()
    failures: list[dict[str, str]] = []
    times: list[tuple[float, str, int]] = []
    for name in corpora:
        for article in spread(list(CORPORA[name](base)), limit):
            start = time.perf_counter()
            [result] = list(pipeline.run([article]))
            times.append((time.perf_counter() - start, article.source, len(article.text)))
            kind = outcome(result)
            counts[f"{name}:{kind}"] += 1
            counts[kind] += 1
            if kind != "ok":
                failures.append({"source": article.source, "outcome": kind, "error": str(result)[:300]})
    times.sort(reverse=True)
    return {"articles": len(times), "crashes": counts["crash"], "timeouts": counts["timeout"], "refused": counts["refused"],
            "by_corpus": {k: v for k, v in sorted(counts.items()) if ":" in k},
            "time_budget_s": config.get("nlp.time_budget_s"), "total_seconds": round(sum(t for t, _, _ in times), 1),
            "failures": failures,
            "slowest": [{"source": s, "seconds": round(t, 2), "chars": n} for t, s, n in times[:slowest]]}  # fmt: skip


def main(argv: Sequence[str] | None = None) -> int:
    from sitroom.eval.runner import shared_data_dir

    parser = argparse.ArgumentParser(prog="python -m sitroom.eval.crashcheck", description=__doc__.split("\n")[0] if __doc__ else "")
    parser.add_argument("--limit", type=int, default=None, help="N texts per corpus, evenly spaced (a quick run)")
    parser.add_argument("--corpus", action="append", choices=sorted(CORPORA), help="only this corpus (repeatable)")
    parser.add_argument("--set", dest="assignments", action="append", default=[], metavar="SECTION.KEY=VALUE",
                        help="override a config value, e.g. --set nlp.time_budget_s=30")  # fmt: skip
    args = parser.parse_args(argv)
    base = shared_data_dir()
    if base is None:
        print("no ../shared/data here: set SITROOM_SHARED_DATA to the folder holding quotes/, xdoc/ and eventdata/", file=sys.stderr)
        return 2
    report = crash_check(base, Config.load(assignments=tuple(args.assignments)), args.corpus or list(CORPORA), args.limit)
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 1 if report["crashes"] or report["timeouts"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
