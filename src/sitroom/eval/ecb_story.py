"""``sitroom eval real-story``: the brief on real multi-outlet coverage (ECB+ dev) against story gold.

Our sample crisis was written by the hands that wrote the rules; these sub-topics are real
news about one event each, from many outlets, with figures that change over a day, places told
at different scales and some real disagreements. The gold (``eval/realgold/ecbplus/*.json``)
was written from the articles by an engineer who had not read the extraction rules; it holds
doc ids, key words, numbers and names only (``realgold/README.md`` has the conventions).

All of a sub-topic's articles go into ONE story (``realgold.briefs``), so the brief is scored
apart from story grouping. Sections scored, in the issue-9 contract:

* **facts**: a gold fact is matched by a brief fact whose text (alone, or joined with one
  source excerpt) holds every key term. Corroborated recall: gold corroborated facts found
  with status "corroborated"; precision: of the brief's corroborated facts that match a gold
  fact, the share that match a corroborated one (matching only a single-source gold fact is a
  false corroboration). Single-source likewise, the other way round.
* **copies**: the gold's ``copy_of`` pairs (wire copies, reposts) that the brief marks as
  copies, so that they count once; and pairs it marks that the gold does not.
* **updates**: a gold update is found when one brief update holds every gold value.
* **disputes**: a brief dispute matches a gold dispute when it holds the gold key terms and
  two gold sides on two different sides of its own. Every other brief dispute is a **false
  dispute**; those that match a ``not_disputes`` entry (an update, "at least N" against a
  larger N, a region and a town inside it, a part and its whole, units, spellings) are
  counted by reason, since they are the errors issue 9 names.
* **quotes, options, triggers**: as in ``sitroom.eval.options_gold``.

Numbers match within 10%; terms as in ``sitroom.eval.story``. Fact kinds are not compared:
the rebuilt brief names its kinds differently, and the key terms are specific enough.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sitroom.config import Config
from sitroom.errors import SitroomError
from sitroom.eval.options_gold import (
    Group,
    print_table,
    score_options,
    score_quotes,
    score_triggers,
)
from sitroom.eval.realgold import load_gold_files
from sitroom.eval.realgold.briefs import (
    CorpusArticle,
    build_briefs,
    holder_names,
    item_texts,
    run_scorer,
)
from sitroom.eval.story import all_terms, normalise, numbers_in, ratio, term_in, value_covered

REQUIRED = ("corroborated", "single_source", "updates", "disputes", "not_disputes", "quotes", "options", "triggers")
CORROBORATED, SINGLE = "corroborated", "single-source"


# -- facts ------------------------------------------------------------------------------------------
def fact_matches(gold: dict[str, Any], fact: dict[str, Any]) -> bool:
    return any(all_terms(gold["key_words"], t) for t in item_texts(fact, "text"))


def _status_score(groups: Sequence[Group], mine: str, other: str, status: str) -> dict[str, Any]:
    """Gold ``mine`` facts found with ``status``; precision over brief facts of that status judged by gold."""
    gold_n = found = correct = tp = fp = system = 0
    misses: list[str] = []
    for gold, story in groups:
        facts = story.brief.get("facts") or []
        for g in gold[mine]:
            gold_n += 1
            hits = [f for f in facts if fact_matches(g, f)]
            found += bool(hits)
            ok = any(f.get("status") == status for f in hits) if status == CORROBORATED else bool(hits) and not any(
                f.get("status") == CORROBORATED for f in hits)
            correct += ok
            if not ok:
                seen = ", ".join(sorted({str(f.get("status")) for f in hits})) or "not found"
                misses.append(f"{gold.get('_file')}: {' '.join(g['key_words'])} ({seen})")
        for f in (f for f in facts if f.get("status") == status):
            system += 1
            if any(fact_matches(g, f) for g in gold[mine]):
                tp += 1
            elif any(fact_matches(g, f) for g in gold[other]):
                fp += 1
    return {"gold": gold_n, "found": found, "correct": correct, "recall": ratio(correct, gold_n),
            "system": system, "judged": tp + fp, "precision": ratio(tp, tp + fp), "misses": misses[:20]}  # fmt: skip


def score_facts(groups: Sequence[Group]) -> dict[str, Any]:
    return {"corroborated": _status_score(groups, "corroborated", "single_source", CORROBORATED),
            "single_source": _status_score(groups, "single_source", "corroborated", SINGLE)}  # fmt: skip


# -- updates ----------------------------------------------------------------------------------------
def update_values(update: dict[str, Any]) -> list[float]:
    return [n for v in update.get("values") or [] for n in numbers_in(str(v.get("value")))]


def score_updates(groups: Sequence[Group]) -> dict[str, Any]:
    gold_n = found = system = matched = 0
    misses: list[str] = []
    for gold, story in groups:
        updates = story.brief.get("updates") or []
        system += len(updates)
        used: set[int] = set()
        for g in gold["updates"]:
            gold_n += 1
            hits = [i for i, u in enumerate(updates) if all(value_covered(v["value"], update_values(u)) for v in g["values"])]
            used.update(hits)
            found += bool(hits)
            if not hits:
                misses.append(f"{gold.get('_file')}: {g['quantity']} {[v['value'] for v in g['values']]}")
        matched += len(used)
    return {"gold": gold_n, "found": found, "recall": ratio(found, gold_n), "system": system,
            "matching_gold": matched, "misses": misses}  # fmt: skip


# -- copies -----------------------------------------------------------------------------------------
def brief_copies(story: Any) -> set[frozenset[str]]:
    """Pairs of corpus docs the brief marks as copy and original (``copy_of``; the old brief's ``near_duplicate_of``)."""
    pairs = set()
    for a in story.brief.get("articles") or []:
        original = a.get("copy_of") or a.get("near_duplicate_of")
        if original and a.get("id") in story.docs and original in story.docs:
            pairs.add(frozenset((story.docs[a["id"]], story.docs[original])))
    return pairs


def score_copies(groups: Sequence[Group]) -> dict[str, Any]:
    """Copies the gold names (either direction) found by the brief, and copies it marks that the gold does not."""
    gold_n = found = system = false = 0
    for gold, story in groups:
        wanted = {frozenset((doc, meta["copy_of"])) for doc, meta in (gold.get("articles") or {}).items() if (meta or {}).get("copy_of")}
        marked = brief_copies(story)
        gold_n += len(wanted)
        found += len(wanted & marked)
        system += len(marked)
        false += len(marked - wanted)
    return {"gold": gold_n, "found": found, "recall": ratio(found, gold_n), "system": system, "not_copies": false}


# -- disputes ---------------------------------------------------------------------------------------
def side_text(side: dict[str, Any]) -> str:
    excerpts = " ".join(str(s.get("excerpt") or "") for s in side.get("sources") or [])
    return normalise(f"{side.get('value')} {' '.join(holder_names(side.get('holders')))} {excerpts}")


def covers(alternatives: Sequence[Any], side: dict[str, Any]) -> bool:
    """A number within 10% of a number in the side's value, or a term in its value, holders or excerpts."""
    for alt in alternatives:
        if isinstance(alt, int | float | list):
            if value_covered(alt, numbers_in(str(side.get("value")))):
                return True
        elif term_in(str(alt), side_text(side)):
            return True
    return False


def sides_covered(wanted: Sequence[Sequence[Any]], sides: list[dict[str, Any]]) -> int:
    """How many of the ``wanted`` values sit on distinct sides (greedy, in order)."""
    used: set[int] = set()
    for alternatives in wanted:
        for i, side in enumerate(sides):
            if i not in used and covers(alternatives, side):
                used.add(i)
                break
    return len(used)


def dispute_text(d: dict[str, Any]) -> str:
    return f"{d.get('about') or ''} " + " ".join(side_text(s) for s in d.get("sides") or [])


def matches_gold_dispute(g: dict[str, Any], d: dict[str, Any]) -> bool:
    wanted = [s["match"] for s in g["sides"]]
    return all_terms(g.get("key_words") or [], dispute_text(d)) and sides_covered(wanted, d.get("sides") or []) >= 2


def matches_not_dispute(g: dict[str, Any], d: dict[str, Any]) -> bool:
    wanted = [[v] for v in g["values"]]
    return all_terms(g.get("key_words") or [], dispute_text(d)) and sides_covered(wanted, d.get("sides") or []) == len(wanted)


def score_disputes(groups: Sequence[Group]) -> dict[str, Any]:
    """Gold disputes found; false disputes, and which of them a careless reading explains."""
    gold_n = found = system = true = 0
    reasons: Counter[str] = Counter()
    false: list[str] = []
    for gold, story in groups:
        disputes = story.brief.get("disputes") or []
        system += len(disputes)
        gold_n += len(gold["disputes"])
        found += sum(any(matches_gold_dispute(g, d) for d in disputes) for g in gold["disputes"])
        for d in disputes:
            if any(matches_gold_dispute(g, d) for g in gold["disputes"]):
                true += 1
                continue
            why = next((g["why"] for g in gold["not_disputes"] if matches_not_dispute(g, d)), "unexplained")
            reasons[why] += 1
            false.append(f"{gold.get('_file')}: {d.get('about')}: {[s.get('value') for s in d.get('sides') or []]} ({why})")
    return {"gold": gold_n, "found": found, "recall": ratio(found, gold_n), "system": system, "true": true,
            "false_disputes": system - true, "false_matching_not_disputes": sum(n for k, n in reasons.items() if k != "unexplained"),
            "false_by_reason": dict(reasons), "false_examples": false[:20]}  # fmt: skip


# -- ECB+ -------------------------------------------------------------------------------------------
def load_ecb_gold(directory: Path | None = None) -> list[dict[str, Any]]:
    from sitroom.eval.ecbplus import DEV_TOPICS

    gold = load_gold_files("ecbplus", REQUIRED, directory)
    for g in gold:
        if not isinstance(g.get("articles"), dict) or not g["articles"]:
            raise ValueError(f"{g['_file']}: the gold lacks its articles (doc id -> published, copy_of)")
        if int(str(g.get("subtopic", "0")).split("_", 1)[0]) not in DEV_TOPICS:
            raise ValueError(f"{g['_file']}: sub-topic {g.get('subtopic')!r} is not an ECB+ dev topic")
    return gold


def outlet_of(url: str | None, doc: str) -> str:
    """The site an ECB+ text was found at (its URL's host), else the doc id."""
    host = urlparse(url).netloc if url else ""
    return host.removeprefix("www.") or doc


def ecb_articles(gold: dict[str, Any], docs: dict[str, Any]) -> list[CorpusArticle]:
    """The gold's documents as articles, titled by their first sentence.

    An ``ecbplus`` text opens with the page's headline, which is the title and not the body;
    an ``ecb`` text has no headline, and its first sentence is the lead that carries the news
    ("The Indian navy has captured 23 Somalian pirates."), so it stays in the body.
    """
    out = []
    for doc_id, meta in gold["articles"].items():
        doc = docs.get(doc_id)
        if doc is None:
            raise SitroomError(f"{gold['_file']}: ECB+ document {doc_id} not found", "check ../shared/data/xdoc/ecbplus")
        first, _, rest = doc.text.partition("\n")
        body = rest.strip() if doc.url and rest.strip() else doc.text
        out.append(CorpusArticle(doc=doc_id, title=first.strip() or doc_id, text=body, outlet=outlet_of(doc.url, doc_id),
                                 published=(meta or {}).get("published"), url=doc.url))  # fmt: skip
    return out


def score_groups(groups: Sequence[Group]) -> dict[str, Any]:
    return {**score_facts(groups), "copies": score_copies(groups), "updates": score_updates(groups), "disputes": score_disputes(groups),
            "quotes": score_quotes(groups), "options": score_options(groups), "triggers": score_triggers(groups)}  # fmt: skip


def evaluate(config: Config, external: bool = True, *, gold_dir: Path | None = None) -> dict[str, Any]:
    """Each gold sub-topic as one story; its brief against the gold, per sub-topic and in total."""
    from sitroom.eval.ecbplus import load_ecbplus

    if not external:
        return {"skipped": "the real-story gold scores ECB+ articles in ../shared/data; run without --no-external"}
    gold = load_ecb_gold(gold_dir)
    try:
        docs = {d.id: d for d in load_ecbplus("dev")}
    except FileNotFoundError as exc:
        raise SitroomError(str(exc), "the real-story gold needs the ECB+ articles") from exc
    briefs = build_briefs({g["subtopic"]: ecb_articles(g, docs) for g in gold}, config)
    groups = [(g, briefs[g["subtopic"]]) for g in gold if g["subtopic"] in briefs]
    per = {g["subtopic"]: {"articles": len(g["articles"]), "in_story": len(b.docs), "contract": b.brief["contract"],
                           **_headline(score_groups([(g, b)]))} for g, b in groups}  # fmt: skip
    return {"subtopics": per, "total": score_groups(groups)}


def _headline(scores: dict[str, Any]) -> dict[str, Any]:
    """The figures of one sub-topic, without the example lists."""
    return {section: {k: v for k, v in body.items() if not isinstance(v, list | dict)} for section, body in scores.items()}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sitroom.eval.ecb_story``: the report on stdout."""
    return run_scorer("python -m sitroom.eval.ecb_story", "Score the brief on the ECB+ dev story gold (each sub-topic as one story).", evaluate, print_table, argv)


if __name__ == "__main__":
    raise SystemExit(main())
