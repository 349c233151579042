"""``sitroom eval claims``: recommendations, conditions, predictions and assessments.

A gold claim is found when a system claim starts within 3 characters of the gold text's
start. On found claims we report type accuracy, holder accuracy and, for conditions, whether
the trigger and consequence spans start where the gold ones do.
"""

from __future__ import annotations

from typing import Any

from sitroom.config import Config
from sitroom.eval.gold import find_prefix, match_by_prefix
from sitroom.eval.runner import annotate_sample, norm, prf

TYPES = ("recommendation", "condition", "prediction", "assessment")


def claims_config(config: Config) -> Config:
    stages = list(config.get("nlp.stages"))
    if "claims.v1" in stages:
        return config
    return Config.load(assignments=(f"nlp.stages={['sentences.v1', 'entities.v1', 'mentions.v1', 'quotes.v1', 'speakers.v1', 'claims.v1']!r}",))


def evaluate(config: Config, external: bool = True) -> dict[str, Any]:
    per_type = {t: {"gold": 0, "found": 0, "type_right": 0, "holder_right": 0} for t in TYPES}
    tp = fp = fn = 0
    cond_if = cond_then = cond_total = 0
    misses: list[dict[str, Any]] = []
    system = {t: [0, 0] for t in TYPES}  # per system type: [claims, matched to gold]
    for r in annotate_sample(claims_config(config)):
        found = r.ann.claims
        for item in found:
            system[item["type"]][0] += 1
        pairs = match_by_prefix(r.gold.items["claims"], found, r.article.text)
        matched = 0
        for g, f in pairs:
            c = per_type[g["type"]]
            c["gold"] += 1
            if f is None:
                fn += 1
                misses.append({"article": r.gold.article, "type": g["type"], "text": g["text"][:60]})
                continue
            matched += 1
            system[f["type"]][1] += 1
            c["found"] += 1
            c["type_right"] += f["type"] == g["type"]
            c["holder_right"] += norm(f["holder"]) == norm(g["holder"])
            if g["type"] == "condition" and g["if"]:
                cond_total += 1
                cond_if += bool(f.get("if")) and abs(find_prefix(r.article.text, g["if"]) - r.article.text.find(f["if"])) <= 3
                cond_then += bool(f.get("then")) and abs(find_prefix(r.article.text, g["then"]) - r.article.text.find(f["then"])) <= 3
        tp += matched
        fp += len(found) - matched
    report: dict[str, Any] = {"spans": prf(tp, fp, fn)}
    for t, c in per_type.items():
        report[t] = {"gold": c["gold"], "recall": round(c["found"] / c["gold"], 3) if c["gold"] else None,
                     "type_accuracy": round(c["type_right"] / c["found"], 3) if c["found"] else None,
                     "holder_accuracy": round(c["holder_right"] / c["found"], 3) if c["found"] else None,
                     "precision": round(system[t][1] / system[t][0], 3) if system[t][0] else None}  # fmt: skip
    report["conditions"] = {"with_trigger": cond_total,
                            "trigger_right": round(cond_if / cond_total, 3) if cond_total else None,
                            "consequence_right": round(cond_then / cond_total, 3) if cond_total else None}  # fmt: skip
    report["misses"] = misses
    return {"sample": report}
