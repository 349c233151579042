"""sentences.v1: sentence spans from the parse (blank lines always end a sentence)."""

from __future__ import annotations

from collections.abc import Callable

from sitroom.config import Config
from sitroom.model import Sentence
from sitroom.nlp.pipeline import AnnotatedArticle
from sitroom.nlp.registry import register_stage


def split_sentences(item: AnnotatedArticle) -> AnnotatedArticle:
    """Sentence offsets into the article text, leading and trailing whitespace trimmed."""
    for sent in item.doc.sents:
        text = sent.text
        if not text.strip():
            continue
        start = sent.start_char + (len(text) - len(text.lstrip()))
        end = sent.end_char - (len(text) - len(text.rstrip()))
        item.ann.sentences.append(Sentence(start, end))
    return item


@register_stage("sentences.v1", requires=("doc",), provides=("sentences",))
def sentences_v1(config: Config) -> Callable[[AnnotatedArticle], AnnotatedArticle]:
    """Sentence spans from spaCy's dependency parse."""
    return split_sentences
