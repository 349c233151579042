"""Speaker attribution scored against PolNeAR (Newell, Margolin and Ruths, LREC 2018).

PolNeAR is brat standoff: ``<split>/text/<article>.txt`` and one or more
``<split>/attributions/<article>_<annotator>.ann`` per article. It is not ours to
redistribute, so it is read from ``../shared/data/quotes/polnear`` (or
$SITROOM_SHARED_DATA) and nothing of it is copied into the repository or the tests.

Gold
  * **One annotator per article**: the first ``.ann`` file in sorted file-name order (so the
    annotator id decides, the same on every machine). Articles annotated twice are not
    merged: two annotators disagree on span edges, and a union would count both as gold.
  * An attribution is an ``E`` line: Source, Cue and Content (plus Content2..., merged)
    ``T`` spans, discontinuous segments ``s e;s e`` kept. ``Attribution-no-source``
    relations (no Source span) count for *found* but not for speaker recall, and a system
    speaker on one is wrong. A Source that is only the cue ("said": 17 slips in train+dev)
    is not scored at all: neither recall nor precision (``unjudged_speakers``). An ``E``
    line without a Content span is skipped (nothing to match a quote against).
  * **Kind** is read from the text, for gold and system quotes alike
    (``quote_scoring.classify_kind``): *direct* when at least 80% of the content is inside
    quotation marks, *indirect* when none is, *mixed* otherwise.

Matching
  A system quote's content is its ``segments`` when it has them, else ``start``-``end``.
  It matches the gold attribution whose content it overlaps most, when the overlap is at
  least 50% of the *shorter* content: systems end quotes at different places, and a
  partial quote ("called it “a disaster”") is a correct piece of a longer attribution.
  Several system quotes may match one gold attribution: a quote split by "he said" is
  often one gold content with two segments. Among a system's own quotes:
  - *nested*: inside a longer system quote (2 characters' slack) and at most 90% of its
    length, like the partial quote quotes.v1 reports inside reported speech ("called it
    “a disaster”" and "a disaster"). It is a sub-claim: it may serve recall but is left
    out of precision, so one attribution is not counted twice, right or wrong.
  - *duplicate*: otherwise sharing 50% of the *longer* content with an earlier system
    quote. It matches nothing and, if it has a speaker, counts as a wrong one (the same
    words reported twice must not buy a second hit).

Speaker: two scores
  A system quote has a speaker when ``speaker`` is a dict with a ``name`` or ``mention``.
  ``speaker`` (the headline, the issue's target) -- it is right when
    (a) its mention span (``speaker.mention_start/_end``, else the quote's) overlaps the
        gold Source; or
    (b) its name (``name``, else ``mention``) is the same person (``same_speaker``: same
        surname, no given-name clash) as a name that denotes the gold speaker:
        - a named Source: its head names ("Robby Mook" in "Hillary Clinton's campaign
          manager Robby Mook"; not "Clinton", which only modifies);
        - "he", "she", "I" or a definite description of a person ("the senator"): the
          head name of the nearest *earlier* named gold Source that names one speaker
          and is not "the ..." (a newspaper) -- the usual "Trump said ... he added" chain;
        - other pronouns ("they", "it"): the nearest earlier named gold Source, and for a
          relative pronoun ("Flynn, who ...") also the name just before it;
        - an anonymous Source ("a source", "officials", "the report"): no name; (a) only.
  ``speaker_resolved`` (stricter: is the *name* a reader sees right?) -- where a name is
    known for the gold speaker only (b) counts; where none is, (a) counts unless the
    system's "name" is itself a pronoun.
  PolNeAR does not resolve coreference, so "nearest earlier named Source" is an
  approximation: it misjudges a pronoun whose antecedent never speaks, or who is not the
  latest speaker. It misjudges every system alike, and rule (a) does not depend on it.

Counts
  Precision: system quotes with a speaker, nested ones aside; right when matched and
  right as above.
  Recall: gold attributions with a Source; right when a matched, non-duplicate system
  quote has a right speaker. Accuracy: right speakers among system quotes that matched
  (attribution quality where the quote was found, whatever the recall). Per kind: gold
  attributions by their kind, system quotes by the kind of the gold they match (their
  own kind when unmatched); "quoted" is direct + mixed.
  PolNeAR's attributions go well beyond quotes (beliefs, "reports that", polls
  "according to"), so recall and F1 over "all" are bounded well below 1 for a quote
  extractor; "quoted" is the bucket a quote extractor can fully cover.
  **Crashes**: an article on which the extractor raised contributes no system quotes; its
  gold still counts, so crashing never improves a score.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sitroom.config import Config, load_defaults
from sitroom.eval.quote_scoring import (
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    QuotedText,
    Span,
    classify_kind,
    content_overlap,
    head_names,
    is_pronoun,
    matches_any,
    merge_spans,
    name_before,
    overlap,
    source_class,
    span_length,
)

Quote = dict[str, Any]
Extractor = Callable[[list[str]], list[list[Quote]]]

KINDS = ("direct", "mixed", "indirect")
MATCH_SHARE = 0.5  # overlap / shorter content span for a system quote to match a gold one
DUPLICATE_SHARE = 0.5  # overlap / longer content span for a system quote to repeat another
NESTED_SHARE = 0.9  # a quote inside another is nested up to this share of its length; above, a repeat
BATCH = 16  # texts per extractor call: big enough for nlp.pipe, small enough to isolate crashes
QUOTES_STAGE = "quotes.v2"
STAGES_WITH_QUOTES = ["sentences.v1", "entities.v1", "mentions.v1", QUOTES_STAGE]

# A Source span that is only a reporting verb is an annotation slip (17 of ~20,400 sourced
# attributions in train+dev, e.g. the Source of a quote marked on "said"): the speaker of
# such an attribution is not scored either way.
CUE_ONLY_SOURCES = frozenset(["said", "says", "say", "told", "added", "according to"])

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t")
_E_LINE = re.compile(r"^(E\d+)\t(.*)$")


# ---------------------------------------------------------------- reading the corpus


@dataclass(frozen=True)
class GoldAttribution:
    id: str  # the E line: "E3"
    source: tuple[Span, ...]  # empty for Attribution-no-source
    cue: tuple[Span, ...]
    content: tuple[Span, ...]
    kind: str = "indirect"  # direct / mixed / indirect, from the text
    source_slip: bool = False  # the Source span is only the cue ("said"): speaker not judged


@dataclass
class PolnearArticle:
    name: str  # file stem of text/<name>.txt
    text: str
    annotator: str
    attributions: list[GoldAttribution] = field(default_factory=list)
    skipped: int = 0  # E lines without a Content span


def parse_spans(field_text: str) -> tuple[Span, ...]:
    """``"12 30;41 50"`` -> ``((12, 30), (41, 50))``."""
    return tuple((int(s), int(e)) for s, e in (part.split() for part in field_text.split(";")))


def parse_ann(ann_text: str) -> tuple[list[GoldAttribution], int]:
    """The attribution relations of one brat ``.ann`` file, and how many had no content.

    Only ``T`` lines that start with an id, a type and offsets are read: a span's surface
    text may contain a newline, which puts the rest of it on a line of its own.
    """
    spans: dict[str, tuple[Span, ...]] = {}
    relations: list[tuple[str, dict[str, list[str]]]] = []
    for line in ann_text.split("\n"):
        if m := _T_LINE.match(line):
            spans[m.group(1)] = parse_spans(m.group(3))
        elif m := _E_LINE.match(line):
            roles: dict[str, list[str]] = defaultdict(list)
            for arg in m.group(2).split():
                role, _, ref = arg.partition(":")
                roles[re.sub(r"\d+$", "", role)].append(ref)  # Content2 -> Content
            relations.append((m.group(1), roles))
    out, skipped = [], 0
    for eid, roles in relations:
        source, cue, content = (merge_spans(s for ref in roles.get(role, []) for s in spans.get(ref, ()))
                                for role in ("Source", "Cue", "Content"))  # fmt: skip
        if not content:
            skipped += 1
            continue
        out.append(GoldAttribution(eid, source, cue, content))
    return out, skipped


def read_text(path: Path) -> str:
    """Exact file text: brat offsets count characters of the file as it is, so no newline
    translation (``read_text`` would turn \\r\\n into \\n and shift every offset)."""
    return path.read_bytes().decode("utf-8")


def load_article(text_path: Path, ann_path: Path) -> PolnearArticle:
    text = read_text(text_path)
    attributions, skipped = parse_ann(read_text(ann_path))
    quoted = QuotedText.of(text)
    out = []
    for a in attributions:
        source = " ".join(text[s:e] for s, e in a.source).casefold().strip()
        slip = bool(a.source) and (a.source == a.cue or source in CUE_ONLY_SOURCES)
        out.append(GoldAttribution(a.id, () if slip else a.source, a.cue, a.content,
                                   classify_kind(quoted, a.content), slip))  # fmt: skip
    annotator = ann_path.stem[len(text_path.stem) + 1:]
    return PolnearArticle(text_path.stem, text, annotator, out, skipped)


def load_split(split_dir: Path, limit: int | None = None) -> list[PolnearArticle]:
    """Articles of one split (``.../polnear/dev``) in file-name order, one annotator each."""
    by_article: dict[str, list[Path]] = defaultdict(list)
    for ann in (split_dir / "attributions").glob("*.ann"):
        by_article[ann.stem.rsplit("_", 1)[0]].append(ann)
    texts = sorted((split_dir / "text").glob("*.txt"))
    if not texts:
        raise FileNotFoundError(f"no text/*.txt under {split_dir}: is it a PolNeAR split folder?")
    out = []
    for text_path in texts:
        anns = sorted(by_article.get(text_path.stem, []), key=lambda p: p.name)
        if anns:  # every dev and train article has one; an unannotated one cannot be scored
            out.append(load_article(text_path, anns[0]))
        if limit is not None and len(out) >= limit:
            break
    return out


# ---------------------------------------------------------------- judging speakers


@dataclass
class SpeakerJudge:
    """Which names denote the speaker of each gold attribution of one article."""

    text: str
    names: dict[str, list[str]]  # attribution id -> acceptable names ([] if none known)

    @classmethod
    def of(cls, article: PolnearArticle) -> SpeakerJudge:
        text = article.text
        with_source = sorted((a for a in article.attributions if a.source), key=lambda a: a.source[0])
        names: dict[str, list[str]] = {}
        last_named: list[str] = []
        last_person: list[str] = []  # "he" is not "The New York Times", named just before
        for a in with_source:
            s, e = a.source[0][0], a.source[-1][1]
            kind, surface = source_class(text, s, e), " ".join(text[s:e].casefold().split())
            if kind == "named":
                names[a.id] = last_named = head_names(text, a.source)
                if len(last_named) == 1 and not surface.startswith("the "):
                    last_person = last_named  # one speaker, and not a newspaper
            elif kind == "definite" or surface in PERSON_PRONOUNS:
                names[a.id] = last_person
            elif kind == "pronoun":
                before = name_before(text, s) if surface in RELATIVE_PRONOUNS else []
                names[a.id] = before + last_named
            else:
                names[a.id] = []
        return cls(text, names)

    def right(self, gold: GoldAttribution, quote: Quote, resolved: bool) -> bool:
        speaker, name = quote.get("speaker"), speaker_name(quote)
        if not gold.source or not isinstance(speaker, dict):
            return False
        accepted = self.names.get(gold.id, [])
        if accepted and name and not is_pronoun(name) and matches_any(name, accepted):
            return True
        if resolved and (accepted or not name or is_pronoun(name)):
            return False  # a name is known and this is not it, or the system gave only "he"
        return _mention_overlaps(quote, speaker, gold.source)


def _mention_overlaps(quote: Quote, speaker: dict[str, Any], source: Sequence[Span]) -> bool:
    # The speaker's own mention offsets, else the quote's (quotes.v1 keeps both).
    s = speaker.get("mention_start", quote.get("mention_start"))
    e = speaker.get("mention_end", quote.get("mention_end"))
    return isinstance(s, int) and isinstance(e, int) and overlap([(s, e)], source) > 0


def speaker_name(quote: Quote) -> str:
    """The speaker's resolved name, else its mention ("" when there is no speaker)."""
    speaker = quote.get("speaker")
    return str(speaker.get("name") or speaker.get("mention") or "") if isinstance(speaker, dict) else ""


def has_speaker(quote: Quote) -> bool:
    return bool(speaker_name(quote))


# ---------------------------------------------------------------- scoring


def quote_span(quote: Quote) -> tuple[Span, ...]:
    """The content's segments (``segments`` when a quote is split by "he said"), else start-end."""
    try:
        if quote.get("segments"):
            return merge_spans((int(s), int(e)) for s, e in quote["segments"])
        return merge_spans([(int(quote["start"]), int(quote["end"]))])
    except (KeyError, TypeError, ValueError):
        return ()  # a quote without offsets can match nothing


@dataclass(frozen=True)
class Overlaps:
    """How a system's quotes of one article overlap each other."""

    duplicates: frozenset[int]  # repeat an earlier quote: not matched, wrong if they have a speaker
    nested: frozenset[int]  # lie inside a longer quote: matched, but not in precision


def find_overlaps(quotes: Sequence[Quote]) -> Overlaps:
    """Duplicates and nested quotes, by content span.

    *Nested*: inside another quote (2 characters' slack for a quotation mark) and at most
    NESTED_SHARE of its length -- the partial quote in "called it “a disaster”" that
    quotes.v1 reports next to the reported speech around it. It is a sub-claim of the
    outer quote: scoring it too would count one attribution twice, right or wrong.
    *Duplicate*: otherwise sharing >= DUPLICATE_SHARE of the *longer* content with an
    earlier quote -- the same words reported twice.
    """
    spans = [quote_span(q) for q in quotes]
    order = sorted(range(len(quotes)), key=lambda i: (spans[i][0][0], -spans[i][-1][1]) if spans[i] else (0, 0))
    dupes: set[int] = set()
    nested: set[int] = set()
    for pos, i in enumerate(order):
        for j in (j for j in order if j != i and spans[i] and spans[j]):
            inside = spans[j][0][0] - 2 <= spans[i][0][0] and spans[i][-1][1] <= spans[j][-1][1] + 2
            if inside and span_length(spans[i]) <= NESTED_SHARE * span_length(spans[j]):
                nested.add(i)
                break
        else:
            for j in order[:pos]:
                longer = max(span_length(spans[i]), span_length(spans[j]))
                if j not in dupes and longer and overlap(spans[i], spans[j]) / longer >= DUPLICATE_SHARE:
                    dupes.add(i)
                    break
    return Overlaps(frozenset(dupes), frozenset(nested))


def match_quotes(article: PolnearArticle, quotes: Sequence[Quote], duplicates: frozenset[int]) -> list[GoldAttribution | None]:
    """For each system quote its gold attribution, or None (always None for a duplicate)."""
    matched: list[GoldAttribution | None] = []
    for i, q in enumerate(quotes):
        span = quote_span(q)
        best, best_share = None, MATCH_SHARE
        for gold in article.attributions if i not in duplicates else ():
            share = content_overlap(span, gold.content)
            if share >= best_share and (best is None or share > best_share):
                best, best_share = gold, share
        matched.append(best)
    return matched


def score_article(article: PolnearArticle, quotes: Sequence[Quote], tally: Counter[tuple[str, str]]) -> None:
    """Add one article's counts to ``tally``, keyed by (kind or "all", counter name)."""
    judge = SpeakerJudge.of(article)
    quoted = QuotedText.of(article.text)
    overlaps = find_overlaps(quotes)
    matched = match_quotes(article, quotes, overlaps.duplicates)
    by_gold: dict[str, list[Quote]] = defaultdict(list)

    def add(kind: str, counter: str, n: int = 1) -> None:
        tally["all", counter] += n
        tally[kind, counter] += n

    for i, (q, gold) in enumerate(zip(quotes, matched, strict=True)):
        kind = gold.kind if gold else classify_kind(quoted, quote_span(q) or ((0, 0),))
        add(kind, "system_quotes")
        add(kind, "duplicates", i in overlaps.duplicates)
        add(kind, "nested", i in overlaps.nested)
        if gold:
            by_gold[gold.id].append(q)
        if not has_speaker(q) or i in overlaps.nested:
            continue
        if gold is not None and gold.source_slip:
            add(kind, "unjudged_speakers")  # the gold names no speaker to hold it against
        else:
            add(kind, "system_speakers")
            add(kind, "system_named", not is_pronoun(speaker_name(q)))
            add(kind, "system_matched_speakers", gold is not None)
            add(kind, "system_right", bool(gold and judge.right(gold, q, resolved=False)))
            add(kind, "system_right_resolved", bool(gold and judge.right(gold, q, resolved=True)))
    for gold in article.attributions:
        found = by_gold.get(gold.id, [])
        add(gold.kind, "gold")
        add(gold.kind, "gold_found", bool(found))
        if gold.source:
            add(gold.kind, "gold_speakers")
            add(gold.kind, "gold_right", any(judge.right(gold, q, resolved=False) for q in found))
            add(gold.kind, "gold_right_resolved", any(judge.right(gold, q, resolved=True) for q in found))


def _prf(t: Counter[str], suffix: str = "") -> dict[str, float | int]:
    """Speaker precision, recall and F1 (rounded; 0.0 where undefined), plus ``accuracy``:
    right speakers among the system quotes that matched a gold attribution, i.e. how good
    the attribution is where the quote itself was found."""
    right_sys, n_sys = t["system_right" + suffix], t["system_speakers"]
    right_gold, n_gold, n_matched = t["gold_right" + suffix], t["gold_speakers"], t["system_matched_speakers"]
    p = right_sys / n_sys if n_sys else 0.0
    r = right_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3),
            "accuracy": round(right_sys / n_matched, 3) if n_matched else 0.0,
            "system_right": right_sys, "system_speakers": n_sys, "system_matched": n_matched,
            "gold_right": right_gold, "gold_speakers": n_gold}  # fmt: skip


def summarise(tally: Counter[tuple[str, str]]) -> dict[str, Any]:
    """The report: attributions found, and both speaker scores, overall and per kind.

    "quoted" adds direct and mixed: every attribution with quotation marks in it.
    """
    out: dict[str, Any] = {"attributions_found": {}, "speaker": {}, "speaker_resolved": {}}
    for kind in ("all", "quoted", *KINDS):
        parts = ("direct", "mixed") if kind == "quoted" else (kind,)
        t: Counter[str] = Counter()
        for (k, name), n in tally.items():
            if k in parts:
                t[name] += n
        gold = t["gold"]
        out["attributions_found"][kind] = {"found": t["gold_found"], "gold": gold,
                                           "recall": round(t["gold_found"] / gold, 3) if gold else 0.0}  # fmt: skip
        out["speaker"][kind] = _prf(t)
        out["speaker_resolved"][kind] = _prf(t, "_resolved")
    out["system_quotes"] = tally["all", "system_quotes"]
    out["speakers_named"] = tally["all", "system_named"]  # system speakers that are not a pronoun
    out["duplicates"] = tally["all", "duplicates"]
    out["nested"] = tally["all", "nested"]
    out["unjudged_speakers"] = tally["all", "unjudged_speakers"]
    return out


def run_extractor(texts: Sequence[str], extract: Extractor, batch_size: int = BATCH) -> list[list[Quote] | BaseException]:
    """Quotes per text, or the exception the extractor raised on it.

    Texts go in batches of BATCH (a spaCy pipeline is much faster on batches); when a batch
    raises, its texts are retried one by one so that only the articles that crash count.
    """
    out: list[list[Quote] | BaseException] = []
    for lo in range(0, len(texts), batch_size):
        batch = list(texts[lo:lo + batch_size])
        try:
            found = extract(batch)
            if len(found) != len(batch):
                raise ValueError(f"extractor returned {len(found)} results for {len(batch)} texts")
            out.extend(found)
            continue
        except Exception:  # which text crashed is found below, one text at a time
            pass
        for text in batch:
            try:
                out.append(extract([text])[0])
            except Exception as exc:  # a crash is a measured outcome here, not a failure
                out.append(exc)
    return out


def score_articles(articles: Sequence[PolnearArticle], extract: Extractor, batch_size: int = BATCH) -> dict[str, Any]:
    """Run ``extract`` over the articles' texts and score what it found.

    ``batch_size=1`` suits an extractor that gains nothing from batches and crashes often
    (textacy): a crashed batch is run again one text at a time, which costs time.
    """
    started = time.perf_counter()
    results = run_extractor([a.text for a in articles], extract, batch_size)
    seconds = time.perf_counter() - started
    tally: Counter[tuple[str, str]] = Counter()
    crashes = []
    for article, result in zip(articles, results, strict=True):
        if isinstance(result, BaseException):
            crashes.append({"article": article.name, "error": f"{type(result).__name__}: {result}"[:300]})
            result = []  # the article's gold still counts: a crash must not help a score
        score_article(article, result, tally)
    report: dict[str, Any] = {
        "articles": len(articles),
        "processed": len(articles) - len(crashes),
        "crashes": len(crashes),
        "crashed": crashes[:20],
        "gold_attributions": tally["all", "gold"],
        "skipped_gold_without_content": sum(a.skipped for a in articles),
        "annotator": "first .ann file per article in sorted file-name order",
        "seconds": round(seconds, 1),
    }
    report.update(summarise(tally))
    return report


def score_polnear(split_dir: Path, extract: Extractor, limit: int | None = None) -> dict[str, Any]:
    """Score an extractor (texts -> quote dicts per text) on one PolNeAR split folder."""
    report = score_articles(load_split(split_dir, limit), extract)
    return {"split": split_dir.name, **report}


# ---------------------------------------------------------------- running sitroom


def polnear_dir() -> Path:
    """``.../shared/data/quotes/polnear``, or a FileNotFoundError that says where to put it."""
    from sitroom.eval.runner import shared_data_dir

    base = shared_data_dir()
    path = base / "quotes" / "polnear" if base else None
    if path is None or not path.is_dir():
        raise FileNotFoundError("PolNeAR not found: put it in ../shared/data/quotes/polnear "
                                "or set SITROOM_SHARED_DATA to the folder holding quotes/polnear")  # fmt: skip
    return path


def with_quotes_stage(config: Config) -> Config:
    """A copy of ``config`` whose pipeline ends with the quotes stage (added if missing)."""
    out = Config(copy.deepcopy(config.settings))
    if not any(s.startswith("quotes.") for s in out.get("nlp.stages")):
        # The packaged default chain (it may add a speaker-resolving stage after quotes),
        # else the minimal chain that provides quotes.
        default = list(load_defaults()["nlp"]["stages"])
        out.set("nlp.stages", default if any(s.startswith("quotes.") for s in default) else STAGES_WITH_QUOTES)
    return out


def sitroom_extractor(config: Config) -> Extractor:
    """The sitroom pipeline (with quotes) as an extractor; an InputError is raised."""
    from sitroom.model import Article
    from sitroom.nlp.pipeline import Pipeline

    pipeline = Pipeline(with_quotes_stage(config))

    def extract(texts: list[str]) -> list[list[Quote]]:
        articles = [Article(title=t.split("\n", 1)[0], text=t, source=f"polnear#{i}") for i, t in enumerate(texts)]
        found: dict[str, list[Quote]] = {}
        for out in pipeline.run(articles):
            if isinstance(out, Exception):
                raise out  # run_extractor retries one by one and records it as a crash
            article, ann = out
            found[article.source] = list(ann.quotes)
        return [found[a.source] for a in articles]

    return extract


def evaluate_polnear(config: Config, split: str = "dev", limit: int | None = None) -> dict[str, Any]:
    """Run the sitroom pipeline (with its quotes stage) over a PolNeAR split and score it."""
    return score_polnear(polnear_dir() / split, sitroom_extractor(config), limit)


def crash_check(split_dirs: Iterable[Path], config: Config | None = None) -> dict[str, Any]:
    """Run the pipeline over every article of the given split folders; count exceptions."""
    extract = sitroom_extractor(config or Config.load())
    report: dict[str, Any] = {"articles": 0, "crashes": 0, "quotes": 0, "crashed": []}
    for split_dir in split_dirs:
        texts = sorted((split_dir / "text").glob("*.txt"))
        for path, result in zip(texts, run_extractor([read_text(p) for p in texts], extract), strict=True):
            report["articles"] += 1
            if isinstance(result, BaseException):
                report["crashes"] += 1
                report["crashed"].append({"article": f"{split_dir.name}/{path.name}",
                                          "error": f"{type(result).__name__}: {result}"[:300]})  # fmt: skip
            else:
                report["quotes"] += len(result)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sitroom.eval.polnear --split dev``: the report as JSON on stdout."""
    parser = argparse.ArgumentParser(prog="python -m sitroom.eval.polnear",
                                     description="Score sitroom's quote speakers on a PolNeAR split; print the report as JSON.")  # fmt: skip
    parser.add_argument("--split", default="dev", choices=["dev", "train"], help="PolNeAR split (test is held out)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N articles")
    parser.add_argument("--config", default=None, help="a sitroom TOML config file")
    parser.add_argument("--set", dest="assignments", action="append", default=[], metavar="SECTION.KEY=VALUE",
                        help="override a config value, as with `sitroom --set`")  # fmt: skip
    parser.add_argument("--crash-check", action="store_true", help="only run over train+dev and count crashes")
    args = parser.parse_args(argv)
    config = Config.load(args.config, tuple(args.assignments))
    if args.crash_check:
        result = crash_check([polnear_dir() / "train", polnear_dir() / "dev"], config)
    else:
        result = evaluate_polnear(config, args.split, args.limit)
    json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
