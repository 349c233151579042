"""Gold annotations for the sample corpus: one JSON file per article, matched by text prefix.

A gold file (``sample/gold/<article stem>.json``) lists quotes, figures, dates, events and
claims, each with a ``text`` field: the exact start of the span in the article's stored text.
Prefix matching keeps gold cheap to write by hand and robust to where a system ends a span.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

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
