"""``sitroom eval figures``: figure spans, values, hedges, counted nouns and holders against the sample gold.

A gold figure is found when a system figure starts within 3 characters of where the gold
text starts (``match_by_prefix``, which pairs repeated texts in order). On
matched figures each field is compared (strings case-, space- and apostrophe-insensitively,
``null`` = ``null`` counting as right). ``recall_all_fields`` is the issue's target: the
share of gold figures found with the right value (or range), hedge, counted noun and
holder; ``recall_every_field`` also asks for the unit and ``part_of``.
"""

from __future__ import annotations

from typing import Any

from sitroom.config import Config
from sitroom.eval.dates import eval_config
from sitroom.eval.gold import score_fields
from sitroom.eval.runner import annotate_sample, norm, prf

FIGURE_STAGES = ["sentences.v1", "entities.v1", "mentions.v1", "dates.v1", "figures.v1"]
FIELDS = ("value", "approx", "counted", "holder", "unit", "part_of")
TARGET_FIELDS = ("value", "approx", "counted", "holder")


def field_right(name: str, gold: dict[str, Any], found: dict[str, Any]) -> bool:
    """One field of one matched figure; 'value' covers the range bounds too."""
    if name == "value":
        return all(_same_number(gold.get(k), found.get(k)) for k in ("value", "low", "high"))
    return norm(gold.get(name)) == norm(found.get(name))


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - float(b)) < 1e-9


def score_sample(config: Config) -> dict[str, Any]:
    """Span P/R/F1, each field's accuracy on matched figures, all-fields recall, and the misses."""
    scores = score_fields(annotate_sample(config), "figures", FIELDS, field_right, _difference)
    report: dict[str, Any] = {"spans": prf(scores.tp, scores.fp, scores.fn)}
    report.update(scores.accuracies())
    report["recall_all_fields"] = scores.recall_where(TARGET_FIELDS)
    report["recall_every_field"] = scores.recall_where(FIELDS)
    report["misses"] = scores.misses
    return report


def _difference(name: str, gold: dict[str, Any], found: dict[str, Any]) -> str:
    if name == "value":
        return f"value {found.get('value')}/{found.get('low')}-{found.get('high')}, gold {gold.get('value')}/{gold.get('low')}-{gold.get('high')}"
    return f"{name} {found.get(name)!r}, gold {gold.get(name)!r}"


def evaluate(config: Config, external: bool = True) -> dict[str, Any]:
    """Score figures.v1 on the sample corpus; ``external`` is accepted for the CLI (no public
    figures corpus is wired in yet)."""
    return {"sample": score_sample(eval_config(config, "figures.v1", FIGURE_STAGES))}
