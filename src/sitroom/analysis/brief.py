"""The brief: what do we know, who says so, what is disputed, what are the options.

Built from the store for one story: its articles and their annotations, resolved into facts
with corroboration status (``sitroom.resolve.facts``), conflicts, the quote ledger by
speaker, the timeline of real events, options and triggers, and the escalation series.
Rendered as JSON (the shape pinned in the issue), Markdown or self-contained HTML.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sitroom.analysis.network import actor_network
from sitroom.resolve.facts import (
    StoryArticle,
    event_facts,
    figure_facts,
    finish,
    option_table,
    origin_outlets,
    quote_facts,
    statement_date_conflicts,
)
from sitroom.store import Store


def load_story_articles(store: Store, story_id: int) -> list[StoryArticle]:
    return [StoryArticle(r["id"], r["outlet"], r["published"], r["near_duplicate_of"], store.get_annotations(r["id"]), r["byline"])
            for r in store.story_article_rows(story_id)]  # fmt: skip


def main_story(store: Store) -> int | None:
    """The story an analyst most likely means: the one with most outlets, then most recent."""
    stories = store.list_stories(limit=1000)
    if not stories:
        return None
    return int(max(stories, key=lambda s: (s["outlets"], s["article_count"], s["last_date"] or ""))["id"])


def build_brief(store: Store, story_id: int) -> dict[str, Any]:
    """One story's situation picture as a JSON-ready dict."""
    story = store.get_story(story_id)
    if story is None:
        raise KeyError(story_id)
    articles = load_story_articles(store, story_id)
    outlets = origin_outlets(articles)
    quotes = [finish(f, outlets) for f in quote_facts(articles)]
    figures, figure_notes = figure_facts(articles)
    figure_conflicts = [n for n in figure_notes if n["kind"] != "evolution"]
    evolutions = [n for n in figure_notes if n["kind"] == "evolution"]
    events, event_conflicts = event_facts(articles)
    figures = [finish(f, outlets) for f in figures]
    events = [finish(f, outlets) for f in events]
    options, triggers, _ = option_table(articles)
    facts = sorted([*figures, *events, *quotes], key=lambda f: (-f.detail.get("independent", 1), f.kind))
    return {
        "id": story_id,
        "title": story["title"],
        "first_date": story["first_date"],
        "last_date": story["last_date"],
        "articles": [{"id": a.id, "outlet": a.outlet, "published": a.published, "near_duplicate_of": a.near_duplicate_of} for a in articles],
        "facts": [f.to_dict() for f in facts],
        "conflicts": figure_conflicts + event_conflicts + statement_date_conflicts(quotes),
        "evolving": evolutions,
        "quote_ledger": quote_ledger(quotes),
        "options": options,
        "triggers": triggers,
        "timeline": timeline(events),
        "escalation": escalation(articles, triggers),
        "network": actor_network(articles),
    }


_TRENDS: dict[tuple[str, int, int, str | None], tuple[float | None, str]] = {}


def story_trends(store: Store, stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add each story's escalation level and trend (rising / falling / steady) for lists.

    Cached per (store, story, article count, last date): a list page shows hundreds of stories
    and a story's index only changes when an article joins it.
    """
    from sitroom.analysis.escalation import escalation_index, trend

    for s in stories:
        key = (store.url, int(s["id"]), int(s["article_count"]), s.get("last_date"))
        if key not in _TRENDS:
            events = [{**e, "date": (e.get("date") or "")[:10] or None} for e in store.story_event_rows(int(s["id"]))]
            series = escalation_index(events)
            _TRENDS[key] = (series[-1]["level"] if series else None, trend(series) if series else "steady")
        s["escalation_level"], s["trend"] = _TRENDS[key]
    return stories


def quote_ledger(quotes: list[Any]) -> list[dict[str, Any]]:
    """Quotes by speaker, most quoted first, each with the outlets that carried it."""
    by_speaker: dict[str, dict[str, Any]] = {}
    for f in quotes:
        entry = by_speaker.setdefault(f.detail["speaker"], {"speaker": f.detail["speaker"], "role": f.detail.get("role"), "quotes": []})
        entry["role"] = entry["role"] or f.detail.get("role")
        entry["quotes"].append({"text": f.detail["text"], "kind": f.detail["kind"], "status": f.status, "sources": f.sources})
    return sorted(by_speaker.values(), key=lambda e: -len(e["quotes"]))


def timeline(events: list[Any]) -> list[dict[str, Any]]:
    """Real (not negated, not hypothetical) events by the day they happened."""
    days: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in events:
        for day in f.detail.get("dates") or []:
            days[day].append({"summary": f.summary, "status": f.status, "sources": f.sources})
    return [{"date": d, "summary": "; ".join(e["summary"] for e in days[d]), "events": days[d],
             "sources": [s for e in days[d] for s in e["sources"]]} for d in sorted(days)]  # fmt: skip


def escalation(articles: list[StoryArticle], triggers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-day escalation index from the story's real events (see analysis.escalation)."""
    from sitroom.analysis.escalation import escalation_index

    events = []
    for a in articles:
        for e in a.ann.events:
            events.append({**e, "article": a.id, "outlet": a.outlet, "published": (a.published or "")[:10] or None,
                           "date": (e.get("date") or "")[:10] or None})  # fmt: skip
    return escalation_index(events, triggers)
