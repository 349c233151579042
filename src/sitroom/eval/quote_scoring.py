"""Rules for scoring quote attribution that do not depend on any one corpus.

Three questions come up whenever a found quote is held against a gold one, and each has a
small, model-free answer here so that every corpus and every system is judged alike:

1. *Do two quotes cover the same words?* ``content_overlap``: characters shared by the two
   content spans, as a share of the shorter one. A system that ends a quote at the comma
   before "he said", or that reports only the quoted half of a mixed quote, still matches.
2. *Is a quote direct, mixed or indirect?* ``classify_kind``: the share of its
   non-space characters that lie inside quotation marks in the article. Judged from the
   text, never from what a system says its kind is, so that systems without a kind field
   (textacy) are bucketed the same way.
3. *Do two speaker names denote the same person?* ``same_speaker``: same surname, and no
   clash of given names ("Hillary Clinton" is not "Bill Clinton"; "Mr. Trump" is
   "Donald Trump"). Gold sources in news are noun phrases ("Hillary Clinton's campaign
   manager Robby Mook"); ``head_names`` picks the names in them that denote the speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Span = tuple[int, int]

# Double quotation marks only: a single ’ is far more often an apostrophe than a quote.
OPENING_QUOTES = frozenset("“„«")
CLOSING_QUOTES = frozenset("”»")
NEUTRAL_QUOTES = frozenset('"')

# A quote with at least this share of its characters inside quotation marks is direct; a
# quote with none is indirect; anything between is mixed ("called it “a disaster”").
# 0.8 rather than 1.0 because annotators often take the ", he said" between two halves
# of a quote into the content, and a trailing "he added" must not make a quote mixed.
DIRECT_SHARE = 0.8

PERSONAL_PRONOUNS = frozenset(
    ["he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "us", "me", "his", "hers", "their", "theirs", "its", "our", "ours", "my", "mine", "your", "yours", "one", "this", "these", "those", "both", "each", "either", "neither"]
)
RELATIVE_PRONOUNS = frozenset(["who", "whom", "whose", "which", "that"])
# Pronouns that stand for a person, never for a newspaper or an agency.
PERSON_PRONOUNS = frozenset(["he", "she", "him", "his", "her", "hers", "i", "me", "my"])
PRONOUNS = PERSONAL_PRONOUNS | RELATIVE_PRONOUNS
DETERMINERS = frozenset(["the", "a", "an", "this", "that", "these", "those", "some", "many", "several", "any", "every", "each"])
DEFINITE = frozenset(["the", "this", "that", "these", "those"])
# Head nouns that make a definite description ("the senator") stand for a person named
# earlier; "the report" or "the commission" do not, and are judged by surface only.
PERSON_NOUNS = frozenset([
    "president", "senator", "congressman", "congresswoman", "representative", "governor", "mayor",
    "candidate", "nominee", "spokesman", "spokeswoman", "spokesperson", "official", "aide", "adviser",
    "advisor", "secretary", "minister", "chairman", "chairwoman", "chair", "director", "leader",
    "lawyer", "attorney", "judge", "sheriff", "chief", "officer", "founder", "ceo", "executive",
    "businessman", "billionaire", "author", "professor", "economist", "analyst", "strategist",
    "manager", "man", "woman", "mother", "father", "wife", "husband", "son", "daughter",
])  # fmt: skip
# A name run right after one of these names what the speaker belongs to, not the speaker:
# "a spokesman for Clinton", "a study by Harvard".
PREPOSITIONS = frozenset(["of", "for", "at", "from", "with", "by", "to", "in", "on", "about", "against", "under", "behind"])
# Words that stand before a name but are not given names; used only for the given-name
# clash test, so a missing title at worst fails to forgive a title-vs-first-name mismatch.
TITLE_WORDS = frozenset(
    ["mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "rev", "sen", "senator", "rep", "representative", "gov", "governor", "president", "vice", "secretary", "speaker", "house", "senate", "minister", "chairman", "chairwoman", "chair", "general", "gen", "lt", "col", "maj", "capt", "adm", "judge", "justice", "mayor", "sheriff", "chief", "director", "former", "retired", "republican", "democratic", "democrat", "candidate", "nominee", "leader", "attorney", "the", "a", "an"]
)

_TOKEN = re.compile(r"[^\W_][\w’'.\-]*|[^\w\s]", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")
_PARTY_TAG = re.compile(r"^[RDI]-[A-Z][\w.]*$")  # "R-Wis.", "D-Calif." after a lawmaker's name


@dataclass(frozen=True)
class QuotedText:
    """Prefix counts over an article: how many non-space characters, and how many quoted."""

    nonspace: list[int]
    quoted: list[int]

    @classmethod
    def of(cls, text: str) -> QuotedText:
        inside = quoted_mask(text)
        nonspace, quoted = [0], [0]
        for ch, q in zip(text, inside, strict=True):
            solid = not ch.isspace()
            nonspace.append(nonspace[-1] + solid)
            quoted.append(quoted[-1] + (solid and q))
        return cls(nonspace, quoted)

    def share(self, spans: Sequence[Span]) -> float:
        """Share of the spans' non-space characters that are inside quotation marks."""
        total = sum(self.nonspace[e] - self.nonspace[s] for s, e in spans)
        inside = sum(self.quoted[e] - self.quoted[s] for s, e in spans)
        return inside / total if total else 0.0


def quoted_mask(text: str) -> list[bool]:
    """For every character: is it inside quotation marks (the marks themselves included)?

    Judged paragraph by paragraph: news style leaves a quote that runs on into the next
    paragraph unclosed and opens it again there, so an open quote ends with its paragraph.
    """
    mask = [False] * len(text)
    inside = False
    for i, ch in enumerate(text):
        if ch == "\n":
            inside = False
        elif ch in OPENING_QUOTES or (ch in NEUTRAL_QUOTES and not inside):
            inside = True
            mask[i] = True
            continue
        elif ch in CLOSING_QUOTES or ch in NEUTRAL_QUOTES:
            mask[i] = True
            inside = False
            continue
        mask[i] = inside
    return mask


def classify_kind(quoted: QuotedText, spans: Sequence[Span]) -> str:
    """"direct", "mixed" or "indirect", from how much of the content is in quotation marks."""
    share = quoted.share(spans)
    if share >= DIRECT_SHARE:
        return "direct"
    return "mixed" if share > 0 else "indirect"


def merge_spans(spans: Iterable[Span]) -> tuple[Span, ...]:
    """Sorted, non-overlapping segments (brat segments and Content2 parts may touch)."""
    out: list[list[int]] = []
    for s, e in sorted((s, e) for s, e in spans if e > s):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


def span_length(spans: Sequence[Span]) -> int:
    return sum(e - s for s, e in spans)


def overlap(a: Sequence[Span], b: Sequence[Span]) -> int:
    """Characters shared by two merged span lists."""
    return sum(max(0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)


def content_overlap(a: Sequence[Span], b: Sequence[Span]) -> float:
    """Shared characters as a share of the shorter side (0.0 when either is empty)."""
    shorter = min(span_length(a), span_length(b))
    return overlap(a, b) / shorter if shorter else 0.0


def is_pronoun(text: str) -> bool:
    return " ".join(text.casefold().split()) in PRONOUNS


def _words(name: str) -> list[str]:
    """Name words without punctuation-only tokens or a possessive ending."""
    return [_POSSESSIVE.sub("", w).strip(".,;:()") for w in name.split() if any(c.isalnum() for c in w)]


def _given_names(words: list[str]) -> set[str]:
    """Words before the surname that can be given names: no titles, no initials."""
    return {w.casefold() for w in words[:-1] if len(w) > 1 and w.casefold() not in TITLE_WORDS}


def same_speaker(found: str, gold: str) -> bool:
    """Same surname, and given names (where both have one) agree by prefix ("Bob"/"Bobby")."""
    a, b = _words(found), _words(gold)
    if not a or not b or a[-1].casefold() != b[-1].casefold():
        return False
    ga, gb = _given_names(a), _given_names(b)
    if not ga or not gb:
        return True
    return any(x.startswith(y) or y.startswith(x) for x in ga for y in gb)


def matches_any(found: str, names: Iterable[str]) -> bool:
    return any(same_speaker(found, n) for n in names)


@dataclass(frozen=True)
class NameRun:
    text: str
    start: int  # offset in the article
    end: int
    head: bool  # denotes the speaker, not something the speaker belongs to


def name_runs(text: str, start: int, end: int) -> list[NameRun]:
    """Runs of capitalised words inside ``text[start:end]`` (a gold Source span).

    A run is *not* the head when it modifies something else: it is possessive ("Clinton’s
    campaign manager"), is followed by a lower-case word ("the Clinton campaign", "a Trump
    surrogate"), follows a preposition ("a spokesman for Clinton") or is in parentheses
    ("(R-Wis.)"). A capitalised word that only opens a sentence ("Experts", "Officials") is
    not a name when the article also uses it in lower case.
    """
    tokens = [(m.group(0), start + m.start(), start + m.end()) for m in _TOKEN.finditer(text[start:end])]
    lower_words = set(re.findall(r"\b[a-z][\w’'-]*", text))

    def is_name(k: int) -> bool:
        return k < len(tokens) and _is_name_word(tokens[k][0], tokens[k][1], text, lower_words)

    runs: list[NameRun] = []
    i, depth = 0, 0
    while i < len(tokens):
        word = tokens[i][0]
        depth += (word == "(") - (word == ")")
        if not is_name(i):
            i += 1
            continue
        j = i
        # A possessive word ends its run: "Hillary Clinton’s | campaign manager Robby Mook".
        # "of" between two capitalised words is inside one name: "Department of Justice".
        while j + 1 < len(tokens) and not _POSSESSIVE.search(tokens[j][0]):
            if is_name(j + 1):
                j += 1
            elif tokens[j + 1][0] == "of" and is_name(j + 2):
                j += 2
            else:
                break
        k = i - 1
        while k >= 0 and tokens[k][0].casefold() in DETERMINERS:
            k -= 1  # "a spokesman for the Clinton campaign": look past "the"
        before = tokens[k][0].casefold() if k >= 0 else ""
        after = tokens[j + 1][0] if j + 1 < len(tokens) else ""
        possessive = bool(_POSSESSIVE.search(tokens[j][0]))
        # "China and Russia": a conjunction joins two speakers, it does not modify; nor does
        # "of" in "Mr. Morgan of the Sierra Club", where the first name is the speaker.
        modifier = possessive or (after[:1].islower() and after not in ("and", "or", "of")) \
            or before in PREPOSITIONS or depth > 0 or (i == j and bool(_PARTY_TAG.match(word)))  # fmt: skip
        runs.append(NameRun(text[tokens[i][1]:tokens[j][2]], tokens[i][1], tokens[j][2], not modifier))
        i = j + 1
    return runs


def _is_name_word(word: str, at: int, text: str, lower_words: set[str]) -> bool:
    if not word[:1].isupper() or word.casefold() in PRONOUNS or word.casefold() in DETERMINERS:
        return False
    opens_sentence = not text[:at].rstrip(" \t") or text[:at].rstrip(" \t")[-1] in ".!?\n\"“”:"
    return not (opens_sentence and word.casefold() in lower_words)


def source_class(text: str, start: int, end: int) -> str:
    """"pronoun", "named", "definite" (an anaphoric description) or "anonymous"."""
    surface = text[start:end]
    if is_pronoun(surface):
        return "pronoun"
    if any(r.head for r in name_runs(text, start, end)):
        return "named"
    words = [w.strip(".,;:") for w in surface.casefold().split()]
    person = bool(words) and words[0] in DEFINITE and words[-1] in PERSON_NOUNS
    return "definite" if person and not name_runs(text, start, end) else "anonymous"


def head_names(text: str, spans: Sequence[Span]) -> list[str]:
    """The names in a gold Source that denote the speaker (empty for "he", "a source")."""
    return [r.text for s, e in spans for r in name_runs(text, s, e) if r.head]


def name_before(text: str, at: int, window: int = 80) -> list[str]:
    """The last name run shortly before ``at`` in the same paragraph: the antecedent of a
    relative pronoun ("Sen. Bernie Sanders (Vt.), who ...")."""
    lo = max(0, at - window, text.rfind("\n", 0, at) + 1)
    runs = [r for r in name_runs(text, lo, at) if r.head]
    return [runs[-1].text] if runs else []
