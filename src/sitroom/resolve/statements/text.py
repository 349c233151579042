"""Word overlap between statements, for matching one statement across wordings."""

from __future__ import annotations

import re

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = frozenset(["the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "that", "this", "is", "are", "was", "were",
                   "be", "been", "it", "its", "as", "at", "by", "from", "we", "our", "they", "their", "he", "she", "his", "her",
                   "not", "no", "will", "would", "should", "could", "said", "says"])  # fmt: skip


def content_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text or "") if w.casefold() not in _STOP and len(w) > 2}


def similar(a: str, b: str, threshold: float = 0.45) -> bool:
    """Word overlap relative to the shorter text: a trimmed quote still matches its full version."""
    wa, wb = content_words(a), content_words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= threshold
