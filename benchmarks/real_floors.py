"""Floors of the brief and the quotes on real news in ../shared/data: one command, exit 1 on a drop.

ECB+ (story gold written on its dev topics) and PolNeAR (options, triggers and quote gold on
20 dev articles, and its own attribution annotation) are real news that tests must never need,
so these checks live here rather than in tests/ (as benchmarks/event_floors.py does for events).
Each floor sits a little below the figure measured on 2026-12-03 (docs/benchmarks.md); a corpus
that is absent is reported as skipped, not failed.

    python benchmarks/real_floors.py
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.eval.runner import shared_data_dir

Check = tuple[str, float, float, str]  # name, value, bound, ">=" or "<="
TERM_KEYS = ("key_words", "option_words", "condition_words", "if_words", "then_words")


def terms_of(item: dict[str, Any]) -> list[str]:
    return [t for k in TERM_KEYS for t in item.get(k) or []]


def gold_terms_occur(data: Path) -> list[Check]:
    """Every key term of the real-news gold occurs in the article it cites (a stale gold file
    would make every score below meaningless)."""
    from sitroom.eval.ecb_story import load_ecb_gold
    from sitroom.eval.ecbplus import load_ecbplus
    from sitroom.eval.options_gold import load_polnear_gold, polnear_articles
    from sitroom.eval.polnear import polnear_dir
    from sitroom.eval.story import all_terms

    docs = {d.id: d.text for d in load_ecbplus("dev")}
    missing = sum(not all_terms(item["key_words"], docs[d])
                  for g in load_ecb_gold()
                  for item in (*g["corroborated"], *g["single_source"], *g["quotes"])
                  for d in item["docs"])  # fmt: skip
    polnear = load_polnear_gold()
    texts = {
        d: a.text for d, a in polnear_articles([g["doc"] for g in polnear], polnear_dir()).items()
    }
    missing += sum(not all_terms(terms_of(item), texts[g["doc"]])
                   for g in polnear for item in (*g["options"], *g["triggers"], *g["quotes"]))  # fmt: skip
    return [("real-news gold key terms missing from their articles", missing, 0, "<=")]


def ecbplus_story(data: Path) -> list[Check]:
    """The brief against the ECB+ dev story gold (`sitroom eval real-story`)."""
    from sitroom.eval.ecb_story import evaluate

    total: dict[str, Any] = evaluate(Config.load())["total"]
    return [
        ("ECB+ dev corroborated recall", total["corroborated"]["recall"], 0.6, ">="),
        ("ECB+ dev corroborated precision", total["corroborated"]["precision"], 0.95, ">="),
        ("ECB+ dev quotes recall", total["quotes"]["recall"], 0.55, ">="),
        ("ECB+ dev quote speaker accuracy", total["quotes"]["speaker_accuracy"], 0.85, ">="),
        ("ECB+ dev disputes found", total["disputes"]["found"], 8, ">="),
        ("ECB+ dev false disputes", total["disputes"]["false_disputes"], 0, "<="),
        ("ECB+ dev updates found (of 2)", total["updates"]["found"], 2, ">="),
        ("ECB+ dev copies found (of 16)", total["copies"]["found"], 5, ">="),
        ("ECB+ dev articles marked as copies that are not", total["copies"]["not_copies"], 0, "<="),
        ("ECB+ dev trigger rows", total["triggers"]["rows"], 3, "<="),
        ("ECB+ dev usable trigger rows", total["triggers"]["usable_rows"], 1, ">="),
        ("ECB+ dev option rows usable (share)", total["options"]["usable_precision"], 0.9, ">="),
    ]


def polnear_options(data: Path) -> list[Check]:
    """Options, triggers and quote forms against the PolNeAR dev gold (`sitroom eval options`)."""
    from sitroom.eval.options_gold import evaluate

    r: dict[str, Any] = evaluate(Config.load())
    o, t, q = r["options"], r["triggers"], r["quotes"]
    return [
        ("PolNeAR dev option rows matching gold (precision)", o["precision"], 0.75, ">="),
        ("PolNeAR dev option rows usable (share)", o["usable_precision"], 0.8, ">="),
        ("PolNeAR dev options recall", o["recall"], 0.4, ">="),
        ("PolNeAR dev option rows crediting the byline", o["rows_crediting_the_byline"], 0, "<="),
        (
            "PolNeAR dev option rows with a holder on both sides",
            o["rows_with_holder_on_both_sides"],
            0,
            "<=",
        ),
        ("PolNeAR dev trigger precision", t["precision"], 0.85, ">="),
        ("PolNeAR dev trigger recall", t["recall"], 0.55, ">="),
        ("PolNeAR dev brief quotes recall", q["recall"], 0.85, ">="),
        ("PolNeAR dev brief quote speaker accuracy", q["speaker_accuracy"], 0.85, ">="),
        ("PolNeAR dev brief verbatim precision", q["verbatim_precision"], 0.9, ">="),
    ]


def polnear_speakers(data: Path) -> list[Check]:
    """Quote speakers on the first 20 PolNeAR dev articles with the default stages."""
    from sitroom.eval.polnear import evaluate_polnear

    report = evaluate_polnear(Config.load(), "dev", limit=20)
    return [
        ("PolNeAR dev[:20] crashes", report["crashes"], 0, "<="),
        ("PolNeAR dev[:20] quoted speaker F1", report["speaker"]["quoted"]["f1"], 0.83, ">="),
        (
            "PolNeAR dev[:20] quoted resolved-name F1",
            report["speaker_resolved"]["quoted"]["f1"],
            0.79,
            ">=",
        ),
    ]


FLOORS: list[tuple[tuple[str, ...], Callable[[Path], list[Check]]]] = [
    (("xdoc/ecbplus", "quotes/polnear"), gold_terms_occur),
    (("xdoc/ecbplus",), ecbplus_story),
    (("quotes/polnear",), polnear_options),
    (("quotes/polnear",), polnear_speakers),
]


def main() -> int:
    data = shared_data_dir()
    failed = 0
    for needs, floor in FLOORS:
        absent = [n for n in needs if data is None or not (data / n).is_dir()]
        if data is None or absent:
            print(f"skipped {floor.__name__}: needs ../shared/data/{absent[0]}")
            continue
        for name, value, bound, op in floor(data):
            ok = value >= bound if op == ">=" else value <= bound
            failed += not ok
            print(f"{'ok  ' if ok else 'DROP'} {name}: {value:.3f} (floor {op} {bound})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
