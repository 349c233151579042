"""Attributes: what outlets say one named thing is like, and when they tell it differently.

A statement dispute is two holders telling one fact in ways that cannot both hold. The first
kind read here is the colour of a named vehicle ("a grey 2013 Toyota Camry" / "a silver Toyota
Camry"): a colour is one value of one object, so two outlets giving two colours to the same
make and model disagree. Only a colour word right before a capitalised make or model counts
("dark", "light" and the like name no colour), and spelling variants are one colour.
"""

from __future__ import annotations

import re
from typing import Any

from sitroom.resolve.statements.corroboration import origin_outlets
from sitroom.resolve.statements.model import Source, StoryArticle

# Spelling variants of one colour share its key.
COLOURS = {"silver": "silver", "grey": "grey", "gray": "grey", "black": "black", "white": "white", "red": "red",
           "blue": "blue", "green": "green", "yellow": "yellow", "brown": "brown", "gold": "gold", "beige": "beige",
           "maroon": "maroon", "orange": "orange", "purple": "purple"}  # fmt: skip
# A colour, an optional model year, then the make and model: "gray 2013 Toyota Camry".
_COLOURED_MODEL = re.compile(r"\b(" + "|".join(COLOURS) + r")\s+(?:(?:19|20)\d\d\s+)?((?:[A-Z][\w-]+\s+){0,2}[A-Z][\w-]+)\b")


def colour_claims(a: StoryArticle) -> list[tuple[str, str, Source]]:
    """(model key, colour, source) for each coloured make or model the article names."""
    out = []
    for m in _COLOURED_MODEL.finditer(a.text or ""):
        model = m.group(2)  # the colour is lower case: "Gray said", "Red Cross" are names
        key = model.split()[-1].casefold()
        out.append((key, COLOURS[m.group(1).casefold()], Source(a.id, a.outlet, a.published, m.start(), m.end())))
    return out


def attribute_disputes(articles: list[StoryArticle]) -> list[dict[str, Any]]:
    """Statement disputes: one named vehicle given different colours by independent outlets."""
    origins = origin_outlets(articles)
    by_model: dict[str, dict[str, list[Source]]] = {}
    names: dict[str, str] = {}
    for a in articles:
        for key, colour, source in colour_claims(a):
            by_model.setdefault(key, {}).setdefault(colour, []).append(source)
            names.setdefault(key, _model_name(a.text, source))
    out = []
    for key, colours in sorted(by_model.items()):
        told_by = {c: {origins.get(s.article, s.article) for s in sources} for c, sources in colours.items()}
        # Different colours from one outlet alone (its copy edited) is no disagreement between holders.
        if len(colours) < 2 or len(set().union(*told_by.values())) < 2:
            continue
        out.append({"about": f"colour of the {names[key]}", "kind": "statement",
                    "sides": [_side(c, sources) for c, sources in sorted(colours.items(), key=lambda kv: -len(kv[1]))]})  # fmt: skip
    return out


def _model_name(text: str, source: Source) -> str:
    m = _COLOURED_MODEL.match(text, source.start)
    return m.group(2) if m else "vehicle"


def _side(colour: str, sources: list[Source]) -> dict[str, Any]:
    outlets = sorted({str(s.outlet or s.article) for s in sources})
    return {"value": colour, "text": colour, "holders": [], "reported_by": outlets, "outlets": outlets,
            "sources": [s.to_dict() for s in sources]}  # fmt: skip
