"""Our furniture rules next to jusText as a paragraph classifier, on the furniture gold.

Run: ``.venv/bin/python benchmarks/boilerplate_vs_justext.py [DIR ...]`` (default: the packaged
``sample/pages/furniture`` and the development set ``tests/fixtures/pages_dev/furniture``).
Prints a markdown table for docs/benchmarks.md: body-paragraph precision and recall (as
``sitroom eval pages`` scores them) and furniture strings left in the stored text, for
- none: the body after header sniffing, nothing removed (the baseline);
- rules: ``ingest/boilerplate.py`` (what sitroom ships);
- justext: jusText 3 (English stoplist, default thresholds) judging each line of the body,
  given to it as one ``<p>`` per line, in place of the rules;
- rules+justext: the rules, then jusText dropping what it calls boilerplate.
jusText is installed with trafilatura, so no extra package is needed. HTML pages go through
trafilatura first in every column; only the step after it changes.
"""

from __future__ import annotations

import html
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import justext  # noqa: E402

import sitroom.ingest.html as html_reader  # noqa: E402
import sitroom.ingest.text as text_reader  # noqa: E402
from sitroom.eval.pages import pages_dir, score_furniture, stored_text  # noqa: E402
from sitroom.ingest.boilerplate import PageContext, remove_furniture  # noqa: E402

STOPLIST = justext.get_stoplist("English")


def justext_keep(paragraphs: list[str], **params: Any) -> list[str]:
    """The lines jusText does not call boilerplate, judged together so that its context step works."""
    lines = [(i, line) for i, paragraph in enumerate(paragraphs) for line in paragraph.split("\n") if line.strip()]
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for _, line in lines) + "</body></html>"
    judged = justext.justext(page.encode("utf-8"), STOPLIST, encoding="utf-8", **params)
    kept: dict[int, list[str]] = {}
    for (i, line), p in zip(lines, judged, strict=False):
        if not p.is_boilerplate:
            kept.setdefault(i, []).append(line)
    return ["\n".join(kept[i]) for i in sorted(kept)]


# jusText's defaults are tuned for whole web pages; news bodies of 3-10 paragraphs have fewer
# stopwords and no long "good" neighbours, so a relaxed setting is measured too.
RELAXED = {"length_low": 30, "length_high": 100, "stopwords_low": 0.2, "stopwords_high": 0.25}


def _none(paragraphs: list[str], page: PageContext, is_extra: Any = None) -> list[str]:
    return paragraphs


def _justext(paragraphs: list[str], page: PageContext, is_extra: Any = None) -> list[str]:
    return justext_keep(paragraphs)


def _justext_relaxed(paragraphs: list[str], page: PageContext, is_extra: Any = None) -> list[str]:
    return justext_keep(paragraphs, **RELAXED)


def _both(paragraphs: list[str], page: PageContext, is_extra: Any = None) -> list[str]:
    return justext_keep(remove_furniture(paragraphs, page), **RELAXED)


METHODS: dict[str, Callable[..., list[str]]] = {"none": _none, "rules": remove_furniture, "justext": _justext,
                                                "justext relaxed": _justext_relaxed, "rules+justext relaxed": _both}  # fmt: skip


def main(folders: list[Path]) -> None:
    print("| gold | method | documents | precision | recall | furniture left | ms / page |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for folder in folders:
        for name, method in METHODS.items():
            text_reader.remove_furniture = method  # type: ignore[assignment]
            html_reader.remove_furniture = method  # type: ignore[assignment]
            start = time.perf_counter()
            result = score_furniture(folder, stored_text)
            ms = (time.perf_counter() - start) * 1000 / max(result["documents"], 1)
            print(f"| {folder.parent.name}/{folder.name} | {name} | {result['documents']} | {result['precision']:.3f} | "
                  f"{result['recall']:.3f} | {result['furniture_left']} of {result['furniture_total']} | {ms:.0f} |")


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:]] or [pages_dir() / "furniture", ROOT / "tests" / "fixtures" / "pages_dev" / "furniture"]
    main([f for f in args if f.is_dir()])
