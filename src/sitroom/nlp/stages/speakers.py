"""speakers.v1: the named person or organisation behind each quote, and speaker profiles.

The quotes stage records how the article refers to a source at each quote ("he", "the
minister", "Kremlin spokesman Oleg Travkin", "the ministry"). This stage resolves that
mention to a name, using the article's mention groups, and builds one profile per speaker
(name, role, organisation, country, party and state) with all their quotes linked to it.
A pronoun is never a name: an unresolvable source leaves ``speaker`` null.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from sitroom.config import Config
from sitroom.model import Annotations, Entity, MentionGroup
from sitroom.nlp.gender import person_genders, pronoun_gender
from sitroom.nlp.pipeline import AnnotatedArticle, doc_text
from sitroom.nlp.quotemarks import find_quote_spans
from sitroom.nlp.registry import register_stage
from sitroom.nlp.stages.mentions import (
    TitleMatch,
    filter_by_country,
    find_titles,
    qualifier_countries,
    title_table,
)

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"it", "they", "we"})
_PARTY = re.compile(r"\(\s*([DRI])\s*[-–]\s*([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s*\)")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|a|A|an|An)\s+")


@dataclass
class Profile:
    id: int
    name: str
    kind: str  # person | org
    role: str | None = None
    org: str | None = None
    country: str | None = None
    party: str | None = None
    state: str | None = None
    quotes: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class SpeakerResolver:
    def __init__(self) -> None:
        self.table = title_table()

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        text, ann = doc_text(item.doc), item.ann
        titles = find_titles(text, self.table)
        profiles: dict[str, Profile] = {}
        quoted = [(q["start"], q["end"]) for q in ann.quotes]
        previous: tuple[int, str] | None = None  # (position, profile key) of the last resolved quote
        for index, q in enumerate(ann.quotes):
            if q["mention_start"] is None:
                continue
            key = self._resolve(text, ann, q, quoted, previous, titles, profiles)
            if key is None:
                q["speaker"] = self._unnamed(text, q)
                continue
            profile = profiles[key]
            profile.quotes.append(index)
            q["speaker"] = {"name": profile.name, "role": profile.role, "org": profile.org, "mention": q["mention"],
                            "mention_start": q["mention_start"], "mention_end": q["mention_end"], "id": profile.id,
                            "kind": profile.kind}  # fmt: skip
            previous = (q["mention_start"], key)
        ann.speakers = [p.to_dict() for p in profiles.values()]
        return item

    def _unnamed(self, text: str, q: dict[str, Any]) -> dict[str, Any] | None:
        """The speaker of a quote whose source names no one (a hook: v1 leaves it null)."""
        return None

    def _resolve(self, text: str, ann: Annotations, q: dict[str, Any], quoted: list[tuple[int, int]],
                 previous: tuple[int, str] | None, titles: list[TitleMatch], profiles: dict[str, Profile]) -> str | None:
        ms, me = int(q["mention_start"]), int(q["mention_end"])
        mention = text[ms:me]
        group = _group_at(ann.mentions, ms, me, "PERSON") or _appositive_person(text, ann.mentions, me)
        if group is None and mention.casefold() in PERSON_PRONOUNS:
            group = self._antecedent(ann, ms, quoted, previous, profiles)
        described = [t for t in titles if ms <= t.start and t.end <= me]
        if group is None and described:
            group = _described_person(ann.mentions, described[-1], ms, qualifier_countries(ann.entities, ms, me))
        if group is not None:
            return self._person_profile(text, ann, group, titles, profiles)
        if described:
            return None  # "a Polish Border Guard spokeswoman": a person the article does not name
        if mention.casefold() in GROUP_PRONOUNS and previous is not None and profiles[previous[1]].kind == "org":
            return previous[1]
        org = self._org_source(ann, ms, me, mention)
        if org is not None:
            key = f"org:{org.casefold()}"
            profiles.setdefault(key, Profile(len(profiles), org, "org"))
            return key
        return None

    @staticmethod
    def _antecedent(ann: Annotations, at: int, quoted: list[tuple[int, int]], previous: tuple[int, str] | None,
                    profiles: dict[str, Profile]) -> MentionGroup | None:
        """The person a pronoun refers to: the latest person named before it, outside quotes.

        The previous quote's speaker wins when no other person was named since, because news
        prose keeps the speaker as the topic ("…,” Nowak said. He added that …").
        """
        best: tuple[int, MentionGroup] | None = None
        for g in ann.mentions:
            if g.label != "PERSON":
                continue
            for m in g.mentions:
                if m.end <= at and not any(s <= m.start < e for s, e in quoted) and (best is None or m.start > best[0]):
                    best = (m.start, g)
        if best is None:
            return None
        if previous is not None and profiles[previous[1]].kind == "person" and best[0] <= previous[0]:
            name = profiles[previous[1]].name
            return next((g for g in ann.mentions if g.name == name), best[1])
        return best[1] if at - best[0] < 1500 else None

    @staticmethod
    def _org_source(ann: Annotations, ms: int, me: int, mention: str) -> str | None:
        """'the Kremlin', 'Belarus’s foreign ministry', 'Polish intelligence' -> the mention, cleaned;
        'the ministry', 'the union' -> the latest organisation named before whose name has that noun."""
        inside = [e for e in ann.entities if ms <= e.start and e.end <= me and e.label in ("ORG", "GPE", "NORP")]
        if not inside:
            return _described_org(ann, ms, mention)
        cleaned = _LEADING_ARTICLE.sub("", mention.strip())
        words = cleaned.split()
        if len(words) > 8 or any(w.casefold() in ("official", "officials", "diplomats", "diplomat", "sources", "source") for w in words):
            return None  # "a NATO official", "Western diplomats": unnamed people, not the organisation
        return cleaned

    def _person_profile(self, text: str, ann: Annotations, group: MentionGroup, titles: list[TitleMatch],
                        profiles: dict[str, Profile]) -> str:
        key = f"person:{group.name}"
        if key not in profiles:
            profiles[key] = build_profile(len(profiles), text, ann.entities, group, titles)
        return key


_PLACE_NOUNS = frozenset({"city", "town", "capital", "country", "government", "region", "municipality"})


def _described_org(ann: Annotations, at: int, mention: str) -> str | None:
    m = re.fullmatch(r"(?:the|The)\s+([a-z]+)", mention.strip())
    if not m:
        return None
    head = m.group(1)
    earlier = [e for e in ann.entities if e.end <= at]
    if head in _PLACE_NOUNS:
        gpes = [e for e in earlier if e.label == "GPE"]
        return gpes[-1].canonical if gpes else None
    orgs = [e for e in earlier if e.label == "ORG" and head in e.text.casefold()]
    return _LEADING_ARTICLE.sub("", orgs[-1].text) if orgs else None


def _appositive_person(text: str, groups: list[MentionGroup], end: int) -> MentionGroup | None:
    """'The State Department spokesman, Daniel Whitcombe, said': the name in apposition."""
    m = re.match(r"\s*,\s*", text[end:end + 4])
    if not m:
        return None
    at = end + m.end()
    for g in groups:
        if g.label == "PERSON" and any(mm.start <= at < mm.end or mm.start == at for mm in g.mentions):
            return g
    return None


def _described_person(groups: list[MentionGroup], title: TitleMatch, at: int, countries: set[str]) -> MentionGroup | None:
    """'the spokesman' -> the person with that title named nearest before (else after) it;
    "Belarus’s deputy defence minister" only someone tied to Belarus."""
    people = filter_by_country([g for g in groups if g.label == "PERSON"], countries)
    # Same role first ("deputy defence minister"), then the same head noun ("minister").
    fits = [g for g in people if title.role in g.titles] or [g for g in people if any(title.head in r.casefold().split() for r in g.titles)]
    if not fits:
        return None
    before = [(max(m.start for m in g.mentions if m.start < at), g) for g in fits if any(m.start < at for m in g.mentions)]
    if before:
        return max(before, key=lambda x: x[0])[1]
    return min(fits, key=lambda g: min(m.start for m in g.mentions))


def _group_at(groups: list[MentionGroup], start: int, end: int, label: str) -> MentionGroup | None:
    """The group with a mention inside [start, end), preferring the longest such mention."""
    best: tuple[int, MentionGroup] | None = None
    for g in groups:
        if g.label != label:
            continue
        for m in g.mentions:
            if start <= m.start and m.end <= end or m.start <= start < m.end:
                size = m.end - m.start
                if best is None or size > best[0]:
                    best = (size, g)
    return best[1] if best else None


def build_profile(pid: int, text: str, entities: list[Entity], group: MentionGroup, titles: list[TitleMatch]) -> Profile:
    """Name, role, organisation/country, party and state from how the article introduces a person."""
    profile = Profile(pid, group.name, "person")
    for m in group.mentions:
        for t in _titles_near(text, m.start, m.end, titles):
            role, org, country = _role_context(text, entities, t)
            if profile.role is None or len(role) > len(profile.role):
                profile.role = role
            profile.org = profile.org or org
            profile.country = profile.country or country
        party = _PARTY.match(text, m.end + 1) or _PARTY.match(text, m.end)
        if party and profile.party is None:
            profile.party, profile.state = party.group(1), party.group(2)
    if profile.org and profile.role and profile.role.casefold() in ("chair", "chairman", "chairwoman"):
        profile.role = f"{profile.role}, {profile.org}"
    return profile


def _titles_near(text: str, start: int, end: int, titles: list[TitleMatch]) -> list[TitleMatch]:
    """Titles inside a mention ('Defence Minister Jan Nowak') or in apposition after it."""
    near = [t for t in titles if start <= t.start and t.end <= end]
    rest = text[end:end + 120]
    if rest.startswith(","):
        stop = re.search(r"[,.;:()\"“”]|\n", rest[1:])
        limit = end + 1 + (stop.start() if stop else len(rest) - 1)
        near += [t for t in titles if end < t.start and t.end <= limit]
    return near


def _role_context(text: str, entities: list[Entity], title: TitleMatch) -> tuple[str, str | None, str | None]:
    """(surface role, organisation, country) for one title occurrence.

    'Polish Defence Minister' -> country Poland; 'Kremlin spokesman' -> org Kremlin;
    'the research director of the Vistula Institute' -> org Vistula Institute.
    """
    role = text[title.start:title.end]
    org = country = None
    before = [e for e in entities if e.end <= title.start and title.start - e.end <= 3 and e.label in ("ORG", "GPE", "NORP")]
    if before:
        e = before[-1]
        if e.label in ("GPE", "NORP") and e.country:
            country = e.canonical  # the gazetteer gives a demonym ("Polish") its country's name
        else:
            org = e.text
    after = re.match(r"\s+(?:of|at|for)\s+(?:the\s+)?", text[title.end:title.end + 12])
    if after:
        at = title.end + after.end()
        e2 = next((e for e in entities if e.start == at and e.label in ("ORG", "GPE")), None)
        if e2 is not None:
            org = e2.text
    return role, org, country


@register_stage("speakers.v1", requires=("doc", "entities", "mentions", "quotes"), provides=("speakers",))
def speakers_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Resolve each quote's source to a named speaker and build speaker profiles."""
    return SpeakerResolver()


class GenderedSpeakerResolver(SpeakerResolver):
    """speakers.v2: v1, with pronouns that respect the gender the article gives each person.

    v1 resolved "she" to the last person named, often a man (PolNeAR train: "she" -> Donald
    Trump, "he" -> Hillary Clinton). Here a pronoun skips people of the other gender
    (``sitroom.nlp.gender``) and names written inside quotation marks (a show or a book
    title tagged PERSON: ABC's “Good Morning America”).
    """

    def __call__(self, item: AnnotatedArticle) -> AnnotatedArticle:
        self._text = doc_text(item.doc)
        self._marks = [(m.start, m.end) for m in find_quote_spans(self._text)]
        self._genders = person_genders(item.doc, self._text, item.ann.mentions, self._marks)
        self._doc = item.doc
        return super().__call__(item)

    def _antecedent(self, ann: Annotations, at: int, quoted: list[tuple[int, int]],  # type: ignore[override]
                    previous: tuple[int, str] | None, profiles: dict[str, Profile]) -> MentionGroup | None:
        """The latest person named before the pronoun, outside quotes, of the pronoun's gender;
        the previous quote's speaker when no other such person was named since."""
        end = self._text.find(" ", at)
        want = pronoun_gender(self._text[at:end if end > 0 else at + 5].strip(" ,.;:"))
        fits = lambda g: want is None or self._genders.get(g.name, want) == want  # noqa: E731
        outside = quoted + self._marks
        section = _section_start(self._text, at)
        best: tuple[int, MentionGroup] | None = None
        known: tuple[int, MentionGroup] | None = None  # the latest whose gender is known to match
        for g in ann.mentions:
            if g.label != "PERSON" or not fits(g):
                continue
            for m in g.mentions:
                if section <= m.start and m.end <= at and not any(s <= m.start < e for s, e in outside):
                    if best is None or m.start > best[0]:
                        best = (m.start, g)
                    if want and g.name in self._genders and (known is None or m.start > known[0]):
                        known = (m.start, g)
        if best is not None:
            best = self._salient(ann, best, at, fits, outside)
        # "Mr. Nowak spoke. Then Anna Berg took the stage. “…,” he said": a person known to be
        # "he" wins over a later one of unknown gender in the same stretch of text.
        if known is not None and best is not None and best[0] - known[0] < 600:
            best = known
        if (previous is not None and profiles[previous[1]].kind == "person" and previous[0] >= section
                and (best is None or best[0] <= previous[0])):  # fmt: skip
            group = next((g for g in ann.mentions if g.name == profiles[previous[1]].name), None)
            if group is not None and fits(group):
                return group
        return best[1] if best is not None and at - best[0] < 1500 else None


    def _salient(self, ann: Annotations, best: tuple[int, MentionGroup], at: int,
                 fits: Callable[[MentionGroup], bool], outside: list[tuple[int, int]]) -> tuple[int, MentionGroup]:
        """In the sentence that named the latest candidate, its subject over an object or a
        possessive: "Trump went after Bush, calling him “…” ¶ He says" is Trump, not Bush."""
        sent = self._doc.char_span(best[0], best[0] + 1, alignment_mode="expand")
        if sent is None or _is_subject(self._doc, best[0]):
            return best
        lo, hi = sent.sent.start_char, min(sent.sent.end_char, at)
        subjects = [(m.start, g) for g in ann.mentions if g.label == "PERSON" and fits(g) for m in g.mentions
                    if lo <= m.start < hi and not any(s <= m.start < e for s, e in outside) and _is_subject(self._doc, m.start)]
        return max(subjects, key=lambda x: x[0]) if subjects else best


def _is_subject(doc: Doc, start: int) -> bool:
    """The mention starting at ``start`` is (part of) the subject of its clause."""
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return False
    tok = span[0]
    while tok.dep_ in ("compound", "flat", "amod") and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in ("nsubj", "nsubjpass")


_SECTION_BREAK = re.compile(r"\n\s*_{3,}\.?\s*\n")


def _section_start(text: str, at: int) -> int:
    """Where the section holding ``at`` begins: a pronoun never reaches back across a "___"
    rule, which live blogs ("The Latest on ...") put between unrelated items."""
    start = 0
    for m in _SECTION_BREAK.finditer(text, 0, at):
        start = m.end()
    return start


# Words that cannot end a description of a source: pronouns of any kind, and the people a
# statement is told to ("told reporters"), who are its audience, not its source.
_NOT_DESCRIPTIONS = frozenset({"i", "you", "me", "us", "who", "whom", "which", "that", "this", "these", "those",
                               "one", "reporters", "reporter", "journalists", "him", "her", "them"})  # fmt: skip


@register_stage("speakers.v2", requires=("doc", "entities", "mentions", "quotes"), provides=("speakers",))
def speakers_v2(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """speakers.v1 with gender-respecting pronouns; quoted titles are never antecedents."""
    return GenderedSpeakerResolver()


class DescribedSpeakerResolver(GenderedSpeakerResolver):
    """speakers.v3: v2, with an unnamed source kept as the speaker (kind ``description``).

    A new version rather than a change to v2: a non-null speaker where v2 gave null changes
    what the stages and story code after it do with the quote (holders, claims, the brief),
    and the store records which version produced each row.
    """

    def _unnamed(self, text: str, q: dict[str, Any]) -> dict[str, Any] | None:
        """"the company said", "according to the report", "officials said": with no name given,
        the description is the speaker (kind ``description``). Never a pronoun alone, a
        relative pronoun, or the reporters told. ("it"/"they" carrying on an earlier
        description was measured on PolNeAR dev: speaker F1 +0.002, resolved-name F1 -0.001,
        so it is left out.)"""
        ms, me = int(q["mention_start"]), int(q["mention_end"])
        mention = " ".join(text[ms:me].split()).strip(" ,.;:–—-")
        words = mention.casefold().split()
        if not words or len(words) > 12 or words[-1] in _NOT_DESCRIPTIONS:
            return None
        if len(words) == 1 and words[0] in GROUP_PRONOUNS | PERSON_PRONOUNS | _NOT_DESCRIPTIONS:
            return None
        return {"name": mention, "role": None, "org": None, "mention": q["mention"], "mention_start": ms,
                "mention_end": me, "id": None, "kind": "description"}  # fmt: skip


    def _resolve(self, text: str, ann: Annotations, q: dict[str, Any], quoted: list[tuple[int, int]],
                 previous: tuple[int, str] | None, titles: list[TitleMatch], profiles: dict[str, Profile]) -> str | None:
        """v2's resolution, and a transcript label in capitals ("PENCE: …") is the person the
        article names with that surname ("Gov. Mike Pence")."""
        key = super()._resolve(text, ann, q, quoted, previous, titles, profiles)
        mention = text[int(q["mention_start"]):int(q["mention_end"])]
        if key is not None or not mention.isupper() or len(mention.split()) > 3:
            return key
        surname = mention.split()[-1].casefold()
        people = [g for g in ann.mentions if g.label == "PERSON" and g.name.split()[-1].casefold() == surname]
        return self._person_profile(text, ann, people[0], titles, profiles) if len(people) == 1 else None

    @staticmethod
    def _org_source(ann: Annotations, ms: int, me: int, mention: str) -> str | None:
        """v2's organisation, without the writer's epithets before its name: "the nonpartisan
        Congressional Budget Office", "the conservative-leaning Tax Foundation" and "the event
        organizer Alliance to Reclaim Our Schools (AROS)" are the bodies as named (PolNeAR dev)."""
        name = SpeakerResolver._org_source(ann, ms, me, mention)
        orgs = [e for e in ann.entities if ms <= e.start and e.end <= me and e.label == "ORG"]
        if name is None or not orgs:
            return name
        return orgs[0].text if without_epithets(mention, orgs[0].text) else name


def without_epithets(mention: str, org: str) -> bool:
    """``mention`` is ``org`` with only the writer's lower-case epithets before it ("the
    nonpartisan ", "the event organizer ") and perhaps its abbreviation after it ("(AROS)")."""
    mention = _ABBREVIATION.sub("", mention.strip())
    return mention.endswith(org) and bool(_EPITHETS.fullmatch(mention[:len(mention) - len(org)]))


_ABBREVIATION = re.compile(r"\s*\([A-Z]{2,8}\)$")  # "Alliance to Reclaim Our Schools (AROS)"
# Lower-case words before an organisation's name: "the nonpartisan ", "a conservative-leaning ".
_EPITHETS = re.compile(r"(?:(?:the|The|a|A|an|An)\s+)?(?:[a-z][a-z-]*\s+)+")


@register_stage("speakers.v3", requires=("doc", "entities", "mentions", "quotes"), provides=("speakers",))
def speakers_v3(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """speakers.v2 with unnamed sources ("the company said", "officials said") kept as the
    speaker, kind ``description``; descriptions get no profile."""
    return DescribedSpeakerResolver()
