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
from dataclasses import dataclass
from typing import Any

import lxml.html
import trafilatura

from sitroom.errors import InputError
from sitroom.ingest.boilerplate import (
    PageContext,
    footer_outlet,
    is_furniture_line,
    remove_furniture,
    starts_list,
)
from sitroom.ingest.sniff import (
    join_names,
    outlet_in_title,
    parse_header_date,
    sniff_header,
    split_title,
)
from sitroom.ingest.text import drop_repeated_lead, split_paragraphs, with_teaser
from sitroom.model import Article

# Below this, what trafilatura recovers from a page is a fragment (a broken or truncated
# file, a cookie wall), not an article; the shortest real news briefs run about 40 words.
MIN_HTML_WORDS = 25


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
    title_tag: str = ""  # the <title> as printed, often "Headline | Outlet"
    footer_outlet: str | None = None  # "© 2026 Lithuania Weekly" in the page footer


def read_page_metadata(html: str) -> PageMetadata:
    """The header fields the page declares (empty fields where it declares none)."""
    tree = lxml.html.fromstring(html.encode("utf-8"))
    meta: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        if key and tag.get("content") and key not in meta:
            meta[key] = tag.get("content", "").strip()
    ld, micro = _news_article(tree), _microdata(tree)
    return PageMetadata(
        title=_text(ld.get("headline")) or micro.get("headline") or meta.get("og:title", ""),
        outlet=_name(ld.get("publisher")) or micro.get("publisher") or meta.get("og:site_name") or None,
        published=_text(ld.get("datePublished")) or micro.get("datepublished") or _first(meta, _PUBLISHED_META),
        updated=_text(ld.get("dateModified")) or micro.get("datemodified") or _first(meta, _UPDATED_META),
        byline=_name(ld.get("author")) or micro.get("author") or _names(meta.get("author")),
        url=_text(ld.get("url")) or meta.get("og:url") or None,
        title_tag=" ".join((tree.findtext(".//title") or "").split()),
        footer_outlet=next((o for el in tree.iter("footer") if (o := footer_outlet(el.text_content()))), None),
    )


# Meta tags that CMSs use for the two dates, most specific first.
_PUBLISHED_META = ("article:published_time", "og:published_time", "pubdate", "publishdate", "publish-date", "dc.date.issued",
                   "dcterms.date", "dc.date", "parsely-pub-date", "sailthru.date", "date")  # fmt: skip
_UPDATED_META = ("article:modified_time", "og:updated_time", "lastmod", "last-modified", "dcterms.modified", "dc.date.modified")
_MICRODATA = ("headline", "datepublished", "datemodified", "author", "publisher")


def _first(meta: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((meta[k] for k in keys if meta.get(k)), None)


def _microdata(tree: Any) -> dict[str, str]:
    """schema.org microdata (``itemprop``): the first value of each header property."""
    found: dict[str, str] = {}
    for el in tree.iter():
        prop = (el.get("itemprop") or "").strip().lower() if isinstance(el.tag, str) else ""
        if prop not in _MICRODATA or prop in found:
            continue
        named = el.find('.//*[@itemprop="name"]')
        value = el.get("content") or el.get("datetime") or (named.get("content") or named.text_content() if named is not None else el.text_content())
        if value and len(value.strip()) <= 200:
            found[prop] = " ".join(value.split())
    return found


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
        return join_names([n for n in (_name(v) for v in value) if n]) or None
    if isinstance(value, dict):
        return _text(value.get("name")) or None
    return _names(value)


def _names(value: Any) -> str | None:
    """"Aslak Sara; Maja Lund" as a byline is written: "Aslak Sara and Maja Lund"."""
    return join_names([n.strip() for n in _text(value).split(";") if n.strip()]) or None


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
    header = _header(declared, meta)
    if not header.title:
        raise InputError(source, "has no title (no <title>, <h1> or og:title)", "add a <title> to the page")
    paragraphs, teaser = _body_header(split_paragraphs(meta["text"].replace("\n", "\n\n")), header)
    page = PageContext(title=header.title, outlet=header.outlet, byline=header.byline)
    paragraphs = remove_furniture(paragraphs, page)
    paragraphs, notes = drop_repeated_lead(header.title, with_teaser(teaser, paragraphs))
    if not paragraphs:
        raise InputError(source, "no article text left in the HTML once page furniture is removed", "save the article page itself")
    article = Article(title=header.title, text="\n\n".join(paragraphs), outlet=header.outlet or page.footer_outlet,
                      published=_iso(header.published), updated=_iso(header.updated), url=meta.get("url") or declared.url or url,
                      byline=header.byline or page.footer_byline, source=source)  # fmt: skip
    if article.updated == article.published:
        article.updated = None
    article.warnings.extend(f"{source}: {note}" for note in [*page.notes, *notes])
    return article


def _header(declared: PageMetadata, meta: dict[str, Any]) -> PageMetadata:
    """Header fields: what the page declares first, then trafilatura's guesses; the headline without " | Outlet"."""
    title = declared.title or (meta.get("title") or "").strip() or declared.title_tag
    title, title_outlet = split_title(title)
    outlet = declared.outlet or title_outlet or outlet_in_title(declared.title_tag, title) or (meta.get("sitename") or "").strip()
    return PageMetadata(title=title, outlet=outlet or declared.footer_outlet, published=declared.published or meta.get("date"),
                        updated=declared.updated, byline=declared.byline or _names(meta.get("author")))  # fmt: skip


def _iso(value: str | None) -> str | None:
    return parse_header_date(value) if value else None


def _body_header(paragraphs: list[str], header: PageMetadata) -> tuple[list[str], str | None]:
    """Header lines that the article container prints above the body ("Posted on ... by ...", a bracket line).

    They are read as in a text page and fill what the page did not declare; a short first
    line is not taken for a masthead here, because in HTML it is more often a crosshead.
    """
    sniffed = sniff_header(paragraphs, title=header.title, skip=lambda line: is_furniture_line(line) and not starts_list(line),
                           outlet=header.outlet, mastheads=False)  # fmt: skip
    header.outlet = header.outlet or sniffed.outlet
    header.published = header.published or sniffed.published
    header.updated = header.updated or sniffed.updated
    header.byline = header.byline or sniffed.byline
    return paragraphs[sniffed.lines_used:], sniffed.teaser
