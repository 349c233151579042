"""Header and date sniffing for plain-text articles."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitroom.errors import InputError
from sitroom.ingest.dates import normalise_published
from sitroom.ingest.sniff import parse_dateline, parse_header_date, sniff_header, split_title
from sitroom.ingest.text import drop_repeated_lead, read_text_article


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Oct 26, 2024 - 08:00", "2024-10-26T08:00"),
        ("October 27, 2024", "2024-10-27"),
        ("27 October 2024", "2024-10-27"),
        ("Sept. 16, 2026", "2026-09-16"),
        ("Tuesday, September 15, 2026 at 8:05 p.m. ET", "2026-09-15T20:05"),
        ("2026-09-15T08:00:00Z", "2026-09-15T08:00"),
        ("2026/09/15", "2026-09-15"),
        ("Sep 15, 2026 12:30 AM", "2026-09-15T00:30"),
    ],
)
def test_parse_header_date_forms(line: str, iso: str) -> None:
    assert parse_header_date(line) == iso


@pytest.mark.parametrize("line", ["Sept 16", "February 30, 2024", "the 24th", "3/4/2024", "", "Minister says 12,000"])
def test_parse_header_date_refuses_partial_or_impossible(line: str) -> None:
    assert parse_header_date(line) is None


def test_sniff_header_reads_byline_dates_and_bracketed_outlet() -> None:
    header = sniff_header(["【Baltic Courier, September 17, 2026】", "By Anna Kowalczyk", "Updated Sep 18, 2026 - 09:10", "", "Body starts."])
    assert header.outlet == "Baltic Courier"
    assert header.published == "2026-09-17"
    assert header.updated == "2026-09-18T09:10"
    assert header.byline == "Anna Kowalczyk"
    assert header.lines_used == 4


def test_sniff_header_published_prefix_and_outlet_line() -> None:
    header = sniff_header(["Harbor City Tribune", "Published: Sep 15, 2026 - 08:00", "", "VILNIUS - The minister said."])
    assert (header.outlet, header.published) == ("Harbor City Tribune", "2026-09-15T08:00")


def test_sniff_header_stops_at_first_body_sentence() -> None:
    header = sniff_header(["Poland closed its border on Tuesday, officials said.", "By Nobody"])
    assert header.lines_used == 0 and header.byline is None


def test_dateline_gives_outlet_and_date_with_year_from_published() -> None:
    assert parse_dateline("WARSAW, Sept 16 (Northline Wire) - Poland said", "2026-09-16") == ("Northline Wire", "2026-09-16")


def test_dateline_year_is_never_in_the_future() -> None:
    outlet, date = parse_dateline("MINSK, Dec 30 (Wire) - text", None, today=dt.date(2026, 1, 2))
    assert outlet == "Wire" and date == "2025-12-30"


def test_text_article_offsets_point_into_stored_body() -> None:
    raw = "Title Here\nBy A. Writer\nOctober 27, 2024\n\nFirst paragraph of the story.\n\nSecond one."
    article = read_text_article(raw, "x.txt")
    assert article.text == "First paragraph of the story.\n\nSecond one."
    assert (article.byline, article.published) == ("A. Writer", "2024-10-27")


def test_repeated_teaser_is_dropped_and_fuller_copy_kept() -> None:
    lead = "Poland closed two border crossings with Belarus on Tuesday as foreign troops joined drills near Grodno."
    paras, notes = drop_repeated_lead("Title", [lead[:70] + "…", lead, "More."])
    assert paras == [lead, "More."] and notes


def test_title_repeated_as_first_paragraph_is_dropped() -> None:
    paras, _ = drop_repeated_lead("Poland Shuts Border", ["POLAND SHUTS BORDER", "Body."])
    assert paras == ["Body."]


def test_markdown_title_loses_its_hashes() -> None:
    assert read_text_article("# The Title\n\nBody text.", "x.md", markdown=True).title == "The Title"


def test_unreadable_published_override_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot be read"):
        normalise_published("sometime soon", "--published")


_FORMATS = [
    lambda d: d.strftime("%B %-d, %Y"),
    lambda d: d.strftime("%b %-d, %Y"),
    lambda d: d.strftime("%-d %B %Y"),
    lambda d: d.strftime("%A, %B %-d, %Y"),
    lambda d: d.isoformat(),
    lambda d: "Published " + d.strftime("%b. %-d, %Y"),
]


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)), st.sampled_from(_FORMATS))
def test_header_dates_round_trip(day: dt.date, fmt) -> None:  # type: ignore[no-untyped-def]
    line = fmt(day)
    assert parse_header_date(line) == day.isoformat()
    header = sniff_header([line, "", "Body."])
    assert header.published == day.isoformat()


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2099, 12, 31)), st.integers(0, 23), st.integers(0, 59))
def test_header_times_round_trip(day: dt.date, hour: int, minute: int) -> None:
    line = f"{day.strftime('%b %-d, %Y')} - {hour:02d}:{minute:02d}"
    assert parse_header_date(line) == f"{day.isoformat()}T{hour:02d}:{minute:02d}"


@given(st.text(max_size=80))
def test_sniffer_never_crashes_on_arbitrary_lines(line: str) -> None:
    header = sniff_header([line, line])
    assert header.lines_used <= 2


# -- real page layouts (issue 10) ---------------------------------------------------------

_SPACES = st.sampled_from([" ", "\u00a0", "\u2009", "\u202f", "\u2007"])


@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 12, 31)), _SPACES, _SPACES)
def test_date_lines_read_with_any_unicode_space(day: dt.date, a: str, b: str) -> None:
    line = f"{day.strftime('%b')}{a}{day.day},{b}{day.year}{a}-{b}08:00"
    assert sniff_header([line, "", "Body."]).published == f"{day.isoformat()}T08:00"


def test_bracket_line_gives_outlet_and_date_not_a_date_alone() -> None:
    # Regression: the bracket line was taken whole as a date line, and the outlet was lost.
    header = sniff_header(["【Eastern Ledger, October 27, 2024】", "", "Body."])
    assert (header.outlet, header.published) == ("Eastern Ledger", "2024-10-27")
    assert sniff_header(["[online.ua, 3 March 2025]"]).outlet == "online.ua"


def test_teaser_date_line_and_repeated_title_leave_the_body() -> None:
    title = "Army reports 3,000 troops moved north"
    teaser = "The ministry said about 3,000 troops had moved to northern bases in the past week…"
    lead = "The ministry said about 3,000 troops had moved to northern bases in the past week, the largest shift since spring."
    text = f"{title}\n\n{teaser}\n\nOct\u00a026,\u00a02024\u00a0-\u00a008:00\n\n{title}\n\n{lead}\n\nMore followed."
    article = read_text_article(text, "t.txt")
    assert article.published == "2024-10-26T08:00"
    assert article.text == f"{lead}\n\nMore followed."  # the figure in the lead is there once


def test_teaser_that_is_not_repeated_opens_the_body() -> None:
    text = "Ceasefire holds for a second night\n\nNo shelling was reported along the line overnight, both sides said.\n\n12.03.2025, 07:15\n\nMonitors will visit the front on Friday."
    article = read_text_article(text, "t.txt")
    assert article.published == "2025-03-12T07:15"
    assert article.text.split("\n\n") == ["No shelling was reported along the line overnight, both sides said.", "Monitors will visit the front on Friday."]


@pytest.mark.parametrize(("line", "outlet"), [("online.ua", "online.ua"), ("byteseu", "byteseu"), ("www.harbornews.example", "www.harbornews.example")])
def test_lowercase_domains_and_brands_are_outlets(line: str, outlet: str) -> None:
    assert sniff_header([line, "May 2, 2025", "", "Body."]).outlet == outlet


@pytest.mark.parametrize("line", ["news", "world", "politics"])
def test_section_names_are_not_outlets(line: str) -> None:
    assert sniff_header([line, "", "Body."]).outlet is None


@pytest.mark.parametrize(
    ("title", "split"),
    [
        ("Drone strike hits fuel depot | online.ua", ("Drone strike hits fuel depot", "online.ua")),
        ("Minister resigns over procurement scandal — The Northern Standard", ("Minister resigns over procurement scandal", "The Northern Standard")),
        ("Why the ceasefire talks stalled - byteseu", ("Why the ceasefire talks stalled", "byteseu")),
        ("Kyiv - Warsaw", ("Kyiv - Warsaw", None)),
        ("Talks on the border collapse - Minister", ("Talks on the border collapse - Minister", None)),
        ("Rail strike called off - live", ("Rail strike called off - live", None)),
    ],
)
def test_title_and_outlet_split(title: str, split: tuple[str, str | None]) -> None:
    assert split_title(title) == split


def test_published_and_updated_are_kept_apart() -> None:
    article = read_text_article("Minister resigns\nPublished: 14 March 2025, 10:05\nUpdated: 15 March 2025, 18:30\n\nShe resigned on Friday.", "t.txt")
    assert (article.published, article.updated) == ("2025-03-14T10:05", "2025-03-15T18:30")


_WORDS = st.text(st.characters(categories=["L", "N", "P", "Zs"]), min_size=1, max_size=60)


@given(st.lists(_WORDS, min_size=1, max_size=8), st.lists(_WORDS, min_size=1, max_size=6))
def test_title_never_empty_and_body_quotes_the_page(header_lines: list[str], body: list[str]) -> None:
    title = "Harbour talks resume after the storm"
    text = "\n".join([title, *header_lines]) + "\n\n" + "\n\n".join(body)
    try:
        article = read_text_article(text, "h.txt")
    except InputError:
        return  # nothing left for a body: refused with a message, never a crash
    assert article.title.strip()
    for paragraph in article.text.split("\n\n"):
        assert paragraph in text  # offsets point into text the page printed, never rewritten


@given(st.text(min_size=1, max_size=120).filter(lambda t: any(c.isalnum() for c in t) and "\n" not in t and "\r" not in t))
def test_title_is_never_empty_when_the_first_line_has_words(first: str) -> None:
    try:
        article = read_text_article(first + "\n\nThe body of the article, in one sentence.", "h.txt")
    except InputError:
        return
    assert article.title.strip()
