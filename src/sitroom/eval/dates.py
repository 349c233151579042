"""``sitroom eval dates``: date spans and resolved values against the sample gold.

A gold date is found when a system date starts within 3 characters of where the gold text
starts (``match_by_prefix``). On matched dates we report how often the value, the
granularity and the flag agree (``null`` = ``null`` counts as agreement), and the recall of
dates right in all three.
"""

from __future__ import annotations

from typing import Any

from sitroom.config import Config
from sitroom.eval.gold import find_prefix, match_by_prefix
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


def pair_in_order(gold: list[dict[str, Any]], found: list[dict[str, Any]], text: str) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """``match_by_prefix`` for gold lists that repeat a text ("on Monday" three times).

    ``match_by_prefix`` looks every gold text up from the start of the article, so a second
    "on Monday" lands on the first one, finds its system date already used and counts as a
    miss. Here the n-th gold "on Monday" is looked up after the (n-1)-th: the text before it
    is masked, offsets unchanged, and ``match_by_prefix`` pairs it as usual.
    """
    pairs: list[tuple[dict[str, Any], dict[str, Any] | None]] = []
    used: set[int] = set()
    after: dict[str, int] = {}
    for g in gold:
        at = find_prefix(text, g["text"], after.get(g["text"], 0))
        after[g["text"]] = at + 1 if at >= 0 else after.get(g["text"], 0)
        masked = "\0" * max(at, 0) + text[max(at, 0):]
        free = [f for f in found if id(f) not in used]
        [(_, match)] = match_by_prefix([g], free, masked)
        if match is not None:
            used.add(id(match))
        pairs.append((g, match))
    return pairs


def score_sample(config: Config) -> dict[str, Any]:
    """Span P/R/F1, per-field accuracy on matched dates, all-fields recall, and the misses."""
    tp = fp = fn = all_right = 0
    right = dict.fromkeys(FIELDS, 0)
    misses: list[dict[str, Any]] = []
    for r in annotate_sample(config):
        pairs = pair_in_order(r.gold.items["dates"], r.ann.dates, r.article.text)
        matched = 0
        for g, f in pairs:
            if f is None:
                fn += 1
                misses.append({"article": r.gold.article, "text": g["text"], "problem": "not found"})
                continue
            matched += 1
            wrong = [k for k in FIELDS if f.get(k) != g.get(k)]
            for k in FIELDS:
                right[k] += k not in wrong
            all_right += not wrong
            if wrong:
                misses.append({"article": r.gold.article, "text": g["text"],
                               "problem": ", ".join(f"{k} {f.get(k)!r}, gold {g.get(k)!r}" for k in wrong)})  # fmt: skip
        tp += matched
        fp += len(r.ann.dates) - matched
        misses.extend({"article": r.gold.article, "text": f["text"], "problem": "not in gold"}
                      for f in r.ann.dates if not any(f is m for _, m in pairs))  # fmt: skip
    report: dict[str, Any] = {"spans": prf(tp, fp, fn)}
    report.update({f"{k}_accuracy": round(right[k] / tp, 3) if tp else None for k in FIELDS})
    report["recall_all_fields"] = round(all_right / (tp + fn), 3) if tp + fn else None
    report["misses"] = misses
    return report


def evaluate(config: Config, external: bool = True) -> dict[str, Any]:
    """Score dates.v1 on the sample corpus; ``external`` is accepted for the CLI (no public
    date corpus is wired in yet)."""
    return {"sample": score_sample(eval_config(config))}
