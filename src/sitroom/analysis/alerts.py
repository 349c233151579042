"""The red-line watch: a trigger stated earlier in a story, met by what a later article reports.

A red line is a brief ``trigger`` with a stated condition ("if North Korean troops attack
from Russian territory, then ..."), its holders and the spans it was stated in. It is *met*
when a later article (one not among those that stated it) reports, as having happened, an
event that fulfils the condition: the event is asserted (neither negated nor hypothetical),
and its actor, action, target and text carry the condition's content words. Words are
compared by a crude stem (attack/attacked/attacking) because conditions are stated in the
future and reports in the past. When the MiniLM embedding model is installed, a close
embedding (``alerts.cosine``) lets a paraphrase count with half the word overlap.

An alert names the red line, who stated it, and the report that meets it, with both spans,
and is raised once per red line and meeting span.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from sitroom.resolve.facts import content_words

_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")


@dataclass
class AlertSettings:
    min_overlap: float = 0.6
    cosine: float = 0.6

    @classmethod
    def from_config(cls, config: Any) -> AlertSettings:
        return cls(float(config.get("alerts.min_overlap")), float(config.get("alerts.cosine")))


@dataclass
class Report:
    """An asserted event of one article, as a candidate for meeting a red line."""

    article: str
    outlet: str | None
    published: str | None
    text: str
    start: int
    end: int
    words: str


def stems(text: str) -> set[str]:
    return {_SUFFIX.sub("", w) if len(w) > 5 else w for w in content_words(text)}


def asserted_reports(article: dict[str, Any], events: list[dict[str, Any]]) -> list[Report]:
    """The article's events that it reports as having happened."""
    return [Report(article["id"], article.get("outlet"), article.get("published"), e["text"], e["start"], e["end"],
                   " ".join(str(e.get(k) or "") for k in ("actor", "action", "target", "text")))
            for e in events if not e.get("negated") and not e.get("hypothetical") and e.get("text")]  # fmt: skip


def overlap(condition: str, report: Report) -> float:
    """Share of the condition's content words that the report carries."""
    wanted = stems(condition)
    return len(wanted & stems(report.words)) / len(wanted) if wanted else 0.0


def _cosines(condition: str, reports: list[Report]) -> list[float] | None:
    """Embedding cosines of the condition to each report; None when the model is missing."""
    from sitroom.errors import ModelNotFound

    try:
        from sitroom.resolve.embeddings import get_embedder

        vectors = get_embedder().embed([condition] + [r.text for r in reports])
    except (ModelNotFound, ImportError):
        return None
    return [float(vectors[0] @ v) for v in vectors[1:]]


def meeting_reports(condition: str, reports: list[Report], settings: AlertSettings) -> list[tuple[Report, float]]:
    """The reports that meet ``condition``, best first, with their word overlap."""
    scored = [(r, overlap(condition, r)) for r in reports]
    near = [(r, s) for r, s in scored if s >= settings.min_overlap / 2]
    if not near:
        return []
    cosines = _cosines(condition, [r for r, _ in near])
    met = [(r, s) for i, (r, s) in enumerate(near)
           if s >= settings.min_overlap or (cosines is not None and cosines[i] >= settings.cosine)]  # fmt: skip
    return sorted(met, key=lambda rs: -rs[1])


def alert_key(story_id: int, trigger: dict[str, Any], report: Report) -> str:
    raw = f"{story_id}|{trigger.get('if')}|{trigger.get('then')}|{report.article}|{report.start}|{report.end}"
    return hashlib.sha1(raw.encode()).hexdigest()


def red_line_alerts(story_id: int, triggers: list[dict[str, Any]], articles: list[dict[str, Any]],
                    events_of: dict[str, list[dict[str, Any]]], settings: AlertSettings) -> list[dict[str, Any]]:
    """Alerts for the red lines in ``triggers`` met by ``articles`` (the newly ingested ones)."""
    alerts = []
    for trig in triggers:
        condition = trig.get("if")
        stated_in = {s.get("article") for s in trig.get("sources") or []}
        if not condition or not stated_in:
            continue
        first_stated = min((s.get("published") or "" for s in trig.get("sources") or []), default="")
        for art in articles:
            if art["id"] in stated_in or (art.get("published") and first_stated and art["published"] < first_stated):
                continue  # the report must come later than the red line, from another article
            for report, score in meeting_reports(condition, asserted_reports(art, events_of.get(art["id"], [])), settings)[:1]:
                alerts.append(_alert(story_id, trig, report, score))
    return alerts


def _alert(story_id: int, trig: dict[str, Any], report: Report, score: float) -> dict[str, Any]:
    holders = [h["name"] if isinstance(h, dict) else str(h) for h in trig.get("holders") or []]
    stated = [{"article": s.get("article"), "outlet": s.get("outlet"), "published": s.get("published"),
               "start": s.get("start"), "end": s.get("end")} for s in trig.get("sources") or []]  # fmt: skip
    red_line = f"if {trig['if']}, then {trig.get('then') or '...'}"
    return {"key": alert_key(story_id, trig, report), "story": story_id, "red_line": red_line, "if": trig["if"],
            "then": trig.get("then"), "stated_by": holders, "stated_in": stated,
            "met_by": {"article": report.article, "outlet": report.outlet, "published": report.published,
                       "text": report.text, "start": report.start, "end": report.end},
            "overlap": round(score, 2),
            "summary": f"red line met: {red_line} (stated by {', '.join(holders) or 'unnamed'}); "
                       f"{report.outlet or report.article} reports: {report.text}"}  # fmt: skip
