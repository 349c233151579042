"""The ledger against the failure patterns of real coverage (issue 9), in our own sentences.

A 2024 crisis told by 14 outlets had 7 false disputes out of 9: a government revising its own
estimate over two weeks (3,000, about 10,000, then 8,000 in one region), its agency and its
director named as two holders, "at least 3,000" set against "12,000", "Kursk region", "Kursk
Oblast" and "Russia" as rival places, "500 officers, three of whom are generals" as rival
counts, and "nearly 10,000" against "upward of 10,000". The story below repeats each pattern
with invented holders and places; none of it may make a dispute.
"""

from __future__ import annotations

from typing import Any

from sitroom.model import Annotations, Entity, Sentence
from sitroom.resolve.statements.figures import figure_statements, ledger_disputes, ledger_updates
from sitroom.resolve.statements.holders import HolderIndex
from sitroom.resolve.statements.model import StoryArticle
from sitroom.resolve.statements.places import rival_places

DIRECTOR = {"name": "Mart Kask", "kind": "person", "role": "director", "org": "Estonia's Foreign Intelligence Service"}
AGENCY = "Estonia's Foreign Intelligence Service"


def _report(aid: str, day: str, text: str, figures: list[tuple[str, float, str, str, str | None]],
            places: tuple[str, ...] = (), speakers: tuple[dict[str, Any], ...] = ()) -> StoryArticle:  # fmt: skip
    """One article: figures as (phrase, value, counted, holder, hedge), places as their names in the text."""
    figs = []
    for phrase, value, counted, holder, approx in figures:
        start = text.index(phrase)
        figs.append({"value": value, "low": None, "high": None, "approx": approx, "counted": counted, "holder": holder,
                     "date": None, "text": phrase, "start": start, "end": start + len(phrase), "part_of": None})  # fmt: skip
    ents = [Entity(p, "GPE", text.index(p), text.index(p) + len(p), p) for p in places]
    ann = Annotations(figures=figs, sentences=[Sentence(0, len(text))], entities=ents, speakers=list(speakers))
    return StoryArticle(aid, aid.title(), day, None, ann, None, "", text)


def _story() -> list[StoryArticle]:
    return [
        _report("post", "2025-03-03", f"{AGENCY} said at least 3,000 foreign soldiers had arrived in Russia.",
                [("at least 3,000 foreign soldiers", 3000, "foreign soldiers", AGENCY, "at least")], ("Russia",)),
        _report("star", "2025-03-04", "Ukraine's military intelligence said 12,000 foreign soldiers were in Russia.",
                [("12,000 foreign soldiers", 12000, "foreign soldiers", "Ukraine's military intelligence", None)], ("Russia",)),
        _report("ledger", "2025-03-08", "Mart Kask, who heads the service, said nearly 10,000 foreign soldiers were now in Russia.",
                [("nearly 10,000 foreign soldiers", 10000, "foreign soldiers", "Mart Kask", "nearly")], ("Russia",), (DIRECTOR,)),
        _report("globe", "2025-03-09", "American officials said upward of 10,000 foreign soldiers were in Russia.",
                [("upward of 10,000 foreign soldiers", 10000, "foreign soldiers", "United States", "upward of")], ("Russia",)),
        _report("wire", "2025-03-17", "Mart Kask said 8,000 foreign soldiers were in the Pskov Oblast, among them 500 officers, "
                "three of whom are generals.",
                [("8,000 foreign soldiers", 8000, "foreign soldiers", "Mart Kask", None),
                 ("500 officers", 500, "officers", "Mart Kask", None), ("three", 3, "officers", "Mart Kask", None)],
                ("Pskov Oblast",), (DIRECTOR,)),
        _report("herald", "2025-03-17", "Ukraine's military intelligence said 8,000 foreign soldiers were in the Pskov region.",
                [("8,000 foreign soldiers", 8000, "foreign soldiers", "Ukraine's military intelligence", None)], ("Pskov region",)),
    ]  # fmt: skip


def _statements() -> list[Any]:
    story = _story()
    return figure_statements(story, HolderIndex(story))


def test_real_coverage_patterns_make_no_dispute() -> None:
    assert ledger_disputes(_statements()) == []


def test_an_agency_and_its_director_revising_their_figure_is_one_update() -> None:
    lines = {(u["quantity"], u["scope"]): u for u in ledger_updates(_statements())}
    estonia = lines[("foreign troops", None)]
    assert estonia["holder"] == "Estonia"
    assert [(v["date"], v["value"]) for v in estonia["values"]] == [("2025-03-03", 3000), ("2025-03-08", 10000)]


def test_a_count_in_a_region_is_its_own_scope_and_told_two_ways_one_place() -> None:
    regional = [s for s in _statements() if s.quantity == "foreign troops" and s.scope.where]
    assert {s.scope.where for s in regional} == {"pskov"}  # "Pskov Oblast" and "the Pskov region"
    for names in (["Pskov region", "Pskov Oblast", "Russia"], ["Primorsky Krai", "Primorsky region"],
                  ["Lviv province", "Lviv Oblast", "Ukraine"]):  # fmt: skip
        assert len(rival_places(names)) == 1, names
    assert len(rival_places(["Pskov Oblast", "Bryansk Oblast"])) == 2


def test_a_part_of_whom_is_not_a_rival_count() -> None:
    officers = [s for s in _statements() if s.quantity == "officers"]
    assert [s.item["value"] for s in officers] == [500]


def test_near_same_hedged_values_of_two_holders_are_one_figure_told_two_ways() -> None:
    from sitroom.resolve.statements.facts import figure_facts

    story = [
        _report("ledger", "2025-03-08", "Mart Kask said nearly 10,000 foreign soldiers were in Russia.",
                [("nearly 10,000 foreign soldiers", 10000, "foreign soldiers", "Mart Kask", "nearly")], ("Russia",), (DIRECTOR,)),
        _report("globe", "2025-03-08", "American officials said upward of 10,000 foreign soldiers were in Russia.",
                [("upward of 10,000 foreign soldiers", 10000, "foreign soldiers", "United States", "upward of")], ("Russia",)),
    ]  # fmt: skip
    statements = figure_statements(story, HolderIndex(story))
    assert ledger_disputes(statements) == []
    [row] = figure_facts(statements, {"ledger": "ledger", "globe": "globe"}, set())
    assert row["independent_holders"] == 2 and "nearly 10,000" in row["text"] and "upward of 10,000" in row["text"]


def test_a_government_revising_through_its_officials_in_turn_is_one_update() -> None:
    """The real coverage: a government's 3,000 then about 10,000, told first by a White House
    spokesman and then by the Pentagon, was shown as sources contradicting each other."""
    spokesman = {"name": "John Ames", "kind": "person", "role": "spokesman", "org": "White House"}
    story = [
        _report("post", "2025-03-03", "John Ames said 3,000 foreign soldiers were in Russia.",
                [("3,000 foreign soldiers", 3000, "foreign soldiers", "John Ames", None)], ("Russia",), (spokesman,)),
        _report("star", "2025-03-04", "The Pentagon said about 10,000 foreign soldiers were in Russia.",
                [("about 10,000 foreign soldiers", 10000, "foreign soldiers", "Pentagon", "about")], ("Russia",)),
    ]  # fmt: skip
    statements = figure_statements(story, HolderIndex(story))
    assert ledger_disputes(statements) == []
    [line] = ledger_updates(statements)
    assert line["holder"] == "United States" and [v["value"] for v in line["values"]] == [3000, 10000]


def test_a_region_told_before_the_figure_is_its_scope_but_where_troops_were_sent_is_not() -> None:
    """A count in one region is a smaller quantity than the count in the country, however the
    sentence places it ("In the Pskov region, 8,000"); where troops were sent is no scope (the
    3,000 sent to the far east and 10,000 in Russia later are one figure revised)."""
    story = [
        _report("post", "2025-03-08", "Ukraine's military intelligence said 8,000 foreign soldiers were in the Pskov region.",
                [("8,000 foreign soldiers", 8000, "foreign soldiers", "Ukraine's military intelligence", None)], ("Pskov region",)),
        _report("star", "2025-03-08", "In the Pskov region, 8,000 foreign soldiers are training, Estonia's Foreign Intelligence Service said.",
                [("8,000 foreign soldiers", 8000, "foreign soldiers", AGENCY, None)], ("Pskov region",)),
        _report("globe", "2025-03-08", "American officials said about 11,000 foreign soldiers were in Russia.",
                [("about 11,000 foreign soldiers", 11000, "foreign soldiers", "United States", "about")], ("Russia",)),
    ]  # fmt: skip
    statements = figure_statements(story, HolderIndex(story))
    assert [s.scope.where for s in statements] == ["pskov", "pskov", ""]
    assert ledger_disputes(statements) == []
    sent = _report("wire", "2025-03-02", "Moscow sent 3,000 foreign soldiers to the Pskov region, Ukraine's military intelligence said.",
                   [("3,000 foreign soldiers", 3000, "foreign soldiers", "Ukraine's military intelligence", None)], ("Pskov region",))
    assert [s.scope.where for s in figure_statements([sent], HolderIndex([sent]))] == [""]
