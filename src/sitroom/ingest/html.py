"""HTML pages: title, byline, date, outlet and clean body text via trafilatura."""

from __future__ import annotations

import re
from typing import Any

import trafilatura

from sitroom.errors import InputError
from sitroom.ingest.sniff import parse_header_date
from sitroom.ingest.text import drop_repeated_lead, split_paragraphs
from sitroom.model import Article

# Below this, what trafilatura recovers from a page is a fragment (a broken or truncated
# file, a cookie wall), not an article; the shortest real news briefs run about 40 words.
MIN_HTML_WORDS = 25
_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


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

    Cascade: trafilatura's main extraction (with its own readability/justext fallbacks);
    if it finds no title, the <title> tag, because some CMSs put the headline only there.
    """
    if "<" not in html:
        raise InputError(source, "does not look like HTML (no tags)", "rename it to .txt if it is plain text")
    try:
        meta = _metadata(html, url)
    except Exception as exc:  # lxml raises many types on broken markup
        raise InputError(source, f"HTML could not be parsed ({type(exc).__name__})", "check that the file is a saved web page") from exc
    if not meta or not (meta.get("text") or "").strip():
        raise InputError(source, "no article text found in the HTML", "save the article page itself, not an index or a login page")
    words = len(meta["text"].split())
    if words < MIN_HTML_WORDS:
        raise InputError(source, f"only {words} words of article text found in the HTML",
                         "the page may be broken, truncated or not an article; save the full article page")
    title = (meta.get("title") or "").strip()
    if not title and (m := _TITLE_TAG.search(html)):
        title = re.sub(r"\s+", " ", m.group(1)).strip()
    if not title:
        raise InputError(source, "has no title (no <title>, <h1> or og:title)", "add a <title> to the page")
    paragraphs, notes = drop_repeated_lead(title, split_paragraphs(meta["text"].replace("\n", "\n\n")))
    published = meta.get("date")
    article = Article(
        title=title,
        text="\n\n".join(paragraphs),
        outlet=(meta.get("sitename") or None),
        published=parse_header_date(published) if published else None,
        url=meta.get("url") or url,
        byline=(meta.get("author") or None),
        source=source,
    )
    article.warnings.extend(f"{source}: {note}" for note in notes)
    return article
