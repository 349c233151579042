"""Word overlap between statements, for matching one statement across wordings."""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOP = frozenset(["the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "that", "this", "is", "are", "was", "were",
                   "be", "been", "it", "its", "as", "at", "by", "from", "we", "our", "they", "their", "he", "she", "his", "her",
                   "not", "no", "will", "would", "should", "could", "said", "says"])  # fmt: skip


def content_words(text: str) -> frozenset[str]:
    return _content_words(text or "")


# Cached: one statement's words are compared against every other statement of its section.
@lru_cache(maxsize=65536)
def _content_words(text: str) -> frozenset[str]:
    return frozenset({w.casefold() for w in _WORD.findall(text or "") if w.casefold() not in _STOP and len(w) > 2})


@lru_cache(maxsize=65536)
def stems(text: str) -> frozenset[str]:
    """Content words cut to 5 letters: "defend", "defended" and "defence" meet; cheap, no model."""
    return frozenset({w[:5] for w in content_words(text)})


def similar(a: str, b: str, threshold: float = 0.45) -> bool:
    """Stem overlap relative to the shorter text: a trimmed quote still matches its full
    version. One shared word is never enough unless the shorter text has only one."""
    wa, wb = stems(a), stems(b)
    if not wa or not wb:
        return False
    shared, shorter = len(wa & wb), min(len(wa), len(wb))
    return shared >= min(2, shorter) and shared / shorter >= threshold
