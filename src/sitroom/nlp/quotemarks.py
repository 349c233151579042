"""Pair quotation marks in news text, tolerating the ways real pages get them wrong.

Handles curly and straight double marks, German/Lithuanian „low-high“ marks, guillemets,
an opening curly mark closed by a straight one, apostrophes next to and inside quotes
(``the allies’ concerns``), single quotes inside double ones, and a quote that runs over
several paragraphs (a paragraph that opens a quote without closing it continues in the
next paragraph, which opens again). Works on the whole text, so offsets are exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPEN_DOUBLE = "“„«"
CLOSE_DOUBLE = "”“»"
STRAIGHT = '"'
_PARA_BREAK = re.compile(r"\n\s*\n")


@dataclass
class QuoteSpan:
    """One quotation: ``start``/``end`` bound the content (marks excluded)."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark
    close_mark: int  # offset of the closing mark, or -1 when the paragraph ended first
    segments: list[tuple[int, int]] = field(default_factory=list)  # per paragraph, for multi-paragraph quotes

    @property
    def closed(self) -> bool:
        return self.close_mark >= 0


def _is_opening_straight(text: str, i: int) -> bool:
    """A straight mark opens when it follows a space, a paragraph start or an opening bracket."""
    return i == 0 or text[i - 1] in " \t\n([{—–-:"


def _opens_paragraph(text: str, start: int, i: int, end: int) -> bool:
    """The mark at ``i`` is the first thing of its line and a word follows it (PolNeAR
    reader-comment roundups type the opening mark as ”)."""
    line_start = text.rfind("\n", start, i) + 1 if text.rfind("\n", start, i) >= 0 else start
    return not text[line_start:i].strip(" \t\u202a") and i + 1 < end and text[i + 1].isalpha()


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _PARA_BREAK.finditer(text):
        spans.append((start, m.start()))
        start = m.end()
    spans.append((start, len(text)))
    return spans


def _pair_in_paragraph(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], int]:
    """(open, close) mark pairs in one paragraph, and the offset of a mark left open (or -1)."""
    pairs: list[tuple[int, int]] = []
    open_at = -1
    opener = ""
    for i in range(start, end):
        ch = text[i]
        if open_at < 0:
            if ch in OPEN_DOUBLE and not (ch == "“" and opener == "„"):
                if ch == "“" and i + 1 < end and text[i + 1] in " \n" and i > start and text[i - 1] not in " \n":
                    continue  # a Lithuanian/German closing “ with no opener: ignore
                open_at, opener = i, ch
            elif ch == STRAIGHT and _is_opening_straight(text, i):
                open_at, opener = i, ch
            elif ch == "”" and _opens_paragraph(text, start, i, end):
                open_at, opener = i, "“"  # ”Mr. Trump embodies ...” ― Name: a closing mark typed as the opener
            continue
        closes = ch in CLOSE_DOUBLE or ch == STRAIGHT
        if opener == "„":
            closes = ch in "“”" or ch == STRAIGHT
        elif opener == "«":
            closes = ch == "»"
        elif opener == "“" and ch == "“":
            # A second opening curly mark: the writer forgot to close; restart the quote here.
            open_at = i
            continue
        if closes:
            pairs.append((open_at, i))
            open_at, opener = -1, ""
    return pairs, open_at


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """All double-quoted spans, in order, multi-paragraph quotes joined into one span."""
    spans: list[QuoteSpan] = []
    carry: QuoteSpan | None = None  # a quote left open at the end of the previous paragraph
    for p_start, p_end in _paragraphs(text):
        pairs, left_open = _pair_in_paragraph(text, p_start, p_end)
        if carry is not None:
            first_mark = pairs[0][0] if pairs else left_open
            if first_mark >= 0 and not text[p_start:first_mark].strip():
                # The paragraph re-opens the quote: it continues the previous one.
                if pairs:
                    o, c = pairs.pop(0)
                    carry.segments.append((o + 1, c))
                    carry.end, carry.close_mark = c, c
                    spans.append(carry)
                    carry = None
                else:
                    carry.segments.append((left_open + 1, p_end))
                    carry.end = p_end
                    left_open = -1
            else:
                spans.append(carry)  # never closed: keep it, ending where its paragraph ended
                carry = None
        for o, c in pairs:
            spans.append(QuoteSpan(o + 1, c, o, c, [(o + 1, c)]))
        if left_open >= 0:
            content_end = p_end
            carry = QuoteSpan(left_open + 1, content_end, left_open, -1, [(left_open + 1, content_end)])
    if carry is not None:
        spans.append(carry)
    return sorted((s for s in spans if s.end > s.start and text[s.start:s.end].strip()), key=lambda s: s.start)


def find_single_quote_spans(text: str, inside: list[QuoteSpan]) -> list[QuoteSpan]:
    """‘Single-quoted’ (or 'straight single-quoted') spans outside double quotes (British style).

    An opening ‘ follows a space or paragraph start and precedes a letter; the closing ’ is
    followed by a non-letter. An apostrophe (``allies’ concerns``, ``don’t``) never opens, and
    closes only when a quote is open, so possessives outside quotes are left alone.
    """
    out = []
    pattern = r"(?:(?<=^)|(?<=[\s(—–-]))(?:‘(?=\w)([^\n]{1,400}?)’|'(?=\w)([^\n']{1,400}?)')(?=[^\w]|$)"
    for m in re.finditer(pattern, text, re.M):
        group = 1 if m.group(1) is not None else 2
        if any(s.open_mark <= m.start() <= max(s.close_mark, s.end) for s in inside):
            continue
        out.append(QuoteSpan(m.start(group), m.end(group), m.start(), m.end() - 1, [(m.start(group), m.end(group))]))
    return out
