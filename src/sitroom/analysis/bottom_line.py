"""The bottom line: 3 to 5 sentences that open the brief.

The latest figure from each main holder, the real disputes, the most reported event, the main
options and the gravest stated red line, each built from rows of the brief it summarises.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.analysis.render import side_phrase
from sitroom.resolve.statements.facts import short_day
from sitroom.resolve.statements.triggers import trigger_sentence

# A long text that opens with a relative clause goes on to its own verb: "A man who was fired last
# week ... walked into his former office with a shotgun on Monday and shot three people" (ECB+).
_SENTENCE_WORDS = 15
_FRAGMENT = re.compile(r"^(?:an?|the)\s+(?:\S+\s+){0,6}?(?:who|that|which)\s", re.I)


def bottom_line(b: dict[str, Any]) -> list[str]:
    """3 to 5 sentences; a section with nothing to say says so, since "no one proposes
    anything" is itself part of the picture."""
    lines = [s for s in (_figures(b), _disputes(b), _event(b), _options(b), _red_line(b)) if s]
    if len(lines) < 3:
        lines.insert(0, f"{len(b['articles'])} articles from {len({a['outlet'] for a in b['articles']})} outlets; "
                        f"{len(b['facts'])} facts, {sum(f['status'] == 'corroborated' for f in b['facts'])} of them reported by two or more independent outlets.")  # fmt: skip
    return lines[:5]


# A figure as the bottom line can quote it: a short phrase ("about 7,500 foreign troops"), not a
# sentence the ledger kept as a value ("A second man has fallen to his death", ECB+ 23_ecbplus).
_FIGURE_WORDS = 7
_SENTENCE = re.compile(r"^(?:A|An|The)\s")


def _quotable(update: dict[str, Any]) -> bool:
    return all(len(str(v["text"]).split()) <= _FIGURE_WORDS and not _SENTENCE.match(str(v["text"])) for v in update["values"])


def _figures(b: dict[str, Any]) -> str | None:
    """The latest value of the most-updated quantity from each holder that updated it."""
    updates = [u for u in b["updates"] if _quotable(u)]
    if not updates:
        return None
    quantity = max({u["quantity"] for u in updates}, key=lambda q: sum(len(u["values"]) for u in updates if u["quantity"] == q))
    latest = [(u["holder"], u["values"][-1]) for u in updates if u["quantity"] == quantity]
    parts = [f"{h} {v['text']} ({short_day(v['date'])}, up from {u0})" for h, v, u0 in
             ((h, v, next(u["values"][0]["text"] for u in updates if u["holder"] == h and u["quantity"] == quantity)) for h, v in latest)]  # fmt: skip
    return f"Latest estimates of {quantity}: " + "; ".join(parts[:4]) + "."


def _disputes(b: dict[str, Any]) -> str | None:
    figure = [d for d in b["disputes"] if d["kind"] == "figure"]
    if not figure:
        return "No figure is disputed between holders once hedges and updates are read." if b["updates"] else None
    d = max(figure, key=lambda d: (len(d["sides"]), (d["dates"] or [""])[-1]))
    sides = " versus ".join(side_phrase(s) for s in d["sides"])
    more = f" ({len(figure)} disputes in all)" if len(figure) > 1 else ""
    when = f" on {short_day(d['dates'][-1])}" if d["dates"] else ""  # an undated story's figures have no day
    return f"Disputed{when}: {d['about']} ({sides}){more}."


def _event(b: dict[str, Any]) -> str | None:
    events = [f for f in b["facts"] if f["kind"] == "event" and f["status"] == "corroborated"]
    if not events:
        return None
    # A noun phrase with its relative clause ("A man who was fired last week from his job") is how
    # an event's participant is told, not a sentence; a told event is preferred when there is one.
    told = [f for f in events if not (_FRAGMENT.match(f["text"]) and len(f["text"].split()) < _SENTENCE_WORDS)] or events
    f = max(told, key=lambda f: f["independent_outlets"])
    return f"Most reported ({f['independent_outlets']} independent outlets): {f['text'].rstrip('.')}."


def _options(b: dict[str, Any]) -> str | None:
    rows = [o for o in b["options"] if o["proposers"]][:3]
    if not rows:
        return "No one in the coverage proposes a course of action."
    return "Options proposed: " + "; ".join(f"{o['option']} ({', '.join(p['name'] for p in o['proposers'][:3])})" for o in rows) + "."


def _red_line(b: dict[str, Any]) -> str | None:
    rows = [t for t in b["triggers"] if t["holders"]]
    if not rows:
        return "No red line or trigger is stated by a named holder."
    t = rows[0]
    told = trigger_sentence(t)
    return f"Red line stated by {', '.join(h['name'] for h in t['holders'][:3])}: {told[0].lower()}{told[1:]}."
