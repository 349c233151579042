"""Floors of the default events stage (events.v3) on real data in ../shared/data: one command, exit status 1 on a drop.

These read the public event-coding sets and ECB+, which tests must never need, so they live
here rather than in tests/. Each floor sits a little below the figure measured on 2026-12-03
(docs/benchmarks.md, "Events v3: speech acts, and coverage widened by CAMEO category"); a set that is absent is reported as skipped, not failed.

    python benchmarks/event_floors.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from sitroom.config import Config
from sitroom.eval.runner import shared_data_dir


def petrarch2_gsr(data: Path) -> tuple[str, float, float]:
    """AFP sentences with hand-corrected PETRARCH-2 codes: PLOVER type over all gold events
    (events.v3 measured 0.650; events.v2 0.637, 0.562 before its error-analysis round, events.v1 0.55)."""
    from sitroom.eval.events import (
        events_config,
        read_cameo2plover,
        read_petrarch_xml,
        run_sentences,
        score_coded,
    )

    sentences = read_petrarch_xml(data / "eventdata" / "universal_petrarch" / "PETR2_GSR_validation.xml")
    result = score_coded(run_sentences(events_config(Config.load()), sentences),
                         read_cameo2plover(data / "eventdata" / "plover" / "CAMEO2PLOVER-2021.txt"))  # fmt: skip
    return "PETRARCH-2 GSR PLOVER type (all gold events)", result["strict"]["plover"], 0.64


def conflibert_test(data: Path) -> tuple[str, float, float]:
    """Held-out ConfliBERT test sentences, never tuned on: quad class (events.v3 measured 0.723;
    events.v2 0.705, 0.636 before its error-analysis round)."""
    from sitroom.eval.events import events_config, read_conflibert, run_sentences, score_quads

    sentences = read_conflibert(data / "eventdata" / "conflibert_cameo" / "cameo_class_test.tsv")
    result = score_quads(run_sentences(events_config(Config.load()), sentences))
    return "ConfliBERT test quad class", result["quad_class_accuracy"], 0.71


def conflibert_test_targets(data: Path) -> tuple[str, float, float]:
    """Held-out ConfliBERT source/target tags: share of the sentences with a gold target whose
    first event names it (events.v3 measured 0.328; events.v2 0.320, 0.256 before its error-analysis round)."""
    from sitroom.eval.event_errors import read_tagged, run_all, score_actors
    from sitroom.eval.events import CodedSentence, events_config

    tagged = {f"ner-{n}": t for n, t in enumerate(read_tagged(data / "eventdata" / "conflibert_cameo" / "cameo_ner_test.txt"))}
    runs = run_all(events_config(Config.load()), [CodedSentence(k, t.text, []) for k, t in tagged.items()])
    return "ConfliBERT test target recall", score_actors(runs, tagged)["target"]["recall"], 0.32


def ecbplus_event_key(data: Path) -> tuple[str, float, float]:
    """sitroom's cross-article event key within ECB+ dev gold sub-topics (measured 0.773,
    same lemma 0.757)."""
    from sitroom.eval.ecb_eventkey import key_event_clusters
    from sitroom.eval.ecbplus import load_ecbplus, score_event_clusters, scored_mentions

    docs = load_ecbplus("dev")
    scored = [replace(d, mentions=scored_mentions(d, True)) for d in docs]
    result = score_event_clusters(docs, key_event_clusters(scored, [d.subtopic for d in scored]))
    return "ECB+ dev event key CoNLL F1", result["conll_f1"], 0.765


FLOORS: list[tuple[str, Callable[[Path], tuple[str, float, float]]]] = [
    ("eventdata", petrarch2_gsr), ("eventdata", conflibert_test), ("eventdata", conflibert_test_targets),
    ("xdoc/ecbplus", ecbplus_event_key)]  # fmt: skip


def main() -> int:
    data = shared_data_dir()
    failed = 0
    for needs, floor in FLOORS:
        if data is None or not (data / needs).is_dir():
            print(f"skipped {floor.__name__}: needs ../shared/data/{needs}")
            continue
        name, value, minimum = floor(data)
        ok = value >= minimum
        failed += not ok
        print(f"{'ok  ' if ok else 'DROP'} {name}: {value:.3f} (floor {minimum})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
