"""mentions.v1: the mentions of one person or organisation within one article, grouped.

"Jan Nowak", "Nowak", "Defence Minister Jan Nowak", "Mr. Nowak" and "the minister" become
one group named "Jan Nowak" with the titles the article gives him. Descriptions ("the
minister", "the spokeswoman") go to the most recent earlier person holding a matching
title; a description that fits no one is left out rather than guessed.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc

from sitroom.config import Config
from sitroom.model import Entity, Mention, MentionGroup
from sitroom.nlp.gazetteer import entity_lookup, title_entries, title_heads
from sitroom.nlp.limits import check_deadline
from sitroom.nlp.pipeline import AnnotatedArticle, doc_text
from sitroom.nlp.registry import register_stage

HONORIFICS = {"mr", "mrs", "ms", "dr", "prof", "sir", "dame", "mr.", "mrs.", "ms.", "dr.", "prof."}


@dataclass
class TitleMatch:
    start: int  # character offsets
    end: int
    role: str  # canonical role, e.g. "Defence Minister"
    head: str  # last word, lower case: "minister", "spokeswoman"


@lru_cache(maxsize=1)
def title_table() -> dict[str, str]:
    """Lower-cased title phrase -> canonical role (longest phrases are tried first)."""
    table = {e.pattern.casefold(): e.canonical for e in title_entries()}
    return dict(sorted(table.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=4)
def _title_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(p) for p in phrases)
    return re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])", re.I)


def find_titles(text: str, table: dict[str, str]) -> list[TitleMatch]:
    """Every title phrase in the text, longest match first, no overlaps."""
    if not table:
        return []
    pattern = _title_pattern(tuple(table))
    out = []
    for m in pattern.finditer(text):
        phrase = m.group(0).casefold()
        role = table.get(phrase, m.group(0))
        out.append(TitleMatch(m.start(), m.end(), role, phrase.split()[-1].rstrip(".")))
    return out


def _words(name: str) -> list[str]:
    return [w for w in re.split(r"\s+", name) if w and w.casefold().rstrip(".") not in HONORIFICS]


def _same_person(a: str, b: str) -> bool:
    """'Jan Nowak' ~ 'J. Nowak' ~ 'Nowak'; 'Jan Nowak' !~ 'Anna Nowak'."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb or wa[-1].casefold() != wb[-1].casefold():
        return False
    if len(wa) == 1 or len(wb) == 1:
        return True
    fa, fb = wa[0].rstrip(".").casefold(), wb[0].rstrip(".").casefold()
    return fa.startswith(fb) or fb.startswith(fa)


class MentionGrouper:
    def __init__(self) -> None:
        self.table = title_table()

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        doc, ann = item.doc, item.ann
        titles = find_titles(doc_text(doc), self.table)
        people: list[MentionGroup] = []
        ann.entities = _recover_surnames(doc_text(doc), _names_after_titles(doc_text(doc), titles, ann.entities))
        person_ents = [e for e in ann.entities if e.label == "PERSON"]
        used_titles: set[int] = set()
        for ent in person_ents:
            check_deadline("mentions.v1")
            group = self._group_for(ent, people)
            kind, start = "name", ent.start
            before = self._title_before(doc, ent, titles)
            if before is not None:
                used_titles.add(before.start)
                self._add_title(group, before.role)
                kind, start = "title+name", before.start
            for t in self._titles_in_apposition(doc, ent, titles):
                used_titles.add(t.start)
                self._add_title(group, t.role)
            if len(_words(ent.text)) == 1 and kind == "name":
                kind = "surname"
            group.mentions.append(Mention(doc_text(doc)[start:ent.end], start, ent.end, kind))
        for group in people:
            group.countries = _group_countries(doc_text(doc), group, ann.entities)
        self._resolve_descriptions(doc, titles, used_titles, people, ann.entities)
        groups = people + self._group_orgs(ann.entities, len(people))
        for g in groups:
            g.mentions.sort(key=lambda m: m.start)
        names = {(m.start, m.end): g.name for g in people for m in g.mentions}
        for ent in person_ents:
            ent.canonical = next((n for (s, e), n in names.items() if s <= ent.start and ent.end <= e), ent.canonical)
        ann.mentions = groups
        return item

    @staticmethod
    def _add_title(group: MentionGroup, role: str) -> None:
        if role not in group.titles:
            group.titles.append(role)

    @staticmethod
    def _group_for(ent: Entity, people: list[MentionGroup]) -> MentionGroup:
        # Most recent compatible group first: two Nowaks in one article go to the nearer one.
        for group in reversed(people):
            if _same_person(group.name, ent.text):
                longer = (len(_words(ent.text)), len(ent.text)) > (len(_words(group.name)), len(group.name))
                if longer:  # "Rimantas Žukauskas" names the group better than "R. Žukauskas"
                    group.name = " ".join(ent.text.split())
                return group
        group = MentionGroup(id=len(people), label="PERSON", name=" ".join(ent.text.split()))
        people.append(group)
        return group

    @staticmethod
    def _title_before(doc: Doc, ent: Entity, titles: list[TitleMatch]) -> TitleMatch | None:
        """A title ending just before the name: 'Defence Minister Jan Nowak', 'Sen. Jane Roe'."""
        # Titles come in text order and do not overlap: only those ending at most 3 characters
        # before the name can match. Scanning (and slicing the text for) every title made
        # this quadratic: 990 KB of one repeated sentence ran for over 1,500 s.
        first = bisect_left(titles, ent.start - 3, key=lambda t: t.end)
        for t in itertools.takewhile(lambda t: t.end <= ent.start, titles[first:first + 4]):
            gap = doc_text(doc)[t.end:ent.start]
            if t.end <= ent.start and len(gap) <= 2 and not gap.strip(" "):
                return t
            if t.end <= ent.start and gap.strip() == "," and len(gap) <= 3 and _DESCRIPTION_LEAD.search(doc_text(doc)[max(0, t.start - 40):t.start]):
                return t  # "the spokesman, Daniel Whitcombe," names the spokesman
        return None

    @staticmethod
    def _titles_in_apposition(doc: Doc, ent: Entity, titles: list[TitleMatch]) -> list[TitleMatch]:
        """'Jan Nowak, Poland's defence minister, said' / 'said Maria Ortega, the research director'."""
        rest = doc_text(doc)[ent.end:ent.end + 120]
        if not rest.startswith(","):
            return []
        clause_end = re.search(r"[,.;:()\"“”]|\n", rest[1:])
        limit = ent.end + 1 + (clause_end.start() if clause_end else len(rest) - 1)
        return [t for t in titles if ent.end < t.start and t.end <= limit]

    @staticmethod
    def _resolve_descriptions(doc: Doc, titles: list[TitleMatch], used: set[int], people: list[MentionGroup],
                              entities: list[Entity]) -> None:
        """'the minister' / "Poland's president" -> the latest earlier person with that title
        (and, when the description names a state, one tied to that state)."""
        for t in titles:
            if t.start in used:
                continue
            lead = doc_text(doc)[max(0, t.start - 40):t.start]
            m = re.search(r"(?:\bthe\s+(?:[A-Z][\w.-]*\s+){0,2}|\b[A-Z][\w.-]*['’]s\s+)$", lead, re.I)
            if not m:
                continue
            start = t.start - len(m.group(0))
            candidates = [g for g in people if g.mentions and g.mentions[0].start < start
                          and any(t.role == r or t.head in r.casefold().split() for r in g.titles)]  # fmt: skip
            candidates = filter_by_country(candidates, qualifier_countries(entities, start, t.start))
            if candidates:
                best = max(candidates, key=lambda g: max(m.start for m in g.mentions if m.start < start))
                best.mentions.append(Mention(doc_text(doc)[start:t.end], start, t.end, "title"))

    @staticmethod
    def _group_orgs(entities: list[Entity], first_id: int) -> list[MentionGroup]:
        """Organisations by canonical name; an acronym joins the group whose initials it spells."""
        groups: dict[str, MentionGroup] = {}
        for ent in (e for e in entities if e.label == "ORG"):
            key = ent.kb_id or ent.canonical
            if key not in groups and ent.text.isupper():
                key = next((k for k, g in groups.items() if _initials(g.name) == ent.text), key)
            group = groups.get(key)
            if group is None:
                group = groups[key] = MentionGroup(id=first_id + len(groups), label="ORG", name=ent.canonical)
            group.mentions.append(Mention(ent.text, ent.start, ent.end, "org"))
        return list(groups.values())


_NAME_AFTER_TITLE = re.compile(r"[ \t]+((?:[^\W\d_][\w'’.-]*[ \t]+){0,2}[^\W\d_][\w'’-]+)")
_DESCRIPTION_LEAD = re.compile(r"(?:\bthe\s+(?:[A-Z][\w.-]*\s+){0,3}|\b[A-Z][\w.-]*['’]s\s+(?:[a-z]+\s+)?)$", re.I)
_NOT_NAMES = frozenset(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "The", "A", "An", "He", "She", "They", "It", "This", "That"])  # fmt: skip


def _names_after_titles(text: str, titles: list[TitleMatch], entities: list[Entity]) -> list[Entity]:
    """A capitalised name right after a title is a person even when NER missed it.

    spaCy's small model misses names after long titles: in "Senate Armed Services
    Committee Chair Jane Roe (D-Maine)" it finds the committee but not Jane Roe.
    """
    out = list(entities)
    for t in titles:
        m = _NAME_AFTER_TITLE.match(text, t.end)
        if m is None and text.startswith(",", t.end) and _DESCRIPTION_LEAD.search(text[max(0, t.start - 40):t.start]):
            m = _NAME_AFTER_TITLE.match(text, t.end + 1)  # "Lithuania’s foreign minister, Rimantas Žukauskas,"
        if not m:
            continue
        # Capitalised words only (any script: "Žukauskas"), at most three.
        words = []
        for w in m.group(1).split():
            if not w[0].isupper() or w in _NOT_NAMES:
                break
            words.append(w)
        if not words:
            continue
        name = " ".join(words)
        start = m.start(1)
        end = start + len(name)
        if name != text[start:end]:
            continue
        same = next((e for e in out if e.start == start and e.end == end), None)
        if same is not None and same.label != "PERSON" and same.kb_id is None:
            # "Lithuania’s foreign minister, Rimantas Žukauskas": NER called the name an ORG.
            out[out.index(same)] = Entity(name, "PERSON", start, end, name)
            continue
        if any(e.start < end and start < e.end for e in out):
            continue
        if entity_lookup().get(name.casefold()):
            continue  # "President Biden" yes; "Minister Poland" is not a name
        out.append(Entity(name, "PERSON", start, end, name))
    return sorted(out, key=lambda e: e.start)


def qualifier_countries(entities: list[Entity], start: int, end: int) -> set[str]:
    """States named inside a description: "Lithuania's foreign minister", "the Polish minister"."""
    return {e.country for e in entities if start <= e.start and e.end <= end and e.country and e.label in ("GPE", "NORP")}


def filter_by_country(candidates: list[MentionGroup], countries: set[str]) -> list[MentionGroup]:
    """Keep the people tied to the described state. "Lithuania's foreign minister" is not the
    Polish defence minister, however recently he was named: with no one tied to that state,
    nobody is chosen rather than the wrong person."""
    if not countries:
        return candidates
    return [g for g in candidates if set(g.countries) & countries]


def _group_countries(text: str, group: MentionGroup, entities: list[Entity]) -> list[str]:
    """States the article ties a person to: 'Polish Defence Minister Jan Nowak', 'Jan Nowak,
    Poland's defence minister,', 'Lithuania’s foreign minister, Rimantas Žukauskas'."""
    found: list[str] = []
    for m in group.mentions:
        lo = max(0, m.start - 45)
        hi = m.end + 60 if text[m.end:m.end + 1] == "," else m.end
        for e in entities:
            if e.country and e.label in ("GPE", "NORP") and lo <= e.start and e.end <= hi and e.country not in found:
                between = text[e.end:m.start] if e.end <= m.start else text[m.end:e.start]
                if "." not in between and "\n" not in between:
                    found.append(e.country)
    return found


def _recover_surnames(text: str, entities: list[Entity]) -> list[Entity]:
    """Make the surname of a named person a PERSON wherever it recurs in the article.

    The statistical NER labels a bare surname by its context: "Vaitkus told reporters" came
    out as a GPE in our tests, and "Nowak said" is sometimes not an entity at all. Once the
    article has named "Tomas Vaitkus", every later "Vaitkus" not in the gazetteer is him.
    """
    surnames = {_words(e.text)[-1] for e in entities if e.label == "PERSON" and len(_words(e.text)) >= 2}
    surnames = {s for s in surnames if len(s) > 2 and s[0].isupper()}
    if not surnames:
        return entities
    out = []
    for e in entities:
        if e.label != "PERSON" and e.kb_id is None and e.text in surnames:
            e = Entity(e.text, "PERSON", e.start, e.end, e.text)
        out.append(e)
    covered = [(e.start, e.end) for e in out]
    for name in surnames:
        for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            if not any(s <= m.start() < e for s, e in covered):
                out.append(Entity(name, "PERSON", m.start(), m.end(), name))
    return sorted(out, key=lambda e: e.start)


def _title_word(word: str) -> bool:
    return word.casefold().rstrip(".") in title_heads()


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[0].isupper())


@register_stage("mentions.v1", requires=("doc", "entities"), provides=("mentions",))
def mentions_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Group names, surnames, titles and descriptions of one person or organisation."""
    return MentionGrouper()
