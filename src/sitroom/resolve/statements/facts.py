"""Facts: statement groups as the rows of "what we know", each a sentence that can be quoted.

A fact row carries both counts (``corroboration.py``), its holders as records, its modality
and every source span. Quotation marks go only around verbatim words: a direct quote is
printed inside them, a paraphrase as reported speech ("X said that ..."), and an indirect
quote with quoted fragments keeps the article's own marks around those fragments only.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from datetime import date
from typing import Any

from sitroom.resolve.statements import corroboration as corr
from sitroom.resolve.statements.events import EventGroup
from sitroom.resolve.statements.figures import FigureStatement, figure_label, party_name
from sitroom.resolve.statements.model import Holder, Source, Statement
from sitroom.resolve.statements.quotes import QuoteGroup, clip, verbatim_words

# Roles whose statements an analyst weighs first; lower index = higher rank.
_RANKS = [r"\b(?:president|prime minister|chancellor|king|premier)\b", r"\bminister\b|\bsecretary\b|\bchair", r"\bgeneral\b|\bcommander\b|\bspokes"]


def rank(holder: Holder | dict[str, Any] | None) -> int:
    role = (holder.role if isinstance(holder, Holder) else (holder or {}).get("role")) or ""
    return next((i for i, r in enumerate(_RANKS) if re.search(r, role, re.I)), len(_RANKS))


def short_day(day: str | None) -> str:
    """'2026-09-16' -> 'Sep 16'."""
    try:
        d = date.fromisoformat(str(day)[:10])
    except ValueError:
        return str(day or "")
    return f"{d:%b} {d.day}"


def holder_phrase(h: Holder) -> str:
    org = h.org if h.org and h.org.casefold() not in (h.role or "").casefold() else None
    detail = ", ".join(x for x in (h.role, org) if x)
    return f"{h.name} ({detail})" if detail else h.name


def said(s: Statement) -> str:
    """One statement as a sentence: quotation marks only around verbatim words."""
    assert s.holder is not None
    who = holder_phrase(s.holder)
    when = f" on {short_day(s.when.said)}" if s.when.said else ""
    text = clip(s.text, 240).rstrip(" ,")
    if s.form == "partial" and not re.search(r"[“”\"„]", text):
        return f"{who} used the words “{text}”{when}"  # a quoted fragment on its own
    if s.form == "verbatim":
        return f"{who} said{when}: “{verbatim_words(text)}”"
    cue = reported_cue(str(s.item.get("cue") or ""), s.modality)
    text = unpaired_marks_removed(text)
    text = _LOWER_START.sub(lambda m: m.group(0).lower(), own_subject(text, s.holder))
    if text.startswith("whether"):
        return f"{who} addressed{when} {text}"  # "declined to say whether ...": no claim either way
    if cue == "told" and s.item.get("addressee"):
        return f"{who} told {s.item['addressee']}{when} that {text}"  # "told Polish public radio that ...", not "told the new count was ..."
    if cue in _OBJECT_CUES or re.match(r"(?:that|it|he|she|they|we|\w+ing)\b", text):
        return f"{who} {cue}{when} {text}"  # "urged allies to ...", "denied sending ..."
    return f"{who} {cue}{when} that {text}"


# Present-tense cues told in the past, as the brief tells every statement: "Minsk denies that any
# troops have been sent" must never read "Minsk said that any troops have been sent".
_IRREGULAR_PAST = {"says": "said", "tells": "told", "writes": "wrote", "speaks": "spoke", "thinks": "thought", "is": "was", "has": "had"}


def reported_cue(cue: str, modality: str = "asserted") -> str:
    """The reporting verb in the past tense ("denies" -> "denied", "insists" -> "insisted");
    "said" for a cue that is not one word, but never for a denial, whose meaning it would flip."""
    cue = cue.strip().casefold()
    if cue in _IRREGULAR_PAST:
        cue = _IRREGULAR_PAST[cue]
    elif re.fullmatch(r"[a-z]{3,}ies", cue):
        cue = cue[:-3] + "ied"
    elif re.fullmatch(r"[a-z]{3,}(?:ss|sh|ch|x)es", cue):
        cue = cue[:-2] + "ed"
    elif re.fullmatch(r"[a-z]{2,}[^s]s", cue):
        cue = cue[:-1] + ("d" if cue[-2] == "e" else "ed")
    if re.fullmatch(r"[a-z]+(?:ed|id|ld|ote|ew|ook|oke|ought)", cue):
        return cue
    return "denied" if modality == "denied" else "said"


def own_subject(text: str, h: Holder) -> str:
    """A paraphrase whose subject is its own holder, told with a pronoun: "LaCalamita said that
    LaCalamita purchased ..." (one ECB+ dev brief) reads "LaCalamita said that he purchased".
    The pronoun is the one the articles use for the person ("they" without clear evidence),
    "it" or "they" for an organisation."""
    names = [h.name] + ([h.name.split()[-1]] if h.kind == "person" and len(h.name.split()) > 1 else [])
    for name in names:
        m = re.match(re.escape(name) + r"(?:[’']s\b)?(?=[\s,])", text)
        if m and len(name) >= 3:
            subject, possessive = _pronouns(h)
            rest = text[m.end():]
            if m.group(0).endswith("s") and m.group(0) != name:
                return possessive + rest
            if subject == "they":
                rest = re.sub(r"^(\s+)(was|is|has|does)\b", lambda v: v.group(1) + _PLURAL[v.group(2)], rest)
            return subject + rest
    return text


_PLURAL = {"was": "were", "is": "are", "has": "have", "does": "do"}


def _pronouns(h: Holder) -> tuple[str, str]:
    if h.kind == "person":
        return {"m": ("he", "his"), "f": ("she", "her")}.get(h.gender or "", ("they", "their"))
    plural = h.name.casefold().endswith(("police", "authorities", "forces", "officials")) or re.search(r"[^s]s$", h.name.casefold())
    return ("they", "their") if plural else ("it", "its")


# Reported-speech cues followed by their object, not by "that": "urged allies to act".
_OBJECT_CUES = frozenset({"urged", "asked", "called", "pressed", "accused", "told"})
# A paraphrase cut at a sentence start: "said that The alliance ..." reads as a typo.
_LOWER_START = re.compile(r"^(?:The|A|An|It|This|These|Those|There|Its|Their|If|Unless|Once|When|Whether|While|Although|Because|"
                          r"After|Before|Despite|In|On|At|Upon|During|Under|With|Without|For|From|By|Since|Then|But|And|So|Some|Most|All|"
                          r"Such|We|They|He|She|Our|His|Her|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Several|Many|No|Every|Each|As|Additionally|"
                          r"However|Also|Now|Still|Yet|Meanwhile|Moreover|Instead|Only|Even)\b")


def unpaired_marks_removed(text: str) -> str:
    """Without its quotation marks when they do not pair: a stray mark of a quotation cut in half
    quotes nothing ('"While two of the skiffs ... managed to get away, ...' opened a quotation
    that the sentence never closes, ECB+ 12_ecbplus)."""
    if text.count("“") + text.count("„") != text.count("”") or text.count('"') % 2:
        return re.sub(r'\s*[“”„"]\s*', " ", text).strip()
    return text


def fact_id(kind: str, sources: list[Source]) -> str:
    first = min(f"{s.article}:{s.start}" for s in sources)
    return kind[0] + hashlib.sha1(f"{kind}|{first}".encode()).hexdigest()[:9]


def _fact(kind: str, text: str, statements: list[Any], holders: list[Holder], modality: str,
          origins: dict[str, str], day: str | None, disputed: bool = False) -> dict[str, Any]:  # fmt: skip
    sources: list[Source] = [s.source for s in statements]
    outlets = corr.independent_outlets(sources, origins)
    unique = list(dict.fromkeys(holders))
    return {"id": fact_id(kind, sources), "kind": kind, "text": text, "status": corr.status(outlets, disputed),
            "holders": [h.to_dict() for h in unique], "independent_outlets": outlets,
            "independent_holders": corr.independent_holders(unique), "modality": modality, "date": day,
            "outlets": corr.outlet_names(sources), "sources": [s.to_dict() for s in sources], "denials": []}  # fmt: skip


def quote_fact(g: QuoteGroup, origins: dict[str, str]) -> dict[str, Any]:
    best = g.best
    fact = _fact("quote", said(best), g.statements, [g.holder], best.modality, origins, best.when.said)
    fact["verbatim"] = best.form == "verbatim"
    return fact


def figure_facts(statements: list[FigureStatement], origins: dict[str, str], disputed: set[int]) -> list[dict[str, Any]]:
    """One row per figure: a party's value, restated by outlets; compatible values from
    different parties on one day share a row and count as independent holders."""
    clusters: list[list[FigureStatement]] = []
    for s in statements:
        c = next((c for c in clusters if c[0].quantity == s.quantity and c[0].scope.where == s.scope.where
                  and all(x.interval.meets(s.interval) for x in c) and (c[0].party == s.party or c[0].day == s.day)), None)  # fmt: skip
        if c is None:
            clusters.append([s])
        else:
            c.append(s)
    out = []
    for c in clusters:
        # A state's estimate told as its ministry's and its intelligence service's is one holder.
        holders = list(dict.fromkeys(_party_holder(s) for s in c if s.holder is not None))
        labels = _labels(c)
        who = ", ".join(h.name for h in holders)
        days = Counter(s.day for s in c if s.day)
        # The day most reports give the value: one article misdating it must not move "as of".
        day = min(days, key=lambda d: (-days[d], d)) if days else None
        what = f" ({c[0].quantity})" if c[0].quantity and all(_bare(label) for label in labels[:3]) else ""
        told = " / ".join(labels[:3])
        if who:  # "According to Dave Gaskin, two deaths", not "..., Two deaths" (a label cut at its sentence start)
            told = _LOWER_START.sub(lambda m: m.group(0).lower(), told)
        text = (f"According to {who}, " if who else "Reported: ") + told + what + (f" (as of {short_day(day)})" if day else "")
        out.append(_fact("figure", text, c, holders, "asserted", origins, day, any(id(s) in disputed for s in c)))
    return out


_HEDGES = re.compile(r"\b(?:some|about|nearly|almost|approximately|around|roughly|over|under|more|fewer|less|than|at least|at most|up to|upward of|upwards of)\b", re.I)


def _bare(label: str) -> bool:
    """A number told without what it counts ("38", "some 2,000"): the row then names the quantity."""
    return not re.search(r"[^\W\d_]", _HEDGES.sub("", label))


def _labels(c: list[FigureStatement]) -> list[str]:
    """One wording per distinct hedged value, the fullest ("nearly five thousand foreign
    soldiers" rather than also "nearly 5,000" and "nearly five thousand")."""
    best: dict[tuple[Any, ...], str] = {}
    for s in c:
        key = (s.item.get("approx"), s.item.get("value"), s.item.get("low"), s.item.get("high"))
        label = figure_label(s)
        if len(label) > len(best.get(key, "")):
            best[key] = label
    return list(best.values())


def _party_holder(s: FigureStatement) -> Holder:
    assert s.holder is not None
    name = party_name(s.party, s.holder.name)
    return s.holder if name == s.holder.name else Holder(name, "org")


# A clause cut out of its sentence can open with a pronoun; journalists put the referent in
# brackets: "[Lithuania] had requested the talks on Tuesday".
_OPENING_PRONOUN = re.compile(r"^(?:who|which|that|he|she|they|it)\b", re.I)


def event_fact(g: EventGroup, origins: dict[str, str], disputed: bool) -> dict[str, Any]:
    best = g.best
    text = clip(best.text, 220)
    actor = best.item.get("actor")
    if best.item.get("fact_text"):  # the clause or its verbatim sentence (statements/events.py)
        text = str(best.item["fact_text"])
    elif actor and _OPENING_PRONOUN.match(text):
        text = _OPENING_PRONOUN.sub(f"[{actor}]", text, count=1)
    elif actor and re.match(r"[a-z]+ed\b", text):  # "urged Minsk to ...": the subject was cut off
        text = f"[{actor}] {text}"
    text = unpaired_marks_removed(text)
    text = text[:1].upper() + text[1:]
    day = g.days[0] if g.days else None
    holders = [s.holder for s in g.statements if s.holder is not None]
    return _fact("event", text, g.statements, holders, "asserted", origins, day, disputed)


# Rows whose source sentences share this share of their words say the same thing in the same words.
SAME_WORDS = 0.9
# Fewer distinct words than this ("He declined to comment.") are said of many things.
MIN_WORDS = 6


def join_restatements(facts: list[dict[str, Any]], origins: dict[str, str], texts: dict[str, str]) -> list[dict[str, Any]]:
    """Rows from different outlets that print the same sentence are one statement reported twice.

    A sentence told as a quote by one outlet and as an event by two others ("We are providing
    consular assistance at this time", ECB+ dev), or one quote credited to two speakers, made
    three single-source rows of one fact: grouping works within a kind and a holder. The words
    must be the same (``SAME_WORDS`` of at least ``MIN_WORDS`` distinct words), the modality the
    same and no outlet shared; figures are left to the ledger. The row kept is the one with a
    holder (a quote before an event), extended with the other's sources."""
    kept: list[tuple[dict[str, Any], set[str]]] = []  # each kept row with its words, read once
    for f in sorted(facts, key=lambda f: (f["kind"] != "quote", -len(f["sources"]))):
        words = _source_words(f, texts)
        twin = next((k for k, other in kept if _restates(k, other, f, words, origins)), None) if f["kind"] != "figure" else None
        if twin is None:
            kept.append((f, words))
            continue
        twin["sources"] = [*twin["sources"], *f["sources"]]
        twin["outlets"] = sorted({*twin["outlets"], *f["outlets"]})
        twin["independent_outlets"] = len({origins.get(s["article"], s["article"]) for s in twin["sources"]})
        twin["status"] = corr.status(twin["independent_outlets"], twin["status"] == corr.DISPUTED)
        if not twin["holders"] and f["holders"]:
            twin["holders"], twin["independent_holders"] = f["holders"], f["independent_holders"]
    order = {id(f): i for i, f in enumerate(facts)}
    return sorted((f for f, _ in kept), key=lambda f: order[id(f)])


def _restates(kept: dict[str, Any], other: set[str], f: dict[str, Any], words: set[str], origins: dict[str, str]) -> bool:
    """``other`` are the kept row's words: its first source, which joining never changes."""
    if kept["kind"] == "figure" or kept["modality"] != f["modality"] or len(words) < MIN_WORDS:
        return False
    if {origins.get(s["article"], s["article"]) for s in kept["sources"]} & {origins.get(s["article"], s["article"]) for s in f["sources"]}:
        return False
    return len(other) >= MIN_WORDS and len(words & other) >= SAME_WORDS * len(words | other)


def _source_words(f: dict[str, Any], texts: dict[str, str]) -> set[str]:
    """The distinct words of a row's first source span, as the article prints them."""
    s = f["sources"][0]
    return set(re.findall(r"[^\W_]+", texts.get(s["article"], "")[int(s["start"]):int(s["end"])].casefold()))
