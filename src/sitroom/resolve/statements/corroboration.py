"""Two counts, never mixed: outlets reporting a statement, and holders asserting it.

"Reported by N independent outlets" says the statement was made: a syndicated or
near-duplicate copy counts as its original's outlet, so a wire story printed by five papers
is one report. "Asserted by N independent holders" says how many people or organisations
stand behind the claim itself: the same official quoted by four outlets is one holder.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sitroom.resolve.statements.model import Holder, Source, StoryArticle

CORROBORATED, SINGLE, DISPUTED = "corroborated", "single-source", "disputed"


def origin_outlets(articles: list[StoryArticle]) -> dict[str, str]:
    """Article id -> the outlet that counts as its independent source."""
    by_id = {a.id: a for a in articles}
    out = {}
    for a in articles:
        original = by_id.get(a.near_duplicate_of or "", a)
        out[a.id] = (original.outlet or original.id).casefold()
    return out


def copy_of(articles: list[StoryArticle]) -> dict[str, str]:
    """Article id -> the id of the article it copies, for copies whose original is in the story
    (the contract's ``copy_of``: an id a reader can follow; the renderers name its outlet)."""
    ids = {a.id for a in articles}
    return {a.id: a.near_duplicate_of for a in articles if a.near_duplicate_of and a.near_duplicate_of in ids}


def independent_outlets(sources: Iterable[Source], origins: dict[str, str]) -> int:
    return len({origins.get(s.article, s.article) for s in sources})


def independent_holders(holders: Iterable[Holder | None]) -> int:
    return len({h.name.casefold() for h in holders if h is not None})


def status(outlets: int, disputed: bool = False) -> str:
    """Corroborated = reported by at least two independent outlets; a dispute overrides."""
    if disputed:
        return DISPUTED
    return CORROBORATED if outlets >= 2 else SINGLE


def outlet_names(sources: Iterable[Source | dict[str, Any]]) -> list[str]:
    names = {str(s.outlet if isinstance(s, Source) else s.get("outlet") or s.get("article")) for s in sources}
    return sorted(names)
