"""Event coding: our pattern data (``sitroom/data/events``) as a lexicon, and CAMEO facts.

The lexicon answers three questions for the events stage: which CAMEO code a predicate
with given arguments reports (``match_verb``, ``match_noun``), which code a frame such as
"urged X to ..." gets from its complement (``frame_code``), and what a code means in PLOVER
terms (``code_info``). It knows nothing of spaCy: the stage describes each predicate's
arguments as ``Slot`` and ``Features`` values, which keeps the matching testable on its own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token

    from sitroom.model import Entity, MentionGroup
    from sitroom.nlp.pipeline import AnnotatedArticle

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
    complement_subject: bool = False  # the complement has a subject of its own ("wants Y to act")


@dataclass(frozen=True)
class Condition:
    key: str  # subj, obj, mod, pp, xcomp, oprd, dest, noobj, nosubj, xsubj
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
        terms = self.classes.get(value) if value.isupper() else frozenset([value.replace("_", " ")])
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
        if c.key == "nosubj":
            return f.subj is None
        if c.key == "xsubj":
            return f.complement_subject
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


@lru_cache(maxsize=1)
def load_lexicon_v2() -> Lexicon:
    """events.v2's lexicon: v1's, plus the predicates in ``verbs_v2.tsv`` and ``nouns_v2.tsv``
    and the class terms in ``classes_v2.tsv`` (added to v1's classes of the same name). Their
    line numbers come after every v1 line, so v1's pattern wins a tie of equal specificity."""
    return extend_lexicon(load_lexicon(), "v2")


@lru_cache(maxsize=1)
def load_lexicon_v3() -> Lexicon:
    """events.v3's lexicon: v2's, plus ``verbs_v3.tsv``, ``nouns_v3.tsv`` and ``classes_v3.tsv``."""
    return extend_lexicon(load_lexicon_v2(), "v3")


def extend_lexicon(base: Lexicon, version: str) -> Lexicon:
    """``base`` plus the lines of ``verbs_{version}.tsv``, ``nouns_{version}.tsv`` and
    ``classes_{version}.tsv`` (class terms unioned with the base's class of the same name).
    The new lines number after every base line, so a base pattern wins a tie of equal
    specificity, and the base lexicon's stage reads exactly what it read before."""
    classes = dict(base.classes)
    for _, c in _rows(f"classes_{version}.tsv"):
        classes[c[0]] = classes.get(c[0], frozenset()) | frozenset(t.strip() for t in c[1].split("|") if t.strip())
    offset = 100_000 * int(version.lstrip("v"))
    return Lexicon(classes, _merged(base.verbs, f"verbs_{version}.tsv", offset),
                   _merged(base.nouns, f"nouns_{version}.tsv", offset), base.frames, base.codes,
                   base.actor_words)  # fmt: skip


def _merged(base: dict[str, list[Pattern]], name: str, offset: int) -> dict[str, list[Pattern]]:
    table = {lemma: list(patterns) for lemma, patterns in base.items()}
    for lemma, patterns in _parse_patterns(name).items():
        table.setdefault(lemma, []).extend(replace(p, line=p.line + offset) for p in patterns)
    return table


# --- Actors -------------------------------------------------------------------------------

# Sectors through which a country acts: the actor's name is the country ("Poland"), as the
# gold writes it; the sector goes into the actor code ("POL MIL").
STATE_SECTORS = frozenset({"GOV", "MIL", "INT", "COP", "LEG", "JUD"})
REPORTING = frozenset({"say", "tell", "add", "state", "announce", "report", "claim", "insist", "repeat",
                       "confirm", "note", "believe", "estimate", "declare", "stress", "underline",
                       "explain", "acknowledge", "write", "argue", "predict", "assert", "reiterate"})  # fmt: skip
CORE_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "nummod", "flat", "case", "quantmod"})
QUANTIFIERS = frozenset({"most", "some", "all", "many", "part", "half", "none", "several", "few", "rest", "majority", "each",
                         "any", "hundreds", "thousands", "dozens", "tens", "scores", "millions", "number", "handful"})  # fmt: skip
LOCAL_TITLES = frozenset({"Mayor", "Deputy Mayor"})
PERSONAL = frozenset({"he", "she", "him", "her", "his", "hers"})
OTHER_PRONOUNS = frozenset({"it", "its", "they", "them", "their", "we", "us", "our", "i", "me", "my"})


@dataclass(frozen=True)
class Actor:
    """Who acts or is acted on: a country through a sector, an organisation, or a group."""

    name: str  # "Poland", "NATO", "foreign troops"
    country: str | None = None  # ISO 3166 alpha-3
    sector: str | None = None  # GOV MIL INT ... (actors.tsv)
    org: str | None = None  # an international organisation's id: NATO, EU
    text: str = ""  # the words in the article
    inferred: bool = False  # the country came from context ("the army" in a Polish story)
    person: bool = False  # a named person acting for the country

    @property
    def code(self) -> str:
        """'POL MIL', 'USA GOV', 'NATO', '--- MIL' (an armed force of unknown country)."""
        who = self.country or self.org or "---"
        sector = self.sector if self.sector and not (self.org and self.sector == "IGO") else None
        return f"{who} {sector}" if sector else who


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO3 -> the gazetteer's canonical country name ('USA' -> 'United States')."""
    from sitroom.nlp.gazetteer import entity_entries

    names: dict[str, str] = {}
    for e in entity_entries():
        if e.kind == "country":
            names.setdefault(e.id, e.canonical)
    return names


@lru_cache(maxsize=1)
def title_sectors() -> dict[str, str]:
    """Canonical title ('Defence Minister') -> sector ('MIL')."""
    from sitroom.nlp.gazetteer import title_entries

    return {e.canonical: e.sector for e in title_entries() if e.sector}


def quantified_head(token: Token) -> Token:
    """'most of the troops', 'two of its crossings' -> the counted noun; else the token."""
    if token.pos_ in ("NUM", "PRON", "ADJ", "DET", "NOUN") and (token.pos_ == "NUM" or token.lower_ in QUANTIFIERS):
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                pobj = next((t for t in prep.children if t.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj
    return token


def np_core(head: Token, with_in: bool = False) -> list[Token]:
    """The tokens that say who a noun phrase is: modifiers, possessor, apposition, of-phrase.

    Relative clauses, other prepositional phrases and coordination stay out: in "Poland,
    which borders Belarus, ..." only Poland is the actor. ``with_in`` adds "in"-phrases
    ("officials in Warsaw").
    """
    out, todo = [head], [head]
    while todo:
        tok = todo.pop()
        for child in tok.children:
            take = child.dep_ in CORE_DEPS
            if child.dep_ == "prep" and (child.lower_ == "of" or (with_in and child.lower_ == "in")):
                take = True
            if child.dep_ == "pobj" and tok.dep_ == "prep":
                take = True
            if take and child not in out:
                out.append(child)
                todo.append(child)
    return sorted(out, key=lambda t: t.i)


def np_top(token: Token) -> Token:
    """From a name inside a phrase to the phrase's head: 'minister, Andrei Kavalenka' -> minister."""
    while token.dep_ in ("compound", "appos", "flat") and token.head.i != token.i:
        token = token.head
    return token


SUBJECTS = ("nsubj", "nsubjpass", "csubj", "expl")
# Speech acts coordinated inside a reported clause are the reporter's: in "the Kremlin said
# the drills were defensive and accused NATO", the parser hangs "accused" on "were".
SPEECH_ACTS = REPORTING | {"accuse", "urge", "warn", "deny", "reject", "dismiss", "call", "criticize", "condemn", "blame", "ask"}


def own_subject(verb: Token) -> Token | None:
    """The verb's own subject; of two ('WARSAW, Sept 14 - Belarus pressed'), the nearer one."""
    subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
    if not subjects:
        return None
    before = [c for c in subjects if c.i < verb.i]
    return before[-1] if before else subjects[0]


def subject_of(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is coordinated with ('said X and urged Y')."""
    first = verb
    while True:
        subj = own_subject(verb)
        if subj is not None:
            return subj
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return None
        verb = verb.head
        if first.lemma_ in SPEECH_ACTS and verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_ in REPORTING:
            return subject_of(verb.head)


class ArticleActors:
    """Who is who in one article: entities by token, people with their country and sector."""

    def __init__(self, item: AnnotatedArticle, lexicon: Lexicon) -> None:
        from sitroom.nlp.stages.mentions import title_table

        self.doc, self.lexicon, self.titles = item.doc, lexicon, title_table()
        self.text = item.article.text  # the parse's text; Doc.text rebuilds it on every access
        self.ent_at = _entities_by_token(item)
        self.group_at, self.person_starts = _people_by_token(item)
        self.orgs_named = {e.kb_id for e in item.ann.entities if e.sector == "IGO" and e.kb_id}
        self.dateline = _dateline_country(item)
        self.majority = _majority_country(item.ann.entities)
        self.recent: Actor | None = None  # the last actor the stage resolved, for "it"/"they"
        self.forces: dict[int, Actor] = {}  # armed forces named, by token, for "those troops"
        self._people: dict[int, Actor] = {}

    def resolve(self, token: Token, depth: int = 0) -> Actor | None:
        """The actor a noun phrase (given by its head) names, or None when it names none."""
        if depth > 3:
            return None
        if token.tag_ in ("WP", "WDT") and token.head.dep_ in ("relcl", "acl") and token.head.head.i != token.head.i:
            return self.resolve(token.head.head, depth + 1)  # "who had requested" -> the antecedent
        if token.pos_ == "PRON" and (token.lower_ in PERSONAL or token.lower_ in OTHER_PRONOUNS):
            return self._pronoun(token, depth)  # ("US" is not "us")
        token = np_top(token) if token.dep_ == "appos" else token
        head = quantified_head(token)
        # "most of the member states", "some of the officials": unnamed, unless a name says who
        generic = None if head.i != token.i else self._by_word(head, depth)
        actor = self._with_conjuncts(head, self._named(head) or generic, depth)
        if actor is not None and actor.sector == "MIL" and not actor.inferred:
            self.forces[head.i] = actor
        return actor

    def country_actor(self, country: str | None, sector: str | None, text: str = "", inferred: bool = False) -> Actor | None:
        if not country:
            return None
        return Actor(country_names().get(country, country), country, sector, None, text, inferred)

    def context_country(self, token: Token, depth: int = 0) -> str | None:
        """The country a bare 'the army' or an agentless passive belongs to.

        In order: the reporting speaker's ("the ministry said [the army had moved ...]"),
        a sentence-opening "In Vilnius,", the dateline's, the article's most named country.
        ``depth`` is the resolution depth so far: "The army would leave, it said" resolves
        "the army" through "it", whose antecedent is "the army" again, so the speaker is
        resolved one level deeper, never from a fresh budget (a fixed depth here recursed
        without end on a real story).
        """
        speaker = self.speaker_of(token)
        if speaker is not None and speaker.i != token.i:
            actor = self.resolve(speaker, depth=max(depth + 1, 2))
            if actor and actor.country:
                return actor.country
        return self._opener_country(token) or self.dateline or self.majority

    def speaker_of(self, token: Token) -> Token | None:
        """The subject of the reporting verb whose clause contains ``token``, if any."""
        child, tok = token, token.head
        while tok.i != child.i:
            if tok.lemma_ in REPORTING and child.dep_ in ("ccomp", "parataxis", "xcomp", "advcl", "conj"):
                return subject_of(tok)
            child, tok = tok, tok.head
        return None

    def person(self, group: MentionGroup | None, token: Token) -> Actor:
        """A person acts for a country (or organisation) in the sector of their title."""
        key = group.id if group else -1 - token.i
        if key not in self._people:
            self._people[key] = self._person(group, token)
        return self._people[key]

    def _named(self, head: Token) -> Actor | None:
        """An actor from the entities in the phrase: person, organisation, country, then the
        person a description ("the minister") was grouped with."""
        core = np_core(head, with_in=head.lemma_ in ("official", "diplomat", "officials"))
        ents = self._entities_in(core)
        own = self.ent_at.get(head.i)
        if own is not None and own.label == "PERSON":
            return self.person(self.group_at.get(head.i), head)
        text = self.text[core[0].idx:core[-1].idx + len(core[-1])]
        for e in ents:
            if e.label == "ORG" and (e.country or e.sector == "IGO"):
                return self._org(e, head, text)
        for e in ents:
            if e.label in ("GPE", "NORP", "LOC") and e.country:
                return self._country(e, head, own is e, text)
        person = next((e for e in ents if e.label == "PERSON"), None)
        if person is not None or head.i in self.group_at:
            span = self.doc.char_span(person.start, person.end, alignment_mode="expand") if person else None
            anchor = span.root if span is not None else head
            return self.person(self.group_at.get(anchor.i) or self.group_at.get(head.i), anchor)
        if own is not None and own.label == "ORG":
            return Actor(own.text, None, self._sector(head, core), None, text)  # "the Tram Drivers’ Union"
        return None

    def _entities_in(self, tokens: list[Token]) -> list[Entity]:
        """The entities over these tokens, each once, in text order (Entity is unhashable)."""
        out: list[Entity] = []
        for t in tokens:
            e = self.ent_at.get(t.i)
            if e is not None and all(e is not o for o in out):
                out.append(e)
        return out

    def _org(self, e: Entity, head: Token, text: str) -> Actor:
        if e.sector == "IGO" and not e.country:
            name = e.kb_id if e.kb_id and ":" not in e.kb_id else e.canonical
            return Actor(name, None, "IGO", name, text)
        return Actor(country_names().get(e.country or "", e.canonical), e.country, e.sector, None, text)

    def _country(self, e: Entity, head: Token, bare: bool, text: str) -> Actor:
        """'Poland' (its government), 'Polish troops' (MIL), 'Kursk' (a city's government)."""
        sector = self._sector(head, np_core(head))
        if bare:
            sector = sector or "GOV"  # a state acts through its government
            if e.kb_id and ":" in e.kb_id and not e.stands_for:
                return Actor(e.canonical, e.country, sector, None, text)  # a city or region acts
        return Actor(country_names().get(e.country or "", e.canonical), e.country, sector, None, text)

    def _by_word(self, head: Token, depth: int = 0) -> Actor | None:
        """'the army', 'officials', 'the alliance', 'foreign troops', 'those troops', 'drivers'."""
        word = self.lexicon.actor_words.get(head.lemma_.lower()) or self.lexicon.actor_words.get(head.lower_)
        dets = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        if word is None or (head.tag_ == "NN" and not dets and head.is_lower):
            return None  # "share intelligence": a mass noun, not an agency
        sector, org, name = word
        if sector == "MIL" and any(c.lower_ == "foreign" for c in head.children):
            return Actor("foreign troops", None, "MIL", None, head.text)
        if any(c.dep_ == "nummod" or c.lower_ in QUANTIFIERS for c in head.children):
            return None  # "at least two governments": some, unnamed
        if org:
            if org in self.orgs_named or (org == "NATO" and name):
                return Actor(name or org, None, "IGO", org, head.text)
            return None
        if sector == "MIL":
            forces = self._forces(head, dets)
            if forces is not None:
                return forces
        if head.lemma_.lower() in ("city", "town") and "the" in dets:
            return self._last_city(head)
        sector = self._sector(head, np_core(head)) or sector
        country = self.context_country(head, depth)
        if sector in STATE_SECTORS:
            return self.country_actor(country, sector, head.text, inferred=True)
        words = [c.text for c in head.lefts if c.dep_ == "compound"] + [head.text]
        return Actor(" ".join(words).lower(), country, sector, None, head.text, inferred=True)

    def _forces(self, head: Token, dets: set[str]) -> Actor | None:
        """'those troops': the armed force the article last named."""
        earlier = [i for i in self.forces if i < head.i]
        if dets & {"those", "these"} and earlier:
            return self.forces[max(earlier)]
        return None

    def _last_city(self, head: Token) -> Actor | None:
        """'the city' -> the city the article last named."""
        for i in range(head.i - 1, -1, -1):
            e = self.ent_at.get(i)
            if e is not None and e.label == "GPE" and e.kb_id and ":" in e.kb_id and e.country:
                return Actor(e.canonical, e.country, "GOV", None, head.text)
        return None

    def _sector(self, head: Token, core: list[Token]) -> str | None:
        """A title in the phrase ('deputy defence minister' -> MIL), else the head word's."""
        text = " ".join(t.text for t in core if t.i <= head.i)
        from sitroom.nlp.stages.mentions import find_titles

        for match in sorted(find_titles(text, self.titles), key=lambda m: m.start - m.end):
            sector = title_sectors().get(match.role)
            if sector:
                return sector
        word = self.lexicon.actor_words.get(head.lemma_.lower()) or self.lexicon.actor_words.get(head.lower_)
        return word[0] if word and not word[1] else None

    def _with_conjuncts(self, head: Token, actor: Actor | None, depth: int) -> Actor | None:
        """'Poland or Lithuania' -> one actor named 'Poland or Lithuania' (the first one's code)."""
        conjuncts = [c for c in head.children if c.dep_ == "conj"]
        if actor is None or not conjuncts:
            return actor
        names = [actor.name]
        for c in conjuncts:
            other = self._named(quantified_head(c))
            if other and other.name not in names:
                names.append(other.name)
        cc = next((c.lower_ for c in head.children if c.dep_ == "cc"), "and")
        name = f" {cc} ".join(names)
        return Actor(name, actor.country, actor.sector, actor.org, actor.text)

    def _pronoun(self, token: Token, depth: int) -> Actor | None:
        """'he' -> the last person named; 'it', 'we' -> the reporting speaker, else the last actor."""
        if token.lower_ not in PERSONAL:
            speaker = self.speaker_of(token)
            if speaker is not None and speaker.lower_ not in OTHER_PRONOUNS:
                return self.resolve(speaker, depth + 1)
            if token.lower_ in ("it", "its", "they", "them", "their"):
                return self._antecedent(token, depth) or self.recent
        before = [(s, g) for s, g in self.person_starts if s < token.idx]
        if not before:
            return self.recent
        start, group = before[-1]
        span = self.doc.char_span(start, start + 1, alignment_mode="expand")
        return self.person(group, span.root if span is not None else token)

    def _antecedent(self, token: Token, depth: int) -> Actor | None:
        """'it said': the nearest earlier subject, in this sentence or the one before, that
        names an organisation or country (not a person)."""
        sent = token.sent
        start = sent.start
        if start > 0:
            start = self.doc[start - 1].sent.start
        for t in reversed(self.doc[start:token.i]):
            if t.dep_ in ("nsubj", "nsubjpass") and t.lower_ not in PERSONAL | OTHER_PRONOUNS:
                actor = self.resolve(t, depth + 1)
                if actor is not None and not actor.person and (actor.country or actor.org):
                    return actor
        return None

    def _person(self, group: MentionGroup | None, token: Token) -> Actor:
        """Country from the person's phrase, else (for an official) the story's; sector from the title."""
        mentions = self._trusted_mentions(group) or [(token.idx, token.idx + len(token))]
        titles, found = self._person_evidence(mentions)
        titles = [*(group.titles if group else []), *titles]
        sector = next((title_sectors()[t] for t in titles if t in title_sectors()), None)
        name = group.name if group else token.text
        if any(t in LOCAL_TITLES for t in titles):  # a mayor acts for the city
            city = self._last_city(token)
            if city is not None:
                return Actor(city.name, city.country, "GOV", None, name, person=True)
        if found is not None:
            sector = "IGO" if found.org else sector or found.sector
            return Actor(found.name, found.country, sector, found.org, name, person=True)
        if sector is None:  # no title, no affiliation: an analyst or a commuter, country unknown
            return Actor(name, None, None, None, name, person=True)
        first = self.doc.char_span(mentions[0][0], mentions[0][1], alignment_mode="expand")
        anchor = first.root if first is not None else token
        country = self._opener_country(anchor) or self.dateline or self.majority
        actor = self.country_actor(country, sector, name) or Actor(name, None, sector, None, name)
        return replace(actor, person=True)

    def _person_evidence(self, mentions: list[tuple[int, int]]) -> tuple[list[str], Actor | None]:
        """Titles and the first affiliation in the phrases around a person's mentions."""
        titles: list[str] = []
        found: Actor | None = None
        for start, end in mentions:
            span = self.doc.char_span(start, end, alignment_mode="expand")
            if span is None:
                continue
            core = [t for t in np_core(np_top(span.root)) if not self._is_person(t)]
            titles += [m.role for m in _titles_in(self, core)]
            found = found or self._affiliation(core)
        return titles, found

    def _is_person(self, token: Token) -> bool:
        ent = self.ent_at.get(token.i)
        return ent is not None and ent.label == "PERSON"

    def _trusted_mentions(self, group: MentionGroup | None) -> list[tuple[int, int]]:
        """Named mentions, then descriptions whose title the person holds: a description may
        have been grouped with the wrong person ("Lithuania's foreign minister" with Poland's
        defence minister, because both are ministers)."""
        if group is None:
            return []
        from sitroom.nlp.stages.mentions import find_titles

        out = [(m.start, m.end) for m in group.mentions if m.kind != "title"]
        for m in group.mentions:
            roles = {t.role for t in find_titles(m.text, self.titles)}
            if m.kind == "title" and (not group.titles or roles & set(group.titles)):
                out.append((m.start, m.end))
        return out

    def _affiliation(self, core: list[Token]) -> Actor | None:
        """The organisation or country in a person's phrase: 'Kremlin spokesman', "Poland's minister"."""
        ents = self._entities_in(core)
        for e in ents:
            if e.label == "ORG" and (e.country or e.sector == "IGO"):
                return self._org(e, core[0], e.text)
        for e in ents:
            if e.label in ("GPE", "NORP") and e.country:
                return self.country_actor(e.country, None, e.text)
        return None

    def _opener_country(self, token: Token) -> str | None:
        """'In Vilnius, Foreign Minister ... said': the sentence's opening place."""
        sent = token.sent
        if len(sent) > 3 and sent[0].lower_ == "in":
            ent = self.ent_at.get(sent[1].i)
            if ent is not None and ent.label == "GPE" and ent.country:
                return ent.country
        return None


def _titles_in(actors: ArticleActors, core: list[Token]) -> list[Any]:
    from sitroom.nlp.stages.mentions import find_titles

    return find_titles(" ".join(t.text for t in core), actors.titles)


def _entities_by_token(item: AnnotatedArticle) -> dict[int, Entity]:
    out: dict[int, Entity] = {}
    for e in item.ann.entities:
        span = item.doc.char_span(e.start, e.end, alignment_mode="expand")
        for t in span if span is not None else ():
            out.setdefault(t.i, e)
    return out


def _people_by_token(item: AnnotatedArticle) -> tuple[dict[int, MentionGroup], list[tuple[int, MentionGroup]]]:
    at: dict[int, MentionGroup] = {}
    starts: list[tuple[int, MentionGroup]] = []
    for g in item.ann.mentions:
        if g.label != "PERSON":
            continue
        for m in g.mentions:
            starts.append((m.start, g))
            span = item.doc.char_span(m.start, m.end, alignment_mode="expand")
            for t in span if span is not None else ():
                at.setdefault(t.i, g)
    return at, sorted(starts, key=lambda sg: sg[0])


_DATELINE = re.compile(r"\s*([A-Z][A-Z.'’ -]{2,40}?)\s*(?:,|\(|—|–|-|\.)")


def _dateline_country(item: AnnotatedArticle) -> str | None:
    """'WARSAW, Sept 14 (Northline Wire) -' -> POL. A dateline is an upper-case place."""
    from sitroom.nlp.gazetteer import entity_lookup

    m = _DATELINE.match(item.article.text)
    if not m or not m.group(1).strip().isupper():
        return None
    entry = entity_lookup().get(m.group(1).strip().casefold())
    return entry.country if entry else None


def _majority_country(entities: list[Entity]) -> str | None:
    counts = Counter(e.country for e in entities if e.country and e.label in ("GPE", "NORP", "ORG"))
    return counts.most_common(1)[0][0] if counts else None
