"""Quotes and speakers: sitroom's quotes stage next to textacy's ``direct_quotations``.

Both run on the same texts with the same spaCy model (``resolve_model_name("auto")``):
PolNeAR dev (scored by ``sitroom.eval.polnear``, see its docstring for the rules) and the
sitroom sample corpus (gold quotes matched by text prefix, as ``sitroom eval quotes``
does). textacy is installed for this benchmark only:

    .venv/bin/pip install -c requirements/constraints.txt -r requirements/bench-quotes.txt
    .venv/bin/python benchmarks/quotes_vs_textacy.py [--limit N] [--json FILE]

textacy finds only direct quotations and gives the speaker as the tokens the article uses
("he"); it does not resolve names. It raises ValueError on a text with an odd number of
quotation marks, so it runs paragraph by paragraph and a paragraph it raises on is lost
(counted, not a crash of the article). The sitroom side runs only when the
``quotes.v1`` stage is registered. Prints markdown tables; "quoted" is PolNeAR's direct
plus mixed attributions (those with quotation marks), the part a quote extractor can cover.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.errors import PipelineError
from sitroom.eval.gold import load_gold, match_by_prefix, sample_dir
from sitroom.eval.polnear import (
    BATCH,
    Extractor,
    Quote,
    load_split,
    polnear_dir,
    run_extractor,
    score_articles,
    sitroom_extractor,
    speaker_name,
)
from sitroom.eval.quote_scoring import is_pronoun, same_speaker
from sitroom.ingest import IngestOptions, iter_articles
from sitroom.model import Article

PARAGRAPH = re.compile(r"\n\s*\n")
PARAGRAPH_CRASHES: list[int] = [0]  # paragraphs textacy raised on, over the whole run


def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for each blank-line-separated paragraph of ``text``."""
    out, start = [], 0
    for m in PARAGRAPH.finditer(text):
        out.append((start, text[start:m.start()]))
        start = m.end()
    out.append((start, text[start:]))
    return [(o, p) for o, p in out if p.strip()]


def textacy_extractor(model: str) -> Extractor:
    """textacy's rule-based direct quotations, run paragraph by paragraph (as quote dicts of
    the quotes.v1 shape, offsets into the whole text). Whole articles make textacy raise on
    any odd count of quotation marks, which would flatter sitroom; per paragraph only the
    paragraph with the odd count is lost (counted in PARAGRAPH_CRASHES)."""
    import spacy
    from textacy.extract.triples import direct_quotations

    nlp = spacy.load(model)

    def one(text: str) -> list[Quote]:
        parts = paragraphs(text)
        found: list[Quote] = []
        for (offset, _), doc in zip(parts, nlp.pipe(p for _, p in parts), strict=True):
            try:
                found += [_triple_to_quote(t, offset) for t in direct_quotations(doc)]
            except ValueError:  # an odd number of quotation marks in this paragraph
                PARAGRAPH_CRASHES[0] += 1
        return found

    return lambda texts: [one(text) for text in texts]


def _triple_to_quote(triple: Any, offset: int = 0) -> Quote:
    speaker, cue, content = triple.speaker, triple.cue, triple.content  # token lists, a Span
    s, e = offset + speaker[0].idx, offset + speaker[-1].idx + len(speaker[-1])
    name = " ".join(t.text for t in speaker)
    return {
        "text": content.text, "start": offset + content.start_char, "end": offset + content.end_char, "kind": "direct",
        "cue": " ".join(t.text for t in cue), "cue_start": offset + cue[0].idx,
        "cue_end": offset + cue[-1].idx + len(cue[-1]),
        "speaker": {"name": name, "role": None, "org": None, "mention": name, "mention_start": s, "mention_end": e},
        "confidence": None,
    }  # fmt: skip


def quotes_stage_registered() -> bool:
    from sitroom.nlp.registry import get_stage

    try:
        get_stage("quotes.v1")
    except PipelineError:
        return False
    return True


def recording(extract: Extractor) -> tuple[Extractor, dict[str, list[Quote]]]:
    """The extractor, and what it returned per text it did not crash on."""
    seen: dict[str, list[Quote]] = {}

    def run(texts: list[str]) -> list[list[Quote]]:
        found = extract(texts)
        seen.update(zip(texts, found, strict=True))
        return found

    return run, seen


def replaying(seen: dict[str, list[Quote]]) -> Extractor:
    return lambda texts: [seen[t] for t in texts]


def warmed(extract: Extractor) -> Extractor:
    """Load the model before the clock starts: both systems are timed on work, not loading."""
    extract(["Warm-up. “We are ready,” she said."])
    return extract


# ---------------------------------------------------------------- the sample corpus


def sample_articles() -> list[tuple[Article, list[dict[str, Any]]]]:
    """Every sample article that has gold, ingested as ``sitroom ingest`` would, with its gold quotes."""
    gold = {g.article: g for g in load_gold()}
    out = []
    for item in iter_articles(sorted((sample_dir() / "articles").iterdir()), IngestOptions()):
        if isinstance(item, Article) and Path(item.source).name in gold:
            out.append((item, gold[Path(item.source).name].items["quotes"]))
    return out


def score_sample(extract: Extractor, batch_size: int) -> dict[str, Any]:
    """Gold quotes found (prefix match), speakers named, speakers right (same person)."""
    corpus = sample_articles()
    started = time.perf_counter()
    results = run_extractor([a.text for a, _ in corpus], extract, batch_size)
    seconds = time.perf_counter() - started
    c = dict.fromkeys(["gold", "found", "gold_direct", "found_direct", "system_quotes", "system_speakers",
                       "named", "gold_speakers", "right", "right_direct", "crashes"], 0)  # fmt: skip
    for (article, gold), found in zip(corpus, results, strict=True):
        if isinstance(found, BaseException):
            c["crashes"] += 1
            found = []
        c["system_quotes"] += len(found)
        names = [speaker_name(q) for q in found]
        c["system_speakers"] += sum(bool(n) for n in names)
        c["named"] += sum(bool(n) and not is_pronoun(n) for n in names)
        for g, f in match_by_prefix(gold, found, article.text):
            direct = g["kind"] == "direct"
            right = bool(f and g["speaker"] and same_speaker(speaker_name(f), g["speaker"]))
            c["gold"] += 1
            c["gold_direct"] += direct
            c["found"] += f is not None
            c["found_direct"] += direct and f is not None
            c["gold_speakers"] += bool(g["speaker"])
            c["right"] += right
            c["right_direct"] += direct and right
    return {"articles": len(corpus), "seconds": round(seconds, 1), **c}


# ---------------------------------------------------------------- tables


def _frac(a: int, b: int) -> str:
    return f"{a}/{b} ({a / b:.2f})" if b else f"{a}/0"


def polnear_row(system: str, r: dict[str, Any]) -> str:
    sp, res, found = r["speaker"], r["speaker_resolved"], r["attributions_found"]
    cells = [
        system, r["articles"], r["crashes"], r["system_quotes"],
        _frac(found["all"]["found"], found["all"]["gold"]), _frac(found["quoted"]["found"], found["quoted"]["gold"]),
        _frac(r["speakers_named"], sp["all"]["system_speakers"]),
        f'{sp["all"]["precision"]:.3f} / {sp["all"]["recall"]:.3f} / {sp["all"]["f1"]:.3f}',
        f'{sp["quoted"]["precision"]:.3f} / {sp["quoted"]["recall"]:.3f} / **{sp["quoted"]["f1"]:.3f}**',
        f'{sp["direct"]["f1"]:.3f}', f'{sp["indirect"]["f1"]:.3f}', f'{sp["all"]["accuracy"]:.3f}',
        f'{res["all"]["f1"]:.3f}', f'{res["quoted"]["f1"]:.3f}', r["seconds"],
    ]  # fmt: skip
    return "| " + " | ".join(str(c) for c in cells) + " |"


POLNEAR_HEAD = (
    "| system | articles | crashes | quotes out | gold found (all) | gold found (quoted) | speakers named "
    "| speaker P / R / F1 (all) | speaker P / R / F1 (quoted) | F1 direct | F1 indirect | accuracy on found "
    "| resolved F1 (all) | resolved F1 (quoted) | seconds |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)
SAMPLE_HEAD = (
    "| system | articles | crashes | quotes out | gold found (all) | gold found (direct) | speakers named "
    "| speakers right (all) | speakers right (direct) | seconds |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
)


def sample_row(system: str, r: dict[str, Any]) -> str:
    cells = [
        system, r["articles"], r["crashes"], r["system_quotes"], _frac(r["found"], r["gold"]),
        _frac(r["found_direct"], r["gold_direct"]), _frac(r["named"], r["system_speakers"]),
        _frac(r["right"], r["gold_speakers"]), _frac(r["right_direct"], r["gold_direct"]), r["seconds"],
    ]  # fmt: skip
    return "| " + " | ".join(str(c) for c in cells) + " |"


def versions(model: str) -> str:
    def v(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return f"textacy {v('textacy')}, spaCy {v('spacy')}, model {model} {v(model.replace('_', '-'))}"


def main(argv: Sequence[str] | None = None) -> int:
    from sitroom.nlp.model import resolve_model_name

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="PolNeAR dev: only the first N articles")
    parser.add_argument("--json", dest="json_out", default=None, help="also write the raw reports to FILE")
    args = parser.parse_args(argv)
    model = resolve_model_name("auto")
    systems: list[tuple[str, Callable[[], Extractor], int]] = []
    try:
        import textacy  # noqa: F401 - only to say how to install it when missing
        systems.append(("textacy direct_quotations, per paragraph", lambda: warmed(textacy_extractor(model)), 1))
    except ImportError:
        print("textacy is not installed: pip install -c requirements/constraints.txt -r requirements/bench-quotes.txt")
    if quotes_stage_registered():
        stages = "+".join(s for s in Config.load().get("nlp.stages") if s.startswith(("quotes.", "speakers.")))
        systems.append((f"sitroom {stages}", lambda: warmed(sitroom_extractor(Config.load())), BATCH))
    else:
        print("sitroom: stage quotes.v1 is not registered yet, skipping the sitroom side")
    try:
        polnear = load_split(polnear_dir() / "dev", args.limit)
    except FileNotFoundError as exc:
        print(f"PolNeAR skipped: {exc}")
        polnear = []
    reports: dict[str, Any] = {"versions": versions(model)}
    polnear_rows, sample_rows = [], []
    for name, make, batch in systems:
        extract, seen = recording(make())
        if polnear:
            reports[f"polnear_dev:{name}"] = r = score_articles(polnear, extract, batch)
            polnear_rows.append(polnear_row(name, r))
            if r["crashes"]:
                # The same output, scored on the articles it survived: its quality apart
                # from its crashes (textacy stops on any text with an odd quote-mark count).
                survived = [a for a in polnear if a.text in seen]
                reports[f"polnear_dev_survived:{name}"] = r = score_articles(survived, replaying(seen), BATCH)
                polnear_rows.append(polnear_row(f"{name}, crashed articles left out", {**r, "seconds": "-"}))
        reports[f"sample:{name}"] = s = score_sample(extract, batch)
        sample_rows.append(sample_row(name, s))
    reports["textacy_paragraph_crashes"] = PARAGRAPH_CRASHES[0]
    print(f"\n{reports['versions']}; paragraphs textacy raised on: {PARAGRAPH_CRASHES[0]}\n")
    if polnear_rows:
        print(f"### PolNeAR dev ({len(polnear)} articles, one annotator each)\n\n{POLNEAR_HEAD}")
        print("\n".join(polnear_rows))
    print(f"\n### sitroom sample corpus\n\n{SAMPLE_HEAD}")
    print("\n".join(sample_rows))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(reports, indent=2, ensure_ascii=False), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
