"""Writing a benchmark's table into docs/benchmarks.md between its own markers."""

from __future__ import annotations

from pathlib import Path

RESULTS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def record(name: str, body: str, heading: str) -> None:
    """Replace the block marked ``<!-- name:start -->``/``<!-- name:end -->`` with ``body``,
    or append it under ``heading`` the first time, so reruns never duplicate a table."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmarks and accuracy\n"
    if start in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    RESULTS.write_text(text, "utf-8")
