"""``sitroom eval dates``: date spans and resolved values against the sample gold.

A gold date is found when a system date starts within 3 characters of where the gold text
starts (``match_by_prefix``, which pairs a repeated text such as "on Monday" in order). On matched dates we report how often the value, the
granularity and the flag agree (``null`` = ``null`` counts as agreement), and the recall of
dates right in all three.
"""

from __future__ import annotations

from typing import Any

from sitroom.config import Config
from sitroom.eval.gold import score_fields
from sitroom.eval.runner import annotate_sample, prf

DATE_STAGES = ["sentences.v1", "entities.v1", "mentions.v1", "dates.v1"]
FIELDS = ("value", "granularity", "flag")


_CONFIGS: dict[str, Config] = {}


def eval_config(config: Config, needed: str = "dates.v1", stages: list[str] | None = None) -> Config:
    """``config`` if its stage list already runs ``needed``, else one that runs ``stages``.

    The same Config object is handed out for the same stage list, so ``annotate_sample``
    (which caches by config) annotates the corpus once per process, not once per call.
    """
    if needed in config.get("nlp.stages"):
        return config
    assignment = f"nlp.stages={stages or DATE_STAGES!r}"
    if assignment not in _CONFIGS:
        _CONFIGS[assignment] = Config.load(assignments=(assignment,))
    return _CONFIGS[assignment]


def _same(name: str, gold: dict[str, Any], found: dict[str, Any]) -> bool:
    return bool(found.get(name) == gold.get(name))


def _describe(name: str, gold: dict[str, Any], found: dict[str, Any]) -> str:
    return f"{name} {found.get(name)!r}, gold {gold.get(name)!r}"


def score_sample(config: Config) -> dict[str, Any]:
    """Span P/R/F1, per-field accuracy on matched dates, all-fields recall, and the misses."""
    scores = score_fields(annotate_sample(config), "dates", FIELDS, _same, _describe)
    report: dict[str, Any] = {"spans": prf(scores.tp, scores.fp, scores.fn)}
    report.update(scores.accuracies())
    report["recall_all_fields"] = scores.recall_where(FIELDS)
    report["misses"] = scores.misses
    return report


def evaluate(config: Config, external: bool = True) -> dict[str, Any]:
    """Score dates.v1 on the sample corpus; ``external`` is accepted for the CLI (no public
    date corpus is wired in yet)."""
    return {"sample": score_sample(eval_config(config))}
