"""A story's change log: what is new in its brief since the last time it was looked at.

After each ingest that touches a story, a compact snapshot of the story's brief (its
articles, facts with their status and independent holders, figure updates, disputes,
options and triggers) is diffed against the snapshot taken the time before. Each difference
is one change an analyst cares about:

- ``article``: a new article joined the story;
- ``update``: a holder gave a new value for a figure it had given before;
- ``dispute``: a new disagreement between holders;
- ``confirmed``: a fact gained an independent holder (or became corroborated);
- ``option`` / ``red_line``: a new proposed course of action, a new trigger or red line.

Each change keeps the spans (article, start, end) it rests on. The brief is read in its JSON
contract (issue 9: facts with id and independent_holders, updates, disputes) and, for briefs
built before that contract, in the older keys (conflicts, evolving, independent_sources).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Snapshot = dict[str, Any]
Change = dict[str, Any]


def _spans(sources: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [{"article": s.get("article"), "start": s.get("start"), "end": s.get("end"), "outlet": s.get("outlet")}
            for s in (sources or []) if s.get("article")]  # fmt: skip


def _names(holders: list[Any] | None) -> list[str]:
    return sorted({h["name"] if isinstance(h, dict) else str(h) for h in holders or [] if h})


def _fact_key(f: dict[str, Any]) -> str:
    return str(f.get("id") or f"{f.get('kind')}: {f.get('text') or f.get('summary')}")


def _facts(brief: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for f in brief.get("facts") or []:
        out[_fact_key(f)] = {"text": f.get("text") or f.get("summary") or "", "status": f.get("status"),
                             "independent": int(f.get("independent_holders") or f.get("independent_sources") or 1),
                             "spans": _spans(f.get("sources"))}  # fmt: skip
    return out


def _updates(brief: dict[str, Any]) -> dict[str, Any]:
    out = {}
    if "updates" in brief:
        for u in brief["updates"] or []:
            key = f"{u.get('quantity')} ({u.get('scope') or '-'}) by {u.get('holder')}"
            values = u.get("values") or []
            out[key] = {"values": [[v.get("date"), v.get("value")] for v in values],
                        "spans": _spans([s for v in values[-1:] for s in v.get("sources") or []])}  # fmt: skip
    else:  # before the issue-9 contract: one holder's changing figure was an "evolution"
        for u in brief.get("evolving") or []:
            key = f"{u.get('about')} by {u.get('holder')}"
            out[key] = {"values": [[v.get("date"), v.get("value")] for v in u.get("values") or []], "spans": []}
    return out


def _disputes(brief: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for d in brief.get("disputes", brief.get("conflicts")) or []:
        sides = d.get("sides") or d.get("values") or []
        values = [str(s.get("value")) for s in sides if isinstance(s, dict)]
        key = f"{d.get('kind')}: {d.get('about')}"
        out[key] = {"about": d.get("about"), "values": values,
                    "spans": _spans([src for s in sides if isinstance(s, dict) for src in s.get("sources") or []])}  # fmt: skip
    return out


def _options(brief: dict[str, Any]) -> dict[str, Any]:
    return {str(o.get("option")): {"holders": _names(o.get("proposers", o.get("advocates"))), "spans": _spans(o.get("sources"))}
            for o in brief.get("options") or []}  # fmt: skip


def _triggers(brief: dict[str, Any]) -> dict[str, Any]:
    return {f"if {t.get('if')} then {t.get('then')}": {"holders": _names(t.get("holders")), "spans": _spans(t.get("sources"))}
            for t in brief.get("triggers") or [] if t.get("if")}  # fmt: skip


def story_snapshot(brief: dict[str, Any]) -> Snapshot:
    """The parts of a brief whose changes are news, small enough to store per story."""
    return {"articles": [a["id"] for a in brief.get("articles") or []], "facts": _facts(brief), "updates": _updates(brief),
            "disputes": _disputes(brief), "options": _options(brief), "triggers": _triggers(brief)}  # fmt: skip


def _change(kind: str, summary: str, spans: list[dict[str, Any]], new: set[str]) -> Change:
    """A change, tied to the newest article it rests on (one of this ingest's, if any)."""
    mine = [s for s in spans if s["article"] in new] or spans[-1:]
    return {"kind": kind, "summary": summary, "article": mine[0]["article"] if mine else None, "spans": mine}


def diff_snapshots(old: Snapshot | None, new: Snapshot, title_of: Callable[[str], str]) -> list[Change]:
    """The changes from ``old`` (None: the story is new) to ``new``, in a stable order."""
    old = old or story_snapshot({})
    added = [a for a in new["articles"] if a not in set(old["articles"])]
    fresh = set(added)
    changes = [_change("article", f"new article: {title_of(a)}", [{"article": a, "start": None, "end": None, "outlet": None}], fresh)
               for a in added]  # fmt: skip
    for key, u in new["updates"].items():
        before = old["updates"].get(key, {}).get("values") or []
        if len(u["values"]) > max(len(before), 1):
            prev, last = u["values"][-2], u["values"][-1]
            changes.append(_change("update", f"{key}: now {last[1]} ({last[0] or 'undated'}), was {prev[1]}", u["spans"], fresh))
    for key, d in new["disputes"].items():
        if key not in old["disputes"]:
            changes.append(_change("dispute", f"new dispute over {d['about']}: {' vs '.join(d['values'])}", d["spans"], fresh))
    for key, f in new["facts"].items():
        before = old["facts"].get(key)
        if before and (f["independent"] > before["independent"] or (f["status"] == "corroborated" != before["status"])):
            changes.append(_change("confirmed", f"now {f['status']} by {f['independent']} independent sources: {f['text']}", f["spans"], fresh))
    for kind, section in (("option", "options"), ("red_line", "triggers")):
        for key, o in new[section].items():
            if key not in old[section]:
                by = f" ({', '.join(o['holders'])})" if o["holders"] else ""
                changes.append(_change(kind, f"new {'option' if kind == 'option' else 'red line'}: {key}{by}", o["spans"], fresh))
    return changes
