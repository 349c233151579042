"""The PolNeAR reader and speaker scorer, on tiny hand-made brat articles.

Nothing here reads PolNeAR itself (it is not ours to ship): each test writes a fake
``text/`` + ``attributions/`` split into a temp dir, and a fake extractor stands in for
the pipeline, so these tests need neither ../shared nor the spaCy model.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sitroom.config import Config
from sitroom.eval.polnear import (
    find_overlaps,
    load_split,
    parse_ann,
    parse_spans,
    score_polnear,
    with_quotes_stage,
)
from sitroom.eval.quote_scoring import (
    QuotedText,
    classify_kind,
    head_names,
    merge_spans,
    same_speaker,
    source_class,
)

TEXT = (
    "Minister says drills will end\n"
    "Defence Minister Jan Nowak said on Monday that the drills would end soon.\n"
    "“We are ready for anything,” he said. “Nobody should doubt it.”\n"
    "A source said the talks had stalled.\n"
)


def at(sub: str, nth: int = 0, text: str = TEXT) -> tuple[int, int]:
    """Offsets of the nth occurrence of ``sub``: no hand-counted offsets in these tests."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


def t_line(tid: str, kind: str, *spans: tuple[int, int], text: str = TEXT) -> str:
    offsets = ";".join(f"{s} {e}" for s, e in spans)
    return f"T{tid}\t{kind} {offsets}\t{' '.join(text[s:e] for s, e in spans)}"


GOLD_ANN = "\n".join([
    t_line("1", "Source", at("Defence Minister Jan Nowak")),
    t_line("2", "Cue", at("said")),
    t_line("3", "Content", at("the drills would end soon")),
    t_line("4", "Attribution", at("said")),
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
    t_line("5", "Source", at("he")),
    t_line("6", "Cue", at("said", 1)),
    t_line("7", "Content", at("“We are ready for anything,”"), at("“Nobody should doubt it.”")),
    t_line("8", "Attribution", at("said", 1)),
    "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    t_line("9", "Source", at("A source")),
    t_line("10", "Cue", at("said", 2)),
    t_line("11", "Content", at("the talks had stalled")),
    t_line("12", "Attribution", at("said", 2)),
    "E3\tAttribution:T12 Source:T9 Cue:T10 Content:T11 ",
    "#1\tAnnotatorNotes T3\tfine",
    "",
])  # fmt: skip


def write_split(root: Path, articles: dict[str, tuple[str, dict[str, str]]]) -> Path:
    """``articles``: name -> (text, {annotator: ann text}), written as a PolNeAR split."""
    (root / "text").mkdir(parents=True)
    (root / "attributions").mkdir()
    for name, (text, anns) in articles.items():
        (root / "text" / f"{name}.txt").write_bytes(text.encode("utf-8"))
        for annotator, ann in anns.items():
            (root / "attributions" / f"{name}_{annotator}.ann").write_bytes(ann.encode("utf-8"))
    return root


@pytest.fixture
def split(tmp_path: Path) -> Path:
    # A second annotator ("zzzz") sorts after "aaaa" and must be ignored.
    other = t_line("1", "Content", at("Minister says")) + "\nE1\tAttribution-no-source:T1 Content:T1\n"
    return write_split(tmp_path / "dev", {"article": (TEXT, {"aaaa": GOLD_ANN, "zzzz": other})})


def quote(content: tuple[int, int], name: str | None, mention: tuple[int, int] | None = None,
          segments: list[tuple[int, int]] | None = None) -> dict[str, Any]:  # fmt: skip
    """A quote dict as quotes.v1 gives it; ``name=None`` means no speaker."""
    speaker = None
    if name is not None:
        ms, me = mention or (None, None)
        speaker = {"name": name, "role": None, "org": None, "mention": TEXT[ms:me] if ms is not None else name,
                   "mention_start": ms, "mention_end": me}  # fmt: skip
    return {"text": TEXT[content[0]:content[1]], "start": content[0], "end": content[1], "kind": "direct",
            "segments": [list(s) for s in segments] if segments else None, "speaker": speaker}  # fmt: skip


def extractor(*quotes: dict[str, Any]) -> Callable[[list[str]], list[list[dict[str, Any]]]]:
    return lambda texts: [list(quotes) for _ in texts]


NOWAK = quote(at("the drills would end soon"), "Jan Nowak", at("Defence Minister Jan Nowak"))
WHOLE_DIRECT = (at("“We are ready")[0], at("doubt it.”")[1])


# ---------------------------------------------------------------- the brat reader


def test_parse_spans_reads_discontinuous_segments() -> None:
    assert parse_spans("3 9") == ((3, 9),)
    assert parse_spans("315 448;463 553") == ((315, 448), (463, 553))


def test_parse_ann_ties_source_cue_and_discontinuous_content() -> None:
    attributions, skipped = parse_ann(GOLD_ANN)
    assert skipped == 0
    assert [a.id for a in attributions] == ["E1", "E2", "E3"]
    e2 = attributions[1]
    assert e2.source == (at("he"),)
    assert e2.cue == (at("said", 1),)
    assert e2.content == (at("“We are ready for anything,”"), at("“Nobody should doubt it.”"))


def test_parse_ann_merges_content2_and_reads_spans_whose_text_has_a_newline() -> None:
    text = "Para one ends here\nand goes on. She said so, and more."
    ann = "\n".join([
        t_line("1", "Content", at("ends here\nand goes on", text=text), text=text),  # surface breaks the line
        t_line("2", "Content", at("and more", text=text), text=text),
        t_line("3", "Cue", at("said", text=text), text=text),
        "E1\tAttribution:T3 Cue:T3 Content:T1 Content2:T2",
        "E2\tAttribution-no-source:T3 Cue:T3",  # no content: skipped, counted
    ])  # fmt: skip
    attributions, skipped = parse_ann(ann)
    assert skipped == 1
    assert attributions[0].content == (at("ends here\nand goes on", text=text), at("and more", text=text))
    assert attributions[0].source == ()


def test_load_split_takes_the_first_annotator_in_sorted_order(split: Path) -> None:
    (article,) = load_split(split)
    assert article.annotator == "aaaa"
    assert [a.kind for a in article.attributions] == ["indirect", "direct", "indirect"]


def test_load_split_keeps_crlf_offsets(tmp_path: Path) -> None:
    """Regression: reading with newline translation would shift every offset after a \\r\\n."""
    text = "Title\r\nShe said “yes, we will.”\r\n"
    ann = t_line("1", "Content", at("“yes, we will.”", text=text), text=text) + "\nE1\tAttribution-no-source:T1 Content:T1\n"
    (article,) = load_split(write_split(tmp_path / "dev", {"crlf": (text, {"a1": ann})}))
    (s, e), = article.attributions[0].content
    assert article.text[s:e] == "“yes, we will.”"


# ---------------------------------------------------------------- scoring


def test_exact_match_with_the_right_mention_is_right(split: Path) -> None:
    report = score_polnear(split, extractor(NOWAK))
    assert report["attributions_found"]["all"] == {"found": 1, "gold": 3, "recall": 0.333}
    speaker = report["speaker"]["all"]
    assert (speaker["system_right"], speaker["system_speakers"]) == (1, 1)
    assert (speaker["gold_right"], speaker["gold_speakers"]) == (1, 3)
    assert speaker["precision"] == 1.0
    assert report["speaker_resolved"]["all"]["system_right"] == 1
    assert report["speaker"]["indirect"]["system_right"] == 1
    assert report["speaker"]["direct"]["system_speakers"] == 0


def test_pronoun_source_accepts_the_resolved_name_of_the_earlier_speaker(split: Path) -> None:
    # The system points at the name, not at "he": right by name (rule b).
    by_name = quote(WHOLE_DIRECT, "Jan Nowak", at("Jan Nowak"))
    report = score_polnear(split, extractor(by_name))
    assert report["speaker"]["direct"]["system_right"] == 1
    assert report["speaker_resolved"]["direct"]["system_right"] == 1


def test_pronoun_source_with_the_wrong_name_is_right_on_surface_only(split: Path) -> None:
    # Mention on "he" (rule a) but resolved to someone else: the strict score says no.
    wrong = quote(WHOLE_DIRECT, "Anna Kowalska", at("he"))
    report = score_polnear(split, extractor(wrong))
    assert report["speaker"]["direct"]["system_right"] == 1
    assert report["speaker_resolved"]["direct"]["system_right"] == 0


def test_a_pronoun_as_the_name_is_never_resolved(split: Path) -> None:
    unresolved = quote(WHOLE_DIRECT, "he", at("he"))
    report = score_polnear(split, extractor(unresolved))
    assert report["speaker"]["direct"]["system_right"] == 1
    assert report["speaker_resolved"]["direct"]["system_right"] == 0
    assert report["speakers_named"] == 0


def test_discontinuous_gold_matches_one_piece_or_the_segments(split: Path) -> None:
    first_half = quote(at("“We are ready for anything,”"), "Jan Nowak", at("he"))
    report = score_polnear(split, extractor(first_half))
    assert report["attributions_found"]["direct"]["found"] == 1
    segs = quote(WHOLE_DIRECT, "Jan Nowak", at("he"), segments=[at("We are ready for anything"), at("Nobody should doubt it")])
    report = score_polnear(split, extractor(segs))
    assert report["attributions_found"]["direct"]["found"] == 1
    assert report["speaker"]["direct"]["gold_right"] == 1


def test_a_quote_without_speaker_is_found_but_not_in_precision(split: Path) -> None:
    report = score_polnear(split, extractor(quote(at("the talks had stalled"), None)))
    assert report["attributions_found"]["indirect"]["found"] == 1
    assert report["speaker"]["all"]["system_speakers"] == 0
    assert report["speaker"]["all"]["gold_right"] == 0
    assert report["speaker"]["all"]["f1"] == 0.0


def test_anonymous_source_is_judged_by_mention(split: Path) -> None:
    right = quote(at("the talks had stalled"), "A source", at("A source"))
    wrong = quote(at("the talks had stalled"), "Jan Nowak", at("Jan Nowak"))
    assert score_polnear(split, extractor(right))["speaker_resolved"]["all"]["system_right"] == 1
    assert score_polnear(split, extractor(wrong))["speaker"]["all"]["system_right"] == 0


def test_a_duplicate_quote_counts_against_precision_only(split: Path) -> None:
    report = score_polnear(split, extractor(NOWAK, dict(NOWAK)))
    assert report["duplicates"] == 1
    speaker = report["speaker"]["all"]
    assert (speaker["system_right"], speaker["system_speakers"]) == (1, 2)
    assert speaker["gold_right"] == 1  # one gold, one hit: the repeat buys nothing


def test_a_partial_quote_inside_a_reported_one_is_nested_not_a_duplicate() -> None:
    reported = {"start": 0, "end": 60}
    overlaps = find_overlaps([{"start": 40, "end": 55}, reported, {"start": 2, "end": 60}])
    assert overlaps.nested == {0}
    assert overlaps.duplicates == {2}


def test_a_nested_quote_serves_recall_but_not_precision(tmp_path: Path) -> None:
    text = "Nowak said the plan was “a disaster for everyone” and must go.\n"
    ann = "\n".join([
        t_line("1", "Source", at("Nowak", text=text), text=text),
        t_line("2", "Cue", at("said", text=text), text=text),
        t_line("3", "Content", at("the plan was “a disaster for everyone” and must go", text=text), text=text),
        "E1\tAttribution:T2 Source:T1 Cue:T2 Content:T3",
    ])  # fmt: skip
    split = write_split(tmp_path / "dev", {"nested": (text, {"a1": ann})})
    speaker = {"name": "Jan Nowak", "mention": "Nowak", "mention_start": 0, "mention_end": 5}
    outer = {**dict(zip(("start", "end"), at("the plan was “a disaster for everyone” and must go", text=text), strict=True)), "speaker": speaker}
    inner = {**dict(zip(("start", "end"), at("a disaster for everyone", text=text), strict=True)), "speaker": speaker}
    report = score_polnear(split, extractor(outer, inner))
    assert (report["nested"], report["duplicates"]) == (1, 0)
    assert report["speaker"]["all"]["system_speakers"] == 1
    assert report["speaker"]["all"]["f1"] == 1.0


def test_an_unmatched_quote_with_a_speaker_is_a_false_positive(split: Path) -> None:
    headline = quote(at("Minister says drills will end"), "Jan Nowak", at("Jan Nowak"))
    report = score_polnear(split, extractor(headline))
    assert report["speaker"]["all"]["system_speakers"] == 1
    assert report["speaker"]["all"]["precision"] == 0.0


def test_a_source_marked_on_the_cue_is_not_scored(tmp_path: Path) -> None:
    """Regression: some annotators marked "said" as the Source; no system can match that."""
    ann = GOLD_ANN.replace(t_line("1", "Source", at("Defence Minister Jan Nowak")), t_line("1", "Source", at("said")))
    split = write_split(tmp_path / "dev", {"slip": (TEXT, {"a1": ann})})
    report = score_polnear(split, extractor(NOWAK))
    assert report["unjudged_speakers"] == 1
    assert report["speaker"]["all"]["system_speakers"] == 0
    assert report["speaker"]["all"]["gold_speakers"] == 2


def test_a_speaker_on_an_attribution_without_source_is_wrong(tmp_path: Path) -> None:
    ann = t_line("1", "Content", at("the talks had stalled")) + "\nE1\tAttribution-no-source:T1 Content:T1\n"
    split = write_split(tmp_path / "dev", {"nosource": (TEXT, {"a1": ann})})
    report = score_polnear(split, extractor(quote(at("the talks had stalled"), "Jan Nowak", at("Jan Nowak"))))
    assert report["attributions_found"]["all"]["found"] == 1
    assert (report["speaker"]["all"]["system_right"], report["speaker"]["all"]["system_speakers"]) == (0, 1)
    assert report["speaker"]["all"]["gold_speakers"] == 0


def test_empty_article_scores_zero_without_dividing_by_zero(tmp_path: Path) -> None:
    split = write_split(tmp_path / "dev", {"empty": ("", {"a1": ""})})
    report = score_polnear(split, extractor())
    assert (report["articles"], report["processed"], report["crashes"]) == (1, 1, 0)
    assert report["gold_attributions"] == 0
    assert report["speaker"]["all"]["f1"] == 0.0
    assert report["attributions_found"]["all"]["recall"] == 0.0


def test_a_crash_is_counted_and_its_gold_still_counts(tmp_path: Path) -> None:
    split = write_split(tmp_path / "dev", {"a": (TEXT, {"a1": GOLD_ANN}), "b": (TEXT + " ", {"a1": GOLD_ANN})})

    def flaky(texts: list[str]) -> list[list[dict[str, Any]]]:
        if any(t.endswith(" ") for t in texts):
            raise ValueError("unclosed quotation")
        return [[NOWAK] for _ in texts]

    report = score_polnear(split, flaky)
    assert (report["articles"], report["processed"], report["crashes"]) == (2, 1, 1)
    assert report["crashed"][0]["article"] == "b"
    assert report["gold_attributions"] == 6
    assert report["speaker"]["all"]["gold_right"] == 1


def test_limit_stops_after_n_articles(tmp_path: Path) -> None:
    split = write_split(tmp_path / "dev", {n: (TEXT, {"a1": GOLD_ANN}) for n in ("a", "b", "c")})
    assert score_polnear(split, extractor(), limit=2)["articles"] == 2


# ---------------------------------------------------------------- the rules themselves


def test_kind_is_read_from_quotation_marks() -> None:
    text = "He said “we will win,” and called it “a disaster” for all.\n“Open quote runs on\nNot quoted."
    q = QuotedText.of(text)
    assert classify_kind(q, [at("“we will win,”", text=text)]) == "direct"
    assert classify_kind(q, [at("called it “a disaster” for all", text=text)]) == "mixed"
    assert classify_kind(q, [at("Not quoted", text=text)]) == "indirect"  # open quote ends with its paragraph


@pytest.mark.parametrize(("found", "gold", "same"), [
    ("Donald Trump", "Mr. Trump", True),
    ("Paul Ryan", "House Speaker Paul D. Ryan", True),
    ("Bill Clinton", "Hillary Clinton", False),
    ("Jan Nowak", "Anna Nowak", False),
    ("Nowak", "Jan Nowak", True),
    ("Jan Nowak", "Jan Kowalski", False),
])  # fmt: skip
def test_same_speaker(found: str, gold: str, same: bool) -> None:
    assert same_speaker(found, gold) is same


@pytest.mark.parametrize(("source", "kind", "heads"), [
    ("Hillary Clinton’s campaign manager Robby Mook", "named", ["Robby Mook"]),
    ("Flynn, a top Trump surrogate,", "named", ["Flynn"]),
    ("House Speaker Paul D. Ryan (R-Wis.)", "named", ["House Speaker Paul D. Ryan"]),
    ("Sen. Bob Corker, R-Tenn.", "named", ["Sen. Bob Corker"]),
    ("China and Russia", "named", ["China", "Russia"]),
    ("Mr. Morgan of the Sierra Club", "named", ["Mr. Morgan"]),
    ("a spokesman for the Department of Justice", "anonymous", []),
    ("he", "pronoun", []),
    ("the spokesman", "definite", []),
    ("the report", "anonymous", []),
    ("a spokesman for Clinton", "anonymous", []),
])  # fmt: skip
def test_head_names_of_gold_sources(source: str, kind: str, heads: list[str]) -> None:
    text = f"Earlier, said {source} said."
    s, e = at(source, text=text)
    assert source_class(text, s, e) == kind
    assert head_names(text, [(s, e)]) == heads


def test_merge_spans_sorts_and_joins_touching_segments() -> None:
    assert merge_spans([(10, 20), (0, 5), (5, 8), (15, 25), (30, 30)]) == ((0, 8), (10, 25))


def test_with_quotes_stage_adds_the_quotes_stage_without_touching_the_original() -> None:
    config = Config.load(assignments=("nlp.stages=['sentences.v1','entities.v1','mentions.v1']",))
    out = with_quotes_stage(config)
    assert any(s.startswith("quotes.") for s in out.get("nlp.stages"))
    assert config.get("nlp.stages") == ["sentences.v1", "entities.v1", "mentions.v1"]
