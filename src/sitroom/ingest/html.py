"""HTML pages: title, byline, dates, outlet and clean body text.

The body comes from trafilatura. The header comes first from what the page declares about
itself, JSON-LD ``NewsArticle`` and ``og:``/``article:`` meta: the CMS writes these for search
engines and social cards, so they are the most reliable header a page has (the outlet's own
name in ``og:site_name`` or ``publisher.name``, the headline without " | Outlet", the author,
the published and modified times kept apart). JSON-LD wins over meta tags when both are
present, because it names its fields unambiguously (an ``og:title`` is sometimes a
social-media variant).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura

from sitroom.errors import InputError
from sitroom.ingest.boilerplate import PageContext, remove_furniture
from sitroom.ingest.sniff import parse_header_date, split_title
from sitroom.ingest.text import drop_repeated_lead, split_paragraphs
from sitroom.model import Article

# Below this, what trafilatura recovers from a page is a fragment (a broken or truncated
# file, a cookie wall), not an article; the shortest real news briefs run about 40 words.
MIN_HTML_WORDS = 25
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle", "blogposting", "opinionnewsarticle",
                  "backgroundnewsarticle", "liveblogposting", "webpage"}  # fmt: skip


@dataclass
class PageMetadata:
    title: str = ""
    outlet: str | None = None
    published: str | None = None
    updated: str | None = None
    byline: str | None = None
    url: str | None = None


def read_page_metadata(html: str) -> PageMetadata:
    """The header fields the page declares (empty fields where it declares none)."""
    tree = lxml.html.fromstring(html.encode("utf-8"))
    meta: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        if key and tag.get("content") and key not in meta:
            meta[key] = tag.get("content", "").strip()
    ld = _news_article(tree)
    return PageMetadata(
        title=_text(ld.get("headline")) or meta.get("og:title", ""),
        outlet=_name(ld.get("publisher")) or meta.get("og:site_name") or None,
        published=_text(ld.get("datePublished")) or meta.get("article:published_time") or None,
        updated=_text(ld.get("dateModified")) or meta.get("article:modified_time") or None,
        byline=_name(ld.get("author")) or meta.get("author") or None,
        url=_text(ld.get("url")) or meta.get("og:url") or None,
    )


def _news_article(tree: Any) -> dict[str, Any]:
    """The first article-typed JSON-LD object on the page (inside ``@graph`` or a list too)."""
    best: dict[str, Any] = {}
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue  # a broken JSON-LD block: the meta tags and trafilatura still give a header
        for item in _objects(data):
            types = item.get("@type")
            names = {str(t).lower() for t in (types if isinstance(types, list) else [types])}
            if names & _ARTICLE_TYPES and (item.get("headline") or item.get("datePublished")):
                if "webpage" not in names:
                    return item
                best = best or item
    return best


def _objects(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [o for d in data for o in _objects(d)]
    if isinstance(data, dict):
        return [data, *_objects(data.get("@graph", []))]
    return []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _name(value: Any) -> str | None:
    """A person or organisation as JSON-LD gives it: a string, an object with ``name``, or a list of them."""
    if isinstance(value, list):
        names = [n for n in (_name(v) for v in value) if n]
        return ", ".join(names) or None
    if isinstance(value, dict):
        return _text(value.get("name")) or None
    return _text(value) or None


def _metadata(html: str, url: str | None) -> dict[str, Any] | None:
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        # Only the date the page states; without this htmldate guesses from the URL or text.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None:
        return None
    return doc if isinstance(doc, dict) else doc.as_dict()


def read_html_article(html: str, source: str, url: str | None = None) -> Article:
    """Extract one article from an HTML page.

    Cascade: trafilatura's main extraction (with its own readability/justext fallbacks) for
    the body; the page's own declarations (JSON-LD ``NewsArticle``, ``og:``/``article:`` meta)
    for the header, because they are what the publisher states, then trafilatura's metadata;
    if nothing gives a title, the <title> tag. The body then goes through the same furniture
    rules as plain text: trafilatura lets captions, "Read more" links and audio notices through.
    """
    if "<" not in html:
        raise InputError(source, "does not look like HTML (no tags)", "rename it to .txt if it is plain text")
    try:
        meta = _metadata(html, url)
        declared = read_page_metadata(html)
    except Exception as exc:  # lxml raises many types on broken markup
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__})", "check that the file is a saved web page") from exc
    if not meta or not (meta.get("text") or "").strip():
        raise InputError(source, "no article text found in the HTML", "save the article page itself, not an index or a login page")
    words = len(meta["text"].split())
    if words < MIN_HTML_WORDS:
        raise InputError(source, f"only {words} words of article text found in the HTML",
                         "the page may be broken, truncated or not an article; save the full article page")
    header = _header(declared, meta, html)
    if not header.title:
        raise InputError(source, "has no title (no <title>, <h1> or og:title)", "add a <title> to the page")
    page = PageContext(title=header.title, outlet=header.outlet, byline=header.byline)
    paragraphs = remove_furniture(split_paragraphs(meta["text"].replace("\n", "\n\n")), page)
    paragraphs, notes = drop_repeated_lead(header.title, paragraphs)
    if not paragraphs:
        raise InputError(source, "no article text left in the HTML once page furniture is removed", "save the article page itself")
    article = Article(title=header.title, text="\n\n".join(paragraphs), outlet=header.outlet, published=header.published,
                      updated=header.updated, url=meta.get("url") or declared.url or url, byline=header.byline, source=source)  # fmt: skip
    article.warnings.extend(f"{source}: {note}" for note in [*page.notes, *notes])
    return article


def _header(declared: PageMetadata, meta: dict[str, Any], html: str) -> PageMetadata:
    """Header fields: what the page declares first, then trafilatura's guesses, titles without " | Outlet"."""
    outlet = declared.outlet or (meta.get("sitename") or "").strip() or None
    title = declared.title or (meta.get("title") or "").strip()
    if not title and (m := _TITLE_TAG.search(html)):
        title = re.sub(r"\s+", " ", m.group(1)).strip()
    title, title_outlet = split_title(title)
    date = declared.published or meta.get("date")
    published = parse_header_date(date) if date else None
    updated = parse_header_date(declared.updated) if declared.updated else None
    return PageMetadata(title=title, outlet=outlet or title_outlet, published=published, updated=updated if updated != published else None,
                        byline=declared.byline or (meta.get("author") or "").strip() or None)  # fmt: skip
