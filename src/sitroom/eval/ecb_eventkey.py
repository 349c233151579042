"""sitroom's cross-article event key scored on ECB+ event coreference (gold mentions given).

``python -m sitroom.eval.ecb_eventkey [--split dev|train]`` prints JSON: CoNLL F1 (MUC, B3,
CEAF-e) of the key next to the same-lemma baseline, both within the gold sub-topics (oracle
document grouping) and within sitroom's own stories (stories.v1 run blind on the documents).

The key is the one the brief groups event reports by (``resolve/statements/events.py``):
the act named by the same lemma or a synonym (``Triggers``: MiniLM neighbours above
``SYNONYM_COSINE``, chosen on the train topics). ECB+ mentions carry no CAMEO actor or target,
so here the key reduces to its trigger part inside each document group; the brief also asks
for the same actor and target, no different days and shared content words. The held-out
test topics (36-45) are not in ``../shared``: every figure this prints for dev is a dev figure.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from sitroom.eval.ecbplus import (
    EcbDocument,
    evaluate_event_coref,
    lemma_event_clusters,
    load_ecbplus,
    score_event_clusters,
    scored_mentions,
    sitroom_story_clusters,
    spacy_lemmas,
)
from sitroom.resolve.statements.events import Triggers


@cache
def _parser_model() -> Any:
    """sitroom's English model with the parser (a mention's head word needs it), no NER."""
    import spacy

    from sitroom.nlp.model import resolve_model_name

    return spacy.load(resolve_model_name("auto"), exclude=["ner"])


def trigger_heads(docs: list[EcbDocument]) -> dict[str, str]:
    """Mention id -> the lemma of its head word: the verb or noun of a multi-word mention
    ("set fire" -> set, "the quake" -> quake) that no other word of the mention governs."""
    heads: dict[str, str] = {}
    for doc, parsed in zip(docs, _parser_model().pipe(d.text for d in docs), strict=True):
        for m in doc.mentions:
            tokens = [t for start, end in m.spans for t in parsed.char_span(start, end, alignment_mode="expand") or ()]
            if not tokens:
                continue
            inside = {t.i for t in tokens}
            tops = [t for t in tokens if t.head.i not in inside or t.head.i == t.i] or tokens
            head = next((t for t in tops if t.pos_ in ("VERB", "NOUN", "PROPN")), tops[0])
            heads[m.id] = head.lemma_.lower()
    return heads


def key_event_clusters(docs: list[EcbDocument], groups: Sequence[str], triggers: Triggers | None = None) -> dict[str, str]:
    """Mentions in one document group whose triggers are the same act, linked (single link)."""
    heads = trigger_heads(docs)
    triggers = triggers or Triggers.shipped()
    triggers.prepare(heads.values())
    by_group: dict[str, list[str]] = {}
    for doc, group in zip(docs, groups, strict=True):
        by_group.setdefault(group, []).extend(m.id for m in doc.mentions if m.id in heads)
    out: dict[str, str] = {}
    for group, ids in by_group.items():
        parent = {m: m for m in ids}
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                if triggers.same(heads[a], heads[b]):
                    parent[_root(parent, a)] = _root(parent, b)
        out.update({m: f"{group}|{_root(parent, m)}" for m in ids})
    return out


def _root(parent: dict[str, str], x: str) -> str:
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


Clusterer = Callable[[list[EcbDocument], Sequence[str]], dict[str, str]]


def report(split: str = "dev") -> dict[str, Any]:
    """The key and the same-lemma baseline, within gold sub-topics and within sitroom's stories."""
    docs = load_ecbplus(split)
    scored = [replace(d, mentions=scored_mentions(d, True)) for d in docs]
    rules: dict[str, Clusterer] = {"same_lemma": lambda ds, gs: lemma_event_clusters(ds, gs, spacy_lemmas),
                                   "sitroom_event_key": key_event_clusters}  # fmt: skip
    out: dict[str, Any] = {"split": split, "documents": len(docs), "note": "dev topics, not the held-out test"}
    stories: dict[tuple[str, ...], list[str]] = {}  # the blind story run, once for both rules

    def story_groups(ds: list[EcbDocument]) -> list[str]:
        key = tuple(d.id for d in ds)
        if key not in stories:
            stories[key] = [str(x) for x in sitroom_story_clusters(ds)]
        return stories[key]

    for name, rule in rules.items():
        oracle = score_event_clusters(docs, rule(scored, [d.subtopic for d in scored]))
        in_stories = evaluate_event_coref(lambda ds, r=rule: r(ds, story_groups(ds)), docs)  # type: ignore[misc]
        out[name] = {"within_gold_subtopics": _brief(oracle), "within_sitroom_stories": _brief(in_stories)}
    return out


def _brief(scores: dict[str, Any]) -> dict[str, Any]:
    return {k: scores[k] for k in ("muc", "b_cubed", "ceaf_e", "conll_f1") if k in scores} or scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sitroom.eval.ecb_eventkey",
                                     description="Score sitroom's cross-article event key on ECB+; print JSON.")  # fmt: skip
    parser.add_argument("--split", default="dev", choices=["dev", "train"], help="ECB+ split (test topics are held out)")
    args = parser.parse_args(argv)
    json.dump(report(args.split), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
