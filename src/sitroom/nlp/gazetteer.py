"""The entity data files we maintain (``sitroom/data/entities/*.jsonl``) as lookups."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class GazetteerEntry:
    pattern: str
    label: str
    id: str
    canonical: str
    country: str | None
    sector: str | None
    kind: str
    stands_for: str | None
    ambiguous: bool = False


def _read_entries(name: str) -> list[GazetteerEntry]:
    path = resources.files("sitroom").joinpath("data", "entities", name)
    if not path.is_file():
        return []
    entries = []
    for line in path.read_text("utf-8").splitlines():
        if line.strip():
            raw: dict[str, Any] = json.loads(line)
            entries.append(GazetteerEntry(
                pattern=raw["pattern"], label=raw["label"], id=raw["id"], canonical=raw["canonical"],
                country=raw.get("country"), sector=raw.get("sector"), kind=raw.get("kind", ""),
                stands_for=raw.get("stands_for"), ambiguous=bool(raw.get("ambiguous", False))))  # fmt: skip
    return entries


ENTITY_FILES = ("countries.jsonl", "places.jsonl", "governments.jsonl", "ministries.jsonl",
                "security.jsonl", "organizations.jsonl")  # fmt: skip


def strip_article(text: str) -> str:
    """'the Kremlin' -> 'Kremlin': spaCy's entities leave out the article, so patterns do too."""
    return text[4:] if text[:4].lower() == "the " else text


@lru_cache(maxsize=1)
def entity_entries() -> tuple[GazetteerEntry, ...]:
    return tuple(e for name in ENTITY_FILES for e in _read_entries(name))


@lru_cache(maxsize=1)
def title_entries() -> tuple[GazetteerEntry, ...]:
    return tuple(_read_entries("titles.jsonl"))


@lru_cache(maxsize=1)
def entity_lookup() -> dict[str, GazetteerEntry]:
    """Surface form (without a leading 'the', case-folded) -> entry; the first file wins."""
    table: dict[str, GazetteerEntry] = {}
    for e in entity_entries():
        table.setdefault(strip_article(e.pattern).casefold(), e)
    return table


def ruler_patterns() -> list[dict[str, str]]:
    """Phrase patterns for the gazetteer matcher: exact-case, unambiguous entries only.

    Ambiguous names (Chad, Jordan, Georgia) are left to the statistical NER, which sees the
    context; the lookup still gives them a canonical form when NER tags them.
    """
    seen: set[tuple[str, str]] = set()
    patterns = []
    for e in entity_entries():
        text = strip_article(e.pattern)
        if e.ambiguous or e.label == "TITLE":
            continue
        variants = [text]
        if "'" in text:  # news sites print the curly apostrophe: "Poland’s Defence Ministry"
            variants.append(text.replace("'", "’"))
        if e.kind in ("capital", "city") and len(text) >= 4:  # wire datelines: "WARSAW, Sept 16"
            variants.append(text.upper())
        for variant in variants:
            if (variant, e.label) not in seen:
                seen.add((variant, e.label))
                patterns.append({"label": e.label, "pattern": variant, "id": e.id})
    return patterns


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 code -> the country's canonical name ("BLR" -> "Belarus")."""
    return {e.id: e.canonical for e in entity_entries() if e.kind == "country"}


@lru_cache(maxsize=1)
def title_heads() -> frozenset[str]:
    """The last word of every title ("minister", "spokesman", "director"), lower case."""
    return frozenset(e.pattern.casefold().split()[-1].rstrip(".") for e in title_entries())
