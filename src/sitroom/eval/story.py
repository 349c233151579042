"""``sitroom eval story``: score the brief of the sample crisis against story-level gold.

The gold (``sample/gold/story-belarus-drills.json``) was written from the articles, not from
system output. It lists facts that at least two independent outlets report (the syndicated
copy 05 counts as its original 04's outlet), notable single-source facts, disputes (figures
from different holders that cannot both hold, rival places), updates (one holder's figure
changing over time), options with proposers and opponents, and triggers with their holders.
A system dispute that matches no gold dispute is a false dispute and is counted as such.
Gold files written before the contract of issue 9 name disputes "conflicts" and updates
"evolving"; both names are read.

Matching is by key words: a gold entry matches a system item when one of the item's texts
(its summary alone, or its summary joined with one source's excerpt) contains every key
term. Terms are compared case-, diacritic- and digit-grouping-insensitively, with number
words turned into digits ("nearly five thousand" -> "nearly 5000"); a term matches at a word
start ("crossing" matches "crossings"); "a|b" means either. Gold facts of kind "claim" may
match a quote fact, since the brief has no claim facts of its own. Options are matched on
their ``option`` text and sources; their holders are the ``proposers``.
"""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.eval.gold import load_gold

STORY_GOLD = "story-belarus-drills.json"
CORROBORATED, SINGLE = "corroborated", "single-source"
COMPATIBLE_KINDS = {
    "quote": {"quote"},
    "figure": {"figure"},
    "event": {"event"},
    "claim": {"claim", "quote"},
}

_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "fifty": 50, "hundred": 100}  # fmt: skip
_SCALES = {"thousand": 1000, "hundred": 100}
_NUMBER_WORDS = re.compile(r"\b(" + "|".join(_UNITS) + r")[\s-]+(thousand|hundred)\b")
_GROUPED = re.compile(r"(?<=\d),(?=\d{3}\b)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


# -- text matching -------------------------------------------------------------------------------
def normalise(text: Any) -> str:
    """Lower case, no diacritics, straight quotes, digits for number words, no digit grouping."""
    s = str(text or "").replace("ł", "l").replace("Ł", "L").replace("’", "'").replace("‘", "'")
    s = "".join(
        c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)
    ).casefold()
    s = _NUMBER_WORDS.sub(lambda m: str(_UNITS[m.group(1)] * _SCALES[m.group(2)]), s)
    s = _GROUPED.sub("", s)
    return " ".join(s.split())


def term_in(term: str, text: str) -> bool:
    """One key term (alternatives split by "|") at a word start in normalised ``text``."""
    for alt in term.split("|"):
        alt = normalise(alt)
        if not alt:
            continue
        tail = r"(?!\d)" if alt[-1].isdigit() else ""
        if re.search(r"(?<![\w])" + re.escape(alt) + tail, text):
            return True
    return False


def all_terms(terms: Iterable[str], text: str) -> bool:
    norm = normalise(text)
    return all(term_in(t, norm) for t in terms)


def fact_texts(fact: dict[str, Any]) -> list[str]:
    """The summary alone, then the summary joined with each source's excerpt."""
    summary = str(fact.get("text") or fact.get("summary") or fact.get("option") or "")
    return [summary, *(f"{summary} {s.get('excerpt') or ''}" for s in fact.get("sources") or [])]


def matches(terms: list[str], fact: dict[str, Any]) -> bool:
    return any(all_terms(terms, t) for t in fact_texts(fact))


def same_person(a: str, b: str) -> bool:
    """'R. Žukauskas' = 'Rimantas Zukauskas'; organisations compare whole."""
    na, nb = normalise(a), normalise(b)
    return na == nb or (
        bool(na) and bool(nb) and na.split()[-1] == nb.split()[-1] and (" " in na or " " in nb)
    )


def holder_recall(gold: list[str], found: list[str]) -> tuple[int, list[str]]:
    missed = [g for g in gold if not any(same_person(g, f) for f in found)]
    return len(gold) - len(missed), missed


def numbers_in(text: str) -> list[float]:
    return [float(n) for n in _NUMBER.findall(normalise(text))]


def value_covered(gold: Any, values: list[float], tolerance: float = 0.1) -> bool:
    """A gold number within 10% of a system value, or a gold [low, high] range holding one."""
    if isinstance(gold, list):
        low, high = float(gold[0]), float(gold[1])
        return any(low <= v <= high for v in values)
    g = float(gold)
    return any(abs(v - g) <= tolerance * max(abs(g), 1.0) for v in values)


def place_covered(gold: str, places: list[str]) -> bool:
    g = normalise(gold)
    return any(g == normalise(p) or g in normalise(p).split() for p in places)


def ratio(n: int, d: int) -> float | None:
    return round(n / d, 3) if d else None


# -- gold ----------------------------------------------------------------------------------------
def story_gold_path() -> Path:
    """The story gold of the gold set in use (`sitroom eval --gold`): the sample's, or the one
    ``story-*.json`` of a held-out set that has one (heldout2)."""
    from sitroom.eval.runner import gold_root

    folder = gold_root() / "gold"
    if (folder / STORY_GOLD).is_file():
        return folder / STORY_GOLD
    found = sorted(folder.glob("story-*.json"))
    if not found:
        raise FileNotFoundError(f"no story gold (story-*.json) in {folder}")
    return found[0]


def corpus_dir() -> Path:
    """The articles of the gold set in use: the sample corpus, or a held-out set's articles/."""
    from sitroom.cli.ingest import sample_articles_dir
    from sitroom.eval.runner import gold_root

    own = gold_root() / "articles"
    return own if own.is_dir() else sample_articles_dir()


def load_story_gold(path: Path | None = None) -> dict[str, Any]:
    raw: dict[str, Any] = json.loads((path or story_gold_path()).read_text("utf-8"))
    raw.setdefault("disputes", raw.pop("conflicts", None))
    raw.setdefault("updates", raw.pop("evolving", None))
    for key in ("corroborated", "single_source", "disputes", "updates", "options", "triggers"):
        if not isinstance(raw.get(key), list):
            raise ValueError(f"story gold lacks the list {key!r}")
    return raw


# -- the system's brief --------------------------------------------------------------------------
def build_sample_brief(config: Config, dated: bool = True) -> tuple[dict[str, Any], dict[str, str]]:
    """Ingest the sample corpus into a temp store; the main story's brief with excerpts, and id -> file name.

    With ``dated``, articles that print no date get the gold's date, as a user passes --published.
    """
    from sitroom.analysis.brief import build_brief, main_story
    from sitroom.analysis.render import attach_excerpts
    from sitroom.eval.runner import gold_root
    from sitroom.ingest import IngestOptions, iter_articles
    from sitroom.ingest.runner import ingest_paths
    from sitroom.model import Article
    from sitroom.store import Store

    published = {g.article: g.published for g in load_gold(gold_root() / "gold")}
    files = sorted(p for p in corpus_dir().iterdir() if p.is_file())
    undated = set()
    if dated:
        for item in iter_articles(files, IngestOptions()):
            if isinstance(item, Article) and not item.published:
                undated.add(Path(item.source).name)
    names: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="sitroom-story-") as tmp:
        store = Store(f"sqlite:///{Path(tmp) / 'story.db'}")
        batch: list[Path] = []

        def flush(options: IngestOptions) -> None:
            if batch:
                report = ingest_paths(list(batch), store, config, options)
                names.update({str(a["id"]): Path(a["source"]).name for a in report.added})
                batch.clear()

        for path in files:  # in file order, so 05 still arrives after its original 04
            if path.name in undated:
                flush(IngestOptions())
                batch.append(path)
                flush(IngestOptions(published=published.get(path.name)))
            else:
                batch.append(path)
        flush(IngestOptions())
        story = main_story(store)
        if story is None:
            raise RuntimeError("the sample corpus formed no story")
        brief = attach_excerpts(build_brief(store, story), store)
        store.engine.dispose()  # release the file before the temp dir goes
    return brief, names


# -- scoring -------------------------------------------------------------------------------------
def candidates(gold: dict[str, Any], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    kinds = COMPATIBLE_KINDS.get(gold["kind"], {gold["kind"]})
    return [f for f in facts if f["kind"] in kinds and matches(gold["key_words"], f)]


def _brief_fact(f: dict[str, Any], names: dict[str, str]) -> dict[str, Any]:
    return {"text": f["text"][:120], "status": f["status"], "independent_outlets": f.get("independent_outlets"),
            "articles": sorted({names.get(s["article"], s["article"])[:2] for s in f["sources"]})}  # fmt: skip


def _reported_twice(f: dict[str, Any]) -> bool:
    return f["status"] == CORROBORATED or int(f.get("independent_outlets") or 0) >= 2


def score_corroborated(gold: list[dict[str, Any]], single: list[dict[str, Any]], facts: list[dict[str, Any]],
                       names: dict[str, str]) -> dict[str, Any]:  # fmt: skip
    correct = found = 0
    misses = []
    for g in gold:
        cands = candidates(g, facts)
        found += bool(cands)
        # Reported by two independent outlets: corroborated, or disputed by another holder.
        if any(_reported_twice(f) for f in cands):
            correct += 1
            continue
        why = (
            f"found as {', '.join(sorted({f['status'] for f in cands}))}" if cands else "not found"
        )
        misses.append({"fact": g.get("note") or " ".join(g["key_words"]), "kind": g["kind"], "why": why,
                       "system": [_brief_fact(f, names) for f in cands[:3]]})  # fmt: skip
    # Precision over the system's corroborated facts that gold can judge: tp if they match a
    # corroborated gold fact, fp if they match only a single-source one; others are unjudged.
    tp = fp = 0
    for f in (f for f in facts if _reported_twice(f)):
        if any(f in candidates(g, [f]) for g in gold):
            tp += 1
        elif any(f in candidates(g, [f]) for g in single):
            fp += 1
    n_sys = sum(_reported_twice(f) for f in facts)
    return {"gold": len(gold), "found": found, "correct": correct, "recall": ratio(correct, len(gold)), "found_recall": ratio(found, len(gold)),
            "system_corroborated": n_sys, "judged": tp + fp, "precision": ratio(tp, tp + fp), "misses": misses}  # fmt: skip


def score_single(
    gold: list[dict[str, Any]], facts: list[dict[str, Any]], names: dict[str, str]
) -> dict[str, Any]:
    found = correct = 0
    wrongly: list[dict[str, Any]] = []
    misses = []
    syndicated_wrong = 0
    for g in gold:
        cands = candidates(g, facts)
        found += bool(cands)
        bad = [f for f in cands if _reported_twice(f)]
        if cands and not bad:
            correct += 1
        elif bad:
            articles = {names.get(s["article"], s["article"]) for f in bad for s in f["sources"]}
            only_gold = articles <= set(g["articles"])
            syndicated_wrong += bool(g.get("syndicated") and only_gold)
            wrongly.append({"fact": g.get("note") or " ".join(g["key_words"]), "syndicated": bool(g.get("syndicated")),
                            "why": "copies counted as independent" if only_gold else "merged with other outlets' items",
                            "system": [_brief_fact(f, names) for f in bad[:3]]})  # fmt: skip
        else:
            misses.append(
                {
                    "fact": g.get("note") or " ".join(g["key_words"]),
                    "kind": g["kind"],
                    "why": "not found",
                }
            )
    return {"gold": len(gold), "found": found, "correct": correct, "recall": ratio(correct, len(gold)),
            "wrongly_corroborated": len(wrongly), "syndicated_wrongly_corroborated": syndicated_wrong,
            "misses": misses, "wrong": wrongly}  # fmt: skip


def _is_place_conflict(g: dict[str, Any]) -> bool:
    return all(isinstance(v, str) for v in g["values"])


def conflict_matches(g: dict[str, Any], c: dict[str, Any]) -> tuple[bool, int]:
    """Whether system conflict ``c`` is about the same thing as gold ``g``, and how many gold values it covers."""
    if _is_place_conflict(g):
        if c.get("kind") != "place":
            return False, 0
        places = [str(v.get("value") or "") for v in c["sides"]]
        return True, sum(place_covered(p, places) for p in g["values"])
    if c.get("kind") != "figure" or normalise(c.get("about")) != normalise(g["about"]):
        return False, 0
    values = [float(v["value"]) for v in c["sides"] if v.get("value") is not None]
    return True, sum(value_covered(v, values) for v in g["values"])


def score_disputes(gold: list[dict[str, Any]], conflicts: list[dict[str, Any]], not_disputes: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    found = covered = 0
    misses = []
    for g in gold:
        best = max(
            (conflict_matches(g, c)[1] for c in conflicts if conflict_matches(g, c)[0]), default=-1
        )
        if best >= 2:
            found += 1
        if best == len(g["values"]):
            covered += 1
        if best < len(g["values"]):
            misses.append(
                {
                    "about": g["about"],
                    "values": g["values"],
                    "why": "not found"
                    if best < 0
                    else f"{max(best, 0)} of {len(g['values'])} values",
                }
            )
    good = sum(
        any(conflict_matches(g, c)[0] and conflict_matches(g, c)[1] >= 2 for g in gold)
        for c in conflicts
    )
    spurious = [{"about": c["about"], "values": [v.get("value") for v in c["sides"]]}
                for c in conflicts if not any(conflict_matches(g, c)[0] and conflict_matches(g, c)[1] >= 2 for g in gold)]  # fmt: skip
    return {"gold": len(gold), "found": found, "values_covered": covered, "recall": ratio(found, len(gold)),
            "system": len(conflicts), "precision": ratio(good, len(conflicts)), "false_disputes": len(spurious),
            "false_matching_not_disputes": sum(any(_is_not_dispute(n, c) for n in not_disputes or []) for c in conflicts),
            "misses": misses, "spurious": spurious}  # fmt: skip


def _is_not_dispute(n: dict[str, Any], c: dict[str, Any]) -> bool:
    """A system dispute that sets against each other values the gold says do not disagree:
    each value on its own side, and with a gold ``holder`` (an update), that holder on each."""
    if c.get("kind") != "figure" or normalise(c.get("about")) != normalise(n["about"]):
        return False
    sides = [s for s in c["sides"] if s.get("value") is not None]
    hits = [[i for i, s in enumerate(sides) if value_covered(v, [float(s["value"])])] for v in n["values"]]
    if not all(hits) or len({i for h in hits for i in h}) < 2:
        return False
    if not n.get("holder"):
        return True
    return all(any(_party(n["holder"]) in {_party(x) for x in sides[i]["holders"]} for i in h) for h in hits)


def _party(name: Any) -> str:
    """A holder as the party whose figure it is: a state's agencies are the state."""
    from sitroom.resolve.statements.figures import party_name, party_of

    return normalise(party_name(party_of(str(name or "")), str(name or "")))


def score_updates(gold: list[dict[str, Any]], evolutions: list[dict[str, Any]]) -> dict[str, Any]:
    """Gold updates against the brief's ``updates``: same quantity, same holder (a state's
    agencies are the state: "Polish intelligence" is Poland), and every gold value among the
    system's."""
    found = 0
    misses = []
    matched: list[dict[str, Any]] = []
    for g in gold:
        same = [e for e in evolutions if normalise(str(e.get("quantity") or e.get("about"))) == normalise(g["about"])
                and _party(e.get("holder")) == _party(g.get("holder"))]  # fmt: skip
        values = [float(v["value"]) for e in same for v in e["values"]]
        if same and all(value_covered(v, values) for v in g["values"]):
            found += 1
            matched.extend(same)
        else:
            misses.append({"about": g["about"], "holder": g.get("holder"), "values": g["values"],
                           "why": "values not all found" if same else "not found"})  # fmt: skip
    return {"gold": len(gold), "found": found, "recall": ratio(found, len(gold)), "system": len(evolutions),
            "precision": ratio(len([e for e in evolutions if e in matched]), len(evolutions)), "misses": misses,
            "spurious": [f"{e.get('quantity')} ({e.get('holder')})" for e in evolutions if e not in matched]}  # fmt: skip


def score_options(gold: list[dict[str, Any]], options: list[dict[str, Any]]) -> dict[str, Any]:
    found = adv_found = adv_total = opp_found = opp_total = adv_sys = adv_sys_ok = 0
    misses = []
    used: set[int] = set()
    for g in gold:
        hit = [i for i, o in enumerate(options) if matches(g["key_words"], o)]
        used.update(hit)
        advocates = [h["name"] for i in hit for h in options[i]["proposers"]]
        opponents = [h["name"] for i in hit for h in options[i]["opponents"]]
        a_ok, a_missed = holder_recall(g["advocates"], advocates)
        o_ok, o_missed = holder_recall(g["opponents"], opponents)
        adv_total += len(g["advocates"])
        opp_total += len(g["opponents"])
        adv_sys += len(set(advocates))
        adv_sys_ok += sum(any(same_person(a, x) for x in g["advocates"]) for a in set(advocates))
        if hit:
            found += 1
            adv_found += a_ok
            opp_found += o_ok
        if not hit or a_missed or o_missed:
            misses.append({"option": " ".join(g["key_words"]), "why": "not found" if not hit else "holders missed",
                           "advocates_missed": a_missed, "opponents_missed": o_missed})  # fmt: skip
    return {"gold": len(gold), "found": found, "recall": ratio(found, len(gold)), "system": len(options),
            "precision": ratio(len(used), len(options)),
            "advocates": {"recall": ratio(adv_found, adv_total), "precision": ratio(adv_sys_ok, adv_sys), "gold": adv_total},
            "opponents": {"recall": ratio(opp_found, opp_total), "gold": opp_total},
            "misses": misses, "spurious": [o["option"] for i, o in enumerate(options) if i not in used]}  # fmt: skip


def trigger_matches(g: dict[str, Any], t: dict[str, Any]) -> bool:
    excerpts = " ".join(str(s.get("excerpt") or "") for s in t.get("sources") or [])
    return all_terms(g["if_words"], f"{t.get('if') or ''} {excerpts}") and all_terms(
        g["then_words"], f"{t.get('then') or ''} {excerpts}"
    )


def score_triggers(gold: list[dict[str, Any]], triggers: list[dict[str, Any]]) -> dict[str, Any]:
    found = h_found = h_total = 0
    misses = []
    used: set[int] = set()
    for g in gold:
        hit = [i for i, t in enumerate(triggers) if trigger_matches(g, t)]
        used.update(hit)
        ok, missed = holder_recall(
            g["holders"], [h["name"] for i in hit for h in triggers[i]["holders"]]
        )
        h_total += len(g["holders"])
        if hit:
            found += 1
            h_found += ok
        if not hit or missed:
            misses.append({"if": " ".join(g["if_words"]), "then": " ".join(g["then_words"]),
                           "why": "not found" if not hit else "holders missed", "holders_missed": missed})  # fmt: skip
    return {"gold": len(gold), "found": found, "recall": ratio(found, len(gold)), "system": len(triggers),
            "precision": ratio(len(used), len(triggers)), "holders": {"recall": ratio(h_found, h_total), "gold": h_total},
            "misses": misses, "spurious": [f"{t.get('if')} => {t.get('then')}" for i, t in enumerate(triggers) if i not in used]}  # fmt: skip


def score_brief(
    brief: dict[str, Any], gold: dict[str, Any], names: dict[str, str] | None = None
) -> dict[str, Any]:
    """Every section of ``brief`` against story ``gold``; ``names`` maps article ids to file names."""
    names = names or {}
    facts = brief.get("facts") or []
    return {
        "corroborated": score_corroborated(
            gold["corroborated"], gold["single_source"], facts, names
        ),
        "single_source": score_single(gold["single_source"], facts, names),
        "disputes": score_disputes(gold["disputes"], brief.get("disputes") or [], gold.get("not_disputes")),
        "updates": score_updates(gold["updates"], brief.get("updates") or []),
        "options": score_options(gold["options"], brief.get("options") or []),
        "triggers": score_triggers(gold["triggers"], brief.get("triggers") or []),
    }


def evaluate(
    config: Config, external: bool = True, *, gold_path: Path | None = None
) -> dict[str, Any]:
    """Brief of the sample crisis vs the story gold. ``external`` is accepted for ``sitroom eval``; no external corpus."""
    gold = load_story_gold(gold_path)
    brief, names = build_sample_brief(config)
    expected = {n for e in gold["corroborated"] for n in e["articles"]}
    in_story = set(names[a["id"]] for a in brief["articles"] if a["id"] in names)
    result = {
        "story": {
            "title": brief["title"],
            "articles": len(brief["articles"]),
            "gold_articles_missing": sorted(expected - in_story),
        }
    }
    return {**result, **score_brief(brief, gold, names)}
