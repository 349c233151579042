"""``sitroom eval options``: options, proposers, conditions, triggers and verbatim quotes on real news.

The gold (``eval/realgold/polnear/<docid>.json``) covers PolNeAR dev articles with calls for
action, recommendations or conditions. It was written by an engineer who had not read the
extraction rules, from the articles alone (see ``realgold/README.md``). Each article is
ingested into a temporary store as its own story (outlet = the publisher, byline and date
from PolNeAR's metadata), and the brief of that story is scored:

* **options**: a gold option is found by a brief row whose option text (or the text joined
  with one source excerpt) holds every ``option_words`` term. A row is *usable* when it
  matches a gold option, names the gold proposer among its proposers and puts no holder on
  both sides. Precision is over all brief rows, so a row such as "spend night" with no
  proposer counts against it.
* **triggers**: the ``if_words`` in the row's "if" and the ``then_words`` in its "then"
  (each with the excerpts); rows with an empty or "?" condition are counted.
* **quotes**: every brief item shown as verbatim (inside quotation marks) is judged by the
  gold quote its text matches: right when the gold says the article prints those words in
  quotation marks, a *paraphrase in quotation marks* otherwise. The same items are also
  checked against the stored article text: verbatim when at least 80% of the item's span
  lies between quotation marks (``auto``; no gold needed, so every item is judged).

Key terms are matched as in ``sitroom.eval.story`` (case, diacritics and digit grouping
ignored; "a|b" means either; a term matches at a word start).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sitroom.config import Config
from sitroom.errors import SitroomError
from sitroom.eval.realgold import load_gold_files
from sitroom.eval.realgold.briefs import (
    CorpusArticle,
    StoryBrief,
    build_briefs,
    holder_names,
    item_texts,
    run_scorer,
)
from sitroom.eval.story import all_terms, ratio, same_person, trigger_matches

REQUIRED = ("options", "triggers", "quotes")
OUTLETS = {"nyt": "The New York Times", "wash-post": "The Washington Post", "usa-today": "USA Today",
           "politico": "Politico", "breitbart": "Breitbart", "huff-post": "HuffPost", "west-journal": "Western Journalism"}  # fmt: skip
VERBATIM_SHARE = 0.8  # an item is verbatim when this much of its span is between quotation marks
_QUOTE_MARKS = re.compile("''|[\"“”]")  # '' is how some pages print a double quotation mark
Group = tuple[dict[str, Any], StoryBrief]  # one gold file and the brief of its articles


# -- quotes -----------------------------------------------------------------------------------------
def all_items(brief: dict[str, Any], shown_only: bool = False) -> list[tuple[str, dict[str, Any]]]:
    """(speaker name, item) for every quote item; ``shown_only``: those shown inside quotation marks."""
    out: list[tuple[str, dict[str, Any]]] = []
    for entry in brief.get("quotes") or []:
        speaker = entry.get("speaker")
        name = str((speaker.get("name") if isinstance(speaker, dict) else speaker) or "")
        out.extend((name, item) for item in entry.get("items") or [] if item.get("verbatim") or not shown_only)
    return out


def shown_items(brief: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return all_items(brief, shown_only=True)


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans between paired double quotation marks; a blank line closes an unpaired one."""
    regions: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*", text):
        opened: int | None = None
        for mark in _QUOTE_MARKS.finditer(paragraph.group()):
            at = paragraph.start() + mark.start()
            if opened is None:
                opened = at + 1
            else:
                regions.append((opened, at))
                opened = None
    return regions


def quoted_share(text: str, start: int, end: int, regions: list[tuple[int, int]] | None = None) -> float:
    """The share of the non-space characters of ``text[start:end]`` that lie between quotation marks."""
    regions = quoted_regions(text) if regions is None else regions
    inside = total = 0
    for i in range(max(start, 0), min(end, len(text))):
        if text[i].isspace() or _QUOTE_MARKS.match(text[i]):
            continue
        total += 1
        inside += any(a <= i < b for a, b in regions)
    return inside / total if total else 0.0


def score_quotes(groups: Sequence[Group]) -> dict[str, Any]:
    """Gold quotes found and attributed; verbatim precision of the items shown in quotation marks."""
    gold_n = found = spk_judged = spk_ok = judged = right = 0
    paraphrased: list[str] = []
    missed: list[str] = []
    for gold, story in groups:
        items = all_items(story.brief)
        for g in gold.get("quotes") or []:
            gold_n += 1
            hits = [(n, it) for n, it in items if all_terms(g["key_words"], str(it.get("text") or ""))]
            found += bool(hits)
            if not hits:
                missed.append(f"{gold.get('_file')}: {' '.join(g['key_words'])}")
            if hits and g.get("speaker"):
                spk_judged += 1
                spk_ok += any(same_person(g["speaker"], n) for n, _ in hits)
        for _, item in shown_items(story.brief):
            golds = [g for g in gold.get("quotes") or [] if all_terms(g["key_words"], str(item.get("text") or ""))]
            if golds:
                judged += 1
                ok = any(g.get("verbatim") for g in golds)
                right += ok
                if not ok:
                    paraphrased.append(str(item.get("text") or "")[:100])
    auto = verbatim_check(groups)
    return {"gold": gold_n, "found": found, "recall": ratio(found, gold_n), "speaker_accuracy": ratio(spk_ok, spk_judged),
            "shown_verbatim_judged": judged, "verbatim_precision": ratio(right, judged), "paraphrase_in_quotes": judged - right,
            "auto": auto, "paraphrase_examples": paraphrased[:8], "misses": missed[:15]}  # fmt: skip


def verbatim_check(groups: Sequence[Group]) -> dict[str, Any]:
    """Every item shown in quotation marks, checked against the stored text at its source spans."""
    shown = checked = really = 0
    regions: dict[str, list[tuple[int, int]]] = {}
    for _, story in groups:
        for _, item in shown_items(story.brief):
            shown += 1
            shares = []
            for s in item.get("sources") or []:
                text = story.texts.get(str(s.get("article")))
                if text is None or s.get("start") is None or s.get("end") is None:
                    continue
                spans = regions.setdefault(str(s["article"]), quoted_regions(text))
                shares.append(quoted_share(text, int(s["start"]), int(s["end"]), spans))
            if shares:
                checked += 1
                really += max(shares) >= VERBATIM_SHARE
    return {"shown_verbatim": shown, "checked": checked, "really_verbatim": really, "precision": ratio(really, checked)}


# -- options ----------------------------------------------------------------------------------------
def option_matches(gold: dict[str, Any], row: dict[str, Any]) -> bool:
    return any(all_terms(gold["option_words"], t) for t in item_texts(row, "option"))


def proposer_named(gold: dict[str, Any], names: list[str]) -> bool:
    """A gold proposer (one name, or a list of which any is right) among ``names``; an outlet
    also matches by containment ("USA Today" in "USA Today editorial board")."""
    wanted = gold.get("proposer") or []
    for g in [wanted] if isinstance(wanted, str) else wanted:
        if gold.get("proposer_kind") == "outlet":
            if any(g.casefold() in n.casefold() or n.casefold() in g.casefold() for n in names if n):
                return True
        elif any(same_person(g, n) for n in names):
            return True
    return False


def both_sides(row: dict[str, Any]) -> bool:
    pro, con = holder_names(row.get("proposers")), holder_names(row.get("opponents"))
    return any(same_person(p, c) for p in pro for c in con)


def score_options(groups: Sequence[Group]) -> dict[str, Any]:
    """Option rows usable (precision over all rows, recall over gold), proposers, conditions, opponents."""
    gold_n = found = usable_found = proposer_ok = cond_n = cond_ok = rows_n = matched = usable = 0
    two_sided = no_proposer = byline = 0
    misses: list[str] = []
    spurious: list[str] = []
    for gold, story in groups:
        rows = story.brief.get("options") or []
        rows_n += len(rows)
        byline_names = [str(gold.get("byline") or "")] if not gold.get("opinion") else []
        used: set[int] = set()
        good: set[int] = set()
        for g in gold.get("options") or []:
            gold_n += 1
            hits = [i for i, r in enumerate(rows) if option_matches(g, r)]
            used.update(hits)
            ok = [i for i in hits if proposer_named(g, holder_names(rows[i].get("proposers"))) and not both_sides(rows[i])]
            good.update(ok)
            found += bool(hits)
            usable_found += bool(ok)
            proposer_ok += bool(hits) and any(proposer_named(g, holder_names(rows[i].get("proposers"))) for i in hits)
            if hits and g.get("condition_words"):
                cond_n += 1
                cond_ok += any(all_terms(g["condition_words"], " ".join(map(str, rows[i].get("conditions") or [])) + " " + t)
                               for i in hits for t in item_texts(rows[i], "option"))  # fmt: skip
            if not ok:
                misses.append(f"{gold.get('_file')}: {' '.join(g['option_words'])} ({'not found' if not hits else 'proposer wrong or two-sided'})")
        matched += len(used)
        usable += len(good)
        two_sided += sum(both_sides(r) for r in rows)
        no_proposer += sum(not holder_names(r.get("proposers")) for r in rows)
        byline += sum(any(same_person(b, n) for b in byline_names if b for n in holder_names(r.get("proposers"))) for r in rows)
        spurious.extend(f"{gold.get('_file')}: {r.get('option')}" for i, r in enumerate(rows) if i not in used)
    return {"gold": gold_n, "found": found, "recall": ratio(found, gold_n), "usable_recall": ratio(usable_found, gold_n),
            "rows": rows_n, "rows_matching_gold": matched, "precision": ratio(matched, rows_n), "usable_rows": usable,
            "usable_precision": ratio(usable, rows_n), "proposer_accuracy": ratio(proposer_ok, found),
            "condition_accuracy": ratio(cond_ok, cond_n), "rows_without_proposer": no_proposer,
            "rows_with_holder_on_both_sides": two_sided, "rows_crediting_the_byline": byline,
            "misses": misses[:20], "spurious": spurious[:20]}  # fmt: skip


# -- triggers ---------------------------------------------------------------------------------------
def blank_condition(row: dict[str, Any]) -> bool:
    return str(row.get("if") or "").strip() in ("", "?")


def score_triggers(groups: Sequence[Group]) -> dict[str, Any]:
    """Trigger rows usable: matching a gold trigger (precision over all rows), recall, holders."""
    gold_n = found = h_n = h_ok = rows_n = matched = blank = 0
    misses: list[str] = []
    spurious: list[str] = []
    for gold, story in groups:
        rows = story.brief.get("triggers") or []
        rows_n += len(rows)
        blank += sum(blank_condition(r) for r in rows)
        used: set[int] = set()
        for g in gold.get("triggers") or []:
            gold_n += 1
            hits = [i for i, t in enumerate(rows) if not blank_condition(t) and trigger_matches(g, t)]
            used.update(hits)
            found += bool(hits)
            if hits and g.get("holders"):
                h_n += 1
                h_ok += any(same_person(h, n) for h in g["holders"] for i in hits for n in holder_names(rows[i].get("holders")))
            if not hits:
                misses.append(f"{gold.get('_file')}: if {' '.join(g['if_words'])} then {' '.join(g['then_words'])}")
        matched += len(used)
        spurious.extend(f"{gold.get('_file')}: if {r.get('if')} -> {r.get('then')}" for i, r in enumerate(rows) if i not in used)
    return {"gold": gold_n, "found": found, "recall": ratio(found, gold_n), "rows": rows_n, "usable_rows": matched,
            "precision": ratio(matched, rows_n), "holder_accuracy": ratio(h_ok, h_n), "rows_with_blank_condition": blank,
            "misses": misses[:20], "spurious": spurious[:20]}  # fmt: skip


# -- PolNeAR ----------------------------------------------------------------------------------------
def polnear_articles(docs: list[str], root: Path) -> dict[str, CorpusArticle]:
    """The dev articles named by the gold, with publisher, date and byline from ``metadata.tsv``."""
    from sitroom.eval.polnear import read_text

    meta: dict[str, dict[str, str]] = {}
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            meta[row["filename"]] = row
    out = {}
    for doc in docs:
        path = root / "dev" / "text" / f"{doc}.txt"
        if not path.is_file():
            raise SitroomError(f"PolNeAR dev article {doc} not found under {root / 'dev' / 'text'}",
                               "the options gold names dev articles only; check ../shared/data/quotes/polnear")  # fmt: skip
        title, _, body = read_text(path).partition("\n")
        m = meta.get(doc, {})
        out[doc] = CorpusArticle(doc=doc, title=title.strip() or doc, text=body.strip(), outlet=OUTLETS.get(m.get("publisher", ""), doc),
                                 published=m.get("publication_date") or None, byline=_byline(m.get("author")))  # fmt: skip
    return out


def _byline(author: str | None) -> str | None:
    return author if author and author != "None" else None


def load_polnear_gold(directory: Path | None = None) -> list[dict[str, Any]]:
    return load_gold_files("polnear", REQUIRED, directory)


def score_groups(groups: Sequence[Group]) -> dict[str, Any]:
    return {"articles": len(groups), "options": score_options(groups), "triggers": score_triggers(groups),
            "quotes": score_quotes(groups)}  # fmt: skip


def evaluate(config: Config, external: bool = True, *, gold_dir: Path | None = None) -> dict[str, Any]:
    """The brief of each gold PolNeAR dev article against the options/quotes gold."""
    from sitroom.eval.polnear import polnear_dir

    if not external:
        return {"skipped": "the options gold scores PolNeAR articles in ../shared/data; run without --no-external"}
    gold = load_polnear_gold(gold_dir)
    try:
        root = polnear_dir()
    except FileNotFoundError as exc:
        raise SitroomError(str(exc), "the options gold needs the PolNeAR articles") from exc
    articles = polnear_articles([g["doc"] for g in gold], root)
    for g in gold:
        g["byline"] = articles[g["doc"]].byline
    briefs = build_briefs({g["doc"]: [articles[g["doc"]]] for g in gold}, config)
    return score_groups([(g, briefs[g["doc"]]) for g in gold if g["doc"] in briefs])


def print_table(result: dict[str, Any]) -> None:
    """One line per figure; lists of examples are left to --format json."""
    def walk(node: Any, prefix: str) -> None:
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            elif not isinstance(value, list):
                print(f"{prefix}{key:<40} {value}")
    walk(result, "")


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m sitroom.eval.options_gold``: the report on stdout."""
    return run_scorer("python -m sitroom.eval.options_gold", "Score the brief's options, triggers and quotes on the PolNeAR dev gold.", evaluate, print_table, argv)


if __name__ == "__main__":
    raise SystemExit(main())
