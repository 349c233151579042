"""Event coding: our pattern data (``sitroom/data/events``) as a lexicon, and CAMEO facts.

The lexicon answers three questions for the events stage: which CAMEO code a predicate
with given arguments reports (``match_verb``, ``match_noun``), which code a frame such as
"urged X to ..." gets from its complement (``frame_code``), and what a code means in PLOVER
terms (``code_info``). It knows nothing of spaCy: the stage describes each predicate's
arguments as ``Slot`` and ``Features`` values, which keeps the matching testable on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

# Phoenix-style quad classes by CAMEO root: statements and appeals are neutral (0), and
# "reduce relations" (16) is verbal conflict, as in the ConfliBERT CAMEO class data.
QUAD_BY_ROOT = {"01": 0, "02": 0, "03": 1, "04": 1, "05": 1, "06": 2, "07": 2, "08": 2,
                "09": 3, "10": 3, "11": 3, "12": 3, "13": 3, "16": 3,
                "14": 4, "15": 4, "17": 4, "18": 4, "19": 4, "20": 4}  # fmt: skip
QUAD_NAMES = {0: "neutral", 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
# Legacy PLOVER names in gold files (drafts before 2021) and the 2021 type that replaced them.
LEGACY_PLOVER = {"DISAPPROVE": "ACCUSE", "SEIZE": "COERCE", "DEMAND": "REQUEST", "INVESTIGATE": "ACCUSE", "YIELD": "CONCEDE"}


def cameo_root(code: str | None) -> str | None:
    """'0312' -> '03', '190' -> '19'; None for anything that is not a CAMEO code."""
    if not code or not code[:2].isdigit():
        return None
    return code[:2]


def quad_class(code: str | None) -> int | None:
    """The quad class (0 neutral .. 4 material conflict) of a CAMEO code."""
    root = cameo_root(code)
    return QUAD_BY_ROOT.get(root) if root else None


def normalize_plover(name: str | None) -> str | None:
    """Gold files written against older PLOVER drafts use DISAPPROVE and SEIZE."""
    if not name:
        return None
    upper = name.strip().upper()
    return LEGACY_PLOVER.get(upper, upper)


@dataclass(frozen=True)
class CodeInfo:
    code: str
    plover: str | None
    mode: str | None
    context: str | None
    goldstein: float | None
    description: str


@dataclass(frozen=True)
class Slot:
    """What the patterns may ask about one argument: its words and what it names."""

    terms: frozenset[str] = frozenset()  # lemma runs of modifiers + head: "air defence unit"
    actor: bool = False  # names a country, organisation, person or armed force
    state: bool = False  # a country or its government
    place: bool = False  # a place: GPE/LOC entity or a place noun


@dataclass(frozen=True)
class Features:
    """One predicate's arguments, as the stage read them from the parse."""

    subj: Slot | None = None
    obj: Slot | None = None
    head: Slot | None = None  # the event noun itself (nouns.tsv "mod=")
    preps: tuple[tuple[str, Slot], ...] = ()
    particles: frozenset[str] = frozenset()
    complement: bool = False  # a to-infinitive or that-clause complement exists
    complement_coded: bool = False  # ... and it is itself a coded event
    oprd: bool = False
    dest_foreign: bool = False


@dataclass(frozen=True)
class Condition:
    key: str  # subj, obj, mod, pp, xcomp, oprd, dest, noobj
    arg: tuple[str, ...] = ()  # prepositions for pp
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pattern:
    lemma: str
    particle: str | None
    conditions: tuple[Condition, ...]
    code: str | None  # a CAMEO code, or None when a frame decides
    frame: str | None
    negated_code: str | None
    line: int

    @property
    def specificity(self) -> tuple[int, int]:
        return (len(self.conditions) + (1 if self.particle else 0), -self.line)


@dataclass
class Lexicon:
    classes: dict[str, frozenset[str]]
    verbs: dict[str, list[Pattern]]
    nouns: dict[str, list[Pattern]]
    frames: dict[str, dict[str, str]]
    codes: dict[str, CodeInfo]
    actor_words: dict[str, tuple[str, str | None, str | None]]
    _cache: dict[str, frozenset[str]] = field(default_factory=dict)

    def match_verb(self, lemma: str, features: Features) -> Pattern | None:
        """The most specific verb pattern whose conditions all hold, or None."""
        return self._best(self.verbs.get(lemma, []), features)

    def match_noun(self, lemma: str, features: Features) -> Pattern | None:
        return self._best(self.nouns.get(lemma, []), features)

    def frame_code(self, frame: str, complement_code: str | None) -> str | None:
        """'appeal' + '040' -> '026': the longest listed prefix of the complement's code."""
        table = self.frames.get(frame)
        if not table:
            return None
        code = complement_code or ""
        for n in range(len(code), 1, -1):
            if code[:n] in table:
                return table[code[:n]]
        return table.get("*")

    def code_info(self, code: str) -> CodeInfo:
        """The row for ``code``, else its root's row (PLOVER type and weight of the family)."""
        info = self.codes.get(code) or self.codes.get(code[:3]) or self.codes.get(code[:2])
        if info is None:
            return CodeInfo(code, None, None, None, None, "")
        return CodeInfo(code, info.plover, info.mode, info.context, info.goldstein, info.description)

    def in_class(self, slot: Slot | None, value: str) -> bool:
        """Does one condition value ('TROOPS', 'part', '@actor', '*') hold for the slot?"""
        if slot is None:
            return False
        if value == "*":
            return True
        if value.startswith("@"):
            return bool(getattr(slot, value[1:], False))
        terms = self.classes.get(value) if value.isupper() else frozenset([value])
        return bool(terms and slot.terms & terms)

    def _best(self, patterns: list[Pattern], features: Features) -> Pattern | None:
        matching = [p for p in patterns if self._holds(p, features)]
        return max(matching, key=lambda p: p.specificity) if matching else None

    def _holds(self, pattern: Pattern, f: Features) -> bool:
        if pattern.particle and pattern.particle not in f.particles:
            return False
        return all(self._condition(c, f) for c in pattern.conditions)

    def _condition(self, c: Condition, f: Features) -> bool:
        if c.key in ("subj", "obj", "mod"):
            slot = {"subj": f.subj, "obj": f.obj, "mod": f.head}[c.key]
            return any(self.in_class(slot, v) for v in c.values)
        if c.key == "pp":
            return any(p in c.arg and self.in_class(s, v) for p, s in f.preps for v in c.values)
        if c.key == "xcomp":
            return f.complement_coded if "CODED" in c.values else f.complement
        if c.key == "oprd":
            return f.oprd
        if c.key == "dest":
            return f.dest_foreign
        if c.key == "noobj":
            return f.obj is None
        return False


def _rows(name: str) -> list[tuple[int, list[str]]]:
    """Numbered, TAB-split data lines of ``sitroom/data/events/<name>`` (comments dropped)."""
    text = resources.files("sitroom").joinpath("data", "events", name).read_text("utf-8")
    return [(n, line.split("\t")) for n, line in enumerate(text.splitlines(), 1)
            if line.strip() and not line.startswith("#")]  # fmt: skip


def _parse_conditions(text: str) -> tuple[Condition, ...]:
    out = []
    for item in text.split():
        if item == "-":
            continue
        if "=" not in item:
            out.append(Condition(item))
            continue
        key, value = item.split("=", 1)
        arg: tuple[str, ...] = ()
        if key.startswith("pp:"):
            key, arg = "pp", tuple(key[3:].split("|"))
        out.append(Condition(key, arg, tuple(value.split("|"))))
    return tuple(out)


def _parse_patterns(name: str) -> dict[str, list[Pattern]]:
    table: dict[str, list[Pattern]] = {}
    for n, cols in _rows(name):
        verb, conditions, code = cols[0], cols[1], cols[2]
        negated = cols[3] if len(cols) > 3 and cols[3] not in ("", "-") and cols[3][:1].isdigit() else None
        lemma, _, particle = verb.partition("+")
        frame = code.split(":", 1)[1] if code.startswith("frame:") else None
        table.setdefault(lemma, []).append(Pattern(
            lemma, particle.replace("+", " ") or None, _parse_conditions(conditions),
            None if frame else code, frame, negated, n))  # fmt: skip
    return table


def _parse_codes() -> dict[str, CodeInfo]:
    def opt(v: str) -> str | None:
        return None if v in ("", "-") else v

    codes = {}
    for _, c in _rows("cameo.tsv"):
        goldstein = float(c[4]) if opt(c[4]) else None
        codes[c[0]] = CodeInfo(c[0], opt(c[1]), opt(c[2]), opt(c[3]), goldstein, c[5] if len(c) > 5 else "")
    return codes


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read every data file once per process."""
    classes = {c[0]: frozenset(t.strip() for t in c[1].split("|") if t.strip()) for _, c in _rows("classes.tsv")}
    frames: dict[str, dict[str, str]] = {}
    for _, c in _rows("frames.tsv"):
        frames.setdefault(c[0], {})[c[1]] = c[2]
    actor_words = {c[0]: (c[1], None if c[2] == "-" else c[2], None if c[3] == "-" else c[3])
                   for _, c in _rows("actors.tsv")}  # fmt: skip
    return Lexicon(classes, _parse_patterns("verbs.tsv"), _parse_patterns("nouns.tsv"), frames, _parse_codes(), actor_words)
