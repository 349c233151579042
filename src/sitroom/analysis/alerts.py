"""The red-line watch: a trigger stated earlier in a story, met by what a later article reports.

A red line is a brief ``trigger`` with a stated condition ("if North Korean troops attack
from Russian territory, then ..."), its holders and the spans it was stated in. It is *met*
when a later article (one not among those that stated it, and not published before it)
reports, as having happened, an event that fulfils the condition. Two ways to decide, in
order:

1. **The coded condition.** The event coder reads the condition itself as a hypothetical
   event ("if Belarusian troops cross the border" -> Belarus, cross border, Poland). A later
   *asserted* event (neither negated nor hypothetical) of the same kind (PLOVER type), by the
   same actor, against the same target when the condition names one, meets it.
2. **Words, when the condition was not coded.** The event's actor, action and target carry
   at least ``alerts.min_overlap`` of the condition's content words (compared by a crude
   stem: conditions are stated in the present, reports in the past), and, when the MiniLM
   model is installed, the event's text is within ``alerts.cosine`` of the condition. The
   event's whole text is not used for the words: a long clause ("the drills entered their
   final weekend, with officials warning that troops may stay behind") carries the
   condition's words in a hedged aside, not in what it reports.

An alert names the red line, who stated it, and the report that meets it, with both spans,
and is raised once per red line and meeting span.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sitroom.resolve.statements.text import content_words

_SUFFIX = re.compile(r"(?:ing|ed|es|s)$")
EventsOf = Callable[[str], list[dict[str, Any]]]


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
    event: dict[str, Any]

    @property
    def core(self) -> str:
        return " ".join(str(self.event.get(k) or "") for k in ("actor", "action", "target"))


def stems(text: str) -> set[str]:
    return {_SUFFIX.sub("", w) if len(w) > 5 else w for w in content_words(text)}


def asserted_reports(article: dict[str, Any], events: list[dict[str, Any]]) -> list[Report]:
    """The article's events that it reports as having happened."""
    return [Report(article["id"], article.get("outlet"), article.get("published"), e)
            for e in events if not e.get("negated") and not e.get("hypothetical") and e.get("text")]  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def condition_events(trigger: dict[str, Any], events_of: EventsOf) -> list[dict[str, Any]]:
    """The hypothetical events the coder found in the condition (the "if" clause) of the spans
    that state the red line; not those of the consequence ("then ..."), which the same span
    holds. A negated condition ("if allies cannot agree") is left to the word fallback."""
    condition = _norm(trigger["if"])
    found = []
    for s in trigger.get("sources") or []:
        for e in events_of(s["article"]):
            inside = s.get("start") is not None and s["start"] <= e["start"] and e["end"] <= s["end"]
            text = _norm(e.get("text") or "")
            in_condition = bool(text) and (text in condition or condition in text)
            if inside and in_condition and e.get("hypothetical") and not e.get("negated") and e.get("actor"):
                found.append(e)
    return found


def same_event(condition: dict[str, Any], event: dict[str, Any]) -> bool:
    """Same kind of event, same actor, and the same target if the condition names one."""
    def same(key: str) -> bool:
        return str(condition.get(key) or "").casefold() == str(event.get(key) or "").casefold()

    kind = bool(condition.get("plover")) and same("plover")
    return kind and same("actor") and (not condition.get("target") or same("target"))


def overlap(condition: str, report: Report) -> float:
    """Share of the condition's content words in the event's actor, action and target."""
    wanted = stems(condition)
    return len(wanted & stems(report.core)) / len(wanted) if wanted else 0.0


def _cosines(condition: str, reports: list[Report]) -> list[float] | None:
    """Embedding cosines of the condition to each report's text; None when the model is missing."""
    from sitroom.errors import ModelNotFound

    try:
        from sitroom.resolve.embeddings import get_embedder

        vectors = get_embedder().embed([condition] + [r.event["text"] for r in reports])
    except (ModelNotFound, ImportError):
        return None
    return [float(vectors[0] @ v) for v in vectors[1:]]


def meeting_reports(trigger: dict[str, Any], reports: list[Report], events_of: EventsOf,
                    settings: AlertSettings) -> list[tuple[Report, str]]:
    """The reports that meet the trigger's condition, with how (``coded`` or ``words``)."""
    coded = condition_events(trigger, events_of)
    if coded:
        return [(r, "coded") for r in reports if any(same_event(c, r.event) for c in coded)]
    near = [r for r in reports if overlap(trigger["if"], r) >= settings.min_overlap]
    cosines = _cosines(trigger["if"], near) if near else None
    return [(r, "words") for i, r in enumerate(near) if cosines is None or cosines[i] >= settings.cosine]


def alert_key(story_id: int, trigger: dict[str, Any], report: Report) -> str:
    raw = f"{story_id}|{trigger.get('if')}|{trigger.get('then')}|{report.article}|{report.event['start']}|{report.event['end']}"
    return hashlib.sha1(raw.encode()).hexdigest()


def red_line_alerts(story_id: int, triggers: list[dict[str, Any]], articles: list[dict[str, Any]],
                    events_of: EventsOf, settings: AlertSettings) -> list[dict[str, Any]]:
    """Alerts for the red lines in ``triggers`` met by ``articles`` (the newly ingested ones)."""
    alerts = []
    for trig in triggers:
        sources = [s for s in trig.get("sources") or [] if s.get("article")]
        if not trig.get("if") or not sources or trig.get("mark") == "unless":
            continue  # "unless Minsk presents ...": what the reports would show is the condition's absence, which no report states
        stated_in = {s["article"] for s in sources}
        first_stated = min((s.get("published") or "" for s in sources), default="")
        for art in articles:
            if art["id"] in stated_in or (art.get("published") and first_stated and art["published"] < first_stated):
                continue  # the report must come later than the red line, from another article
            met = meeting_reports(trig, asserted_reports(art, events_of(art["id"])), events_of, settings)
            if met:
                alerts.append(_alert(story_id, trig, *met[0]))
    return alerts


def _alert(story_id: int, trig: dict[str, Any], report: Report, how: str) -> dict[str, Any]:
    holders = [h["name"] if isinstance(h, dict) else str(h) for h in trig.get("holders") or []]
    stated = [{"article": s.get("article"), "outlet": s.get("outlet"), "published": s.get("published"),
               "start": s.get("start"), "end": s.get("end")} for s in trig.get("sources") or []]  # fmt: skip
    red_line = f"{trig.get('mark') or 'if'} {trig['if']}, then {trig.get('then') or '...'}"
    e = report.event
    return {"key": alert_key(story_id, trig, report), "story": story_id, "red_line": red_line, "if": trig["if"],
            "then": trig.get("then"), "stated_by": holders, "stated_in": stated, "matched_by": how,
            "met_by": {"article": report.article, "outlet": report.outlet, "published": report.published,
                       "text": e["text"], "start": e["start"], "end": e["end"],
                       "event": {k: e.get(k) for k in ("actor", "action", "target", "plover", "cameo")}},
            "summary": f"red line met: {red_line} (stated by {', '.join(holders) or 'unnamed'}); "
                       f"{report.outlet or report.article} reports: {e['text']}"}  # fmt: skip
