"""The story's death toll told in words (issue 9, updates): counts of the dead read from the
news leads, a rising toll an update of the story's figure held by no one party, never a dispute.
Sentences are our own."""

from __future__ import annotations

from sitroom.model import Annotations, Sentence
from sitroom.resolve.statements.model import StoryArticle
from sitroom.resolve.statements.tolls import toll_counts, toll_update


def _article(aid: str, day: str, *sentences: str) -> StoryArticle:
    text, spans = "", []
    for s in sentences:
        spans.append(Sentence(len(text), len(text) + len(s)))
        text += s + " "
    return StoryArticle(aid, aid.upper(), day, None, Annotations(sentences=spans), None, "", text)


def _values(*articles: StoryArticle) -> list[tuple[str, float]] | None:
    u = toll_update(list(articles))
    return [(v["date"], v["value"]) for v in u["values"]] if u else None


def test_counts_of_the_dead_told_in_words_are_read_from_the_lead() -> None:
    """ECB+ dev: "a climber is dead", "killing one", "two men have died", "the second climber to
    fall to his death" gave no figure, so the brief had no update of the toll (0 of 2)."""
    cases = {"A 41 - year - old German hiker is dead after a fall on the ridge.": 1,
             "A sacked clerk shot four people at a depot, killing one, police said.": 1,
             "Three fishermen have drowned off the cape, and two men have died on the pier.": 2,
             "Rescuers found the second skier to fall to her death on the glacier.": 2,
             "A third miner has died in the collapse.": 3,
             "One Dutch and one Belgian cyclist have been killed on the pass.": 2}  # fmt: skip
    for sentence, value in cases.items():
        assert max(c.value for c in toll_counts(_article("a", "2024-05-02", sentence))) == value, sentence
    # Background after the lead is another event's toll, not this story's.
    background = _article("b", "2024-05-02", "A hiker is dead after a fall.", "The ridge is steep.",
                          "In March, an avalanche killed five people in the same valley.")  # fmt: skip
    assert [c.value for c in toll_counts(background)] == [1]


def test_a_rising_toll_is_an_update_of_the_story_and_one_death_told_later_does_not_lower_it() -> None:
    first = _article("a", "2024-05-02", "A climber is dead after a fall on the north face of Mount Halla.")
    second = _article("b", "2024-05-03", "Two men have died on Mount Halla this weekend.")
    later = _article("c", "2024-05-04", "A British climber has fallen 300 metres to his death on Halla.")  # one of the two
    assert _values(first, second, later) == [("2024-05-02", 1.0), ("2024-05-03", 2.0)]
    update = toll_update([first, second])
    assert update is not None and update["holder"] == "news reports" and update["quantity"] == "deaths"
    assert _values(second, later) is None  # no change: no update


def test_a_toll_told_as_an_earlier_report_is_a_correction_shown_first() -> None:
    now = _article("a", "2024-05-03", "A former worker shot three people at the Leeds plant, killing one.")
    recap = _article("b", "2024-05-05", "The gunman was caught.", "He had a rifle.",
                     "Radio stations in Leeds originally reported that two of the three victims died.")  # fmt: skip
    assert _values(now, recap) == [("2024-05-03", 2.0), ("2024-05-03", 1.0)]


def test_tolls_of_two_events_of_a_long_story_are_no_update() -> None:
    """A crisis told over weeks has several deadly incidents: "a strike killed two in one town",
    then "seven people were killed in another" is not the toll of one event rising."""
    one = _article("a", "2024-05-02", "A drone strike on Ostrava killed two, officials said.")
    other = _article("b", "2024-05-03", "Seven people have been killed in a shelling of Brno, officials said.")
    later = _article("c", "2024-05-09", "A drone strike on Ostrava killed two, and a second strike there killed five.")
    assert _values(one, other) is None  # no name in common
    assert _values(one, later) is None  # a week apart
