"""Issue 14: reading plain-text articles imported trafilatura and dateparser (~0.3 CPU s a process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

PROBE = """
import json, sys
from sitroom.ingest import IngestOptions, iter_articles
items = list(iter_articles([sys.argv[1]], IngestOptions()))
print("READ " + json.dumps([type(i).__name__ for i in items]))
print("LOADED " + json.dumps(sorted(m for m in ("trafilatura", "dateparser", "lxml.html") if m in sys.modules)))
"""


def _probe(path: Path) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-c", PROBE, str(path)], capture_output=True, text=True, timeout=300)
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if line.startswith(("READ ", "LOADED ")))
    return {k: json.loads(v) for k, v in lines.items()}


def test_reading_text_articles_imports_neither_trafilatura_nor_dateparser(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Troops gather at the border\n\nPublished: 2026-09-14\n\nSoldiers arrived on Monday.\n", "utf-8")
    seen = _probe(tmp_path)
    assert seen["READ"] == ["Article"]
    assert seen["LOADED"] == []


def test_an_html_article_still_reads_through_trafilatura(tmp_path: Path) -> None:
    body = ("<h1>Troops at the border</h1><p>More than 2,000 soldiers arrived at the border crossing on Monday, the defence"
            " ministry said in a statement.</p><p>Talks between the two governments stalled in the capital on Sunday"
            " evening, and neither side has named a date for the next round.</p>")
    (tmp_path / "a.html").write_text(f"<html><head><title>Troops at the border</title></head><body><article>{body}</article></body></html>", "utf-8")
    seen = _probe(tmp_path)
    assert seen["READ"] == ["Article"]
    assert "trafilatura" in seen["LOADED"]
