"""The model's attribute rules (tag -> part of speech, morphology, a few lemmas) by table lookup.

spaCy's ``AttributeRuler`` runs every one of its patterns (179 in en_core_web_sm) through the
Matcher at every token: 16% of the whole parse of news text, more than the tagger and the
parser together. Almost all of its patterns are one token with exact values ("TAG is VBZ and
LOWER is 's"), which a dictionary keyed on the token's values finds in one lookup.
``FastAttributeRuler`` takes the model's own rules, answers those by lookup, the few others
(several tokens, NOT_IN, regular expressions) by numpy masks over the document's columns, and
keeps spaCy's Matcher only for patterns with operators; then it sets the attributes exactly as
spaCy does: all matches first, then in rule order, so a later rule still wins. The output is the
same token for token (``tests/test_model.py`` checks it against spaCy's ruler).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import numpy as np
from spacy.attrs import IDS
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

Key = tuple[int, ...]
Hits = list[list[int]]


def _exact_values(spec: dict[str, Any]) -> list[dict[str, Any]] | None:
    """A one-token pattern as its exact alternatives ({"IN": [...]} spelled out); None if not exact."""
    options: list[list[tuple[str, Any]]] = []
    for name, value in spec.items():
        if name not in IDS or name == "OP":
            return None
        if isinstance(value, dict):
            if set(value) != {"IN"} or not all(isinstance(v, str | bool) for v in value["IN"]):
                return None
            options.append([(name, v) for v in value["IN"]])
        elif isinstance(value, str | bool):
            options.append([(name, value)])
        else:
            return None
    return [dict(combo) for combo in itertools.product(*options)] if options else None


def _value_id(value: str | bool) -> int:
    return int(value) if isinstance(value, bool) else int(get_string_id(value))


def _member(column: np.ndarray, sorted_ids: np.ndarray) -> np.ndarray:
    """``np.isin`` for a short sorted list of ids, by binary search: no sort of the column."""
    if not len(sorted_ids):
        return np.zeros(len(column), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_ids, column), len(sorted_ids) - 1)
    return np.asarray(sorted_ids[at] == column)


class _Predicate:
    """One attribute's condition in a one-token pattern (exact, IN, NOT_IN or REGEX), on a column of values."""

    def __init__(self, name: str, value: Any) -> None:
        self.name = name
        self.regex = re.compile(value["REGEX"]) if isinstance(value, dict) and set(value) == {"REGEX"} else None
        self.negate = isinstance(value, dict) and set(value) == {"NOT_IN"}
        values = [value] if not isinstance(value, dict) else (value.get("IN") or value.get("NOT_IN") or [])
        self.ids = np.unique(np.array([_value_id(v) for v in values], dtype=np.uint64))

    @staticmethod
    def supports(value: Any) -> bool:
        if isinstance(value, str | bool):
            return True
        return isinstance(value, dict) and len(value) == 1 and (
            ("REGEX" in value and isinstance(value["REGEX"], str))
            or (set(value) <= {"IN", "NOT_IN"} and all(isinstance(v, str | bool) for v in next(iter(value.values())))))

    def mask(self, column: np.ndarray, strings: Any) -> np.ndarray:
        if self.regex is not None:
            unique = np.unique(column)
            ids = np.array([h for h in unique.tolist() if self.regex.search(strings[h])], dtype=np.uint64)
            return _member(column, ids)
        found = _member(column, self.ids)
        return ~found if self.negate else found


Pattern = list[list[_Predicate]]  # one list of conditions per token


class FastAttributeRuler:
    """spaCy's attribute rules: one-token exact ones by table lookup, other fixed-length ones by numpy masks."""

    def __init__(self, nlp: Language, ruler: Any) -> None:
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)
        self.indices: list[int] = list(ruler.indices)
        self.matcher = Matcher(nlp.vocab)  # only for patterns with operators ("OP"), which masks do not cover
        self.tables: dict[tuple[str, ...], dict[Key, list[int]]] = {}
        self.masked: list[tuple[int, list[Pattern]]] = []
        for rule, entry in enumerate(ruler.patterns):
            self._add(rule, entry["patterns"])
        used = {p.name for _, alternatives in self.masked for pattern in alternatives for token in pattern for p in token}
        self.columns = sorted(used | {n for names in self.tables for n in names})
        # Per table: its columns, and the ids each column may take (to find candidate tokens in numpy).
        self.picks = [(names, [self.columns.index(n) for n in names],
                       [np.unique(np.array([key[j] for key in self.tables[names]], dtype=np.uint64)) for j in range(len(names))])
                      for names in self.tables]  # fmt: skip
        self._merged: dict[Key, dict[int, Any]] = {}

    def _add(self, rule: int, patterns: list[list[dict[str, Any]]]) -> None:
        exact = [_exact_values(p[0]) if len(p) == 1 else None for p in patterns]
        if all(e is not None for e in exact):
            for alternative in itertools.chain.from_iterable(e for e in exact if e is not None):
                names = tuple(sorted(alternative))
                hits = self.tables.setdefault(names, {}).setdefault(tuple(_value_id(alternative[n]) for n in names), [])
                if rule not in hits:
                    hits.append(rule)
        elif all(p and all("OP" not in t and all(k in IDS and _Predicate.supports(v) for k, v in t.items()) for t in p)
                 for p in patterns):  # fmt: skip
            self.masked.append((rule, [[[_Predicate(k, v) for k, v in t.items()] for t in p] for p in patterns]))
        else:
            self.matcher.add(str(rule), patterns)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        values = doc.to_array([IDS[n] for n in self.columns]).astype(np.uint64, copy=False)
        hits: Hits = [[] for _ in range(len(doc))]
        self._table_hits(values, hits)
        self._masked_hits(doc, values, hits)
        if len(self.matcher):
            for match_id, start, end in self.matcher(doc, allow_missing=True):
                rule = int(doc.vocab.strings[match_id])
                hits[self._target(rule, start, end)].append(rule)
        for i, rules in enumerate(hits):
            if rules:  # spaCy applies all matches in rule order, so a later rule wins: one merged dict
                key = tuple(sorted(rules))
                attrs = self._merged.get(key)
                if attrs is None:
                    attrs = self._merged[key] = {k: v for rule in key for k, v in self.attrs[rule].items()}
                set_token_attrs(doc[i], attrs)
        return doc

    def _target(self, rule: int, start: int, end: int) -> int:
        """The token a match sets: ``index`` into the matched tokens, negative from the end, as spaCy's ruler."""
        index = self.indices[rule]
        target = start + index if index >= 0 else end + index
        if not start <= target < end:
            raise ValueError(f"attribute rule {rule}: index {index} is outside its match of {end - start} tokens")
        return target

    def _table_hits(self, values: np.ndarray, hits: Hits) -> None:
        for names, cols, allowed in self.picks:
            table = self.tables[names]
            candidate = np.logical_and.reduce([_member(values[:, c], ids) for c, ids in zip(cols, allowed, strict=True)])
            rows = np.nonzero(candidate)[0]
            for i, key in zip(rows.tolist(), values[rows][:, cols].tolist(), strict=True):
                found = table.get(tuple(key))
                if found:
                    hits[i].extend(found)

    def _masked_hits(self, doc: Doc, values: np.ndarray, hits: Hits) -> None:
        """Every start where each token of a fixed-length pattern holds: what the Matcher finds for it."""
        n = len(doc)
        for rule, alternatives in self.masked:
            for pattern in alternatives:
                width = len(pattern)
                if width > n:
                    continue
                starts = np.ones(n - width + 1, dtype=bool)
                for offset, token in enumerate(pattern):
                    for p in token:
                        starts &= p.mask(values[:, self.columns.index(p.name)], doc.vocab.strings)[offset:n - width + 1 + offset]
                for start in np.nonzero(starts)[0].tolist():
                    hits[self._target(rule, start, start + width)].append(rule)
