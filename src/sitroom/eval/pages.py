"""``sitroom eval pages``: body paragraphs and header fields of real page layouts against gold.

The gold lives in ``sample/pages/`` (written by hand, in real page layouts, with no copied
page text), in two sets:

- ``furniture/NAME.(txt|html)`` + ``NAME.json`` = {"layout", "body": [paragraphs to keep],
  "furniture": [paragraphs or lines to remove]}. A stored paragraph counts as body if,
  whitespace-normalised, it equals or contains a gold body paragraph. Precision = stored
  paragraphs that are body / all stored paragraphs; recall = gold body paragraphs found in
  some stored paragraph / all gold body paragraphs. We also count gold furniture strings
  left anywhere in the stored text, the failure that reaches a brief.
- ``headers/NAME.(txt|html)`` + ``NAME.json`` = {"layout", "title", "outlet", "published",
  "updated", "byline", "body_start"}. Title, outlet and byline compare casefolded and
  whitespace-normalised, dates on their YYYY-MM-DD part, the body by ``startswith``.

``python -m sitroom.eval.pages DIR`` scores another folder of the same shape (the
development set in ``tests/fixtures/pages_dev``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.errors import InputError
from sitroom.eval.gold import sample_dir
from sitroom.ingest import IngestOptions, read_path
from sitroom.model import Article

HEADER_FIELDS = ("title", "outlet", "published", "updated", "byline", "body_start")
PAGE_SUFFIXES = (".txt", ".html", ".htm", ".md")


def pages_dir() -> Path:
    return sample_dir() / "pages"


def load_cases(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    """(page file, gold) for every page in ``folder`` that has a gold JSON beside it."""
    cases = []
    for gold_path in sorted(folder.glob("*.json")):
        page = next((gold_path.with_suffix(s) for s in PAGE_SUFFIXES if gold_path.with_suffix(s).exists()), None)
        if page is not None:
            cases.append((page, json.loads(gold_path.read_text(encoding="utf-8"))))
    return cases


def read_page(path: Path) -> Article | InputError:
    """The article as ``sitroom ingest`` would store it (no overrides)."""
    items = list(read_path(path, IngestOptions()))
    return items[0] if items else InputError(str(path), "gave no article", "check the page")


def _ws(text: Any) -> str:
    return " ".join(str(text or "").replace("\u2019", "'").split())


def stored_text(path: Path) -> str:
    """The body ``sitroom ingest`` would store for ``path`` ("" if the page is refused)."""
    article = read_page(path)
    return article.text if isinstance(article, Article) else ""


def score_furniture(folder: Path, body_of: Callable[[Path], str] = stored_text) -> dict[str, Any]:
    """Precision and recall of kept body paragraphs, and furniture left in the stored text."""
    stored_total = stored_body = gold_total = gold_found = furniture_total = furniture_left = 0
    misses: list[dict[str, str]] = []
    for path, gold in load_cases(folder):
        text = body_of(path)
        stored = [_ws(p) for p in text.split("\n\n") if p.strip()]
        body = [_ws(b) for b in gold.get("body", [])]
        stored_total += len(stored)
        for paragraph in stored:
            if any(b and b in paragraph for b in body):
                stored_body += 1
            else:
                misses.append({"page": path.name, "kind": "kept furniture", "text": paragraph[:80]})
        for b in body:
            gold_total += 1
            if any(b in paragraph for paragraph in stored):
                gold_found += 1
            else:
                misses.append({"page": path.name, "kind": "lost body", "text": b[:80]})
        flat = _ws(text)
        for f in gold.get("furniture", []):
            furniture_total += 1
            furniture_left += _ws(f) in flat and not any(_ws(f) in b for b in body)
    return {
        "documents": len(load_cases(folder)),
        "precision": round(stored_body / stored_total, 3) if stored_total else 0.0,
        "recall": round(gold_found / gold_total, 3) if gold_total else 0.0,
        "furniture_left": furniture_left,
        "furniture_total": furniture_total,
        "misses": misses,
    }


def _field_right(name: str, expected: Any, article: Article) -> bool:
    if name == "body_start":
        return _ws(article.text).startswith(_ws(expected))
    got = getattr(article, name)
    if name in ("published", "updated"):
        return (str(expected)[:10] if expected else None) == (str(got)[:10] if got else None)
    return _ws(expected).casefold() == _ws(got).casefold()


def score_headers(folder: Path) -> dict[str, Any]:
    """Accuracy of each header field, over the pages whose gold gives that field."""
    right = dict.fromkeys(HEADER_FIELDS, 0)
    cases = load_cases(folder)
    misses: list[dict[str, Any]] = []
    for path, gold in cases:
        article = read_page(path)
        for name in HEADER_FIELDS:
            ok = isinstance(article, Article) and _field_right(name, gold.get(name), article)
            right[name] += ok
            if not ok:
                got = getattr(article, name, None) if name != "body_start" else getattr(article, "text", "")[:40]
                misses.append({"page": path.name, "field": name, "gold": gold.get(name), "got": got if isinstance(article, Article) else str(article)})
    n = len(cases)
    accuracy = {name: round(right[name] / n, 3) if n else 0.0 for name in HEADER_FIELDS}
    return {"documents": n, "accuracy": accuracy, "misses": misses}


def score_pages(root: Path) -> dict[str, Any]:
    """Both gold sets under ``root`` (each only if present)."""
    out: dict[str, Any] = {}
    if (root / "furniture").is_dir():
        out["furniture"] = score_furniture(root / "furniture")
    if (root / "headers").is_dir():
        out["headers"] = score_headers(root / "headers")
    return out


def evaluate(config: Config, external: bool = True) -> dict[str, Any]:
    """The packaged page gold; ``config`` and ``external`` are unused (no NLP, no corpora)."""
    del config, external
    return score_pages(pages_dir())


if __name__ == "__main__":  # pragma: no cover - a developer's command
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else pages_dir()
    print(json.dumps(score_pages(target), indent=1, ensure_ascii=False))
