"""Plain-text and Markdown articles: title line, header lines, body paragraphs."""

from __future__ import annotations

import re
import unicodedata

from sitroom.errors import InputError
from sitroom.ingest.boilerplate import PageContext, is_furniture_line, remove_furniture, starts_list
from sitroom.ingest.sniff import clean_line, parse_dateline, sniff_header, split_title
from sitroom.model import Article

_MD_TITLE = re.compile(r"^\s*#{1,6}\s+")
_MD_EMPHASIS = re.compile(r"^[*_]{1,3}(.*?)[*_]{1,3}$")


def normalise_for_compare(text: str) -> str:
    """Case-, space-, quote- and punctuation-insensitive form used to spot repeated paragraphs."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = re.sub(r"[\W_]+", " ", text)
    return text.strip()


def split_paragraphs(body: str) -> list[str]:
    """Blocks separated by blank lines, each stripped of surrounding whitespace."""
    return [p.strip() for p in re.split(r"\n\s*\n", body) if p.strip()]


def drop_repeated_lead(title: str, paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Remove a first paragraph that repeats the title, and a teaser printed again as the lead.

    Pages often print the standfirst/teaser and then the same text as the first paragraph
    (sometimes cut short with an ellipsis). The copy that is kept is the later, fuller one,
    so the body reads as the outlet wrote it. Returns (paragraphs, notes on what was removed).
    """
    notes: list[str] = []
    paras = list(paragraphs)
    if paras and normalise_for_compare(paras[0]) == normalise_for_compare(title):
        notes.append("removed a first paragraph that repeats the title")
        paras.pop(0)
    if len(paras) >= 2:
        first = normalise_for_compare(paras[0].rstrip(".…").rstrip())
        second = normalise_for_compare(paras[1])
        if first and len(first) >= 40 and second.startswith(first):
            notes.append("removed a teaser paragraph repeated as the lead")
            paras.pop(0)
    return paras, notes


def read_text_article(text: str, source: str, markdown: bool = False) -> Article:
    """Build an Article from a .txt/.md file: first non-empty line is the title."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise InputError(source, "is empty", "remove it or add the article text")
    title = clean_line(lines[0])
    if markdown:
        title = _MD_TITLE.sub("", title)
        title = _MD_EMPHASIS.sub(r"\1", title).strip()
    if not title or len(title) > 300:
        raise InputError(
            source,
            "has no title line" if not title else "first line is too long to be a title",
            "put the headline on the first line, then the body after a blank line",
        )
    title, title_outlet = split_title(title)
    header = sniff_header(lines[1:], title=title, skip=lambda line: is_furniture_line(line) and not starts_list(line), outlet=title_outlet)
    page = PageContext(title=title, outlet=header.outlet, byline=header.byline)
    paragraphs = remove_furniture(split_paragraphs("\n".join(lines[1 + header.lines_used:])), page)
    paragraphs, notes = drop_repeated_lead(title, with_teaser(header.teaser, paragraphs))
    if not paragraphs:
        raise InputError(source, "has a title but no body text", "add the article body below the title")
    # "Updated" stays apart from "Published": a page that prints only when it was updated
    # does not say when it was first published.
    article = Article(title=title, text="\n\n".join(paragraphs), outlet=header.outlet or page.footer_outlet, published=header.published,
                      updated=header.updated, byline=header.byline or page.footer_byline, source=source)  # fmt: skip
    outlet, date = parse_dateline(paragraphs[0], article.published)
    article.outlet = article.outlet or outlet
    article.published = article.published or date
    article.warnings.extend(f"{source}: {note}" for note in [*page.notes, *notes])
    return article


def with_teaser(teaser: str | None, paragraphs: list[str]) -> list[str]:
    """The teaser printed above the date line opens the body only if the body does not repeat it."""
    if not teaser:
        return paragraphs
    lead = normalise_for_compare(teaser.rstrip(".…").rstrip())
    if any(normalise_for_compare(p).startswith(lead) for p in paragraphs[:3]):
        return paragraphs
    return [teaser, *paragraphs]
