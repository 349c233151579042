"""The pipeline: one spaCy parse per article (``nlp.pipe`` batches), then the stages in order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from sitroom.config import Config
from sitroom.errors import InputError
from sitroom.model import Annotations, Article
from sitroom.nlp.registry import StageInfo, check_chain


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once: spaCy rebuilds the string from the tokens on every access,
    which made stages that slice it in loops slower than the parse itself."""
    text = doc.user_data.get("sitroom_text")
    if text is None:
        text = doc.user_data["sitroom_text"] = doc.text
    return str(text)


@dataclass
class AnnotatedArticle:
    """What flows from stage to stage: the article, its spaCy parse and the annotations so far."""

    article: Article
    doc: Doc
    ann: Annotations = field(default_factory=Annotations)


class Pipeline:
    """Checked before the first article runs; the model is loaded once and shared."""

    def __init__(self, config: Config, stages: list[str] | None = None) -> None:
        self.config = config
        self.infos: list[StageInfo] = check_chain(list(stages or config.get("nlp.stages")))
        self.stages = [(info, info.factory(config)) for info in self.infos]
        self.batch_size = int(config.get("nlp.batch_size"))
        self.max_chars = int(config.get("nlp.max_chars"))

    def load_model(self) -> Any:
        """The spaCy Language for this run (loaded once per process, then cached)."""
        from sitroom.nlp.model import load_language

        return load_language(self.config.get("nlp.model"))

    def annotate(self, article: Article, doc: Doc) -> Annotations:
        item = AnnotatedArticle(article, doc)
        for info, stage in self.stages:
            item = stage(item)
            for provided in info.provides:
                item.ann.produced_by[provided] = info.key
        return item.ann

    def run(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotations] | InputError]:
        """Annotate articles in batches; an article the model cannot take yields its InputError."""
        batch: list[Article] = []
        for article in articles:
            if len(article.text) > self.max_chars:
                yield InputError(article.source, f"text has {len(article.text):,} characters, over nlp.max_chars={self.max_chars:,}",
                                 "split the article or raise nlp.max_chars with --set")
                continue
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Article]) -> Iterator[tuple[Article, Annotations]]:
        nlp = self.load_model()
        nlp.max_length = max(nlp.max_length, self.max_chars + 1)
        for doc, article in nlp.pipe(((a.text, a) for a in batch), as_tuples=True, batch_size=self.batch_size):
            yield article, self.annotate(article, doc)
