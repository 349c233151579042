"""The escalation ladder: where an event or a red line sits, and how a crisis moves day by day.

The ladder is data (``sitroom/data/escalation/ladder.json``, described in the README next to
it): eleven rungs from de-escalation (0) to an armed clash between states (10). Placement is
a cascade, each step used only when the one before found nothing:

1. an event's CAMEO code, longest matching prefix ("191" border closure beats root "19" fight);
2. its PLOVER type and mode ("MOBILIZE"/"troops");
3. its PLOVER type alone.

Condition claims and red lines carry no codes, only words, so they are placed by the trigger
phrases of each rung. Negated and hypothetical events never move the ladder: "did not send
troops" and "could send troops" are not troop movements.

Every function here is pure: the same events give the same series, so the CLI, the API and
a batch run agree.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from sitroom.errors import SitroomError

LADDER_VERSION = "ladder.v1"

# The index carries yesterday's level into today, multiplied by DECAY, and takes the larger
# of that and today's gravest event. Why a decay and not "today's max": coverage is bursty,
# and troops massed on Monday are still there on a Tuesday nobody writes about them (the
# sample crisis has drills reported on the 12th, 14th, 16th and 19th only). Why 0.85: a
# half-life of about 4.3 days, so a quiet day costs ~15% and a silent week brings a level
# down by two thirds (0.85**7 = 0.32): quiet days never reset a crisis, a quiet week does.
DECAY = 0.85
# A day whose events include a concrete step back (a rung of kind "easing": ceasefire,
# withdrawal, reopened crossing) and nothing hostile carries only half of yesterday's level:
# news that a crisis is easing should count for more than silence.
EASING = 0.5
# An event dated more than this many days before its article was published is background
# ("in 2021 Belarus pushed migrants to the border"), not news of this crisis.
BACKGROUND_DAYS = 31
# At most a year of days, counted back from the latest: one misdated event must not stretch
# the series across decades.
MAX_DAYS = 366
TOP_DRIVERS = 3
TREND_WINDOW = 3
# Half a rung: smaller moves over three days are decay noise, not a trend.
TREND_THRESHOLD = 0.5
# Words that cancel a trigger phrase right after them: "will not open fire".
NEGATORS = frozenset({"not", "no", "never", "without", "nor", "neither"})
NEGATION_REACH = 3

PLOVER_TYPES = frozenset({
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
    "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
})  # fmt: skip
KINDS = ("easing", "neutral", "hostile")  # in the order they must appear up the ladder


@dataclass(frozen=True)
class Rung:
    """One rung: ``level`` is the number the daily index uses."""

    id: str
    label: str
    level: int
    kind: str
    description: str
    plover: tuple[tuple[str, str | None], ...]
    cameo: tuple[str, ...]
    triggers: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class Ladder:
    """The rungs, bottom to top, with the lookups that placement uses."""

    version: str
    rungs: tuple[Rung, ...]
    by_cameo: Mapping[str, Rung]
    by_plover: Mapping[tuple[str, str | None], Rung]
    aliases: Mapping[str, tuple[str, str | None]]
    phrases: tuple[tuple[re.Pattern[str], Rung], ...]
    mirrors: tuple[re.Pattern[str], ...]

    def rung(self, rung_id: str) -> Rung:
        """The rung with this id; KeyError names the ids there are."""
        for r in self.rungs:
            if r.id == rung_id:
                return r
        raise KeyError(f"no rung {rung_id!r}; the ladder has {[r.id for r in self.rungs]}")

    def nearest(self, level: float) -> Rung:
        """The rung whose level is closest to a (decayed, fractional) index level; the lower
        one on a tie, so that a level halfway between two rungs is not described as the graver."""
        return min(self.rungs, key=lambda r: (abs(r.level - level), r.level))


# --- The ladder file ---------------------------------------------------------------------

PHRASE_WORD = re.compile(r"^(?:\.\.\.|[^\W_]+(?:'[^\W_]+)?\*?)$")


def check_ladder(raw: Mapping[str, Any]) -> list[str]:
    """Every problem with a ladder file's content, as messages; [] when it can be used."""
    problems: list[str] = []
    rungs = raw.get("rungs")
    if not isinstance(rungs, list) or not rungs:
        return ["'rungs' must be a non-empty list"]
    seen_ids: set[str] = set()
    seen_plover: dict[tuple[str, str | None], str] = {}
    seen_cameo: dict[str, str] = {}
    last_level: float | None = None
    last_kind = 0
    for i, rung in enumerate(rungs):
        if not isinstance(rung, dict):
            problems.append(f"rung {i}: must be an object")
            continue
        rid = rung.get("id")
        where = f"rung {i} ({rid!r})"
        if not isinstance(rid, str) or not rid or rid in seen_ids:
            problems.append(f"{where}: id must be a unique non-empty string")
        seen_ids.add(str(rid))
        for key in ("label", "description"):
            if not isinstance(rung.get(key), str) or not rung[key].strip():
                problems.append(f"{where}: {key} must be a non-empty string")
        level = rung.get("level")
        if not isinstance(level, int) or isinstance(level, bool):
            problems.append(f"{where}: level must be an integer")
        elif last_level is not None and level <= last_level:
            problems.append(f"{where}: level {level} must be above the rung below ({last_level})")
        else:
            last_level = level
        kind = rung.get("kind")
        if kind not in KINDS or KINDS.index(kind) < last_kind:
            problems.append(f"{where}: kind must be one of {KINDS}, never below the rung before")
        else:
            last_kind = KINDS.index(kind)
        problems.extend(_check_plover(where, rung.get("plover", []), seen_plover, str(rid)))
        problems.extend(_check_cameo(where, rung.get("cameo", []), seen_cameo, str(rid)))
        problems.extend(_check_phrases(where, rung.get("triggers", [])))
    problems.extend(_check_phrases("mirror_phrases", raw.get("mirror_phrases", [])))
    for name, target in (raw.get("plover_aliases") or {}).items():
        if not name.startswith("_") and (not isinstance(target, list) or len(target) != 2 or target[0] not in PLOVER_TYPES):
            problems.append(f"plover_aliases: {name!r} must map to [PLOVER type, mode or null]")
    return problems


def _check_plover(where: str, entries: Any, seen: dict[tuple[str, str | None], str], rid: str) -> list[str]:
    out = []
    for entry in entries if isinstance(entries, list) else [entries]:
        ptype, mode = (entry.get("type"), entry.get("mode")) if isinstance(entry, dict) else (None, None)
        if ptype not in PLOVER_TYPES or not (mode is None or isinstance(mode, str) and mode):
            out.append(f"{where}: {entry!r} is not a PLOVER type ({sorted(PLOVER_TYPES)}) with a mode or null")
            continue
        if (ptype, mode) in seen:
            out.append(f"{where}: {ptype}/{mode} is already on rung {seen[(ptype, mode)]!r}")
        seen[(ptype, mode)] = rid
    return out


def _check_cameo(where: str, codes: Any, seen: dict[str, str], rid: str) -> list[str]:
    out = []
    for code in codes if isinstance(codes, list) else [codes]:
        # CAMEO codes are strings of 2-4 digits under a root 01-20 ("040", not 40).
        if not isinstance(code, str) or not re.fullmatch(r"\d{2,4}", code) or not 1 <= int(code[:2]) <= 20:
            out.append(f"{where}: {code!r} is not a CAMEO code prefix (2-4 digits, root 01-20, as a string)")
            continue
        if code in seen:
            out.append(f"{where}: CAMEO {code} is already on rung {seen[code]!r}")
        seen[code] = rid
    return out


def _check_phrases(where: str, phrases: Any) -> list[str]:
    out = []
    for phrase in phrases if isinstance(phrases, list) else [phrases]:
        words = phrase.split(" ") if isinstance(phrase, str) else []
        # A phrase is matched against normalised text, so it must itself be normalised.
        if not words or not all(PHRASE_WORD.match(w) for w in words) or phrase != phrase.casefold() or words[0] == "...":
            out.append(f"{where}: trigger phrase {phrase!r} must be lower-case words, 'word*' or '...'")
    return out


def build_ladder(raw: Mapping[str, Any]) -> Ladder:
    """A ladder from the parsed JSON; SitroomError lists every problem when it is not valid."""
    problems = check_ladder(raw)
    if problems:
        raise SitroomError("escalation ladder is not valid: " + "; ".join(problems),
                           hint="fix src/sitroom/data/escalation/ladder.json; tests/test_escalation.py checks it")  # fmt: skip
    rungs = tuple(
        Rung(id=r["id"], label=r["label"], level=r["level"], kind=r["kind"], description=r["description"],
             plover=tuple((p["type"], p.get("mode")) for p in r.get("plover", [])),
             cameo=tuple(r.get("cameo", [])), triggers=tuple(r.get("triggers", [])))
        for r in raw["rungs"]
    )  # fmt: skip
    aliases = {k: (v[0], v[1]) for k, v in (raw.get("plover_aliases") or {}).items() if not k.startswith("_")}
    return Ladder(
        version=str(raw.get("version", LADDER_VERSION)),
        rungs=rungs,
        by_cameo={code: r for r in rungs for code in r.cameo},
        by_plover={key: r for r in rungs for key in r.plover},
        aliases=aliases,
        phrases=tuple((compile_phrase(p), r) for r in rungs for p in r.triggers),
        mirrors=tuple(compile_phrase(p) for p in raw.get("mirror_phrases", [])),
    )


@lru_cache(maxsize=1)
def load_ladder() -> Ladder:
    """The packaged ladder, read once per process."""
    path = resources.files("sitroom").joinpath("data", "escalation", "ladder.json")
    return build_ladder(json.loads(path.read_text("utf-8")))


def compile_phrase(phrase: str) -> re.Pattern[str]:
    """A trigger phrase as a regex over ``normalise_words`` text: 'close* ... border*'."""
    parts: list[str] = []
    gap = False
    for word in phrase.split(" "):
        if word == "...":
            gap = True
            continue
        piece = re.escape(word[:-1]) + r"[^ ]*" if word.endswith("*") else re.escape(word)
        if parts:
            parts.append(r" (?:[^ ]+ ){0,3}" if gap else " ")
        parts.append(piece)
        gap = False
    return re.compile(r"(?<![^ ])" + "".join(parts) + r"(?![^ ])")


def normalise_words(text: str) -> str:
    """Lower-case words separated by single spaces: what trigger phrases are matched against."""
    text = text.casefold().replace("’", "'").replace("‘", "'")
    return " ".join(re.findall(r"[^\W_]+(?:'[^\W_]+)?", text))


# --- Placement ---------------------------------------------------------------------------


def place_event(event: Mapping[str, Any], ladder: Ladder | None = None) -> Rung | None:
    """The rung a reported event stands on; None if it did not happen or has no code we know."""
    if _flag(event.get("negated")) or _flag(event.get("hypothetical")):
        return None  # "did not attack", "could attack": never a move on the ladder
    lad = ladder or load_ladder()
    code = event.get("cameo")
    if isinstance(code, str) and code.strip().isdigit():
        code = code.strip()
        # 1. The longest prefix: the full code knows more than its root ("191" vs "19").
        for n in range(len(code), 1, -1):
            if code[:n] in lad.by_cameo:
                return lad.by_cameo[code[:n]]
    plover = event.get("plover")
    if not isinstance(plover, str) or not plover.strip():
        return None
    # 2.-3. PLOVER type and mode, then type alone; older names read as the newer ones.
    ptype, alias_mode = lad.aliases.get(plover.strip().upper(), (plover.strip().upper(), None))
    mode = _mode(event.get("mode")) or alias_mode
    return lad.by_plover.get((ptype, mode)) or lad.by_plover.get((ptype, None))


def place_trigger(condition: Mapping[str, Any], ladder: Ladder | None = None) -> Rung | None:
    """Where a condition claim or red line sits: the rung of what it would set off.

    "If the troops cross the border, allies should respond with force": the consequence
    (force) is what the speaker puts on the table, so it is placed first. A consequence with
    no rung words ("the response will be immediate") or one that mirrors the trigger ("respond
    in kind") is placed by its trigger instead: crossing the border is where the line is
    drawn. A bare red line ("moving troops to the border would cross a red line") has only
    its text.
    """
    lad = ladder or load_ladder()
    then, trigger = _text(condition.get("then")), _text(condition.get("if"))
    consequence = place_text(then, lad) if then else None
    mirrored = bool(then) and any(p.search(normalise_words(then)) for p in lad.mirrors)
    if consequence is not None and not mirrored:
        return consequence
    if trigger:
        triggered = place_text(trigger, lad)
        if triggered is not None:
            return triggered
    if consequence is not None:
        return consequence
    text = _text(condition.get("text"))
    return place_text(text, lad) if text and not (then or trigger) else None


def place_text(text: str, ladder: Ladder | None = None) -> Rung | None:
    """The gravest rung whose trigger phrases occur in ``text``, after two guards.

    A phrase inside a longer matching phrase does not count on its own ("lift sanctions" is
    de-escalation, not sanctions; "cyber attack" is coercion, not an armed attack), and a
    phrase right after a negation ("will not open fire") does not count at all.
    """
    lad = ladder or load_ladder()
    words = normalise_words(text)
    hits: list[tuple[int, int, Rung]] = []
    for pattern, rung in lad.phrases:
        for m in pattern.finditer(words):
            before = words[: m.start()].split()[-NEGATION_REACH:]
            if not any(w in NEGATORS or w.endswith("n't") for w in before):
                hits.append((m.start(), m.end(), rung))
    kept = [h for h in hits if not any(o[0] <= h[0] and h[1] <= o[1] and o[1] - o[0] > h[1] - h[0] for o in hits)]
    if not kept:
        return None
    return max(kept, key=lambda h: (h[2].level, h[1] - h[0]))[2]


def _flag(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().casefold() in ("true", "1", "yes")
    return bool(value)


def _mode(value: Any) -> str | None:
    if not isinstance(value, str) or value.strip() in ("", "-"):
        return None
    return value.strip().casefold()


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


# --- Dates -------------------------------------------------------------------------------

DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{2}))?\s*$")


def parse_day(value: Any) -> date | None:
    """A calendar day from a date, a datetime or an ISO string ("2026-09-14T08:00" -> the 14th)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = DAY.match(value) if isinstance(value, str) else None
    if m is None:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None  # "2026-02-30"


def event_day(item: Mapping[str, Any]) -> date | None:
    """The day an event (or a stated trigger) belongs to on the index, or None to leave it out.

    Its own date first; no date, its article's publication day. Three repairs, because the
    date resolver reads dates out of prose: a day after publication (+1 for time zones) is
    impossible for a reported event and gives way to the publication day; a day more than
    BACKGROUND_DAYS before it is background; a month ("2026-09") counts as the publication
    day when that falls inside it, else as background.
    """
    published = parse_day(item.get("published"))
    raw = item.get("date")
    day = parse_day(raw)
    if day is None:
        partial = PARTIAL.match(raw) if isinstance(raw, str) else None
        if partial is None:
            return published
        if published is None or published.year != int(partial[1]):
            return None
        return published if partial[2] is None or published.month == int(partial[2]) else None
    if published is not None:
        ahead = (day - published).days  # a difference, never a sum: date.max + 1 day overflows
        if ahead > 1:
            return published
        if ahead < -BACKGROUND_DAYS:
            return None
    return day


# --- The daily index ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Placed:
    rung: Rung
    order: int  # position in the input, so ties keep the caller's order
    item: Mapping[str, Any]


def escalation_index(
    events: Iterable[Mapping[str, Any]],
    triggers: Iterable[Mapping[str, Any]] | None = None,
    ladder: Ladder | None = None,
) -> list[dict[str, Any]]:
    """One entry per day from the first to the last dated event, levels on the ladder's scale.

    Each day: ``{"date", "level", "peak", "change", "drivers", "triggers"}``. ``level`` is
    max(today's gravest real event, yesterday's level x DECAY) (x EASING on a day of steps
    back), rounded to 2 places; ``peak`` is today's gravest event level, or None on a day
    without events, so a reader can tell news from carried tension. ``change`` is level minus
    the day before (None on the first day, which has no day before). ``drivers`` are the day's
    gravest distinct events, at most TOP_DRIVERS. ``triggers`` are the condition claims and
    red lines stated that day with their rung: they never move the level, since nothing has
    happened yet, but show how close the crisis is to a line someone has drawn.
    """
    lad = ladder or load_ladder()
    placed = _by_day(events, lambda e: place_event(e, lad))
    stated = _by_day((_as_stated(t) for t in triggers or [] if isinstance(t, Mapping)), lambda c: place_trigger(c, lad))
    days = set(placed) | set(stated)
    if not days:
        return []
    last = max(days).toordinal()
    first = max(min(days).toordinal(), last - MAX_DAYS + 1)
    series: list[dict[str, Any]] = []
    prev: float | None = None
    for ordinal in range(first, last + 1):  # ordinals: no overflow at date.min or date.max
        day = date.fromordinal(ordinal)
        todays = placed.get(day, [])
        level = _day_level(todays, prev)
        series.append({
            "date": day.isoformat(), "level": level,
            "peak": float(max(p.rung.level for p in todays)) if todays else None,
            "change": None if prev is None else round(level - prev, 2),
            "drivers": _drivers([p for p in todays if _counts(p, todays)]), "triggers": _stated(stated.get(day, [])),
        })  # fmt: skip
        prev = level
    return series


def _by_day(
    items: Iterable[Mapping[str, Any]], place: Callable[[Mapping[str, Any]], Rung | None]
) -> dict[date, list[_Placed]]:
    out: dict[date, list[_Placed]] = defaultdict(list)
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            continue
        rung = place(item)
        day = event_day(item) if rung is not None else None
        if rung is not None and day is not None:
            out[day].append(_Placed(rung, i, item))
    return out


def _as_stated(trigger: Mapping[str, Any]) -> Mapping[str, Any]:
    """A condition claim as the index wants it: dated, with article, outlet, holder and text.

    Claims straight from an article carry those keys. Triggers clustered across articles
    (``resolve.statements.options.build_options``: ``{"if", "then", "holders", "sources"}``) are dated by
    their earliest source, which is when the line was first drawn.
    """
    if trigger.get("date") or trigger.get("published"):
        return trigger
    sources = [s for s in trigger.get("sources") or [] if isinstance(s, Mapping) and parse_day(s.get("published"))]
    if not sources:
        return trigger
    first = min(sources, key=lambda s: str(parse_day(s.get("published"))))
    holders = [h.get("name") for h in trigger.get("holders") or [] if isinstance(h, Mapping) and h.get("name")]
    named = {"if": str(trigger.get("mark") or "if"), "then": "then"}  # "unless ...": the condition as stated
    text = trigger.get("text") or ", ".join(f"{named[k]} {trigger[k]}" for k in ("if", "then") if trigger.get(k))
    return {**trigger, "published": first.get("published"), "article": trigger.get("article", first.get("article")),
            "outlet": trigger.get("outlet", first.get("outlet")), "holder": trigger.get("holder") or next(iter(holders), None),
            "text": text}  # fmt: skip


# A claim of violence or armed clash moves the index only when two articles report it: one
# misread sentence ("before they strike us", coded as an attack) must not set a day at war.
CORROBORATE_FROM_LEVEL = 9


def _counts(p: _Placed, todays: list[_Placed]) -> bool:
    if p.rung.level < CORROBORATE_FROM_LEVEL:
        return True
    key = _event_key(p.item)
    return _reports([q for q in todays if _event_key(q.item) == key]) >= 2


def _day_level(todays: list[_Placed], prev: float | None) -> float:
    peak = max((p.rung.level for p in todays if _counts(p, todays)), default=0)
    kinds = {p.rung.kind for p in todays}
    factor = EASING if "easing" in kinds and "hostile" not in kinds else DECAY
    carried = 0.0 if prev is None else prev * factor
    return round(max(float(peak), carried), 2)


def _event_key(item: Mapping[str, Any]) -> tuple[str, ...]:
    """What makes two reports the same event: code and parties, or the text when no party is known."""
    code = str(item.get("cameo") or item.get("plover") or "")
    actor, target = item.get("actor"), item.get("target")
    if actor or target:
        return (code, str(actor), str(target))
    return (code, " ".join(str(item.get("text") or "").casefold().split()))


def _drivers(todays: list[_Placed]) -> list[dict[str, Any]]:
    """The day's gravest distinct events; the same event from several outlets counts once,
    and more reports rank it higher among equals (a cross-checked event leads)."""
    groups: dict[tuple[str, ...], list[_Placed]] = {}
    for p in todays:
        groups.setdefault(_event_key(p.item), []).append(p)
    ranked = sorted(groups.values(), key=lambda g: (-g[0].rung.level, -_reports(g), g[0].order))
    out = []
    for group in ranked[:TOP_DRIVERS]:
        first = group[0]
        out.append({
            "text": str(first.item.get("text") or ""), "article": first.item.get("article"),
            "outlet": first.item.get("outlet"), "rung": first.rung.id, "plover": first.item.get("plover"),
            "cameo": first.item.get("cameo"), "reports": _reports(group),
        })  # fmt: skip
    return out


def _reports(group: list[_Placed]) -> int:
    return len({str(p.item.get("article") or p.order) for p in group})


def _stated(todays: list[_Placed]) -> list[dict[str, Any]]:
    seen: set[str] = set()
    out = []
    for p in sorted(todays, key=lambda p: (-p.rung.level, p.order)):
        text = str(p.item.get("text") or "")
        if " ".join(text.casefold().split()) in seen:
            continue
        seen.add(" ".join(text.casefold().split()))
        out.append({"text": text, "article": p.item.get("article"), "outlet": p.item.get("outlet"),
                    "rung": p.rung.id, "holder": p.item.get("holder")})  # fmt: skip
    return out


def trend(series: Sequence[Mapping[str, Any]]) -> str:
    """Rising, falling or steady: the level now against TREND_WINDOW days back (or the first
    day, if the series is shorter), with TREND_THRESHOLD as the smallest move that counts."""
    if len(series) < 2:
        return "steady"
    window = series[-TREND_WINDOW:]
    delta = float(window[-1]["level"]) - float(window[0]["level"])
    if delta >= TREND_THRESHOLD:
        return "rising"
    if delta <= -TREND_THRESHOLD:
        return "falling"
    return "steady"
