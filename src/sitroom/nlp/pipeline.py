"""The pipeline: one spaCy parse per article (``nlp.pipe`` batches), then the stages in order,
each article under its own guard."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from sitroom.config import Config
from sitroom.errors import BudgetExceeded, InputError, SitroomError, one_line
from sitroom.model import Annotations, Article
from sitroom.nlp.limits import TextLimits, check_deadline, limit_problem, time_budget
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


def failure(article: Article, step: str, exc: BaseException) -> InputError:
    """The error recorded for an article that a stage (or the parse) crashed on; its cause is ``exc``."""
    if isinstance(exc, BudgetExceeded):
        error = InputError(article.source, exc.message, exc.hint, step=step)
    else:
        error = InputError(article.source, f"failed in {step} ({one_line(exc)})",
                           "a sitroom bug: please report it with this file (sitroom --debug extract FILE shows the "
                           "traceback); the rest of the batch went on", step=step)  # fmt: skip
    error.__cause__ = exc
    return error


class StageFailed(SitroomError):
    """A stage raised on one article; ``step`` names it and ``__cause__`` is the original error."""

    def __init__(self, step: str, exc: BaseException) -> None:
        super().__init__(f"{step} failed: {one_line(exc)}")
        self.step = step
        self.original = exc


class Pipeline:
    """Checked before the first article runs; the model is loaded once and shared.

    Every article runs under its own guard: a stage that raises, an article over the time
    budget or a text the parser chokes on fails that article alone (an InputError naming
    the step), and the batch goes on.
    """

    def __init__(self, config: Config, stages: list[str] | None = None) -> None:
        self.config = config
        self.infos: list[StageInfo] = check_chain(list(stages or config.get("nlp.stages")))
        self.stages = [(info, info.factory(config)) for info in self.infos]
        self.batch_size = int(config.get("nlp.batch_size"))
        self.max_chars = int(config.get("nlp.max_chars"))
        self.limits = TextLimits.from_config(config)

    def load_model(self) -> Any:
        """The spaCy Language for this run (loaded once per process, then cached)."""
        from sitroom.nlp.model import load_language

        return load_language(self.config.get("nlp.model"))

    def annotate(self, article: Article, doc: Doc) -> Annotations:
        """Run the stages in order under the time budget; raise StageFailed naming the stage."""
        item = AnnotatedArticle(article, doc)
        with time_budget(self.limits.time_budget_s):
            for info, stage in self.stages:
                try:
                    item = stage(item)
                    check_deadline(info.key)
                except Exception as exc:  # BudgetExceeded too: the step says where time ran out
                    raise StageFailed(info.key, exc) from exc
                for provided in info.provides:
                    item.ann.produced_by[provided] = info.key
        return item.ann

    def run(self, articles: Iterable[Article]) -> Iterator[tuple[Article, Annotations] | InputError]:
        """Annotate articles in batches; an article that fails yields its InputError instead."""
        batch: list[Article] = []
        for article in articles:
            refused = self.refusal(article)
            if refused is not None:
                yield refused
                continue
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def refusal(self, article: Article) -> InputError | None:
        """Why the pipeline will not take this text (too long, not prose), before any parse."""
        if len(article.text) > self.max_chars:
            return InputError(article.source, f"text has {len(article.text):,} characters, over nlp.max_chars={self.max_chars:,}",
                              "split the article or raise nlp.max_chars with --set", step="limits")  # fmt: skip
        problem = limit_problem(article.text, self.limits)
        return InputError(article.source, problem[0], problem[1], step="limits") if problem else None

    def _run_batch(self, batch: list[Article]) -> Iterator[tuple[Article, Annotations] | InputError]:
        nlp = self.load_model()
        nlp.max_length = max(nlp.max_length, self.max_chars + 1)
        done = 0
        try:
            for doc, article in nlp.pipe(((a.text, a) for a in batch), as_tuples=True, batch_size=self.batch_size):
                done += 1
                yield self._annotate_guarded(article, doc)
        except Exception:
            # One text broke the batched parse, and with it the parses of the others still in
            # the batch: parse those one at a time so that only the bad one fails.
            for article in batch[done:]:
                yield self._run_one(nlp, article)

    def _run_one(self, nlp: Any, article: Article) -> tuple[Article, Annotations] | InputError:
        try:
            doc = nlp(article.text)
        except Exception as exc:
            return failure(article, "parse", exc)
        return self._annotate_guarded(article, doc)

    def _annotate_guarded(self, article: Article, doc: Doc) -> tuple[Article, Annotations] | InputError:
        try:
            return article, self.annotate(article, doc)
        except StageFailed as exc:
            return failure(article, exc.step, exc.original)
