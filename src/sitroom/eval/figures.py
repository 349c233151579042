"""``sitroom eval figures``: figure spans, values, hedges, counted nouns and holders against the sample gold.

A gold figure is found when a system figure starts within 3 characters of where the gold
text starts (``match_by_prefix``, which pairs repeated texts in order). On
matched figures each field is compared (strings case-, space- and apostrophe-insensitively,
``null`` = ``null`` counting as right). ``recall_all_fields`` is the issue's target: the
share of gold figures found with the right value (or range), hedge, counted noun and
holder; ``recall_every_field`` also asks for the unit and ``part_of``.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.eval.dates import eval_config
from sitroom.eval.gold import score_fields
from sitroom.eval.runner import annotate_sample, norm, prf, shared_data_dir
from sitroom.model import Article
from sitroom.nlp.pipeline import Pipeline

FIGURE_STAGES = ["sentences.v1", "entities.v1", "mentions.v1", "quotes.v2", "speakers.v3", "dates.v1", "figures.v1"]
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


def load_holder_gold() -> list[dict[str, Any]]:
    """The figure-holder gold on real dev news (``realgold/figure_holders.json``)."""
    raw = resources.files("sitroom").joinpath("eval", "realgold", "figure_holders.json").read_text("utf-8")
    return list(json.loads(raw)["figures"])


def _real_texts(gold: list[dict[str, Any]], data: Path) -> dict[tuple[str, str], str]:
    """The texts of the dev articles the gold names, as the eval of each corpus reads them."""
    from sitroom.eval.ecbplus import load_ecbplus
    from sitroom.eval.polnear import read_text

    wanted = {(g["corpus"], g["doc"]) for g in gold}
    texts = {("polnear", d): read_text(data / "quotes" / "polnear" / "dev" / "text" / f"{d}.txt") for c, d in wanted if c == "polnear"}
    if any(c == "ecbplus" for c, _ in wanted):
        texts.update({("ecbplus", d.id): d.text for d in load_ecbplus("dev") if ("ecbplus", d.id) in wanted})
    return texts


def score_real_holders(config: Config, data: Path) -> dict[str, Any]:
    """Holder accuracy on the real dev figures of the gold: a gold figure is found by a system
    figure starting within 3 characters; its holder is right when it is one of the gold names
    (``null`` = ``null``)."""
    gold = load_holder_gold()
    texts = _real_texts(gold, data)
    keys = sorted(texts)
    found: dict[tuple[str, str], list[dict[str, Any]]] = {}
    articles = [Article(title="", text=texts[k], source=f"{k[0]}:{k[1]}") for k in keys]
    for key, out in zip(keys, Pipeline(config).run(articles), strict=True):
        found[key] = [] if isinstance(out, Exception) else out[1].figures
    right, misses, n_found = 0, [], 0
    for g in gold:
        fig = next((f for f in found[g["corpus"], g["doc"]] if abs(int(f["start"]) - int(g["start"])) <= 3), None)
        n_found += fig is not None
        names = {norm(n) for n in g["holder"]} if g["holder"] else {norm(None)}
        if fig is not None and norm(fig.get("holder")) in names:
            right += 1
        else:
            misses.append({"doc": g["doc"], "start": g["start"], "figure": g["figure"], "gold": g["holder"],
                           "system": fig.get("holder") if fig else "(not found)"})  # fmt: skip
    return {"figures": len(gold), "found": n_found, "holder_right": right,
            "holder_accuracy": round(right / len(gold), 3) if gold else 0.0, "misses": misses}  # fmt: skip


def evaluate(config: Config, external: bool = True) -> dict[str, Any]:
    """Score figures.v1 on the sample corpus, and (``external``, when ../shared/data is there)
    the figure holders on real dev news."""
    report: dict[str, Any] = {"sample": score_sample(eval_config(config, "figures.v1", FIGURE_STAGES))}
    data = shared_data_dir() if external else None
    if data is not None and (data / "quotes" / "polnear").is_dir() and (data / "xdoc" / "ecbplus").is_dir():
        report["real_holders"] = score_real_holders(eval_config(config, "figures.v1", FIGURE_STAGES), data)
    return report
