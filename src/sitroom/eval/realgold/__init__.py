"""Story-level gold on real news, and the machinery its scorers share.

``ecbplus/<subtopic>.json`` and ``polnear/<docid>.json`` hold doc ids, key words, numbers and
names only; the articles are read from ``../shared/data`` at scoring time. README.md says who
wrote the gold and how. ``briefs`` builds a brief from such articles in a temporary store and
reads it through the brief's JSON contract.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def gold_dir(corpus: str) -> Path:
    """``realgold/<corpus>`` inside the installed package."""
    return Path(str(resources.files("sitroom.eval.realgold").joinpath(corpus)))


def load_gold_files(corpus: str, required: tuple[str, ...], directory: Path | None = None) -> list[dict[str, Any]]:
    """Every ``*.json`` of one corpus, sorted by name; a file that lacks a list names itself."""
    out = []
    for path in sorted((directory or gold_dir(corpus)).glob("*.json")):
        raw = json.loads(path.read_text("utf-8"))
        missing = [key for key in required if not isinstance(raw.get(key), list)]
        if missing:
            raise ValueError(f"{path.name}: the gold lacks the list(s) {', '.join(missing)}")
        raw["_file"] = path.name
        out.append(raw)
    return out
