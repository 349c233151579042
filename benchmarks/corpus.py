"""The texts the speed benchmarks run on: ECB+ dev news when ``../shared/data`` holds it, else
the sample corpus copied. Written to a temporary folder as .txt files (headline, blank line,
body) so that every mode reads them through ``sitroom ingest``'s own reader; nothing is kept."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any


def has_ecbplus() -> bool:
    try:
        from sitroom.eval.ecbplus import ecbplus_dir

        ecbplus_dir()
    except FileNotFoundError:
        return False
    return True


def corpus_folder(corpus: str | None, copies: int = 1, limit: int = 0) -> tuple[str, Path]:
    """(corpus name, folder of .txt articles); ``corpus`` None picks ECB+ dev when it is there."""
    name = corpus or ("ecbplus" if has_ecbplus() else "sample")
    out = Path(tempfile.mkdtemp(prefix="sitroom-bench-"))
    if name == "ecbplus":
        from sitroom.eval.ecbplus import load_ecbplus

        for doc in load_ecbplus("dev")[:limit or None]:
            (out / f"{doc.id}.txt").write_text(f"{doc.title}\n\n{doc.text}\n", "utf-8")
        return name, out
    from sitroom.cli.ingest import sample_articles_dir

    sources = sorted(p for p in sample_articles_dir().iterdir() if p.suffix == ".txt")
    for i in range(copies):  # a numbered line, so that no copy is a duplicate of another
        for src in sources[:limit or None]:
            text = src.read_text("utf-8").rstrip("\n") + f"\n\nCopy {i} for benchmarking.\n"
            (out / f"{i:04d}-{src.name}").write_text(text, "utf-8")
    return name, out


def read_articles(folder: Path) -> list[Any]:
    from sitroom.ingest import IngestOptions, iter_articles
    from sitroom.model import Article

    return [a for a in iter_articles([folder], IngestOptions()) if isinstance(a, Article)]


def benchmark_articles(corpus: str | None, limit: int = 0, copies: int = 1) -> tuple[str, list[Any]]:
    name, folder = corpus_folder(corpus, copies, limit)
    try:
        return name, read_articles(folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def describe(corpus: str, articles: list[Any]) -> str:
    words = sum(len(a.text.split()) for a in articles)
    what = "ECB+ dev texts (real news, topics of the dev split)" if corpus == "ecbplus" else "the sample corpus's .txt articles"
    return f"{what}, {len(articles)} articles, {words:,} words"
