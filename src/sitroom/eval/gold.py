"""Gold annotations for the sample corpus: one JSON file per article, matched by text prefix.

A gold file (``sample/gold/<article stem>.json``) lists quotes, figures, dates, events and
claims, each with a ``text`` field: the exact start of the span in the article's stored text.
Prefix matching keeps gold cheap to write by hand and robust to where a system ends a span.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

# Which gold the scorers read: "sample" (the corpus the rules were developed on) or
# "heldout" (articles written later and never used for tuning). `sitroom eval --gold` sets it.
# "heldout2": a second held-out crisis in real page layouts, written blind to the rules.
# "heldout3": a third, by another hand (missiles shipped to a neighbour's war), also blind.
# "dev2": a development crisis in real page layouts, written blind to the rules (tune on it).
# Here, not in eval/runner.py, so that `sitroom eval --help` need not import the pipeline.
GOLD_SETS = ("sample", "heldout", "heldout2", "heldout3", "dev2")

GOLD_KINDS = ("quotes", "figures", "dates", "events", "claims")
REQUIRED_KEYS = ("article", "published", "outlet", "story", "syndicated_from", *GOLD_KINDS)


@dataclass
class GoldArticle:
    path: Path
    article: str  # file name of the article in sample/articles
    published: str
    outlet: str
    story: str
    syndicated_from: str | None
    items: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def sample_dir() -> Path:
    return Path(str(resources.files("sitroom").joinpath("sample")))


def load_gold(folder: Path | None = None) -> list[GoldArticle]:
    """Every gold file in ``folder`` (default: the packaged sample's gold/), sorted by name."""
    folder = folder or sample_dir() / "gold"
    out = []
    for path in sorted(folder.glob("*.json")):
        if path.name.startswith("story-"):
            continue  # story-level gold (facts across articles): see sitroom.eval.story
        raw = json.loads(path.read_text("utf-8"))
        missing = [k for k in REQUIRED_KEYS if k not in raw]
        if missing:
            raise ValueError(f"{path}: gold file lacks {', '.join(missing)}")
        out.append(GoldArticle(path, raw["article"], raw["published"], raw["outlet"], raw["story"],
                               raw["syndicated_from"], {k: list(raw[k]) for k in GOLD_KINDS}))  # fmt: skip
    return out


def find_prefix(text: str, prefix: str, near: int = 0) -> int:
    """Offset of ``prefix`` in ``text`` (the occurrence at or after ``near`` first), or -1."""
    at = text.find(prefix, near)
    return at if at >= 0 else text.find(prefix)


@dataclass
class FieldScores:
    """Span counts and per-field correctness of one kind of item over the annotated gold."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    right: dict[str, int] = field(default_factory=dict)
    wrong_per_match: list[list[str]] = field(default_factory=list)  # the wrong fields of each matched item
    misses: list[dict[str, Any]] = field(default_factory=list)

    def accuracies(self) -> dict[str, float | None]:
        return {f"{k}_accuracy": round(v / self.tp, 3) if self.tp else None for k, v in self.right.items()}

    def recall_where(self, fields: tuple[str, ...]) -> float | None:
        """Share of gold items found with every one of ``fields`` right."""
        good = sum(1 for wrong in self.wrong_per_match if not set(wrong) & set(fields))
        return round(good / (self.tp + self.fn), 3) if self.tp + self.fn else None


def score_fields(results: Any, kind: str, fields: tuple[str, ...],
                 is_right: Callable[[str, dict[str, Any], dict[str, Any]], bool],
                 describe: Callable[[str, dict[str, Any], dict[str, Any]], str]) -> FieldScores:
    """Pair gold and system items of ``kind`` in every annotated article and check ``fields``.

    Shared by the figures and dates scorers: a gold item is found by its text prefix
    (``match_by_prefix``), each field of a found item is right or wrong, and unmatched
    system items count against precision; misses say what went wrong.
    """
    scores = FieldScores(right=dict.fromkeys(fields, 0))
    for r in results:
        found = getattr(r.ann, kind)
        pairs = match_by_prefix(r.gold.items[kind], found, r.article.text)
        for g, f in pairs:
            if f is None:
                scores.fn += 1
                scores.misses.append({"article": r.gold.article, "text": g["text"], "problem": "not found"})
                continue
            scores.tp += 1
            wrong = [k for k in fields if not is_right(k, g, f)]
            for k in fields:
                scores.right[k] += k not in wrong
            scores.wrong_per_match.append(wrong)
            if wrong:
                scores.misses.append({"article": r.gold.article, "text": g["text"],
                                      "problem": "; ".join(describe(k, g, f) for k in wrong)})  # fmt: skip
        matched = [f for _, f in pairs if f is not None]
        extra = [f for f in found if not any(f is m for m in matched)]
        scores.fp += len(extra)
        scores.misses.extend({"article": r.gold.article, "text": f["text"], "problem": "not in gold"} for f in extra)
    return scores


def match_by_prefix(gold: list[dict[str, Any]], found: list[dict[str, Any]], text: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Pair each gold item with the found item whose span contains the gold prefix's start.

    A found item matches when it starts within 3 characters of where the gold text starts
    (quote marks and leading spaces are not worth a miss); each found item is used once.
    """
    used: set[int] = set()
    pairs = []
    after: dict[str, int] = {}  # a repeated gold text ("on Monday") is looked for after its last match
    for g in gold:
        at = find_prefix(text, g["text"], after.get(g["text"], 0))
        if at >= 0:
            after[g["text"]] = at + 1
        match = None
        for i, f in enumerate(found):
            if i not in used and at >= 0 and abs(int(f["start"]) - at) <= 3:
                match = f
                used.add(i)
                break
        pairs.append((g, match))
    return pairs
