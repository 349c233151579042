"""Where the events stage goes wrong on the event-coding sets, in buckets, dev beside held-out.

``python -m sitroom.eval.event_errors`` (reads ``../shared/data/eventdata``; prints JSON).

Each set has a development part, whose misses were read and bucketed to decide what to fix,
and a held-out part whose sentences were never looked at, scored the same way:

- ConfliBERT CAMEO quad class: ``train`` is dev, ``test`` is held out;
- PETRARCH-2 GSR (PLOVER type via CAMEO): split by a hash of the record id (``gsr_half``);
- ConfliBERT's source/target tags (``cameo_ner_{train,test}``): actor and target accuracy.

A miss lands in one bucket, decided in this order: no event at all (sub-bucketed by the
sentence's main predicate: an event noun under a light verb, an agentless passive, a
predicate our lists lack, a known predicate whose arguments matched no pattern); only
negated or hypothetical events; an event reported where the gold has none; the right type
found but another event chosen (a frame beside its complement); a passive main predicate;
else a wrong type.
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.eval.events import (
    CodedSentence,
    aligned_event,
    events_config,
    gold_plover,
    main_predicate,
    read_cameo2plover,
    read_conflibert,
    read_petrarch_xml,
)
from sitroom.eval.runner import shared_data_dir
from sitroom.model import Annotations, Article
from sitroom.nlp.eventcoding import Lexicon, load_lexicon_v3
from sitroom.nlp.pipeline import Pipeline

Event = dict[str, Any]
# Verbs whose object names the act: "imposed blockades", "launched an offensive".
LIGHT_VERBS = frozenset({"impose", "launch", "declare", "announce", "carry", "conduct", "stage", "mount", "wage",
                         "begin", "start", "order", "approve", "hold", "make", "take", "give", "set"})  # fmt: skip


def gsr_half(record_id: str) -> str:
    """'dev' or 'heldout': a fixed hash of the record id, so the split never moves."""
    return "dev" if zlib.crc32(record_id.encode()) % 2 == 0 else "heldout"


@dataclass
class Run:
    sentence: CodedSentence
    events: list[Event]
    ann: Annotations


def run_all(config: Config, sentences: list[CodedSentence]) -> list[Run]:
    """Each sentence through the whole pipeline as an article of its own."""
    by_id = {s.id: s for s in sentences}
    out = []
    for result in Pipeline(config).run(Article(title="", text=s.text, source=s.id) for s in sentences):
        if not isinstance(result, Exception):
            out.append(Run(by_id[result[0].source], result[1].events, result[1]))
    return out


def first_real(events: list[Event]) -> Event | None:
    """The event a sentence is scored by: its first one reported as having happened."""
    return next((e for e in events if not e["negated"] and not e["hypothetical"] and e.get("quad_class") is not None), None)


# --- Buckets ------------------------------------------------------------------------------


def doc_predicate(doc: Any) -> Any:
    """The main predicate of the document's longest sentence, None for an empty text."""
    sents = list(doc.sents)
    return main_predicate(max(sents, key=len)) if sents else None


def no_event_cause(doc: Any, lexicon: Lexicon) -> str:
    """Why a sentence got no event, read from its main predicate."""
    pred = doc_predicate(doc)
    if pred is None:
        return "no event: empty text"
    lemma = pred.lemma_.lower()
    objects = [c for c in pred.children if c.dep_ in ("dobj", "nsubjpass", "attr")]
    if pred.pos_ == "NOUN" or (lemma in LIGHT_VERBS and any(o.lemma_.lower() in lexicon.nouns for o in objects)):
        return "no event: nominal (event noun, light verb)"
    if any(c.dep_ == "auxpass" for c in pred.children):
        return "no event: passive or agentless"
    if lemma not in lexicon.verbs:
        return "no event: predicate not in our lists"
    return "no event: known predicate, no pattern matched"


def bucket(events: list[Event], chosen: Event | None, right: bool, wanted: Any, key: str, doc: Any,
           lexicon: Lexicon) -> str | None:  # fmt: skip
    """The bucket of one scored item, None when it is right. ``wanted`` is the gold value of
    ``key`` ("quad_class" or "plover"); None means the gold has no event."""
    if right:
        return None
    if not events:
        return no_event_cause(doc, lexicon)
    if wanted is None:
        return "event reported where the gold has none"
    if chosen is None:
        return "only negated or hypothetical events"
    if any(e.get(key) == wanted for e in events):
        return "right type found, another chosen (frame vs complement)"
    pred = doc_predicate(doc)
    if pred is not None and any(c.dep_ == "auxpass" for c in pred.children):
        return "wrong type: passive"
    return "wrong type"


# --- Quad-class sets (ConfliBERT) ------------------------------------------------------------


def score_quad_set(runs: list[Run], nlp: Any, lexicon: Lexicon, dev: bool) -> dict[str, Any]:
    """Accuracy, per-class recall, the share of event sentences given an event and its
    precision, agreement of each PLOVER type we give with the gold class, and the buckets;
    for a dev part also the unknown predicates (a held-out part's words are not shown)."""
    right, buckets, lemmas = 0, Counter[str](), Counter[str]()
    per_class, per_plover = Counter[str](), Counter[str]()
    class_n, plover_n = Counter[str](), Counter[str]()
    given = given_right = event_sentences = 0
    for run, doc in zip(runs, nlp.pipe(r.sentence.text for r in runs), strict=True):
        gold, chosen = int(run.sentence.label or 0), first_real(run.events)
        predicted = int(chosen["quad_class"]) if chosen else 0
        ok = predicted == gold
        right += ok
        class_n[str(gold)] += 1
        per_class[str(gold)] += ok
        if gold > 0:
            event_sentences += 1
            given += chosen is not None
            given_right += chosen is not None and ok
        if chosen is not None:
            plover_n[str(chosen["plover"])] += 1
            per_plover[str(chosen["plover"])] += ok
        b = bucket(run.events, chosen, ok, gold or None, "quad_class", doc, lexicon)
        if b is not None:
            buckets[b] += 1
            if b.startswith("no event: predicate"):
                lemmas[doc_predicate(doc).lemma_.lower()] += 1
    n = len(runs)
    return {"n": n, "quad_class_accuracy": _rate(right, n),
            "recall_by_class": {k: _rate(per_class[k], class_n[k]) for k in sorted(class_n)},
            "event_sentences_given_an_event": _rate(given, event_sentences),
            "precision_when_given": _rate(given_right, given),
            "quad_agreement_by_plover": {k: f"{per_plover[k]}/{plover_n[k]}" for k in sorted(plover_n)},
            "buckets": dict(buckets.most_common()), **({"unknown_predicates": dict(lemmas.most_common(25))} if dev else {})}  # fmt: skip


def _rate(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


# --- PLOVER-typed set (PETRARCH-2 GSR) --------------------------------------------------------


def score_plover_set(runs: list[Run], plover: dict[str, str], nlp: Any, lexicon: Lexicon) -> dict[str, Any]:
    """PLOVER type over all gold events, per gold type, sentences given an event, buckets."""
    right, n, buckets = 0, 0, Counter[str]()
    per_type, type_n = Counter[str](), Counter[str]()
    given = 0
    for run, doc in zip(runs, nlp.pipe(r.sentence.text for r in runs), strict=True):
        given += bool(run.events)
        for code, _, _ in run.sentence.events:
            wanted = gold_plover(code, plover)
            best = aligned_event(code, run.events)
            ok = best is not None and best["plover"] == wanted
            n, right = n + 1, right + ok
            type_n[str(wanted)] += 1
            per_type[str(wanted)] += ok
            b = bucket(run.events, best if best and not (best["negated"] or best["hypothetical"]) else None, ok,
                       wanted, "plover", doc, lexicon)  # fmt: skip
            if b is not None:
                buckets[b] += 1
    return {"n_sentences": len(runs), "n_gold_events": n, "plover_accuracy": _rate(right, n),
            "sentences_given_an_event": _rate(given, len(runs)),
            "by_type": {k: f"{per_type[k]}/{type_n[k]}" for k in sorted(type_n)},
            "buckets": dict(buckets.most_common())}  # fmt: skip


# --- Actors and targets (ConfliBERT source/target tags) ---------------------------------------


@dataclass
class TaggedSentence:
    text: str
    spans: dict[str, list[tuple[int, int]]]  # "S"/"T" -> character spans in text


def read_tagged(path: Path) -> list[TaggedSentence]:
    """CoNLL-style token tags (B-S/I-S source, B-T/I-T target); tokens joined by spaces."""
    out = []
    for block in re.split(r"\n\s*\n", path.read_text("utf-8", errors="replace")):
        words, tags = [], []
        for line in block.splitlines():
            word, _, tag = line.rstrip("\r").rpartition(" ")
            if word:
                words.append(word)
                tags.append(tag)
        if words:
            out.append(_tagged(words, tags))
    return out


def _tagged(words: list[str], tags: list[str]) -> TaggedSentence:
    spans: dict[str, list[tuple[int, int]]] = {"S": [], "T": []}
    at = 0
    for word, tag in zip(words, tags, strict=True):
        kind = tag[2:] if tag[:2] in ("B-", "I-") else ""
        if kind in spans:
            if tag.startswith("B-") or not spans[kind] or spans[kind][-1][1] != at - 1:
                spans[kind].append((at, at + len(word)))
            else:
                spans[kind][-1] = (spans[kind][-1][0], at + len(word))
        at += len(word) + 1
    return TaggedSentence(" ".join(words), spans)


def names_span(name: str | None, code: str | None, span: tuple[int, int], run: Run) -> bool:
    """Does the actor we give name the gold span? By shared words ('Croatia'/'Croatian
    government' share none, so also) or by a country of an entity inside the span."""
    if not name:
        return False
    text = run.sentence.text[span[0]:span[1]].lower()
    words = {w for w in re.findall(r"\w+", name.lower()) if w not in ("the", "of", "and")}
    if words & set(re.findall(r"\w+", text)):
        return True
    country = (code or "").split(" ")[0]
    return any(e.country == country for e in run.ann.entities if span[0] <= e.start < span[1])


def score_actors(runs: list[Run], tagged: dict[str, TaggedSentence]) -> dict[str, Any]:
    """Of the sentences whose gold has a source (target): share where the first real event's
    actor (target) names it, and the precision of the actors (targets) we give."""
    counts: Counter[str] = Counter()
    for run in runs:
        sent, chosen = tagged[run.sentence.id], first_real(run.events)
        for kind, field, code in (("S", "actor", "actor_code"), ("T", "target", "target_code")):
            gold = sent.spans[kind]
            name = chosen.get(field) if chosen else None
            ok = bool(name) and any(names_span(name, chosen.get(code) if chosen else None, s, run) for s in gold)
            counts[f"{kind} gold"] += bool(gold)
            counts[f"{kind} given"] += bool(name)
            counts[f"{kind} right"] += ok
    return {name: {"gold": counts[f"{k} gold"], "recall": _rate(counts[f"{k} right"], counts[f"{k} gold"]),
                   "precision": _rate(counts[f"{k} right"], counts[f"{k} given"])}
            for k, name in (("S", "source"), ("T", "target"))}  # fmt: skip


# --- The report ---------------------------------------------------------------------------------


def analyse(limit: int | None = None) -> dict[str, Any]:
    """Every set, dev beside held-out."""
    import spacy

    from sitroom.nlp.model import resolve_model_name

    base = shared_data_dir()
    if base is None or not (base / "eventdata").is_dir():
        return {"skipped": "no ../shared/data/eventdata (set SITROOM_SHARED_DATA to its path)"}
    data, config = base / "eventdata", events_config(Config.load())
    nlp, lexicon = spacy.load(resolve_model_name("auto"), exclude=["ner"]), load_lexicon_v3()
    plover = read_cameo2plover(data / "plover" / "CAMEO2PLOVER-2021.txt")
    gsr = read_petrarch_xml(data / "universal_petrarch" / "PETR2_GSR_validation.xml")
    out: dict[str, Any] = {}
    for half in ("dev", "heldout"):
        runs = run_all(config, [s for s in gsr if gsr_half(s.id) == half])
        out[f"gsr_{half}"] = score_plover_set(runs, plover, nlp, lexicon)
    for part, half in (("train", "dev"), ("test", "heldout")):
        sentences = read_conflibert(data / "conflibert_cameo" / f"cameo_class_{part}.tsv")[:limit]
        out[f"conflibert_{half}"] = score_quad_set(run_all(config, sentences), nlp, lexicon, half == "dev")
        tagged = {f"ner-{n}": t for n, t in enumerate(read_tagged(data / "conflibert_cameo" / f"cameo_ner_{part}.txt")[:limit])}
        sentences = [CodedSentence(k, t.text, []) for k, t in tagged.items()]
        out[f"conflibert_actors_{half}"] = score_actors(run_all(config, sentences), tagged)
    return out


def main(argv: Iterable[str] | None = None) -> int:
    import argparse
    import json
    import sys

    parser = argparse.ArgumentParser(prog="python -m sitroom.eval.event_errors",
                                     description="Bucketed misses of the events stage, dev beside held-out; JSON.")  # fmt: skip
    parser.add_argument("--limit", type=int, default=None, help="at most this many ConfliBERT sentences per part")
    args = parser.parse_args(list(argv) if argv is not None else None)
    json.dump(analyse(args.limit), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
