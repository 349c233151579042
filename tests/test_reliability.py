"""Nothing lost: every article runs under a guard, and is written with its story in one transaction."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitroom.cli import cli, main
from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.fingerprint import band_keys, fingerprint_article, minhash, shingles
from sitroom.ingest.runner import ingest_paths
from sitroom.model import Annotations, Article
from sitroom.nlp.pipeline import AnnotatedArticle, Pipeline
from sitroom.resolve import stories as stories_module
from sitroom.store import Store

BODY = "WARSAW - Poland closed two border crossings with Belarus on {day}, the interior ministry said in a statement."
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _write_articles(folder: Path, n: int, marker: str = "") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i:02d}.txt"
        extra = f" {marker}" if marker and i == 1 else ""
        path.write_text(f"Border news {i}\nSeptember 1{i}, 2026\n\n{BODY.format(day=DAYS[i % 5])} Item {i}.{extra}\n", "utf-8")
        paths.append(path)
    return paths


def _crash_on(marker: str, stage_key: str, pipeline: Pipeline) -> list[Any]:
    """The pipeline's stages with ``stage_key`` raising on any article whose text holds ``marker``."""

    def wrap(stage: Any) -> Any:
        def crashing(item: AnnotatedArticle) -> AnnotatedArticle:
            if marker in item.article.text:
                raise IndexError("[E035] simulated crash")
            return stage(item)

        return crashing

    return [(info, wrap(stage) if info.key == stage_key else stage) for info, stage in pipeline.stages]


@pytest.fixture
def crashing_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every Pipeline built in the test crashes in quotes.v2 on texts containing CRASHME."""
    original = Pipeline.__init__

    def init(self: Pipeline, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.stages = _crash_on("CRASHME", "quotes.v2", self)

    monkeypatch.setattr(Pipeline, "__init__", init)


def test_a_stage_crash_fails_only_its_article_and_is_recorded_with_the_step(store: Store, config: Config, tmp_path: Path,
                                                                             crashing_quotes: None) -> None:
    paths = _write_articles(tmp_path / "in", 4, marker="CRASHME")
    report = ingest_paths(paths, store, config, IngestOptions())
    assert len(report.added) == 3 and store.count_articles() == 3
    [error] = report.errors
    assert error.source == str(paths[1]) and error.step == "quotes.v2"
    assert "failed in quotes.v2 (IndexError: [E035] simulated crash)" in str(error) and "report it" in error.hint
    [row] = store.list_errors(report.run_id)
    assert "quotes.v2" in row["problem"] and row["hint"]


def test_a_crash_in_the_batched_parse_reruns_the_rest_one_by_one(pipeline: Pipeline, monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = pipeline.load_model()

    class BrokenBatch:
        """nlp.pipe dies at the third text, as a parser error on one text kills the whole batch."""

        max_length = nlp.max_length

        def pipe(self, items: Iterator[tuple[str, Article]], **kwargs: Any) -> Iterator[Any]:
            for i, (doc, article) in enumerate(nlp.pipe(items, **kwargs)):
                if i == 2:
                    raise ValueError("batch parse failed")
                yield doc, article

        def __call__(self, text: str) -> Any:
            if "BADPARSE" in text:
                raise ValueError("cannot parse this one")
            return nlp(text)

    monkeypatch.setattr(pipeline, "load_model", lambda: BrokenBatch())
    articles = [Article(title="t", text=BODY.format(day=d) + (" BADPARSE" if i == 3 else ""), source=f"a{i}")
                for i, d in enumerate(DAYS)]  # fmt: skip
    results = list(pipeline.run(articles))
    assert [r.source if isinstance(r, Exception) else r[0].source for r in results] == [f"a{i}" for i in range(5)]
    failed = [r for r in results if isinstance(r, Exception)]
    assert len(failed) == 1 and failed[0].source == "a3" and failed[0].step == "parse"


def test_over_the_time_budget_an_article_fails_cleanly_with_a_hint(config: Config) -> None:
    pipeline = Pipeline(Config.load(assignments=("nlp.time_budget_s=0",)))
    [result] = list(pipeline.run([Article(title="t", text=BODY.format(day="Monday"), source="slow.txt")]))
    assert isinstance(result, Exception)
    assert "over nlp.time_budget_s=0 s of CPU" in str(result) and "raise nlp.time_budget_s" in str(result)


@pytest.mark.parametrize(("text", "words"), [
    ("Poland closed the border again and again. " * 400, ["one passage repeated", "nlp.max_compression_ratio"]),
    ("word " * 2_000, ["sentence of 10,000 characters", "nlp.max_sentence_chars"]),
    ('He said "yes". ' * 1_100, ["2,200 quotation marks", "nlp.max_quote_marks"]),
])  # fmt: skip
def test_texts_that_are_not_prose_are_refused_with_the_limit_named(pipeline: Pipeline, text: str, words: list[str]) -> None:
    [result] = list(pipeline.run([Article(title="t", text=text, source="odd.txt")]))
    assert isinstance(result, Exception) and result.step == "limits"
    for word in words:
        assert word in str(result)


@pytest.mark.parametrize("date", ["9999-12-31", "1850-01-01"])
def test_regression_year_9999_is_refused_before_anything_is_written(store: Store, config: Config, tmp_path: Path, date: str) -> None:
    """A year-9999 date overflowed story grouping after the article had been stored, in no story."""
    path = tmp_path / "future.json"
    path.write_text(json.dumps({"title": "Future", "text": BODY.format(day="Monday"), "published": date}), "utf-8")
    report = ingest_paths([path], store, config, IngestOptions())
    assert store.count_articles() == 0 and len(report.errors) == 1
    assert "before 1900 or more than a year ahead" in str(report.errors[0])


def test_a_failure_while_grouping_rolls_back_the_article(store: Store, config: Config, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = _write_articles(tmp_path / "in", 2)

    def broken(*args: Any) -> Any:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(stories_module, "assign_story", broken)
    report = ingest_paths(paths, store, config, IngestOptions())
    assert store.count_articles() == 0 and {e.step for e in report.errors} == {"stories"}
    assert "No space left on device" in str(report.errors[0])
    monkeypatch.undo()
    again = ingest_paths(paths, store, config, IngestOptions())
    assert len(again.added) == 2 and not again.errors and not store.unplaced_articles()


def test_articles_left_in_no_story_by_an_older_version_are_placed_at_the_next_ingest(store: Store, config: Config,
                                                                                       tmp_path: Path) -> None:
    orphan = Article(title="Border news", text=BODY.format(day="Monday"), published="2026-09-15", source="old")
    orphan.id = fingerprint_article(orphan)
    signature = minhash(shingles(orphan.text))
    store.add_article(orphan, Annotations(), signature, band_keys(signature))  # the old first transaction only
    assert store.unplaced_articles() == [orphan.id]
    ingest_paths(_write_articles(tmp_path / "in", 1), store, config, IngestOptions())
    assert not store.unplaced_articles() and store.article_story(orphan.id) is not None


def test_cli_ingest_exits_1_and_extract_prints_one_error_line(tmp_path: Path, crashing_quotes: None) -> None:
    paths = _write_articles(tmp_path / "in", 3, marker="CRASHME")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "ingest", str(tmp_path / "in")])
    assert result.exit_code == 1 and "2 added" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["extract", str(paths[1])])
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert result.exit_code == 1 and len(lines) == 1 and lines[0].startswith("error: ") and "quotes.v2" in lines[0]
    debug = CliRunner().invoke(cli, ["--debug", "extract", str(paths[1])])
    assert "Traceback" in debug.output and "simulated crash" in debug.output


def _run_main(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["sitroom", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    return int(exit_info.value.code or 0), capsys.readouterr().err


def test_an_unexpected_error_in_any_command_is_one_line_without_traceback(monkeypatch: pytest.MonkeyPatch,
                                                                           capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    def broken(self: Store, *args: Any, **kwargs: Any) -> Any:
        raise KeyError("boom")

    monkeypatch.setattr(Store, "summary", broken)
    code, err = _run_main(monkeypatch, capsys, "--db", str(tmp_path / "s.db"), "stats")
    assert code == 1 and "Traceback" not in err and err.count("\n") == 1
    assert "internal error: KeyError: 'boom'" in err and "--debug" in err
    code, err = _run_main(monkeypatch, capsys, "--debug", "--db", str(tmp_path / "s.db"), "stats")
    assert code == 1 and "Traceback" in err


def test_terminal_escapes_in_titles_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "evil.json"
    path.write_text(json.dumps({"title": "Evil \x1b]0;pwned\x07 \u202etitle", "text": BODY.format(day="Monday"),
                                "published": "2026-09-15"}), "utf-8")  # fmt: skip
    db = ["--db", str(tmp_path / "s.db"), "--set", "resolve.stories=false"]
    assert CliRunner().invoke(cli, [*db, "ingest", str(path)]).exit_code == 0
    for args in (["list"], ["search", "Poland"], ["list", "--format", "json"]):
        out = CliRunner().invoke(cli, [*db, *args]).output
        assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out and "\\u202e" in out
    assert json.loads(CliRunner().invoke(cli, [*db, "list", "--format", "json"]).stdout)[0]["title"].startswith("Evil \x1b")


# -- generated hostile text -------------------------------------------------------------

PIECES = ['"', "“", "”", "‘", "’", "«", "»", "'", " - ", " — ", " – ", "\n\n", "\n", "• ", "* ", "1. ", ". ", ", ",
          "said", " he said", " according to ", "Jan Nowak", "the minister", "Poland", "NATO", " 2,000 ", " 15% ",
          "on Monday", "(", ")", ":", ";", "?", "!", "Defence Minister ", "Sen. ", "'s", "...", "—\"", "\"—"]  # fmt: skip
hostile_text = st.lists(st.sampled_from(PIECES) | st.text(alphabet="abcXYZ \"“”'", max_size=12), min_size=1, max_size=80).map("".join)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=hostile_text, repeat=st.integers(min_value=1, max_value=6))
def test_generated_hostile_text_never_crashes_a_stage(pipeline: Pipeline, body: str, repeat: int) -> None:
    """Unbalanced and mixed quotation marks, dashes, bullets, repetition, long sentences: every
    result is annotations or a refusal by a limit, and every span lies inside the text."""
    text = ("WARSAW - " + body * repeat).strip() or "x"
    [result] = list(pipeline.run([Article(title="t", text=text, source="generated")]))
    if isinstance(result, Exception):
        assert result.step == "limits", str(result)
        return
    article, ann = result
    spans = [(e.start, e.end) for e in ann.entities] + [(q["start"], q["end"]) for q in ann.quotes]
    for start, end in spans:
        assert 0 <= start <= end <= len(article.text)


def test_regression_resolve_places_a_stored_year_9999_article_without_crashing(tmp_path: Path) -> None:
    """An older version stored a year-9999 article in no story; `sitroom resolve` then raised OverflowError."""
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    old = Article(title="Border news", text=BODY.format(day="Monday"), published="9999-12-31", source="old")
    old.id = fingerprint_article(old)
    signature = minhash(shingles(old.text))
    store.add_article(old, Annotations(), signature, band_keys(signature))
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "resolve"])
    assert result.exit_code == 0 and "1 articles placed" in result.output
    assert store.article_story(old.id) is not None
