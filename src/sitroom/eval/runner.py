"""Shared machinery for ``sitroom eval``: annotate the sample corpus once, score by prefix."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.eval.gold import GOLD_SETS, GoldArticle, load_gold, sample_dir
from sitroom.ingest import IngestOptions, iter_articles
from sitroom.model import Annotations, Article
from sitroom.nlp.pipeline import Pipeline


@dataclass
class SampleResult:
    gold: GoldArticle
    article: Article
    ann: Annotations


_CACHE: dict[tuple[str, str, tuple[str, ...]], list[SampleResult]] = {}

_gold_set = "sample"


def use_gold_set(name: str) -> None:
    global _gold_set
    if name not in GOLD_SETS:
        raise ValueError(f"unknown gold set {name!r}; use one of {', '.join(GOLD_SETS)}")
    _gold_set = name


def gold_root() -> Path:
    if _gold_set in ("heldout2", "heldout3", "dev2"):
        return sample_dir() / _gold_set
    return sample_dir() if _gold_set == "sample" else sample_dir() / "heldout"


def annotate_sample(config: Config) -> list[SampleResult]:
    """Run the configured pipeline over every article of the current gold set that has gold.

    Articles without a date line get the gold's publication date, as a user would pass it
    with --published, so that relative dates can be scored.
    """
    key = (_gold_set, str(config.get("nlp.model")), tuple(config.get("nlp.stages")))
    if key in _CACHE:
        return _CACHE[key]
    root = gold_root()
    gold = {g.article: g for g in load_gold(root / "gold")}
    articles = []
    for item in iter_articles(sorted(p for p in (root / "articles").iterdir() if p.name in gold), IngestOptions()):
        if isinstance(item, Article):
            g = gold[Path(item.source).name]
            item.published = item.published or g.published
            articles.append(item)
    results = []
    for out in Pipeline(config).run(articles):
        if isinstance(out, Exception):
            raise out
        article, ann = out
        results.append(SampleResult(gold[Path(article.source).name], article, ann))
    _CACHE[key] = results
    return results


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    """Precision, recall and F1 (0.0 where undefined), rounded to 3 places."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def shared_data_dir() -> Path | None:
    """``../shared/data`` beside the repository (or $SITROOM_SHARED_DATA), if it exists.

    Only eval and benchmark code reads it: the corpora there are not ours to redistribute,
    and tests must pass without them.
    """
    candidates = [os.environ.get("SITROOM_SHARED_DATA", ""), str(Path.cwd().parent / "shared" / "data"),
                  str(Path(__file__).resolve().parents[3].parent / "shared" / "data")]  # fmt: skip
    for c in candidates:
        if c and Path(c).is_dir():
            return Path(c)
    return None


def norm(text: Any) -> str:
    """Case- and space-insensitive comparison form of a gold or found value."""
    return " ".join(str(text or "").replace("’", "'").casefold().split())
