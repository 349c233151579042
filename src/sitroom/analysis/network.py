"""The actor network of a story: who did what to whom, from the story's real events.

Nodes are coded actors and targets ("Belarus military", "NATO"); an edge is the events one
directs at another, counted by reporting articles and coloured by whether they cooperate or
conflict (PLOVER quad class). Drawn as a self-contained SVG on a circle: no JS, no assets.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from html import escape
from typing import Any

from sitroom.resolve.statements.model import HAPPENED, StoryArticle, event_modality

CONFLICT_TYPES = frozenset({"ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT", "DISAPPROVE", "SEIZE"})


def actor_network(articles: list[StoryArticle], max_nodes: int = 14) -> dict[str, Any]:
    """Nodes and directed edges between actors, weighted by reporting articles."""
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    weight: dict[str, int] = defaultdict(int)
    for a in articles:
        for e in a.ann.events:
            actor, target = e.get("actor"), e.get("target")
            # Only what happened: "could be sent to fight" draws no edge.
            if not actor or not target or _overlap(str(actor), str(target)) or event_modality(e) not in HAPPENED:
                continue
            edge = edges.setdefault((str(actor), str(target)), {"source": str(actor), "target": str(target), "articles": set(), "types": defaultdict(int)})
            edge["articles"].add(a.id)
            edge["types"][str(e.get("plover") or "?")] += 1
            weight[str(actor)] += 1
            weight[str(target)] += 1
    # Ties by name: the order of a set changes between processes, and so did the brief's JSON.
    keep = set(sorted(weight, key=lambda n: (-weight[n], n))[:max_nodes])
    out_edges = []
    for edge in edges.values():
        if edge["source"] in keep and edge["target"] in keep:
            types = dict(edge["types"])
            conflict = sum(n for t, n in types.items() if t in CONFLICT_TYPES)
            out_edges.append({"source": edge["source"], "target": edge["target"], "reports": len(edge["articles"]),
                              "types": types, "tone": "conflict" if conflict * 2 >= sum(types.values()) else "cooperation"})  # fmt: skip
    nodes = [{"id": n, "events": weight[n]} for n in sorted(keep, key=lambda n: (-weight[n], n)) if any(n in (e["source"], e["target"]) for e in out_edges)]
    return {"nodes": nodes, "edges": sorted(out_edges, key=lambda e: -e["reports"])}


# How an event's coded actor or target names several parties: "India and Saudi Arabia", "Poland, Lithuania and Latvia".
_MEMBERS = re.compile(r"\s*(?:,|;|&|\band\b|\bwith\b|/)\s*", re.I)


def members(name: str) -> set[str]:
    """The parties a coded name stands for: 'India and Saudi Arabia' -> {'india', 'saudi arabia'}."""
    return {" ".join(m.casefold().split()) for m in _MEMBERS.split(name) if m.strip()}


def _overlap(actor: str, target: str) -> bool:
    """An actor never acts on a group it belongs to: a real brief drew "India -> India and Saudi
    Arabia" (India and Saudi Arabia agreed on something), an edge from a party to itself."""
    return bool(members(actor) & members(target))


def network_svg(network: dict[str, Any], size: int = 520) -> str:
    """The network on a circle; edge width by reports, red for conflict, green for cooperation."""
    nodes = network["nodes"]
    if not nodes:
        return f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="40" role="img"><text x="8" y="24">No actor network: no events between coded actors.</text></svg>'
    cx = cy = size / 2
    r = size / 2 - 90
    pos = {n["id"]: (cx + r * math.cos(2 * math.pi * i / len(nodes) - math.pi / 2),
                     cy + r * math.sin(2 * math.pi * i / len(nodes) - math.pi / 2)) for i, n in enumerate(nodes)}  # fmt: skip
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 {size} {size}" role="img" aria-label="Actor network">',
             "<defs><marker id='arrow' viewBox='0 0 10 10' refX='9' refY='5' markerWidth='6' markerHeight='6' orient='auto'>"
             "<path d='M0,0 L10,5 L0,10 z' fill='#666'/></marker></defs>"]  # fmt: skip
    for e in network["edges"]:
        (x1, y1), (x2, y2) = pos[e["source"]], pos[e["target"]]
        colour = "#c0392b" if e["tone"] == "conflict" else "#27ae60"
        label = escape(f"{e['source']} → {e['target']}: " + ", ".join(f"{t} ×{n}" for t, n in e["types"].items()) + f" ({e['reports']} articles)")
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" stroke-opacity="0.7" '
                     f'stroke-width="{min(1 + e["reports"], 7)}" marker-end="url(#arrow)"><title>{label}</title></line>')  # fmt: skip
    for n in nodes:
        x, y = pos[n["id"]]
        anchor = "start" if x >= cx else "end"
        dx = 10 if x >= cx else -10
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{4 + min(n["events"], 12)}" fill="#35567d"><title>{escape(n["id"])}: {n["events"]} events</title></circle>')
        parts.append(f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="12" text-anchor="{anchor}">{escape(n["id"])}</text>')
    parts.append("</svg>")
    return "".join(parts)
