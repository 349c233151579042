"""Real pages in: page furniture removed, the header read from what HTML pages declare, scored on gold."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitroom.eval.pages import pages_dir, score_pages
from sitroom.ingest.boilerplate import PageContext, is_furniture_line, remove_furniture
from sitroom.ingest.html import read_html_article, read_page_metadata
from sitroom.ingest.text import read_text_article

DEV = Path(__file__).parent / "fixtures" / "pages_dev"

BODY = "The navy began a five-day exercise near the strait on Sunday, sending twelve ships into waters that neighbours also patrol."


@pytest.mark.parametrize(
    "line",
    [
        "FILE PHOTO: Patrol boats leave the harbour during an exercise, May 3, 2024. REUTERS/Anna Lind/File Photo",
        "Deputies vote in the lower chamber on Monday. Photo: Jan Kivi / Riverside Post",
        "This audio is created with AI assistance",
        "Listen to this article",
        "Read more: Ministry promises faster checks at rail crossings",
        "ALSO READ | Drone debris falls on warehouse",
        "Share this article",
        "Share: Facebook | Telegram | Copy link",
        "Facebook Twitter LinkedIn Email",
        "Subscribe to our newsletter for the morning briefing",
        "Sign up for our evening newsletter and never miss a story.",
        "We use cookies to improve your experience. By continuing you accept our use of cookies.",
        "Advertisement",
        "Tags: grain, ports, drones",
        "© 2025 Coastal Herald. All rights reserved.",
        "harbornews.ua",
    ],
)
def test_furniture_lines(line: str) -> None:
    assert is_furniture_line(line)


@pytest.mark.parametrize(
    "line",
    [
        BODY,
        '"We expect the queues to clear by Tuesday," deputy minister Irena Wolk said.',
        "The photographer who took the picture said she was detained for two hours.",
        "Share prices fell 4% in Warsaw after the announcement.",
        "Fear in the border villages",
    ],
)
def test_body_lines_are_not_furniture(line: str) -> None:
    assert not is_furniture_line(line)


def test_most_read_list_with_figures_goes_and_the_body_after_it_stays() -> None:
    # Regression (issue 10): a "Most Read" headline gave a fake 30,000-troops figure and a dispute.
    paragraphs = [BODY, "Most Read\n1. Thousands march against 30,000 troop deployment\n2. Storm damage estimated at 40 million",
                  "Unions said they would seek compensation for the lost days."]  # fmt: skip
    page = PageContext(title="Navy drill near the strait")
    assert remove_furniture(paragraphs, page) == [BODY, "Unions said they would seek compensation for the lost days."]
    assert page.notes == ["removed 3 lines of page furniture"]


def test_related_headlines_in_separate_paragraphs_go_until_prose_returns() -> None:
    paragraphs = ["Related", "Talks on the strait resume next month", "Fishermen complain of closed zones", BODY, "A crosshead in the body"]
    assert remove_furniture(paragraphs, PageContext()) == [BODY, "A crosshead in the body"]


def test_outlet_byline_date_and_title_printed_again_in_the_body_go() -> None:
    page = PageContext(title="Navy drill near the strait", outlet="Coastal Herald", byline="Karl Weiss")
    paragraphs = ["Coastal Herald", "By Karl Weiss", "Nov 2, 2025 - 15:10", "Navy drill near the strait", BODY]
    assert remove_furniture(paragraphs, page) == [BODY]


def test_a_line_ending_in_its_photo_credit_is_a_caption() -> None:
    caption = "A ferry leaves Mokpo port on the morning of the 26th. (Harbour Light Daily file photo)"
    assert remove_furniture([caption, BODY], PageContext()) == [BODY]


def test_footer_lines_give_outlet_and_author_before_they_go() -> None:
    page = PageContext()
    assert remove_furniture([BODY, "Author: Oksana Kravets", "© 2026 Lithuania Weekly. All rights reserved."], page) == [BODY]
    assert (page.footer_outlet, page.footer_byline) == ("Lithuania Weekly", "Oksana Kravets")


def test_text_page_with_furniture_stores_only_the_body() -> None:
    text = f"Navy drill near the strait | Coastal Herald\nCoastal Herald\nBy Karl Weiss\nNov 2, 2025 - 15:10\n\nShare this article\n\n{BODY}\n\nRead more: Talks resume\n\nOfficers rehearsed mine clearance."
    article = read_text_article(text, "p.txt")
    assert (article.title, article.outlet, article.byline, article.published) == ("Navy drill near the strait", "Coastal Herald", "Karl Weiss", "2025-11-02T15:10")
    assert article.text == f"{BODY}\n\nOfficers rehearsed mine clearance."
    assert any("page furniture" in w for w in article.warnings)


HTML = """<html><head><title>Refugee numbers triple in a week | Valley Courier</title>
<meta property="og:site_name" content="Valley Courier">
<meta property="article:published_time" content="2025-06-02T07:00:00+00:00">
<meta property="article:modified_time" content="2025-06-03T16:20:00+00:00">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebPage","name":"Valley Courier"},
{"@type":"NewsArticle","headline":"Refugee numbers triple in a week","datePublished":"2025-06-02T07:00:00+00:00",
"dateModified":"2025-06-03T16:20:00+00:00","author":[{"@type":"Person","name":"Rui Tavares"}],"publisher":{"@type":"Organization","name":"Valley Courier"}}]}</script>
</head><body><article><h1>Refugee numbers triple in a week</h1>
<p>More than 9,000 people crossed into the country in the seven days to Sunday, three times as many as the week before, the border guard said.</p>
<figure><img src="a.jpg"><figcaption>People wait at the crossing on Sunday. Photo: Ana Reis / Valley Courier</figcaption></figure>
<p>Reception centres near the two main crossings are full and the government has opened a sports hall as a shelter.</p>
<p>Read more: Who runs the shelters?</p>
</article></body></html>"""


def test_html_header_comes_from_json_ld_and_meta_and_updated_is_kept_apart() -> None:
    article = read_html_article(HTML, "p.html")
    assert (article.title, article.outlet, article.byline) == ("Refugee numbers triple in a week", "Valley Courier", "Rui Tavares")
    assert (article.published, article.updated) == ("2025-06-02T07:00", "2025-06-03T16:20")
    assert "Read more" not in article.text and "Photo:" not in article.text
    assert article.text.startswith("More than 9,000 people")


def test_page_metadata_from_meta_tags_alone_and_broken_json_ld() -> None:
    meta = read_page_metadata('<html><head><meta property="og:site_name" content="Metro Signal"><meta name="author" content="Dana Okoro">'
                              '<script type="application/ld+json">{broken</script></head><body><p>x</p></body></html>')  # fmt: skip
    assert (meta.outlet, meta.byline, meta.published) == ("Metro Signal", "Dana Okoro", None)


def test_dev_pages_score_at_their_floors() -> None:
    """Our development examples (tests/fixtures/pages_dev): every field and paragraph right."""
    result = score_pages(DEV)
    assert result["furniture"]["precision"] >= 0.95 and result["furniture"]["recall"] >= 0.95
    assert result["furniture"]["furniture_left"] == 0
    assert min(result["headers"]["accuracy"].values()) >= 0.95


# Floors on the packaged gold in sample/pages (written by another engineer without reading the
# rules), measured on 2026-12-03; see docs/benchmarks.md.
FURNITURE_FLOORS = {"precision": 0.90, "recall": 0.90}
HEADER_FLOORS = {"title": 0.90, "outlet": 0.85, "published": 0.90, "updated": 0.85, "byline": 0.80, "body_start": 0.85}


@pytest.mark.skipif(not (pages_dir() / "headers").is_dir(), reason="no page gold in sample/pages yet")
def test_packaged_page_gold_scores_at_its_floors() -> None:
    result = score_pages(pages_dir())
    for name, floor in FURNITURE_FLOORS.items():
        assert result["furniture"][name] >= floor, (name, result["furniture"]["misses"])
    for name, floor in HEADER_FLOORS.items():
        assert result["headers"]["accuracy"][name] >= floor, (name, [m for m in result["headers"]["misses"] if m["field"] == name])
