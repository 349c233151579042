"""Attributes: what outlets say one named thing is like, and when they tell it differently.

A statement dispute is two holders telling one fact in ways that cannot both hold. The first
kind read here is the colour of a named vehicle ("a grey 2013 Toyota Camry" / "a silver Toyota
Camry"): a colour is one value of one object, so two outlets giving two colours to the same
make and model disagree. Only a colour word right before a capitalised make or model counts
("dark", "light" and the like name no colour), and spelling variants are one colour.

A place told as a bearing from a landmark is read the same way: "150 nautical miles west of
Aden" and "150 nautical miles east of Aden" give one distance from one landmark, so they tell
one spot two ways, and the compass points cannot both hold. Different distances may be
different spots ("24 km north of Detroit" for the office, "50 miles north" for the arrest),
so only the same distance is compared.
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


_BEARING = re.compile(r"\b(\d[\d,.]*)\s+(nautical miles|miles|km|kilometres|kilometers)\s+"
                      r"(north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of\s+([A-Z][\w-]+)")


def bearing_disputes(articles: list[StoryArticle]) -> list[dict[str, Any]]:
    """Place disputes: one distance from one landmark told with different compass points."""
    origins = origin_outlets(articles)
    spots: dict[tuple[str, str, str], dict[str, list[Source]]] = {}
    for a in articles:
        for m in _BEARING.finditer(a.text or ""):
            key = (m.group(4), m.group(1).replace(",", ""), m.group(2))
            direction = m.group(3).replace("-", "")
            spots.setdefault(key, {}).setdefault(direction, []).append(Source(a.id, a.outlet, a.published, m.start(), m.end()))
    out = []
    for (landmark, distance, unit), directions in sorted(spots.items()):
        told_by = {origins.get(s.article, s.article) for sources in directions.values() for s in sources}
        if len(directions) < 2 or len(told_by) < 2:
            continue
        sides = [_side(f"{d} of {landmark}", sources) for d, sources in sorted(directions.items(), key=lambda kv: -len(kv[1]))]
        out.append({"about": f"where, {distance} {unit} from {landmark}", "kind": "place", "sides": sides})
    return out


def _model_name(text: str, source: Source) -> str:
    m = _COLOURED_MODEL.match(text, source.start)
    return m.group(2) if m else "vehicle"


def _side(colour: str, sources: list[Source]) -> dict[str, Any]:
    outlets = sorted({str(s.outlet or s.article) for s in sources})
    return {"value": colour, "text": colour, "holders": [], "reported_by": outlets, "outlets": outlets,
            "sources": [s.to_dict() for s in sources]}  # fmt: skip
