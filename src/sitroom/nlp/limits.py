"""Bounded cost per article: limits checked before the parse, and a time budget after it.

The limits refuse texts that are not prose (one endless sentence, a wall of quotation
marks, one passage repeated) with a line that says which limit was hit and how to raise
it: such texts cost the parser and the stages far more per character than news does.
The budget is a deadline the pipeline checks between stages and that the loops which can
grow with the text check as they go (``check_deadline``): spaCy cannot be interrupted
safely from another thread, so the work stops itself. It counts the CPU time of the
article's own thread, not wall time: on a busy machine (or a server answering reads at the
same time) an ordinary article must not fail because others took the processor.
"""

from __future__ import annotations

import re
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from sitroom.config import Config
from sitroom.errors import BudgetExceeded

QUOTE_MARKS = re.compile("[\"“”„‟«»‹›「」『』]")
# Compressing a short text says nothing about repetition: the header alone dominates.
MIN_CHARS_FOR_REPETITION = 5_000

_deadline: ContextVar[tuple[float, float] | None] = ContextVar("sitroom_deadline", default=None)


@dataclass(frozen=True)
class TextLimits:
    """The pipeline's limits, from the ``nlp`` section of the config."""

    max_sentence_chars: int
    max_quote_marks: int
    max_compression_ratio: float
    time_budget_s: float

    @classmethod
    def from_config(cls, config: Config) -> TextLimits:
        return cls(int(config.get("nlp.max_sentence_chars")), int(config.get("nlp.max_quote_marks")),
                   float(config.get("nlp.max_compression_ratio")), float(config.get("nlp.time_budget_s")))  # fmt: skip


def longest_sentence(text: str) -> int:
    """Characters in the longest run without a sentence end or a line break (linear)."""
    return max((len(m) for m in re.findall(r"[^.!?\n]+", text)), default=0)


def compression_ratio(text: str) -> float:
    data = text.encode("utf-8")
    return len(data) / max(1, len(zlib.compress(data, 1)))


def limit_problem(text: str, limits: TextLimits) -> tuple[str, str] | None:
    """(problem, hint) for the first limit ``text`` breaks, or None if it is within all of them."""
    longest = longest_sentence(text)
    if longest > limits.max_sentence_chars:
        return (f"has a sentence of {longest:,} characters, over nlp.max_sentence_chars={limits.max_sentence_chars:,} "
                "(is it prose?)", "break the text into sentences, or raise nlp.max_sentence_chars with --set")  # fmt: skip
    marks = len(QUOTE_MARKS.findall(text))
    if marks > limits.max_quote_marks:
        return (f"has {marks:,} quotation marks, over nlp.max_quote_marks={limits.max_quote_marks:,}",
                "check the file is an article, or raise nlp.max_quote_marks with --set")  # fmt: skip
    if len(text) >= MIN_CHARS_FOR_REPETITION:
        ratio = compression_ratio(text)
        if ratio > limits.max_compression_ratio:
            return (f"is one passage repeated (it compresses {ratio:.0f}:1, over nlp.max_compression_ratio="
                    f"{limits.max_compression_ratio:g})", "remove the repeats, or raise nlp.max_compression_ratio with --set")  # fmt: skip
    return None


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Run the block under a budget of ``seconds`` of this thread's CPU time from now."""
    token = _deadline.set((time.thread_time() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def check_deadline(where: str) -> None:
    """Raise BudgetExceeded if the current article is over its time budget (cheap: call it in loops)."""
    current = _deadline.get()
    if current is not None and time.thread_time() > current[0]:
        raise BudgetExceeded(f"took over nlp.time_budget_s={current[1]:g} s of CPU (stopped in {where})",
                             "check that the file is an ordinary article, or raise nlp.time_budget_s with --set")  # fmt: skip
