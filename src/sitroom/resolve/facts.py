"""Facts within a story: the same quote, figure, event or recommendation across articles.

Each fact lists every supporting article with its span. Corroboration counts independent
sources: outlets, where a near-duplicate (a syndicated or lightly edited copy) counts as the
outlet of its original, so a wire story printed by five papers is one source. A figure
whose value differs across outlets at the same time is a conflict; one that grows as the
days pass is an evolution, not a contradiction.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from sitroom.model import Annotations

CORROBORATED, SINGLE, CONFLICTING, EVOLVING = "corroborated", "single-source", "conflicting", "evolving"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = frozenset(["the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "that", "this", "is", "are", "was", "were", "be", "been", "it", "its", "as", "at", "by", "from", "we", "our", "they", "their", "he", "she", "his", "her", "not", "no", "will", "would", "should", "could"])


@dataclass
class StoryArticle:
    id: str
    outlet: str | None
    published: str | None
    near_duplicate_of: str | None
    ann: Annotations
    byline: str | None = None


@dataclass
class Fact:
    kind: str  # quote | figure | event | claim
    summary: str
    key: str
    sources: list[dict[str, Any]] = field(default_factory=list)
    status: str = SINGLE
    detail: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "summary": self.summary, "status": self.status, "independent_sources": self.detail.get("independent", 1),
                "sources": self.sources}  # fmt: skip


@lru_cache(maxsize=1)
def measures() -> dict[str, Any]:
    return dict(json.loads(resources.files("sitroom").joinpath("data", "resolve", "measures.json").read_text("utf-8")))


def content_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "") if w.casefold() not in _STOP and len(w) > 2}


def similar(a: str, b: str, threshold: float = 0.45) -> bool:
    """Word overlap relative to the shorter text: a trimmed quote still matches its full version."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= threshold


def origin_outlets(articles: list[StoryArticle]) -> dict[str, str]:
    """Article id -> the outlet that counts as its independent source."""
    by_id = {a.id: a for a in articles}
    out = {}
    for a in articles:
        original = by_id.get(a.near_duplicate_of or "", a)
        out[a.id] = (original.outlet or original.id).casefold()
    return out


def source_entry(a: StoryArticle, item: dict[str, Any]) -> dict[str, Any]:
    return {"article": a.id, "outlet": a.outlet, "published": a.published, "start": item["start"], "end": item["end"]}


def finish(fact: Fact, outlets: dict[str, str]) -> Fact:
    independent = len({outlets[s["article"]] for s in fact.sources})
    fact.detail["independent"] = independent
    if fact.status not in (CONFLICTING, EVOLVING):
        fact.status = CORROBORATED if independent >= 2 else SINGLE
    return fact


# -- quotes ------------------------------------------------------------------------------------
# Two quotes by one speaker whose embeddings are this close say the same thing in other
# words: a translation or a paraphrase. Measured on the sample's four wordings of the defence
# minister's "Poland will defend every metre ..." (wire, syndicated copy, translation,
# paraphrase): 0.92-1.00 between them, at most 0.58 against his other quotes.
SAME_QUOTE_COSINE = 0.75


def quote_facts(articles: list[StoryArticle], embed: bool = True) -> list[Fact]:
    """One fact per thing a named speaker said, however each outlet worded, trimmed or translated it."""
    from sitroom.resolve.entities import fold_name

    quotes = [(a, q) for a in articles for q in a.ann.quotes if q.get("speaker") and q["kind"] != "partial"]
    vectors = _quote_vectors([q["text"] for _, q in quotes], _multi_article(quotes)) if embed and quotes else None
    facts: list[Fact] = []
    for i, (a, q) in enumerate(quotes):
        name = q["speaker"]["name"]
        surname = (fold_name(name).split() or [name.casefold()])[-1]
        match = next((f for f in facts if f.key == surname and (similar(f.detail["text"], q["text"])
                      or (vectors is not None and float(vectors[f.detail["index"]] @ vectors[i]) >= SAME_QUOTE_COSINE))), None)  # fmt: skip
        if match is None:
            match = Fact("quote", f"{name}: “{_clip(q['text'])}”", surname, detail={"text": q["text"], "speaker": name,
                         "role": q["speaker"].get("role"), "kind": q["kind"], "index": i})  # fmt: skip
            facts.append(match)
        match.sources.append(source_entry(a, q))
        said = statement_date(a, q)
        if said:
            match.detail.setdefault("said_on", {}).setdefault(said, set()).add(a.outlet or a.id)
    return facts


def statement_date(a: StoryArticle, q: dict[str, Any]) -> str | None:
    """The day an article says a quote was said: a day-precise date in the cue's sentence
    ("Kavalenka said on Tuesday"). None when the article does not say, rather than guessing
    from the publication date, so that only stated dates can disagree."""
    anchor = int(q["cue_start"] if q.get("cue_start") is not None else q["start"])
    sentence = next(((s.start, s.end) for s in a.ann.sentences if s.start <= anchor < s.end), None)
    if sentence is None:
        return None
    for d in a.ann.dates:
        value = str(d.get("value") or "")
        if sentence[0] <= int(d["start"]) < sentence[1] and len(value) == 10 and not (q["start"] <= int(d["start"]) < q["end"]):
            return value
    return None


def statement_date_conflicts(quotes: list[Fact]) -> list[dict[str, Any]]:
    """One statement that outlets date differently ("said on Tuesday" / "said on Wednesday")."""
    out = []
    for f in quotes:
        said_on: dict[str, set[str]] = f.detail.get("said_on") or {}
        if len(said_on) > 1:
            out.append({"about": f"when: {f.summary}", "kind": "date",
                        "values": [{"value": day, "holders": [], "outlets": sorted(outlets)} for day, outlets in sorted(said_on.items())]})  # fmt: skip
    return out


def _multi_article(quotes: list[tuple[StoryArticle, dict[str, Any]]]) -> list[bool]:
    """Which quotes need an embedding: only a speaker quoted in two articles can be matched
    across wordings, and embedding costs ~10 ms a quote."""
    from sitroom.resolve.entities import fold_name

    articles_of: dict[str, set[str]] = defaultdict(set)
    keys = []
    for a, q in quotes:
        key = (fold_name(q["speaker"]["name"]).split() or ["?"])[-1]
        keys.append(key)
        articles_of[key].add(a.id)
    return [len(articles_of[k]) > 1 for k in keys]


def _quote_vectors(texts: list[str], needed: list[bool]) -> Any:
    """Embeddings of the needed texts (zero vectors elsewhere), shortest first to pad less."""
    import numpy as np

    from sitroom.resolve.embeddings import DIM, get_embedder

    out = np.zeros((len(texts), DIM), dtype=np.float32)
    order = sorted((i for i, n in enumerate(needed) if n), key=lambda i: len(texts[i]))
    if order:
        out[order] = get_embedder().embed([texts[i] for i in order])
    return out


# -- figures -----------------------------------------------------------------------------------
def measure_key(counted: str | None) -> str | None:
    """'foreign military servicemen' -> 'foreign troops'; None when nothing is counted."""
    if not counted:
        return None
    m = measures()
    words = counted.casefold().replace("-", " ").split()
    head = None
    for cls, forms in m["head_classes"].items():
        if " ".join(words[-2:]) in forms or words[-1] in forms:
            head = cls
            break
    if head is None:
        return None
    quals = sorted({q for q in m["qualifiers"] if q in " ".join(words[:-1]).split() or q in " ".join(words[:-1])})
    return " ".join([*quals, head])


def _value(f: dict[str, Any]) -> float | None:
    if f.get("value") is not None:
        return float(f["value"])
    if f.get("low") is not None and f.get("high") is not None:
        return (float(f["low"]) + float(f["high"])) / 2
    return None


def figure_facts(articles: list[StoryArticle]) -> tuple[list[Fact], list[dict[str, Any]]]:
    """One fact per reported value of a measure; conflicts and evolutions across them.

    Outlets that give the same value (within a hedge's tolerance) corroborate it. Different
    values from different holders on the same day are a conflict; one holder's values rising
    day by day are an evolution, listed in the conflicts with kind "evolution" so an analyst
    sees the figure moved, not that someone contradicted themselves.
    """
    groups: dict[str, list[tuple[StoryArticle, dict[str, Any]]]] = defaultdict(list)
    for a in articles:
        for f in a.ann.figures:
            key = measure_key(f.get("counted"))
            if key and not f.get("part_of") and _value(f) is not None:
                groups[key].append((a, f))
    _merge_unqualified(groups)
    facts: list[Fact] = []
    notes: list[dict[str, Any]] = []
    for key, items in groups.items():
        buckets = _value_buckets(items)
        for b in buckets:
            fact = Fact("figure", f"{key}: {b['label']} ({', '.join(sorted(b['holders']))})", f"{key}|{b['value']:g}")
            fact.sources = b["sources"]
            fact.detail.update(value=b["value"], holders=sorted(b["holders"]), dates=sorted(b["dates"]))
            facts.append(fact)
        notes.extend(_same_day_conflicts(key, buckets))
        notes.extend(_evolutions(key, items))
    return facts, notes


def _value_buckets(items: list[tuple[StoryArticle, dict[str, Any]]]) -> list[dict[str, Any]]:
    buckets: list[dict[str, Any]] = []
    for a, f in items:
        v = _value(f)
        assert v is not None
        b = next((b for b in buckets if not _differ([b["value"], v])), None)
        if b is None:
            b = {"value": v, "label": f["text"], "holders": set(), "outlets": set(), "dates": set(), "sources": []}
            buckets.append(b)
        b["holders"].add(f.get("holder") or "(writer)")
        b["outlets"].add(a.outlet or a.id)
        b["dates"].add(_figure_day(a, f))
        b["sources"].append(source_entry(a, f))
    return buckets


def _figure_day(a: StoryArticle, f: dict[str, Any]) -> str:
    """The day a figure describes: its own date when day-precise, else the article's."""
    own = str(f.get("date") or "")
    return own[:10] if len(own) >= 10 else (a.published or "")[:10]


def _same_day_conflicts(key: str, buckets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Values that differ, given for the same day: who says which, in which outlets."""
    out = []
    days = sorted({d for b in buckets for d in b["dates"] if d})
    for day in days:
        todays = [b for b in buckets if day in b["dates"]]
        if len(todays) > 1 and _differ([b["value"] for b in todays]):
            out.append({"about": key, "kind": "figure", "date": day, "values": [
                {"value": b["value"], "texts": [b["label"]], "holders": sorted(b["holders"]), "outlets": sorted(b["outlets"]),
                 "dates": [day]} for b in sorted(todays, key=lambda b: b["value"])]})  # fmt: skip
    return out


def _evolutions(key: str, items: list[tuple[StoryArticle, dict[str, Any]]]) -> list[dict[str, Any]]:
    """One holder's estimate changing over the days: Poland's 2,000, then 5,000, then 7,500."""
    by_holder: dict[str, dict[str, float]] = defaultdict(dict)
    for a, f in items:
        holder = holder_key(f.get("holder"))
        v = _value(f)
        if holder and v is not None:
            by_holder[holder].setdefault(_figure_day(a, f), v)
    out = []
    for holder, series in by_holder.items():
        days = sorted(d for d in series if d)
        values = [series[d] for d in days]
        if len(days) > 1 and _differ(values):
            out.append({"about": key, "kind": "evolution", "holder": holder,
                        "values": [{"date": d, "value": series[d]} for d in days]})  # fmt: skip
    return out


def holder_key(holder: str | None) -> str | None:
    """'Polish intelligence', "Poland's Defence Ministry", 'Warsaw' -> one holder: Poland.

    Estimates are made by states more than by their agencies, and outlets attribute the same
    number to the ministry, the intelligence service or the capital in turn.
    """
    if not holder:
        return None
    from sitroom.nlp.gazetteer import entity_lookup

    lookup = entity_lookup()
    words = re.findall(r"[\w’']+", holder)
    for n in (2, 1):
        for i in range(len(words) - n + 1):
            entry = lookup.get(" ".join(words[i:i + n]).replace("’s", "").replace("'s", "").casefold())
            if entry and entry.country and entry.kind in ("country", "demonym", "capital"):
                return entry.country
    return holder.casefold()


def _merge_unqualified(groups: dict[str, list[tuple[StoryArticle, dict[str, Any]]]]) -> None:
    """'troops' joins 'foreign troops' when that is the story's only qualified measure of troops."""
    for key in [k for k in groups if " " not in k]:
        qualified = [k for k in groups if k.endswith(" " + key)]
        if len(qualified) == 1:
            groups[qualified[0]].extend(groups.pop(key))


def _differ(values: list[float]) -> bool:
    # Hedged estimates within 15% of each other ("about 5,000" / "nearly 5,000") agree.
    return len(values) > 1 and (max(values) - min(values)) / max(max(values), 1) > 0.15


# -- events ------------------------------------------------------------------------------------
def event_facts(articles: list[StoryArticle]) -> tuple[list[Fact], list[dict[str, Any]]]:
    """One fact per (actor, type, target); different places for one event are a conflict."""
    groups: dict[tuple[str, str, str], list[tuple[StoryArticle, dict[str, Any]]]] = defaultdict(list)
    for a in articles:
        for e in a.ann.events:
            if e.get("negated") or e.get("hypothetical") or not e.get("plover"):
                continue
            groups[(str(e.get("actor") or "?"), str(e["plover"]), str(e.get("target") or "-"))].append((a, e))
    facts, conflicts = [], []
    for (actor, plover, target), items in groups.items():
        first = items[0][1]
        if actor == "?":  # no coded actor: the clause itself says more than "? take part"
            summary = _clip(str(first.get("text") or plover.lower()), 110)
        else:
            summary = f"{actor} {first.get('action') or plover.lower()}" + (f" → {target}" if target != "-" else "")
            summary += f" ({plover.lower()})"
        fact = Fact("event", summary, f"{actor}|{plover}|{target}")
        places: dict[str, dict[str, Any]] = {}
        for a, e in items:
            fact.sources.append(source_entry(a, e))
            place = str(e.get("location") or "")
            if place[:1].isupper():  # a named place; "borders" or "the area" locate nothing
                p = places.setdefault(place_key(place), {"value": place, "outlets": set(), "holders": set()})
                p["outlets"].add(a.outlet or a.id)
        # Only day-precise dates go on the timeline; "in June" is context, not an event date.
        fact.detail["dates"] = sorted({d for d in ((e.get("date") or a.published or "")[:10] for a, e in items) if len(d) == 10})
        fact.detail["plover"], fact.detail["cameo"] = plover, items[0][1].get("cameo")
        if len(places) > 1:
            fact.status = CONFLICTING
            conflicts.append({"about": f"where: {fact.summary}", "kind": "event",
                              "values": [{"value": p["value"], "holders": [], "outlets": sorted(p["outlets"])} for p in places.values()]})  # fmt: skip
        facts.append(fact)
    return facts, conflicts


def place_key(name: str) -> str:
    """'Sokółka' and 'Sokolka' are one place: compare without diacritics and case."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name.replace("ł", "l").replace("Ł", "L"))
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold().strip()


# -- claims: options and triggers ------------------------------------------------------------
def option_table(articles: list[StoryArticle]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[Fact]]:
    """Recommendations clustered into options (advocates, opponents, conditions), and triggers."""
    options: list[dict[str, Any]] = []
    triggers: list[dict[str, Any]] = []
    facts: list[Fact] = []
    opposition = [w for w in measures()["opposition_words"]]
    for a in articles:
        for c in a.ann.claims:
            # A writer's own recommendation is held by the byline (an analysis or opinion piece).
            holder = c.get("holder") or a.byline
            if c["type"] == "recommendation":
                label = c.get("action") or c["text"]
                if len(content_words(label)) < 2:
                    continue  # "be", "do it": no option an analyst could weigh
                _add_option(options, label, holder, a, c, None)
            if c["type"] == "condition" and _RECOMMENDS.search(c.get("then") or ""):
                # "if the troops cross, allies should respond in kind": also an option, with its trigger
                label = _RECOMMENDS.split(c["then"], maxsplit=1)[-1]
                if len(content_words(label)) >= 2:
                    _add_option(options, label, holder, a, c, c.get("if"))
            if c["type"] == "condition":
                trig = next((t for t in triggers if similar(t["then"] or "", c.get("then") or c["text"], 0.5)), None)
                if trig is None:
                    trig = {"if": c.get("if"), "then": c.get("then") or c["text"], "holders": [], "sources": []}
                    triggers.append(trig)
                _add_holder(trig["holders"], holder, a)
                trig["sources"].append(source_entry(a, c))
    for a in articles:  # opponents: claims and quotes that reject an option in the option's own words
        for item in [*a.ann.claims, *a.ann.quotes]:
            text = item["text"].casefold()
            holder = item.get("holder") or (item.get("speaker") or {}).get("name")
            if holder and any(w in text for w in opposition):
                for opt in options:
                    if len(content_words(opt["_words"]) & content_words(item["text"])) >= 2:
                        _add_holder(opt["opponents"], holder, a)
    for opt in options:
        for trig in triggers:
            if similar(opt["_words"], trig["then"] or "", 0.5):
                opt["conditions"].append(trig["if"])
        opt.pop("_words")
    return options, triggers, facts


_RECOMMENDS = re.compile(r"\b(?:should|must|ought to|needs? to|call(?:s|ed)?(?: on \w+)? for|urg(?:e|es|ed))\b", re.I)


def _add_option(options: list[dict[str, Any]], label: str, holder: str | None, a: StoryArticle,
                claim: dict[str, Any], condition: str | None) -> None:
    opt = next((o for o in options if similar(o["_words"], label, 0.5)), None)
    if opt is None:
        opt = {"option": _clip(label, 80), "_words": label, "advocates": [], "opponents": [], "conditions": [], "sources": []}
        options.append(opt)
    _add_holder(opt["advocates"], holder, a)
    if condition and condition not in opt["conditions"]:
        opt["conditions"].append(condition)
    opt["sources"].append(source_entry(a, claim))


def _add_holder(holders: list[dict[str, Any]], name: str | None, a: StoryArticle) -> None:
    if not name:
        return
    role = next((p.get("role") for p in a.ann.speakers if p.get("name") == name), None)
    if not any(h["name"] == name for h in holders):
        holders.append({"name": name, "role": role})


def _clip(text: str, n: int = 100) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
