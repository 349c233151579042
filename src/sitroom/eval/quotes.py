"""``sitroom eval quotes``: quotes and speakers against the sample gold (and PolNeAR if present).

Sample scoring: a gold quote is found when a system quote of any kind starts within 3
characters of where the gold text starts (``match_by_prefix``); its speaker is right when
the resolved name equals the gold speaker (case- and apostrophe-insensitive), both null
counting as right (a ``description`` speaker is null: the gold names people, not "officials"). Kinds are reported separately so a miss of reported speech does not
hide behind direct quotes.
"""

from __future__ import annotations

from typing import Any

from sitroom.config import Config
from sitroom.eval.gold import match_by_prefix
from sitroom.eval.runner import annotate_sample, norm, prf, shared_data_dir

KINDS = ("direct", "partial", "indirect")


def _speaker(found: dict[str, Any] | None) -> str | None:
    """The speaker's name; a description ("officials", "the company") names no one, as a
    null gold speaker says, so it counts as null here."""
    if not found or not found.get("speaker") or found["speaker"].get("kind") == "description":
        return None
    return str(found["speaker"]["name"])


def score_sample(config: Config) -> dict[str, Any]:
    """Per kind: recall, precision, speaker accuracy; and overall speaker P/R/F1."""
    counts = {k: {"gold": 0, "found": 0, "matched": 0, "speaker_right": 0, "system": 0} for k in KINDS}
    misses: list[dict[str, Any]] = []
    sp_tp = sp_fp = sp_fn = 0
    for r in annotate_sample(config):
        found = r.ann.quotes
        for q in found:
            counts[q["kind"]]["system"] += 1
        pairs = match_by_prefix(r.gold.items["quotes"], found, r.article.text)
        matched_ids = set()
        for g, f in pairs:
            c = counts[g["kind"]]
            c["gold"] += 1
            if f is None:
                misses.append({"article": r.gold.article, "kind": g["kind"], "text": g["text"][:60], "problem": "not found"})
                if g["speaker"]:
                    sp_fn += 1
                continue
            matched_ids.add(id(f))
            c["matched"] += 1
            right = norm(_speaker(f)) == norm(g["speaker"])
            c["speaker_right"] += right
            if _speaker(f) is not None:
                sp_tp += right
                sp_fp += not right
            if g["speaker"] and not right:
                sp_fn += 1
            if not right:
                misses.append({"article": r.gold.article, "kind": g["kind"], "text": g["text"][:60],
                               "problem": f"speaker {_speaker(f)!r}, gold {g['speaker']!r} (mention {f.get('mention')!r})"})  # fmt: skip
        for f in found:
            if id(f) not in matched_ids:
                counts[f["kind"]]["found"] += 1  # unmatched system quotes
    report: dict[str, Any] = {}
    for kind, c in counts.items():
        report[kind] = {
            "gold": c["gold"], "recall": round(c["matched"] / c["gold"], 3) if c["gold"] else None,
            "precision": round((c["system"] - c["found"]) / c["system"], 3) if c["system"] else None,
            "speaker_accuracy": round(c["speaker_right"] / c["matched"], 3) if c["matched"] else None,
            "right_speaker_recall": round(c["speaker_right"] / c["gold"], 3) if c["gold"] else None,
        }  # fmt: skip
    report["speakers"] = prf(sp_tp, sp_fp, sp_fn)
    report["misses"] = misses
    return report


def evaluate(config: Config, external: bool = True) -> dict[str, Any]:
    result: dict[str, Any] = {"sample": score_sample(config)}
    data = shared_data_dir() if external else None
    if data is not None and (data / "quotes" / "polnear").is_dir():
        import importlib

        polnear = importlib.import_module("sitroom.eval.polnear")
        result["polnear_dev"] = polnear.evaluate_polnear(config, split="dev")
    return result
