"""Page furniture: the lines a saved page carries around the article, removed before the NLP.

Real pages saved as text or HTML bring their furniture with them: "Most Read" lists whose
headlines carry figures and names (one gave a fake 30,000-troops figure and a dispute built
on it), "Read more: ..." links that became quotes, photo captions and agency credits, share,
subscribe and cookie lines, audio-player notices, the outlet's own name, and the byline and
date lines already read into the article's metadata. The stored text is the cleaned body, so
every offset the pipeline produces refers to it; nothing here rewrites a body sentence except
a trailing photo credit in parentheses.

Why rules and not a paragraph classifier: jusText (the classifier trafilatura itself falls
back on) judges a paragraph by its length, stopword density and link density. Saved plain text
has no links, and furniture lines are short, so jusText both keeps short list headlines that
read like prose and drops short body paragraphs (a one-line quote); measured on the furniture
gold by ``benchmarks/boilerplate_vs_justext.py`` (figures in docs/benchmarks.md), the rules
below are better on both precision and recall. For HTML, trafilatura (which uses link
density and the page structure) runs first and these rules clean what it lets through.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from sitroom.ingest.sniff import SECTION_LABELS, is_date_line

# A heading that introduces a list of other articles' headlines.
_LIST_HEADING = re.compile(
    r"^(?:most (?:read|popular|viewed|shared|commented)|popular(?: now| stories)?|related(?: articles| stories| news| coverage| content| topics)?"
    r"|read (?:more|also|next)|also read|see also|more (?:on this story|from \S.{0,30}|stories|news)|trending(?: now| stories)?"
    r"|recommended(?: for you| stories)?|you (?:may|might) also like|editor'?s picks?|top stories|latest(?: news| stories)?"
    r"|(?:in )?other news|what to read next|more in \S.{0,30}|key events|key points|in short|links in this article)\s*:?$",
    re.I,
)
# "Read more: <headline>", "ALSO READ | <headline>": a link to another article, on its own line.
_INLINE_LINK = re.compile(
    r"^(?:read more|read also|also read|read next|see also|related|recommended|watch|listen|more on this)\s*[:|»›>\-–—]+\s*\S", re.I
)
_FURNITURE = [
    re.compile(p, re.I)
    for p in (
        # photo captions and credits
        r"^(?:file photo|photo|photos|image|picture|pictured|illustration|video|graphic)\s*[:|/]",
        r"\b(?:photo(?:graph)?|image|picture|foto|credit|illustration)s?\s*(?:by\b|:)\s*\S.{0,60}$",
        r"(?:REUTERS|AFP|AP Photo|Getty Images|EPA|ANP|PAP|Anadolu)\s*(?:/\s*[\w .'-]+)*(?:/\s*File Photo)?\)?\s*$",
        r"^\(?(?:AP|AFP|EPA|Reuters|Getty)\b[^.]{0,40}\)?$",
        # audio players, reading time
        r"^listen to (?:this|the) (?:article|story)\b", r"audio (?:is|was) (?:created|generated|produced) (?:with|by|using)",
        r"^\d+\s*min(?:ute)?s?\s+(?:read|listen)$", r"^(?:estimated )?reading time\b",
        # sharing, following, subscribing
        r"^(?:share|tweet|email|print|copy link|comments?)(?: (?:this|the) (?:article|story|post|page))?\s*(?:[:|].*)?$",
        r"^share (?:on|via|to) ", r"^follow us\b", r"^(?:join|follow) (?:us|our) .{0,40}(?:telegram|whatsapp|channel|facebook|instagram)",
        r"^(?:subscribe|sign up|get|don'?t miss|never miss|register|join)\b.{0,80}\b(?:newsletter|briefing|updates|subscription|inbox)\b",
        r"^subscribe\b.{0,60}$", r"^(?:our|the|a) .{0,40}newsletter\b.{0,60}$", r"^newsletter\b",
        r"^(?:download|get) (?:our|the) app\b", r"^click here\b", r"^support (?:our|independent) journalism\b",
        # cookies, ads, navigation
        r"\bwe use cookies\b", r"\bcookie (?:policy|settings|preferences)\b", r"^accept(?: all)?(?: cookies)?$", r"^reject all$",
        r"^(?:advertisement|advert|sponsored(?: content)?|ad)$", r"^skip to (?:main )?content$", r"^(?:tags?|topics?|filed under|categories)\s*:",
        r"^(?:©|\(c\)|copyright\b)", r"\ball rights reserved\.?$", r"^(?:back to top|home|menu|search|log ?in|sign in)$",
        r"^(?:updated|published|posted|last updated)\s*:?$",
        # counters, reading time, relative times, galleries (reader views and CMS widgets print them)
        r"\b(?:views?|reads|comments?|shares|likes)\s*:?\s*\d[\d\s,.]*$", r"^\d[\d\s,.]*\s+(?:views|reads|comments?|shares|likes)$",
        r"^\d{1,6}$", r"^\d+(?:\s*[-–]\s*\d+)?\s*min(?:ute)?s?(?:\s+(?:read|listen))?$",
        r"^(?:updated\s+)?(?:\d+|an?|one)\s+(?:min(?:ute)?s?|hours?|hrs?|days?)\s+ago$", r"^\d{1,2}[:.]\d{2}$",
        r"^(?:image|photo|slide)\s+\d+\s+(?:of|/)\s+\d+$", r"^(?:enlarge|expand|zoom|close|next|previous|prev|more|save|pinned|show more|show less)$",
        r"^show (?:key events|all|more|less)\b", r"^please (?:turn on|enable) javascript\b",
        # paywalls, credits, standards and disclaimers
        r"^to continue reading\b", r"^already a (?:subscriber|member)\b", r"^subscribe now\b", r"^for immediate release$",
        r"^(?:reporting|additional reporting|writing|editing|edited|compiled|produced|graphics) by\b", r"^our standards\b",
        r"^the views expressed\b", r"^(?:correction|clarification|editor'?s note)\s*:", r"^reporter\s+\S+(?:\s+\S+){0,3}\s*(?:\(\S+@\S+\))?$",
        r"\(\s*\S+@\S+\.\w+\s*\)$", r"^(?:\[\d+\]\s*)?https?://\S+$", r"^links in this article\s*:?$",
        # navigation: breadcrumbs ("Home › Region › Environment") and link rows ("Privacy policy | Terms | Contact")
        r"^(?:home|start|main)\s*[›>»/|]", r"^[^.!?]{1,40}(?:\s*[›»]\s*[^.!?]{1,40}){2,}$",
        r"^[^.!?|]{1,30}(?:\s\|\s[^.!?|]{1,30}){2,}$",
        # market tickers: several signed percentage changes on one line
        r"(?:[+\-−]\d+(?:[.,]\d+)?%.*){2,}",
    )
]

# A photo credit closing a line makes it a caption: "A ferry leaves port. (Harbour Light file photo)".
_TRAILING_CREDIT = re.compile(r"\s*\((?:[^()]{0,60}\s)?(?:photo|image|picture|credit|foto|file photo)s?\b[^()]{0,80}\)\s*$", re.I)
_SHARE_WORDS = frozenset(["share", "this", "article", "story", "post", "on", "via", "facebook", "twitter", "x", "linkedin", "email", "e-mail", "whatsapp", "telegram", "reddit", "print", "copy", "link", "|", ":", "·", "/", "comments", "comment", "pinterest", "flipboard", "messenger", "viber"])  # fmt: skip
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}/?$", re.I)
_BULLET = re.compile(r"^\s*(?:[-•*·▪►–—]|\d{1,2}[.)])\s+")
# A headline in a list: short, and not a finished sentence (headlines carry no full stop).
MAX_HEADLINE_WORDS = 22
MAX_LIST_ITEMS = 12


@dataclass
class PageContext:
    """What the header already told us (the lines that repeat it are furniture), and what the footer adds."""

    title: str = ""
    outlet: str | None = None
    byline: str | None = None
    notes: list[str] = field(default_factory=list)
    footer_outlet: str | None = None  # "© 2026 Lithuania Weekly", "siverpost.ua" printed below the body
    footer_byline: str | None = None  # "Author: Oksana Kravets"


# Footer lines that name the outlet or the author, read before they are removed as furniture.
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<name>[A-Z][\w&'’ .-]{1,50}?)\s*(?:[.,]|all rights reserved|$)", re.I)
_AUTHOR = re.compile(r"^(?i:author|written by|text|reporter)\s*:?\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3})$")


def footer_outlet(text: str) -> str | None:
    """The outlet a page footer names in its copyright line ("© 2026 Lithuania Weekly. All rights reserved.")."""
    for line in text.splitlines():
        if m := _COPYRIGHT.match(line.strip()):
            return m["name"].strip()
    return None


def _read_footer(line: str, page: PageContext) -> None:
    if (m := _COPYRIGHT.match(line)) and not page.footer_outlet:
        page.footer_outlet = m["name"].strip()
    elif _DOMAIN.match(line) and not page.footer_outlet:
        page.footer_outlet = line
    elif (m := _AUTHOR.match(line)) and not page.footer_byline:
        page.footer_byline = m["name"]


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s.]", " ", text.casefold()).split())


def is_furniture_line(line: str, page: PageContext | None = None) -> bool:
    """True if ``line`` (one line of a saved page) is furniture wherever it appears."""
    s = line.strip()
    if not s:
        return False
    if any(p.search(s) for p in _FURNITURE) and len(s.split()) <= 40:
        return True
    if s.casefold() in SECTION_LABELS or _TRAILING_CREDIT.search(s):
        return True  # a section label; a caption line, which ends with its photo credit
    if _INLINE_LINK.match(s) or _LIST_HEADING.match(s):
        return True
    words = s.casefold().replace("|", " | ").split()
    if words and all(w.strip(":·") in _SHARE_WORDS or not w.strip(":·|/") for w in words) and any(w in ("share", "facebook", "twitter", "email", "telegram", "whatsapp", "linkedin") for w in words):
        return True
    if _DOMAIN.match(s) or _AUTHOR.match(s):
        return True
    return page is not None and _repeats_header(s, page)


def _repeats_header(line: str, page: PageContext) -> bool:
    """The outlet's name, the byline, a date line or the title printed again in the body."""
    n = _norm(line)
    if page.outlet and n == _norm(page.outlet):
        return True
    if page.byline and n in (_norm(page.byline), _norm("by " + page.byline)):
        return True
    if page.title and n == _norm(page.title):
        return True
    return len(line) <= 80 and is_date_line(line)


def starts_list(line: str) -> bool:
    """A heading such as "Most Read" or "Related", which the headlines of other articles follow."""
    return bool(_LIST_HEADING.match(line.strip()))


def _looks_like_headline(line: str) -> bool:
    s = _BULLET.sub("", line.strip())
    if not s or len(s.split()) > MAX_HEADLINE_WORDS:
        return False
    return bool(_BULLET.match(line)) or s[-1] not in ".!?\"”'’»"


def remove_furniture(paragraphs: list[str], page: PageContext, is_extra: Callable[[str], bool] | None = None) -> list[str]:
    """``paragraphs`` without furniture lines; a list of headlines after a list heading goes too.

    Works line by line because saved text often puts a heading and its list (or a share line
    and an audio notice) in one block. ``page.notes`` records what was removed.
    """
    kept: list[str] = []
    in_list = 0  # headlines still allowed after a list heading
    removed = 0
    for paragraph in paragraphs:
        lines = []
        for line in paragraph.split("\n"):
            s = line.strip()
            if not s:
                continue
            if in_list and _looks_like_headline(s):
                in_list -= 1
                removed += 1
                continue
            in_list = 0
            if _LIST_HEADING.match(s):
                in_list = MAX_LIST_ITEMS
            if is_furniture_line(s, page) or (is_extra is not None and is_extra(s)):
                _read_footer(s, page)
                removed += 1
                continue
            lines.append(line)
        if any(x.strip() for x in lines):
            kept.append("\n".join(lines).strip())
    if removed:
        page.notes.append(f"removed {removed} line{'s' if removed != 1 else ''} of page furniture")
    return kept
