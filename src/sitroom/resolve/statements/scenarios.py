"""What could happen, and what the accused deny: statements that are not facts.

Hypothetical, conditional, future and uncertain events go to the scenarios with their holders
(the speaker when the clause is inside a quote, else the outlet that reports it), never to the
facts, the timeline, the escalation index or the network. A quote whose holder denies or
negates what a fact says, in the fact's own words, is shown on that fact as a denial.
"""

from __future__ import annotations

from typing import Any

from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import Statement, StoryArticle
from sitroom.resolve.statements.quotes import QuoteGroup, clip
from sitroom.resolve.statements.text import content_words, similar

# A denial must share this many content words with the fact it denies, and this share of its
# own: "there are no foreign troops on the border" against the troop deployment.
DENIAL_WORDS, DENIAL_SHARE = 2, 0.3


def _speaker_of(a: StoryArticle, s: Statement, holders: HolderIndex) -> dict[str, Any] | None:
    q = next((q for q in a.ann.quotes if q.get("speaker") and q["start"] <= s.source.start < q["end"]), None)
    holder = holders.resolve(q["speaker"]["name"], q["speaker"].get("kind")) if q else None
    return holder.to_dict() if holder else None


def scenarios_of(statements: list[Statement], articles: list[StoryArticle], holders: HolderIndex) -> list[dict[str, Any]]:
    by_id = {a.id: a for a in articles}
    rows: list[dict[str, Any]] = []
    for s in statements:
        a = by_id[s.source.article]
        holder = _speaker_of(a, s, holders)
        row = next((r for r in rows if r["modality"] == s.modality and similar(r["text"], s.text, 0.6)), None)
        if row is None:
            row = {"text": clip(s.text, 220), "modality": s.modality, "holders": [], "reported_by": [], "sources": []}
            rows.append(row)
        if holder and holder not in row["holders"]:
            row["holders"].append(holder)
        if a.outlet and a.outlet not in row["reported_by"]:
            row["reported_by"].append(a.outlet)
        row["sources"].append(s.source.to_dict())
    return sorted(rows, key=lambda r: (-len(r["holders"]), -len(r["sources"])))


def denials_of(groups: list[QuoteGroup], facts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Denying or negating quotes matched to the event or figure fact they deny (marked on it)."""
    targets = [(f, content_words(f["text"] + " " + " ".join(str(s.get("excerpt") or "") for s in f["sources"][:1])))
               for f in facts if f["kind"] in ("event", "figure")]  # fmt: skip
    out = []
    for g in groups:
        denying = [s for s in g.statements if s.modality in ("denied", "negated")]
        if not denying:
            continue
        s = denying[0]
        words = content_words(s.text)
        best = max(targets, key=lambda t: len(words & t[1]), default=None)
        if best is None or len(words & best[1]) < DENIAL_WORDS or len(words & best[1]) < DENIAL_SHARE * len(words):
            continue
        fact = best[0]
        if any(h["name"] == g.holder.name for h in fact["holders"]):
            continue  # one cannot deny one's own statement; that is an update
        row = {"holder": g.holder.to_dict(), "text": clip(s.text, 220), "verbatim": s.form == "verbatim", "denies": fact["id"],
               "fact": fact["text"], "sources": [x.source.to_dict() for x in denying]}  # fmt: skip
        fact["denials"].append({"holder": g.holder.name, "text": row["text"], "verbatim": row["verbatim"]})
        out.append(row)
    return out
