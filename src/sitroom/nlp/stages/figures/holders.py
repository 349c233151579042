"""Whose number it is (step 5): the speaker of the quote around it, the source the syntax
gives, the source of a figure it is listed with; ``null`` when the writer states it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Span, Token

from sitroom.model import Entity
from sitroom.nlp.gazetteer import entity_lookup, title_entries
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.stages.figures.numbers import (
    Figure,
    Lexicon,
    paragraph_of,
    paragraphs,
    sentence_of,
)
from sitroom.nlp.stages.speakers import without_epithets

_PRONOUN_PERSON = frozenset({"he", "she", "him", "her"})
_COMPASS = re.compile(r"\s+(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:ern)?\s+of\b", re.I)
_PLACE_APPOSITION = re.compile(r"\b[A-Z][\w’'-]+,\s+(?:(?:a|an)\s+[\w-]+\s+)?$")


# -- 5. the holder -----------------------------------------------------------------------------


@dataclass
class Found:
    """A source the syntax points at; ``name`` None means the source is unnamed."""

    name: str | None


class Sources:
    """Who states each figure, resolved with the article's entities and mention groups."""

    def __init__(self, item: AnnotatedArticle, lex: Lexicon, sents: list[Span]) -> None:
        self.item, self.lex, self.doc, self.sents = item, lex, item.doc, sents
        self.text = item.article.text
        self.people = sorted((m.start, m.end, g.name) for g in item.ann.mentions if g.label == "PERSON" for m in g.mentions)
        self.entities = item.ann.entities
        self.recent: list[tuple[int, str]] = []  # named non-person holders so far, for "the ministry"
        self.marks = quote_spans(self.text)

    def holder_for(self, fig: Figure) -> tuple[bool, str | None]:
        found = self._from_quotes(fig) or self._from_phrases(fig) or self._from_syntax(fig)
        if found is None:
            return False, None
        if found.name and not self._is_person_name(found.name):
            self.recent.append((fig.start, found.name))
        return True, found.name

    # quotes --------------------------------------------------------------------------------
    def _from_quotes(self, fig: Figure) -> Found | None:
        """The speaker of the quote the figure sits in: the quotes stage's if it ran, else the
        cue verb nearest our own quote marks in the paragraph (or the paragraph before, for a
        quote that runs on without a cue)."""
        speaker = self._quote_speaker(fig, direct=True)
        if speaker:
            return Found(speaker)
        mark = next(((s, e) for s, e in self.marks if s <= fig.start < e), None)
        if mark is None:
            return None
        para = paragraph_of(self.text, mark[0])
        for lo, hi in (para, paragraph_of(self.text, para[0] - 3) if para[0] > 2 else para):
            cue = self._nearest_cue_outside_quotes(lo, hi, mark)
            if cue is not None:
                return self._source_of(cue) or None
            if not self.text[lo:hi].lstrip().startswith(("“", '"', "„", "«")):
                break
        return None

    def reported_speaker(self, fig: Figure) -> tuple[bool, str | None]:
        """Last resort: the speaker of the reported speech around the figure. It comes after
        the syntax because reported speech nests sources ("He said Polish intelligence
        believed that nearly five thousand ...": Polish intelligence holds the figure)."""
        speaker = self._quote_speaker(fig, direct=False)
        return (True, speaker) if speaker else (False, None)

    def paragraph_holder(self, fig: Figure) -> tuple[bool, str | None]:
        """"John Kirby stated that ... These troops then went to three sites": a sentence with
        no cue of its own that goes on about what an attribution earlier in the paragraph
        introduced (its subject is "these troops", "they", "it") keeps that attribution's
        source. The nearest earlier sentence with a cue decides, at most two sentences back and
        only through sentences that also go on."""
        if not _continues(fig.sent) or any(self._is_cue(t) for t in fig.sent):
            return False, None
        lo = paragraph_of(self.text, fig.sent.start_char)[0]
        earlier = [s for s in self.sents if lo <= s.start_char and s.end_char <= fig.sent.start_char][-2:]
        for sent in reversed(earlier):
            cue = next((t for t in sent if self._is_cue(t) and any(c.dep_ == "ccomp" for c in t.children)), None)
            if cue is not None:
                found = self._source_of(cue)
                return (True, found.name) if found is not None and found.name else (False, None)
            if not _continues(sent):
                break  # the writer's own narrative in between: the attribution no longer reaches
        return False, None

    def source_goes_on(self, fig: Figure) -> tuple[bool, str | None]:
        """"..., the IMF said. It edged up its forecast by 0.1 percentage points": "it" right
        after an organisation's statement is that organisation, and a figure of "its forecast"
        (its estimate, count) is its own. Not what it did ("It put 40 extra buses on the
        busiest routes" is the writer's report), not across a paragraph, never a person."""
        subj = next((c for c in fig.sent.root.children if c.dep_ == "nsubj"), None)
        if subj is None or subj.lower_ != "it" or fig.sent.start == 0:
            return False, None
        if not any(t.lower_ in self.lex.estimate_nouns | _FORECASTS and any(c.lower_ == "its" for c in t.children) for t in fig.sent):
            return False, None
        before = sentence_of(self.sents, self.doc[fig.sent.start - 1])
        if before.start_char < paragraph_of(self.text, fig.sent.start_char)[0]:
            return False, None
        cue = next((t for t in before if self._is_cue(t)), None)
        found = self._source_of(cue) if cue is not None else None
        if found is None or not found.name or self._is_person_name(found.name):
            return False, None
        return True, found.name

    def _quote_speaker(self, fig: Figure, direct: bool) -> str | None:
        """The speaker name of a quotes-stage quote around the figure: direct and partial
        quotes when ``direct``, reported speech otherwise. An unnamed source ("officials said",
        kind ``description``) names no holder: the syntax below reads it as v2 did ("Polish
        officials" -> Poland), and ``described_source`` keeps its words."""
        speaker = self._speaker_around(fig, direct)
        if speaker is None or speaker.get("kind") == "description":
            return None
        return str(speaker["name"])

    def described_source(self, fig: Figure) -> str | None:
        """The words of the unnamed source of a quote around the figure ("Western officials"),
        for a figure left with no named holder."""
        for direct in (True, False):
            speaker = self._speaker_around(fig, direct)
            if speaker is not None and speaker.get("kind") == "description":
                return str(speaker["name"])
        return None

    def _speaker_around(self, fig: Figure, direct: bool) -> dict[str, Any] | None:
        for q in self.item.ann.quotes:
            speaker = q.get("speaker")
            if (q.get("kind") != "indirect") != direct or not speaker or not speaker.get("name"):
                continue
            if int(q["start"]) <= fig.start < int(q["end"]):
                return dict(speaker)
        return None

    def _nearest_cue_outside_quotes(self, lo: int, hi: int, mark: tuple[int, int]) -> Token | None:
        span = self.doc.char_span(lo, hi, alignment_mode="contract")
        cues = [t for t in span or [] if self._is_cue(t) and not any(s <= t.idx < e for s, e in self.marks)]
        if not cues:
            return None
        return min(cues, key=lambda t: min(abs(t.idx - mark[0]), abs(t.idx - mark[1])))

    # "according to X", "by Polish count" --------------------------------------------------
    def _from_phrases(self, fig: Figure) -> Found | None:
        """A source phrase in the sentence that covers the figure: right after it with no other
        figure between, or opening the sentence ("According to the data of X, ... 6,000")."""
        best: tuple[int, Found] | None = None
        for tok in fig.sent:
            head = self._phrase_source(tok)
            if head is None:
                continue
            after = tok.idx >= fig.end and not _number_between(self.text, fig.end, tok.idx)
            opening = tok.idx < fig.start and tok.i <= fig.sent.start + 1  # may follow a quote mark
            if after or opening:
                distance = abs(tok.idx - fig.start)
                if best is None or distance < best[0]:
                    best = (distance, Found(self.name_source(head)))
        return best[1] if best else None

    def _phrase_source(self, tok: Token) -> Token | None:
        """The head noun of the source in 'according to X' or 'by X count/estimate'."""
        if tok.lower_ == "according" and tok.i + 2 < len(self.doc) and tok.nbor().lower_ == "to":
            pobj = next((c for c in tok.nbor().children if c.dep_ == "pobj"), None)
            return self._through_of(pobj) if pobj is not None else None
        if tok.lower_ == "by":
            pobj = next((c for c in tok.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in ("count", "estimate", "estimates", "reckoning", "tally", "figures"):
                return pobj
        return None

    def _through_of(self, noun: Token) -> Token:
        """'the data of the State Security Department' -> 'Department'."""
        if noun.lower_ in self.lex.estimate_nouns | {"words", "statement", "report", "data"}:
            of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if pobj is not None:
                return pobj
        return noun

    # the syntax ------------------------------------------------------------------------------
    def _from_syntax(self, fig: Figure) -> Found | None:
        """Climb from the number to the first cue verb or estimate noun that names a source."""
        if fig.q.unit in self.lex.distances and (_PLACE_APPOSITION.search(self.text[max(0, fig.start - 40):fig.start])
                                                 or _COMPASS.match(self.text, fig.end)):  # fmt: skip
            return Found(None)  # "near Grodno, about 20 miles from the border", "15 miles north of Detroit": geography
        prev: Token | None = None
        indefinite = False  # "up from an estimate of nearly five thousand": the source's country
        for node in [fig.anchor, *fig.anchor.ancestors]:
            found = self._source_at(node, prev)
            if found is not None:
                return Found(self._country_of(found.name)) if indefinite and found.name else found
            if node.lower_ in self.lex.estimate_nouns and any(c.lower_ in ("a", "an") for c in node.children):
                indefinite = True
            if _starts_new_clause(node):
                return None
            prev = node
        return None

    def _source_at(self, node: Token, prev: Token | None) -> Found | None:
        if node.pos_ in ("NOUN", "NUM", "PROPN"):
            for child in node.children:
                if child.dep_ in ("relcl", "acl") and child != prev and self._is_cue(child):
                    return self._source_of(child)
            if node.lower_ in _STUDIES and prev is not None and prev.dep_ in ("acl", "ccomp") and prev.pos_ in ("VERB", "AUX"):
                return Found(self._study_source(node))  # "a New York Times report that Trump had a loss of $915 million"
            if node.lower_ in self.lex.estimate_nouns:
                # "its estimate": the owner is the subject above, found further up
                owner = next((c for c in node.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)
                if owner is not None:
                    return Found(self.name_source(owner))
        if node.pos_ in ("VERB", "AUX"):
            if self._is_cue(node):
                return self._source_of(node)
            aside = next((c for c in node.children if c.dep_ == "parataxis" and self._is_cue(c)), None)
            if aside is not None:  # "The toll rose to 52, the health ministry said, ..."
                return self._source_of(aside)
            subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in self.lex.estimate_nouns and self._country_in(subj):
                return Found(self.name_source(subj))  # "Polish estimates have risen from some 2,000"
        return None

    def _is_cue(self, tok: Token) -> bool:
        if tok.pos_ not in ("VERB", "AUX"):
            return False
        lemma = tok.lemma_.lower()
        if lemma in self.lex.cues:
            return lemma != "show" or any(c.dep_ == "nsubj" and c.lower_ in self.lex.estimate_nouns | _STUDIES for c in tok.children)
        if lemma in self.lex.conditional_cues:
            return any((c.dep_ == "dobj" and c.lower_ in self.lex.estimate_nouns) or (c.dep_ == "prep" and c.lower_ == "at")
                       for c in tok.children)  # fmt: skip
        if lemma in self.lex.of_cues:
            return any(c.dep_ == "prep" and c.lower_ in ("of", "about") for c in tok.children)
        return False

    def _source_of(self, cue: Token) -> Found | None:
        """The subject of a cue verb (the agent of a passive one), climbing from a participle
        ('saying ...') to the verb it hangs on; a name right beside a subjectless cue when
        the parser lost the subject ('..., regional governor Oleh Syniehubov said.')."""
        node = cue
        for _ in range(3):
            subj = _subject(node)
            if subj is None and node == cue:
                subj = _name_beside(cue)
            if subj is not None:
                return Found(self.name_source(subj, reported=self._reported_subject(cue)))
            if node.dep_ not in ("advcl", "xcomp", "conj", "acl", "relcl") or node.head == node:
                return None
            node = node.head
        return None

    @staticmethod
    def _reported_subject(cue: Token) -> Token | None:
        """'Lechia have signed ..., the club announced': the subject of the reported clause."""
        clause = next((c for c in cue.children if c.dep_ == "ccomp"), None)
        subj = next((c for c in clause.children if c.dep_ == "nsubj"), None) if clause is not None else None
        return subj if subj is not None and subj.pos_ == "PROPN" else None

    # naming -----------------------------------------------------------------------------------
    def name_source(self, head: Token, reported: Token | None = None) -> str | None:
        """The source as the gold names it: a person's full name, an organisation as written,
        a country for unnamed officials ("Polish officials" -> "Poland"), None for unnamed
        people ("Diplomats"); pronouns and descriptions are resolved to earlier mentions."""
        tokens = _source_tokens(head)
        start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
        if head.pos_ == "PRON":
            return self._pronoun(head)
        body = self._person_body(head)
        if body:
            return body
        person = self._person_in(start, end, head)
        if person:
            return person
        if head.lower_ in _STUDIES:
            return self._study_source(head)  # "The latest Reuters/Ipsos opinion poll ... shows"; "the poll": no one
        lemma = head.lower_
        cut = next((e for e in self.entities if e.label == "ORG" and e.start <= head.idx < e.end and e.end > end), None)
        if cut is not None:  # "the event organizer Alliance [to Reclaim Our Schools]": the parse cut the name
            return cut.text
        named = [e for e in self.entities if start <= e.start and e.end <= end and e.label != "PERSON"]
        if lemma in self.lex.unnamed or lemma in _SPOKESPEOPLE:
            # "Polish officials" -> Poland; "a Navy spokesman", "a Homeland Security Department
            # official" -> the body they speak for; "Diplomats" -> no one
            country = self._country_in_span(start, end)
            body = next((e.text for e in named if e.label == "ORG"), None)
            if country or body or lemma not in self.lex.estimate_nouns:
                return country or body
        if named:
            return self._entity_name(named, start, end, head)
        return self._unlabelled(head, start, end) or self._description(head, start, end, reported)

    def _study_source(self, noun: Token) -> str | None:
        """Who made a poll, study or report: the organisation named in its phrase, as whole
        tokens ("Reuters/Ipsos"); an unnamed one ("the poll") names no one."""
        lo, hi = noun.left_edge.idx, noun.idx
        body = next((e for e in self.entities if e.label == "ORG" and lo <= e.start and e.end <= hi), None)
        if body is None:
            return None
        span = self.doc.char_span(body.start, body.end, alignment_mode="expand")
        return span.text if span is not None else body.text

    def _unlabelled(self, head: Token, start: int, end: int) -> str | None:
        """A body NER missed: 'the defence ministry' (a generic gazetteer entry, given the
        sentence's country) or 'Border guards' (the organisation 'Border Guard' named elsewhere)."""
        text = self.text[start:end]
        entry = entity_lookup().get(text.replace("’", "'").casefold())
        if entry is not None and entry.country is None and entry.kind in ("ministry", "military", "intelligence"):
            return self._qualified(text, head)
        singular = re.sub(r"s$", "", text.casefold())
        return next((e.text for e in self.entities if e.label == "ORG" and e.text.casefold() == singular), None)

    def _entity_name(self, named: list[Entity], start: int, end: int, head: Token) -> str | None:
        text = self.text[start:end]
        orgs = [e for e in named if e.label == "ORG"]
        if orgs and without_epithets(text, self.text[orgs[0].start:orgs[0].end]):
            return self.text[orgs[0].start:orgs[0].end]  # "the nonpartisan Congressional Budget Office"
        if len(named) == 1 and named[0].label == "GPE" and (named[0].start, named[0].end) == (start, end):
            ent = named[0]
            return self.lex.countries.get(ent.country or "", ent.canonical) if ent.stands_for or ent.kb_id == ent.country else ent.canonical
        entry = entity_lookup().get(text.replace("’", "'").casefold())
        if entry is not None and entry.country is None and entry.kind in ("ministry", "military", "intelligence"):
            return self._qualified(text, head)
        return text

    def _qualified(self, text: str, head: Token) -> str:
        """'the defence ministry' with no country: the demonym earlier in the sentence says whose."""
        sent = sentence_of(self.sents, head)
        norp = [e for e in self.entities if e.label == "NORP" and sent.start_char <= e.start < head.idx]
        return f"{norp[-1].text} {text}" if norp else text

    def _description(self, head: Token, start: int, end: int, reported: Token | None) -> str | None:
        """'the ministry', 'the union', 'the operator', 'Border guards': an earlier holder or
        organisation with that head word, an apposition that described one, or the named
        subject of the reported clause."""
        word = head.lower_
        for _, name in reversed(self.recent):
            if name.split()[-1].casefold() == word:
                return name
        orgs = [e for e in self.entities if e.label == "ORG" and e.end <= start]
        for ent in reversed(orgs):
            if ent.text.split()[-1].casefold().rstrip("s") == word.rstrip("s"):
                return ent.text
        alias = self._apposition_alias(word, start)
        if alias:
            return alias
        if word in _title_heads():
            return self._titled_person(word, start)  # "The minister underlined ..."
        first = self.doc[head.left_edge.i]
        if reported is not None and first.lower_ == "the":
            return self.text[reported.left_edge.idx:reported.idx + len(reported.text)]
        return None

    def _titled_person(self, word: str, before: int) -> str | None:
        """The person last mentioned before ``before`` whose titles end in ``word``."""
        best: tuple[int, str] | None = None
        for g in self.item.ann.mentions:
            if g.label != "PERSON" or not any(t.split()[-1].casefold() == word for t in g.titles):
                continue
            # NER sometimes misses the first, fullest mention ("... of the Republic of Lithuania
            # Rimantas Žukauskas"), so the surname anywhere in the text counts as a mention.
            surname = re.escape(g.name.split()[-1])
            starts = [m.start for m in g.mentions if m.start < before]
            starts += [m.start() for m in re.finditer(rf"\b{surname}\b", self.text[:before])]
            if starts and (best is None or max(starts) > best[0]):
                best = (max(starts), g.name)
        return self._full_name(best[0], best[0] + 1, best[1]) if best else None

    def _apposition_alias(self, word: str, before: int) -> str | None:
        """'Gdańsk City Transport, the municipal operator,' makes 'the operator' that company."""
        for ent in reversed([e for e in self.entities if e.end <= before and e.label in ("ORG", "PERSON")]):
            m = re.match(r",\s+(?:the|a|an)\s+(?:[\w-]+\s+){0,3}([\w-]+)\s*[,.;]", self.text[ent.end:ent.end + 80])
            if m and m.group(1).casefold() == word:
                return ent.text
        return None

    def _person_body(self, head: Token) -> str | None:
        """'the Biden administration', 'Biden administration officials': a body named after the
        person who leads it holds the figure as an organisation, not the person."""
        phrase = [t for t in self.doc[head.left_edge.i:head.i + 1] if t.lower_ not in ("the", "a", "an")]
        bodies = [t for t in phrase if t.lower_ in self.lex.person_bodies and not self._in_person(t)]
        if bodies and phrase and any(self._in_person(t) for t in phrase if t.i < bodies[-1].i):
            return self.text[phrase[0].idx:bodies[-1].idx + len(bodies[-1].text)]
        return None

    def _in_person(self, tok: Token) -> bool:
        return any(e.label == "PERSON" and e.start <= tok.idx < e.end for e in self.entities)

    def _person_in(self, start: int, end: int, head: Token) -> str | None:
        """A person named in the subject, in apposition to it ("Lithuania's foreign minister,
        Rimantas Žukauskas,"), or a title standing for one ("The minister")."""
        appos = [c for c in head.children if c.dep_ == "appos"]
        spans = [(start, end)] + [(a.left_edge.idx, a.right_edge.idx + len(a.right_edge.text)) for a in appos]
        for lo, hi in spans:
            ents = [e for e in self.entities if e.label == "PERSON" and lo <= e.start and e.end <= hi]
            if ents:
                return self._full_name(ents[0].start, ents[0].end, ents[0].canonical)
        for s, e, name in self.people:
            if s <= head.idx < e:
                return self._full_name(s, e, name)
        return None

    def _full_name(self, start: int, end: int, name: str) -> str:
        """The group's name, with an initial written out where the article spells it: 'R.
        Žukauskas' -> 'Rimantas Žukauskas'."""
        group = next((n for s, e, n in self.people if s <= start < e), name)
        # "Ursula von der Leyen": a name tagger that stops at "von" left the rest behind
        particles = re.match(r"(?:\s+(?:von|van|der|den|de|da|di|du|del|della|la|le|bin|ibn|al|el|ter|zu)\b)+\s+[A-Z][\w'’-]+",
                             self.text[end:end + 40])  # fmt: skip
        if particles and group.endswith(self.text[start:end].split()[-1]):
            group = " ".join((group + particles.group(0)).split())
        words = group.split()
        if len(words) == 2 and re.fullmatch(r"[A-Z]\.", words[0]):
            m = re.search(rf"\b({words[0][0]}[^\W\d_]+)\s+{re.escape(words[1])}\b", self.text)
            if m:
                return f"{m.group(1)} {words[1]}"
        return group

    def _pronoun(self, pron: Token) -> str | None:
        """'he'/'she' -> the speaker the quotes stage resolved this pronoun to (gender-aware),
        else the person mentioned last outside quotation marks ("“... watching Johnny Carson
        host the Oscars ...,” he said" is not Carson); 'it' -> the organisation that held the
        last figure."""
        if pron.lower_ in _PRONOUN_PERSON:
            resolved = next((q["speaker"] for q in self.item.ann.quotes if q.get("mention_start") == pron.idx
                             and q.get("speaker") and q["speaker"].get("kind") == "person"), None)  # fmt: skip
            if resolved is not None:
                return str(resolved["name"])
            earlier = [(s, e, n) for s, e, n in self.people if e <= pron.idx and not any(a <= s < b for a, b in self.marks)]
            return self._full_name(*earlier[-1]) if earlier else None
        if pron.lower_ == "it" and self.recent:
            return self.recent[-1][1]
        return None

    def _is_person_name(self, name: str) -> bool:
        return any(n == name for _, _, n in self.people)

    def kind_of(self, fig: Figure) -> str | None:
        """``person`` or ``org`` for a named holder (a country, a ministry and "the Biden
        administration" are organisations), ``description`` for an unnamed source kept in
        words, None when the writer states the figure."""
        if fig.holder:
            surnames = {n.split()[-1] for _, _, n in self.people}
            return "person" if self._is_person_name(fig.holder) or fig.holder.split()[-1] in surnames else "org"
        return "description" if fig.holder_description else None

    def _country_in(self, tok: Token) -> bool:
        lo, hi = tok.left_edge.idx, tok.idx + len(tok.text)
        return self._country_in_span(lo, hi) is not None

    def _country_in_span(self, start: int, end: int) -> str | None:
        for e in self.entities:
            if start <= e.start and e.end <= end and e.label in ("NORP", "GPE") and e.country:
                return self.lex.countries.get(e.country)
        return None

    def _country_of(self, name: str | None) -> str | None:
        """'Poland’s Defense Ministry' -> 'Poland': the country an organisation belongs to."""
        if not name:
            return name
        entry = entity_lookup().get(name.replace("’", "'").casefold())
        if entry is not None and entry.country:
            return self.lex.countries.get(entry.country, name)
        at = self.text.find(name)
        return self._country_in_span(at, at + len(name)) if at >= 0 else name


@lru_cache(maxsize=1)
def _title_heads() -> frozenset[str]:
    """Last words of the titles we know ('minister', 'spokeswoman', 'general'): a description
    ending in one names a person, not an organisation."""
    return frozenset(e.pattern.split()[-1].casefold().rstrip(".") for e in title_entries())


def _subject(verb: Token) -> Token | None:
    """The agent of a passive verb, else the subject nearest the verb (a dateline "KYIV -"
    that the parser makes a second subject is further away); a relative pronoun stands for
    the noun its clause hangs on."""
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
    if pobj is not None:
        return pobj
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    subj = min(subjects, key=lambda c: abs(c.i - verb.i))
    if subj.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
        return verb.head
    return None if subj.lower_ in ("who", "which", "that") else subj


def _name_beside(cue: Token) -> Token | None:
    """A proper noun right before or after a cue verb that has no subject."""
    doc = cue.doc
    for i in (cue.i - 1, cue.i + 1):
        if 0 <= i < len(doc) and doc[i].pos_ == "PROPN":
            return doc[i]
    return None


def _source_tokens(head: Token) -> list[Token]:
    """The subject phrase without its determiner and without what follows a comma or bracket
    (appositions, relative clauses): 'The Belarusian Defence Ministry' -> 'Belarusian Defence Ministry'."""
    tokens = [t for t in head.subtree if (t.i <= head.i and not _before_break(t, head)) or (t.i > head.i and not _after_break(t, head))]
    while len(tokens) > 1 and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    while len(tokens) > 1 and (tokens[-1].is_punct or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    return tokens


def _before_break(tok: Token, head: Token) -> bool:
    """'WARSAW - Poland's Defence Ministry': a dateline or dash before the subject is no part of it."""
    return any(t.text in ("-", "—", "–", ":", ";", "(", ")") for t in tok.doc[tok.i:head.i])


def _after_break(tok: Token, head: Token) -> bool:
    between = tok.doc[head.i + 1:tok.i + 1]
    return any(t.text in (",", "(", "—", "–", ";") or t.dep_ in ("relcl", "acl", "appos") for t in between)


# Works that state figures for whoever made them: "a Reuters/Ipsos poll shows", "a New York
# Times report that ...".
_STUDIES = frozenset({"poll", "polls", "survey", "surveys", "study", "studies", "report", "reports", "analysis"})
_FORECASTS = frozenset({"forecast", "forecasts", "outlook", "projections", "prediction", "predictions"})
_SPOKESPEOPLE = frozenset({"spokesman", "spokeswoman", "spokesperson", "spokespeople", "spokesmen", "spokeswomen"})


_ANAPHORIC_DETS = frozenset({"these", "those", "this", "that", "such"})


def _continues(sent: Span) -> bool:
    """The sentence's subject points back ("These troops", "They"): it goes on about what the
    sentence before it said. Not "It was the first walkout since ...": a bare "it" (or he/she)
    as often opens the writer's own background."""
    subj = next((c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is None:
        return False
    return subj.lower_ == "they" or any(c.dep_ == "det" and c.lower_ in _ANAPHORIC_DETS for c in subj.children)


def _starts_new_clause(node: Token) -> bool:
    """', and on Friday the queue stretched for 25 km': a coordinated clause with its own
    subject after a comma starts a new statement; the cue above it does not reach it."""
    if node.dep_ != "conj" or node.pos_ not in ("VERB", "AUX"):
        return False
    if not any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children) or any(c.dep_ == "mark" for c in node.children):
        return False  # "said that X ..., and that Y ...": still under the same cue
    left = node.doc[max(node.left_edge.i - 2, 0):node.left_edge.i]
    return any(t.text == "," for t in left)


def inherit_holders(figures: list[Figure]) -> None:
    """A figure the syntax gave no source takes the source of the figure it is listed with
    ('some 2,000 that Polish intelligence cited on Monday and nearly five thousand on
    Wednesday'), and a part takes its whole's."""
    for i, fig in enumerate(figures):
        if fig.holder_found:
            continue
        if fig.whole is not None and fig.whole.holder_found:
            fig.holder, fig.holder_found = fig.whole.holder, True
            continue
        prev = figures[i - 1] if i else None
        if prev is not None and prev.sent == fig.sent and prev.holder_found and _listed_with(prev, fig):
            fig.holder, fig.holder_found = prev.holder, True


def _listed_with(prev: Figure, fig: Figure) -> bool:
    """No verb between the two figures except inside the first one's own clause."""
    own = {t.i for t in prev.anchor.subtree}
    doc = fig.anchor.doc
    between: Span | list[Token] = doc.char_span(prev.end, fig.start, alignment_mode="contract") or []
    return not any(t.pos_ in ("VERB", "AUX") and t.i not in own for t in between)


# -- helpers ---------------------------------------------------------------------------------


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of text inside double quotation marks, paragraph by paragraph: “…”, "…",
    „…“ and «…». A quote left open at a paragraph's end runs to that end."""
    spans = []
    for lo, hi in paragraphs(text):
        para = text[lo:hi]
        closers = {"“": "”", '"': '"', "„": "“”", "«": "»"}
        i = 0
        while i < len(para):
            ch = para[i]
            if ch in closers:  # "„" is closed by "“" when we jump to its closer, so a later "“" opens
                close = min((j for c in closers[ch] if (j := para.find(c, i + 1)) >= 0), default=len(para))
                spans.append((lo + i + 1, lo + close))
                i = close + 1
            else:
                i += 1
    return spans


def _number_between(text: str, lo: int, hi: int) -> bool:
    """Another figure between two offsets; a year ("in 2013") is none."""
    between = re.sub(r"\b(?:1[89]|20)\d\d\b", "", text[lo:hi])
    return bool(re.search(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million)\b", between, re.I))
