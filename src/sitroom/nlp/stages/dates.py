"""dates.v1: explicit and relative dates, resolved against the article's publication date.

A numbered cascade over the text, each step claiming spans the later steps cannot take:

1. a weekday beside an explicit date ("Tuesday, Sept. 16"): the explicit date wins and a
   weekday that disagrees with it is flagged ``weekday_mismatch``;
2. explicit dates ("Sept. 12", "16 September", "September 16, 2026", "2026-09-16");
3. relative expressions: weekdays, yesterday/today/tomorrow, this/last/next week, month and
   year phrases, "on the 15th", named months and years after a preposition;
4. spaCy DATE entities left over that name a month or look numeric, parsed by dateparser as
   a last resort (rare, so its slow first call is paid only when an article needs it).

Which way a weekday or month points ("on Monday" last Monday or next Monday) comes from the
grammar: the preposition ("since", "until", "past"), a modifier ("last", "next"), and the
tense of the verb the date attaches to. Span and value conventions follow the sample gold
(``sitroom/sample/README.md``): the span includes its preposition ("on Monday"), except
that a weekday written before an explicit date starts the span ("Sunday, Sept 20").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from sitroom.config import Config
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.registry import register_stage
from sitroom.nlp.temporal import (
    month_number,
    parse_reference,
    resolve_day_of_month,
    resolve_month,
    resolve_weekday,
    shift_month,
    week_monday,
    weekday_number,
    year_for,
)

_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)(?![\w-])")  # fmt: skip
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?(?![\d,.]\d|\w)"
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d|,\d)"
_PREP = r"(?i:on|by|since|until|till|from|before|after|past|through|as\s+of|in|during|starting|beginning)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
# Before "this week", "yesterday" or "last month" only these are temporal: "learn from this week" is not.
_REL_PREP = r"(?i:by|since|until|till|before|after|as\s+of)"

def _lead(preps: str, mods: str | None = None) -> re.Pattern[str]:
    """What may stand before a date body and belongs to its span: a preposition ("on"), then a
    modifier ("last", "early"). Looked for behind a body match, because an optional prefix
    in the body pattern makes the scan try it at every character (four times slower)."""
    mod = rf"(?:\b(?P<mod>{mods})(?:\s+|-))?" if mods else ""
    return re.compile(rf"(?:\b(?P<prep>{preps})\s+)?{mod}$")


_WEEKDAY_MODS = r"this\s+past|this|last|next|coming|early|late"
_MONTH_MODS = r"early|mid|late|last|next|this"

# (kind, body, lead): "core" in a body marks the word the grammar is read from.
_PATTERNS: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = [
    ("weekday_date", re.compile(
        rf"(?P<core>{_WEEKDAY}),?\s+\(?(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}))"
        rf"(?:,?\s+(?P<y>{_YEAR}))?\)?"), None),
    ("explicit", re.compile(
        rf"(?:\bthe\s+(?P<d3>{_DAY})\s+of\s+(?P<m3>{_MONTH})|(?P<core>(?P<m1>{_MONTH}))\s+(?P<d1>{_DAY})"
        rf"|\b(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}))(?:,?\s+(?P<y>{_YEAR}))?"), _lead(_PREP)),
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b|\b(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4})\b"), None),
    ("part_of_period", re.compile(
        rf"\bthe\s+(?P<part>end|start|beginning|middle)\s+of\s+"
        rf"(?:(?P<core>{_MONTH})(?:\s+(?P<y>{_YEAR}))?|(?P<y2>{_YEAR})|(?P<rel>this|next|last|the)\s+(?P<u>month|year))"),
     _lead(rf"{_REL_PREP}|at")),
    ("night_to", re.compile(rf"\bin\s+the\s+night\s+(?:to|of|before)\s+(?P<core>{_WEEKDAY})"), None),
    ("weekday", re.compile(rf"\b(?P<core>{_WEEKDAY})(?:['’]s)?{_PART}\b"), _lead(_PREP, _WEEKDAY_MODS)),
    ("relative_day", re.compile(
        r"\b(?P<core>yesterday|today|tomorrow|tonight|the\s+day\s+before\s+yesterday"
        r"|the\s+day\s+after\s+tomorrow|this\s+(?:morning|afternoon|evening))\b", re.I), _lead(_REL_PREP)),
    ("week", re.compile(
        r"\b(?P<core>(?:earlier|later)\s+(?:this|in\s+the)\s+week|(?:last|this|next|the\s+coming|"
        r"the\s+following|the\s+previous)\s+week(?:end)?)\b", re.I), _lead(_REL_PREP)),
    ("ago", re.compile(r"\b(?P<core>(?P<n>a|an|one|two|three|four|five|six|\d{1,2})\s+(?P<u>days?|weeks?)\s+ago)\b", re.I), None),
    ("month_rel", re.compile(
        r"\b(?P<core>(?:earlier|later)\s+(?:this|in\s+the)\s+(?P<u1>month|year)|"
        r"(?P<rel>last|this|next|the\s+coming|the\s+previous)\s+(?P<u2>month|year))\b", re.I), _lead(_REL_PREP)),
    ("day_of_month", re.compile(
        rf"\b(?P<prep>on|by|until|till|since|from|before|after)\s+the\s+(?P<core>[0-3]?\d)(?:st|nd|rd|th)\b"
        rf"(?!\s+(?:of\s+)?(?:{_MONTH}|century|anniversary|time|round|floor|minute|hour|day|week|percentile))"), None),
    ("month", re.compile(rf"(?P<core>{_MONTH})(?:\s+(?P<y>{_YEAR}))?"), _lead(_PREP, _MONTH_MODS)),
    ("year", re.compile(
        rf"\b(?P<prep>in|since|by|until|till|before|after|from|through|during)\s+(?:(?:early|late|mid-)\s*)?"
        rf"(?P<core>{_YEAR})\b"), None),
]
_EVERY = re.compile(r"\b(?:every|each)\s+$", re.I)
_FUTURE_AUX = frozenset({"will", "'ll", "’ll", "shall", "would", "'d", "may", "might", "could", "can", "should", "must"})
# Heads that make an infinitive below them point ahead: "are due to meet on Thursday".
_FUTURE_HEADS = frozenset({"due", "scheduled", "set", "expected", "expect", "expects", "plan", "plans", "planned",
                           "planning", "going", "intend", "intends", "intended", "prepared", "preparing", "aims",
                           "poised", "likely", "hope", "hopes", "hoping"})


@dataclass
class DateMatch:
    kind: str
    start: int
    end: int
    core: int  # offset of the word the grammar is read from
    groups: dict[str, str | None]


def find_date_spans(text: str) -> list[DateMatch]:
    """Candidate date expressions, higher-priority kinds first, without overlaps."""
    taken: list[tuple[int, int]] = []
    out = []
    for kind, body, lead in _PATTERNS:
        for m in body.finditer(text):
            groups = m.groupdict()
            start, end = m.start(), m.end()
            if lead is not None and (before := lead.search(text, max(0, start - 30), start)):
                groups.update({k: v for k, v in before.groupdict().items() if v})
                start = before.start()
            if any(s < end and start < e for s, e in taken) or _EVERY.search(text[max(0, start - 8):start]):
                continue
            if kind == "month" and not _month_is_date(groups):
                continue
            core = m.start("core") if groups.get("core") else start
            taken.append((start, end))
            out.append(DateMatch(kind, start, end, core, groups))
    return sorted(out, key=lambda d: d.start)


def _month_is_date(groups: dict[str, str | None]) -> bool:
    """'May' is a modal and 'March' a verb at a sentence start: a bare month needs a
    preposition, a modifier or a year before it counts as a date."""
    core = groups.get("core") or ""
    if groups.get("prep") or groups.get("mod") or groups.get("y"):
        return True
    return core.rstrip(".") not in ("May", "March") and len(core.rstrip(".")) > 3 and not core.endswith(".")


def clause_direction(doc: Doc, core: int, prep: str | None, mod: str | None) -> str:
    """Which way the expression points, from its words and then from the verb it hangs on."""
    mod = " ".join((mod or "").lower().split())
    prep = (prep or "").lower()
    if mod in ("last", "this past"):
        return "before"
    if mod in ("next", "coming"):
        return "after"
    if prep == "since":
        return "past"
    if prep == "past":  # "stay behind past Sunday": beyond it
        return "future"
    tense = verb_tense(doc, core)
    if prep in ("until", "till") and tense != "past":
        return "future"
    return tense


def verb_tense(doc: Doc, offset: int) -> str:
    """'past', 'future' or 'nearest' for the clause holding the token at ``offset``.

    A date that hangs on a number ("some 2,000 on Monday") dates a figure already reported,
    so it looks back. A present-tense verb with a day name is a schedule in news prose ("the
    drills end on Sunday"), so it looks ahead.
    """
    token = _token_at(doc, offset)
    if token is None:
        return "nearest"
    node = token
    for _ in range(12):
        if node.head == node:
            break
        node = node.head
        if node.pos_ == "NUM" or (node.pos_ == "NOUN" and any(c.dep_ == "nummod" for c in node.children)):
            return "past"
        if node.pos_ in ("VERB", "AUX"):
            tense = _tense_of(node)
            if tense:
                return tense
    return "nearest"


def _tense_of(verb: Token) -> str | None:
    """The tense of one verb, or None to keep climbing (participles, bare infinitives)."""
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxes}
    if words & _FUTURE_AUX or _future_by_head(verb):
        return "future"
    if verb.tag_ == "VBD" or words & {"had", "has", "have", "was", "were", "did"}:
        return "past"
    if verb.tag_ in ("VBZ", "VBP") or words & {"is", "are", "am"}:
        return "future"
    if verb.tag_ == "VBN" and verb.dep_ in ("acl", "relcl"):  # "the estimate published on Monday"
        return "past"
    if verb.dep_ in ("xcomp", "ccomp", "advcl", "acl", "relcl", "conj", "pcomp"):
        return None
    return "nearest"


def _future_by_head(verb: Token) -> bool:
    """'are due to meet', 'would start returning', 'scheduled to end': a future-looking head
    above an infinitive or gerund complement."""
    node = verb
    for _ in range(4):
        if node.dep_ not in ("xcomp", "acomp", "ccomp") or node.head == node:
            return False
        node = node.head
        aux = {c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")}
        if node.lower_ in _FUTURE_HEADS or aux & _FUTURE_AUX:
            return True
    return False


def _token_at(doc: Doc, offset: int) -> Token | None:
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


Resolved = tuple[str | None, str, str | None]  # value, granularity, flag


def resolve(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    """Value, granularity and flag of one candidate; None when it is not a date after all."""
    handler = _RESOLVERS[match.kind]
    return handler(match, doc, ref)


def _explicit(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    g = match.groups
    month = month_number(g.get("m1") or g.get("m2") or g.get("m3") or "")
    day_text = g.get("d1") or g.get("d2") or g.get("d3") or ""
    day = int(re.sub(r"\D", "", day_text) or 0)
    if month is None or not 1 <= day <= 31:
        return None
    year = int(g.get("y") or 0) or (year_for(ref, month, day) if ref else None)
    if year is None:
        return None, "day", "no_reference_date"
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return None
    flag = None
    if match.kind == "weekday_date" and weekday_number(g.get("core") or "") != value.weekday():
        flag = "weekday_mismatch"
    return value.isoformat(), "day", flag


def _iso(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    g = match.groups
    try:
        if g.get("y"):
            value = dt.date(int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0))
        else:
            value = dt.date(int(g["y2"] or 0), int(g["m2"] or 0), int(g["d2"] or 0))
    except ValueError:
        return None
    return value.isoformat(), "day", None


def _weekday(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    word = match.groups.get("core") or ""
    weekday = weekday_number(word)
    if weekday is None:
        return None
    if ref is None:
        return None, "day", "no_reference_date"
    if match.kind == "night_to":
        direction = verb_tense(doc, match.core)
    else:
        direction = clause_direction(doc, match.core, match.groups.get("prep"), match.groups.get("mod"))
    return resolve_weekday(ref, weekday, direction).isoformat(), "day", None


def _relative_day(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    if ref is None:
        return None, "day", "no_reference_date"
    word = " ".join((match.groups.get("core") or "").lower().split())
    shift = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2}.get(word, 0)
    return (ref + dt.timedelta(days=shift)).isoformat(), "day", None


def _week(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    if ref is None:
        return None, "week", "no_reference_date"
    words = (match.groups.get("core") or "").lower().split()
    shift = -7 if "last" in words or "previous" in words else 7 if {"next", "coming", "following"} & set(words) else 0
    return (week_monday(ref) + dt.timedelta(days=shift)).isoformat(), "week", None


def _ago(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    if ref is None:
        return None, "day", "no_reference_date"
    n_text = (match.groups.get("n") or "").lower()
    n = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}.get(n_text) or int(n_text)
    days = 7 * n if (match.groups.get("u") or "").lower().startswith("week") else n
    return (ref - dt.timedelta(days=days)).isoformat(), "day", None


def _month_rel(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    unit = (match.groups.get("u1") or match.groups.get("u2") or "").lower()
    granularity = "year" if unit == "year" else "month"
    if ref is None:
        return None, granularity, "no_reference_date"
    rel = " ".join((match.groups.get("rel") or "").lower().split())
    shift = -1 if rel in ("last", "the previous") else 1 if rel in ("next", "the coming") else 0
    if granularity == "year":
        return str(ref.year + shift), "year", None
    year, month = shift_month(ref.year, ref.month, shift)
    return f"{year:04d}-{month:02d}", "month", None


def _day_of_month(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    if ref is None:
        return None, "day", "no_reference_date"
    direction = clause_direction(doc, match.core, match.groups.get("prep"), None)
    value = resolve_day_of_month(ref, int(match.groups.get("core") or 0), direction)
    return (value.isoformat(), "day", None) if value else None


def _month(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    month = month_number(match.groups.get("core") or "")
    if month is None:
        return None
    if match.groups.get("y"):
        return f"{int(match.groups['y'] or 0):04d}-{month:02d}", "month", None
    if ref is None:
        return None, "month", "no_reference_date"
    direction = clause_direction(doc, match.core, match.groups.get("prep"), match.groups.get("mod"))
    year, month = resolve_month(ref, month, direction)
    return f"{year:04d}-{month:02d}", "month", None


def _part_of_period(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    """'by the end of 2025', 'the start of next month', 'the middle of June': the period named."""
    g = match.groups
    if g.get("y2"):
        return g["y2"], "year", None
    if g.get("core"):
        return _month(match, doc, ref)
    if ref is None:
        return None, "month" if g.get("u") == "month" else "year", "no_reference_date"
    shift = {"this": 0, "the": 0, "next": 1, "last": -1}[(g.get("rel") or "this").lower()]
    if (g.get("u") or "").lower() == "year":
        return str(ref.year + shift), "year", None
    year, month = shift_month(ref.year, ref.month, shift)
    return f"{year:04d}-{month:02d}", "month", None


def _year(match: DateMatch, doc: Doc, ref: dt.date | None) -> Resolved | None:
    return match.groups.get("core"), "year", None


_RESOLVERS: dict[str, Callable[[DateMatch, Doc, dt.date | None], Resolved | None]] = {
    "weekday_date": _explicit, "explicit": _explicit, "iso": _iso, "night_to": _weekday, "weekday": _weekday,
    "relative_day": _relative_day, "week": _week, "ago": _ago, "month_rel": _month_rel,
    "day_of_month": _day_of_month, "month": _month, "year": _year, "part_of_period": _part_of_period,
}  # fmt: skip


def date_record(text: str, start: int, end: int, resolved: Resolved) -> dict[str, Any]:
    value, granularity, flag = resolved
    return {"text": text[start:end], "start": start, "end": end, "value": value, "granularity": granularity, "flag": flag}


def extract_dates(item: AnnotatedArticle) -> AnnotatedArticle:
    """Append every date the article states to ``item.ann.dates``, in text order."""
    text, doc = item.article.text, item.doc  # Doc.text is rebuilt on every access
    ref = parse_reference(item.article.published)
    found = []
    for match in find_date_spans(text):
        resolved = resolve(match, doc, ref)
        if resolved is not None:
            found.append(date_record(text, match.start, match.end, resolved))
    found.extend(_fallback_entities(doc, text, found, ref))
    item.ann.dates.extend(sorted(found, key=lambda d: int(d["start"])))
    return item


_LOOKS_EXPLICIT = re.compile(rf"{_MONTH}|\b\d{{1,2}}[/.]\d{{1,2}}[/.]\d{{2,4}}\b")


def _fallback_entities(doc: Doc, text: str, found: list[dict[str, Any]], ref: dt.date | None) -> list[dict[str, Any]]:
    """Step 4: a DATE entity our grammar did not read but that names a month or looks like a
    numeric date ("3/10/2026", "the Ides of March 2026"), parsed by dateparser."""
    out = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or any(int(f["start"]) < ent.end_char and ent.start_char < int(f["end"]) for f in found):
            continue
        if not _LOOKS_EXPLICIT.search(ent.text) or not any(c.isdigit() for c in ent.text):
            continue  # a bare "March" was already refused by the grammar: dateparser would take it
        parsed = _dateparser_value(ent.text, ref)
        if parsed is not None:
            out.append(date_record(text, ent.start_char, ent.end_char, (parsed.isoformat(), "day", None)))
    return out


def _dateparser_value(text: str, ref: dt.date | None) -> dt.date | None:
    import dateparser  # slow to import (about a second): only an article that needs it pays

    base = dt.datetime.combine(ref, dt.time()) if ref else None
    settings: dict[str, Any] = {"PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


@register_stage("dates.v1", requires=("doc", "sentences"), provides=("dates",))
def dates_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Explicit and relative dates with ISO values resolved against the publication date."""
    return extract_dates
