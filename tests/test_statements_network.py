"""The actor network draws who did what to whom; a party never acts on a group that contains it."""

from __future__ import annotations

from typing import Any

from sitroom.analysis.network import actor_network, members
from sitroom.model import Annotations
from sitroom.resolve.statements.model import StoryArticle


def _event(actor: str, target: str) -> dict[str, Any]:
    return {"actor": actor, "target": target, "plover": "AGREE", "negated": False, "hypothetical": False, "text": f"{actor} met {target}"}


def test_an_actor_is_never_linked_to_a_group_containing_itself() -> None:
    """A real brief drew an edge "India -> India and Saudi Arabia" from the two agreeing."""
    events = [_event("Estonia", "Estonia and Finland"), _event("Finland, Latvia", "Latvia"), _event("Estonia", "Latvia and Finland"),
              _event("Sweden", "Sweden")]  # fmt: skip
    net = actor_network([StoryArticle("a", "Wire", "2025-01-02", None, Annotations(events=events))])
    assert [(e["source"], e["target"]) for e in net["edges"]] == [("Estonia", "Latvia and Finland")]
    assert members("Poland, Lithuania and Latvia") == {"poland", "lithuania", "latvia"}
    assert members("Bosnia and Herzegovina") == {"bosnia", "herzegovina"}  # read as two: it only ever drops an edge
