"""The brief: what do we know, who says so, what is disputed, what could happen, what to do.

Built for one story from its articles' annotations through the statement model
(``sitroom.resolve.statements``) into the JSON contract of issue 9 (one entry of
``{"stories": [...]}``): facts with both counts, figure updates and real disputes, the quote
ledger by holder, options and triggers with their proposers, scenarios (what could happen,
never counted as happened), denials, the timeline by when events happened, the escalation
series and the actor network. Rendered as Markdown or HTML by ``render.py``.
"""

from __future__ import annotations

from typing import Any

from sitroom.analysis.bottom_line import bottom_line
from sitroom.analysis.network import actor_network
from sitroom.resolve.statements import corroboration as corr
from sitroom.resolve.statements.attributes import attribute_disputes, bearing_disputes
from sitroom.resolve.statements.contradictions import denial_disputes
from sitroom.resolve.statements.events import (
    Triggers,
    event_statements,
    group_events,
    place_conflicts,
)
from sitroom.resolve.statements.facts import (
    event_fact,
    figure_facts,
    join_restatements,
    quote_fact,
    rank,
)
from sitroom.resolve.statements.figures import figure_statements, ledger_disputes, ledger_updates
from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import HAPPENED, SCENARIO, StoryArticle, event_modality
from sitroom.resolve.statements.options import build_options
from sitroom.resolve.statements.quotes import group_quotes, quote_statements, said_on_conflicts
from sitroom.resolve.statements.scenarios import denials_of, scenarios_of
from sitroom.store import Store


def load_story_articles(store: Store, story_id: int) -> list[StoryArticle]:
    out = []
    for r in store.story_article_rows(story_id):
        row = store.get_article(r["id"])
        out.append(StoryArticle(r["id"], r["outlet"], r["published"], r["near_duplicate_of"], store.get_annotations(r["id"]),
                                r["byline"], r.get("title") or "", (row or {}).get("text") or "", (row or {}).get("url")))  # fmt: skip
    return out


def main_story(store: Store) -> int | None:
    """The story an analyst most likely means: the one with most outlets, then most recent."""
    stories = store.list_stories(limit=1000)
    if not stories:
        return None
    return int(max(stories, key=lambda s: (s["outlets"], s["article_count"], s["last_date"] or ""))["id"])


def build_brief(store: Store, story_id: int) -> dict[str, Any]:
    """One story's situation picture as a JSON-ready dict (one entry of the contract's "stories")."""
    story = store.get_story(story_id)
    if story is None:
        raise KeyError(story_id)
    articles = load_story_articles(store, story_id)
    return {"id": story_id, "title": story["title"], "first_date": story["first_date"], "last_date": story["last_date"],
            **brief_sections(articles)}  # fmt: skip


def brief_sections(articles: list[StoryArticle]) -> dict[str, Any]:
    """Every section of the brief from a story's articles (no store needed)."""
    holders = HolderIndex(articles)
    origins = corr.origin_outlets(articles)
    copies = corr.copy_of(articles)
    figures = figure_statements(articles, holders)
    disputes = ledger_disputes(figures)
    in_dispute = {id(s) for s in figures if _in_dispute(s.source.to_dict(), disputes)}
    quote_groups = group_quotes(quote_statements(articles, holders))
    statements = event_statements(articles, holders)
    # Event words are matched by lemma only: the MiniLM synonym test (``Triggers.shipped``) was
    # half of the first cold brief (~1 CPU s to start the model) and joined none of the 435
    # distinct pairs of words it compared on the sample story and the 6 ECB+ dev sub-topics.
    happened = group_events([s for s in statements if s.modality in HAPPENED], Triggers(None))
    place_disputes = place_conflicts(happened)
    contested = {id(g) for _, gs in place_disputes for g in gs}
    places = [c for c, _ in place_disputes]
    event_rows = [event_fact(g, origins, id(g) in contested) for g in happened]
    facts = [*figure_facts(figures, origins, in_dispute), *event_rows, *(quote_fact(g, origins) for g in quote_groups)]
    facts = join_restatements(facts, origins, {a.id: a.text for a in articles})
    denials = denials_of(quote_groups, facts)
    options, triggers = build_options(articles, holders)
    sections = {
        "articles": [{"id": a.id, "outlet": a.outlet, "published": a.published, "copy_of": copies.get(a.id), "url": a.url}
                     for a in articles],  # fmt: skip
        "facts": sorted(facts, key=importance),
        "updates": ledger_updates(figures),
        "disputes": [*disputes, *places, *said_on_conflicts(quote_groups), *attribute_disputes(articles), *bearing_disputes(articles),
                     *denial_disputes(denials, facts, quote_groups)],
        "quotes": quote_ledger(quote_groups, origins),
        "options": sorted((o.to_dict() for o in options), key=lambda o: (-len(o["proposers"]), -len(o["sources"]))),
        "triggers": sorted(triggers, key=lambda t: (-len(t["holders"]), -len(t["sources"]))),
        "scenarios": scenarios_of([s for s in statements if s.modality in SCENARIO], articles, holders),
        "denials": denials,
        "timeline": timeline(event_rows),
        "escalation": escalation(articles, triggers),
        "network": actor_network(articles),
    }
    return {"bottom_line": bottom_line(sections), **sections}


def _in_dispute(source: dict[str, Any], disputes: list[dict[str, Any]]) -> bool:
    return any(source in side["sources"] for d in disputes for side in d["sides"])


def importance(fact: dict[str, Any]) -> tuple[Any, ...]:
    """Independent holders first, then independent outlets, then recency, then the holder's rank."""
    recency = -int((fact.get("date") or "0000-00-00").replace("-", "") or 0)
    return (-fact["independent_holders"], -fact["independent_outlets"], recency, min((rank(h) for h in fact["holders"]), default=9))


def quote_ledger(groups: list[Any], origins: dict[str, str]) -> list[dict[str, Any]]:
    """Quotes by holder, most quoted first; each item verbatim or paraphrase, with its sources."""
    by_holder: dict[Any, dict[str, Any]] = {}
    for g in groups:
        entry = by_holder.setdefault(g.holder, {"speaker": g.holder.to_dict(), "items": []})
        fact = quote_fact(g, origins)
        entry["items"].append({"text": fact["text"], "quote": g.best.text, "verbatim": fact["verbatim"], "form": g.best.form,
                               "modality": fact["modality"], "status": fact["status"], "sources": fact["sources"]})  # fmt: skip
    return sorted(by_holder.values(), key=lambda e: (rank(e["speaker"]), -len(e["items"])))


def timeline(event_rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events that happened, by the day the text gives for them, each with only its own outlets."""
    rows = [{"date": f["date"], "text": f["text"], "status": f["status"], "fact": f["id"], "outlets": f["outlets"],
             "sources": f["sources"]} for f in event_rows if f["date"]]  # fmt: skip
    return sorted(rows, key=lambda r: (r["date"], -len(r["outlets"])))


def escalation(articles: list[StoryArticle], triggers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per-day escalation index from the story's events; only asserted ones can move it."""
    from sitroom.analysis.escalation import escalation_index

    events = []
    for a in articles:
        for e in a.ann.events:
            modality = event_modality(e)
            events.append({**e, "hypothetical": modality not in HAPPENED and modality != "negated", "negated": modality == "negated",
                           "article": a.id, "outlet": a.outlet, "published": (a.published or "")[:10] or None,
                           "date": (e.get("date") or "")[:10] or None})  # fmt: skip
    return escalation_index(events, triggers)


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
