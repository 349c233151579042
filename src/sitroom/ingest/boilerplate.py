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

from sitroom.ingest.sniff import is_date_line

# A heading that introduces a list of other articles' headlines.
_LIST_HEADING = re.compile(
    r"^(?:most (?:read|popular|viewed|shared|commented)|popular(?: now| stories)?|related(?: articles| stories| news| coverage| content| topics)?"
    r"|read (?:more|also|next)|also read|see also|more (?:on this story|from \S.{0,30}|stories|news)|trending(?: now| stories)?"
    r"|recommended(?: for you| stories)?|you (?:may|might) also like|editor'?s picks?|top stories|latest(?: news| stories)?"
    r"|(?:in )?other news|what to read next|more in \S.{0,30})\s*:?$",
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
    )
]
# A photo credit at the end of a body paragraph: "... ships. (Photo by Karl Weiss / Agency)".
_TRAILING_CREDIT = re.compile(r"\s*\((?:photo|image|picture|credit|foto)s?\b[^()]{0,80}\)\s*$", re.I)
_SHARE_WORDS = frozenset(["share", "this", "article", "story", "post", "on", "via", "facebook", "twitter", "x", "linkedin", "email", "e-mail", "whatsapp", "telegram", "reddit", "print", "copy", "link", "|", ":", "·", "/", "comments", "comment", "pinterest", "flipboard", "messenger", "viber"])  # fmt: skip
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}/?$", re.I)
_BULLET = re.compile(r"^\s*(?:[-•*·▪►–—]|\d{1,2}[.)])\s+")
# A headline in a list: short, and not a finished sentence (headlines carry no full stop).
MAX_HEADLINE_WORDS = 22
MAX_LIST_ITEMS = 12


@dataclass
class PageContext:
    """What the header already told us: the lines that repeat it are furniture."""

    title: str = ""
    outlet: str | None = None
    byline: str | None = None
    notes: list[str] = field(default_factory=list)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s.]", " ", text.casefold()).split())


def is_furniture_line(line: str, page: PageContext | None = None) -> bool:
    """True if ``line`` (one line of a saved page) is furniture wherever it appears."""
    s = line.strip()
    if not s:
        return False
    if any(p.search(s) for p in _FURNITURE) and len(s.split()) <= 40:
        return True
    if _INLINE_LINK.match(s) or _LIST_HEADING.match(s):
        return True
    words = s.casefold().replace("|", " | ").split()
    if words and all(w.strip(":·") in _SHARE_WORDS or not w.strip(":·|/") for w in words) and any(w in ("share", "facebook", "twitter", "email", "telegram", "whatsapp", "linkedin") for w in words):
        return True
    if _DOMAIN.match(s):
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
        for raw in paragraph.split("\n"):
            line = _TRAILING_CREDIT.sub("", raw)
            s = line.strip()
            if not s:
                removed += bool(raw.strip())
                continue
            if in_list and _looks_like_headline(s):
                in_list -= 1
                removed += 1
                continue
            in_list = 0
            if _LIST_HEADING.match(s):
                in_list = MAX_LIST_ITEMS
            if is_furniture_line(s, page) or (is_extra is not None and is_extra(s)):
                removed += 1
                continue
            lines.append(line)
        if any(x.strip() for x in lines):
            kept.append("\n".join(lines).strip())
    if removed:
        page.notes.append(f"removed {removed} line{'s' if removed != 1 else ''} of page furniture")
    return kept
