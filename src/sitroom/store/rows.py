"""Annotations <-> span rows. One place knows how each kind is flattened for the store."""

from __future__ import annotations

from typing import Any

from sitroom.model import Annotations, Entity, Mention, MentionGroup, Sentence

# Kinds held as plain dicts with "start"/"end" (filled by later stages).
DICT_KINDS = ("quotes", "figures", "dates", "events", "claims")


def annotation_rows(article_id: str, text: str, ann: Annotations) -> list[dict[str, Any]]:
    """Flatten annotations into ``spans`` rows, each tagged with the stage that made it."""
    rows: list[dict[str, Any]] = []

    def add(kind: str, start: int, end: int, label: str | None, data: dict[str, Any] | None, provides: str) -> None:
        rows.append({
            "article_id": article_id, "kind": kind, "start_char": start, "end_char": end,
            "label": label, "text": text[start:end], "data": data,
            "stage": ann.produced_by.get(provides, "unknown"),
        })  # fmt: skip

    for s in ann.sentences:
        add("sentence", s.start, s.end, None, None, "sentences")
    for e in ann.entities:
        add("entity", e.start, e.end, e.label, {
            "canonical": e.canonical, "kb_id": e.kb_id, "country": e.country,
            "sector": e.sector, "stands_for": e.stands_for}, "entities")  # fmt: skip
    for g in ann.mentions:
        for m in g.mentions:
            add("mention", m.start, m.end, g.label, {"group": g.id, "name": g.name, "titles": g.titles, "countries": g.countries, "kind": m.kind}, "mentions")
    for p in ann.speakers:
        first = next((q for q in ann.quotes if q.get("speaker") and q["speaker"].get("id") == p["id"]), None)
        s0, e0 = (int(first["mention_start"]), int(first["mention_end"])) if first else (0, 0)
        add("speaker", s0, e0, p["kind"], p, "speakers")
    for kind in DICT_KINDS:
        for item in getattr(ann, kind):
            add(kind[:-1], int(item["start"]), int(item["end"]), item.get("kind") or item.get("type"), item, kind)
    return rows


def annotations_from_rows(rows: list[Any]) -> Annotations:
    """Rebuild Annotations from ``spans`` rows (ordered by id)."""
    ann = Annotations()
    groups: dict[int, MentionGroup] = {}
    for r in rows:
        data = r.data or {}
        if r.kind == "sentence":
            ann.sentences.append(Sentence(r.start_char, r.end_char))
        elif r.kind == "entity":
            ann.entities.append(Entity(r.text, r.label, r.start_char, r.end_char, **data))
        elif r.kind == "mention":
            group = groups.setdefault(data["group"], MentionGroup(data["group"], r.label, data["name"], list(data.get("titles") or []),
                                                                  countries=list(data.get("countries") or [])))  # fmt: skip
            group.mentions.append(Mention(r.text, r.start_char, r.end_char, data.get("kind", "name")))
        elif r.kind == "speaker":
            ann.speakers.append(data)
        elif r.kind + "s" in DICT_KINDS:
            getattr(ann, r.kind + "s").append(data)
        ann.produced_by.setdefault({"sentence": "sentences", "entity": "entities", "mention": "mentions"}.get(r.kind, r.kind + "s"), r.stage)
    ann.mentions = list(groups.values())
    return ann
