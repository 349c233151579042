"""An article's text with every extracted span marked, built safely.

The text is cut at every span boundary and each piece is escaped on its own; the only
markup we add is ``<mark>`` with our own class names and an ``id="s-START-END"`` anchor, so
nothing from the article can become markup. Spans may cross (an entity inside a quote that
ends mid-event): a span that crosses the end of an enclosing one is closed and re-opened,
and only its first piece carries the anchor id.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

# The kinds a reader can see highlighted, in the order the side panel lists them.
KINDS = ("quote", "claim", "figure", "date", "event", "entity")


@dataclass
class Span:
    start: int
    end: int
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"s-{self.start}-{self.end}"


def collect_spans(doc: dict[str, Any]) -> list[Span]:
    """One Span per distinct (start, end), carrying every kind found there, outermost first."""
    length = len(doc["article"]["text"])
    by_range: dict[tuple[int, int], Span] = {}
    for kind in KINDS:
        for item in doc.get("entities" if kind == "entity" else kind + "s") or []:
            start, end = max(0, int(item["start"])), min(length, int(item["end"]))
            if end <= start:
                continue
            span = by_range.setdefault((start, end), Span(start, end))
            if kind not in span.kinds:
                span.kinds.append(kind)
                span.labels.append(str(item.get("label") or item.get("kind") or item.get("type") or kind))
    return sorted(by_range.values(), key=lambda s: (s.start, -s.end))


def _open(span: Span, first: bool) -> str:
    classes = " ".join(["hl", *(f"hl-{k}" for k in span.kinds)])
    anchor = f' id="{span.anchor}"' if first else ""
    return f'<mark class="{classes}"{anchor} title="{escape(", ".join(span.kinds))}">'


def highlight_text(text: str, spans: list[Span]) -> Markup:
    """The escaped text with nested ``<mark>`` elements for ``spans`` (from ``collect_spans``)."""
    starts: dict[int, list[Span]] = defaultdict(list)
    for s in spans:
        starts[s.start].append(s)
    points = sorted({0, len(text), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    stack: list[Span] = []
    for i, p in enumerate(points):
        closing = [j for j, s in enumerate(stack) if s.end <= p]
        if closing:
            # Close down to the lowest span that ends here; re-open the ones that go on.
            lowest = closing[0]
            reopen = sorted((s for s in stack[lowest:] if s.end > p), key=lambda s: -s.end)
            out.append("</mark>" * (len(stack) - lowest))
            del stack[lowest:]
            for s in reopen:
                out.append(_open(s, first=False))
                stack.append(s)
        for s in sorted(starts.get(p, []), key=lambda s: -s.end):
            out.append(_open(s, first=True))
            stack.append(s)
        if i + 1 < len(points):
            out.append(str(escape(text[p:points[i + 1]])))
    out.append("</mark>" * len(stack))
    return Markup("".join(out))  # noqa: S704 (every text piece escaped above; tags are ours)
