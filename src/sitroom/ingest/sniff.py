"""Recognise the header lines that real article pages print above the body.

Forms seen on real pages (each has a test):
``By Anna Kowalczyk`` / ``By A. Kowalczyk and J. Smith, Northline Wire``
``Oct 26, 2024 - 08:00`` / ``October 27, 2024`` / ``27 October 2024`` / ``2024-10-27T08:00Z``
``Published Sep 15, 2026 - 08:00`` / ``Updated: Tuesday, Sept. 16, 2026 at 9:30 a.m.``
``【Baltic Courier, September 17, 2026】`` / ``[Outlet, 17 September 2026]``
``21.09.2025, 06:45`` (dots: always day first) / a lowercase domain or brand line (``online.ua``)
and a wire dateline opening the first paragraph: ``WARSAW, Sept 16 (Northline Wire) -``.
Pages saved from a browser also print a teaser (often cut with "…") above the date line and
the title again below it: the teaser is kept apart and the repeated title consumed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = (
    r"(?:\s*(?:[-–—|,@]|\bat\b)?\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::\d{2})?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?)?"
)
_DATE_FORMS = [
    # Oct 26, 2024 / Tuesday, September 15, 2026 at 8:00 a.m. ET
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.I),
    # 27 October 2024 / Tue 27 Oct 2024 08:00
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME, re.I),
    # 21.09.2025, 06:45: with dots the day always comes first (European usage), never ambiguous
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})(?:,?\s*(?:[-–—|]\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"),
    # 2024-10-27 / 2024-10-27T08:00:00Z / 2024/10/27 08:00
    re.compile(
        r"(?P<year>\d{4})[-/](?P<mnum>\d{1,2})[-/](?P<day>\d{1,2})"
        r"(?:[T\s](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
        re.I,
    ),
]
_PREFIX = re.compile(
    r"^\s*(?P<kind>published|updated|last updated|posted|first published|date|dated|modified)"
    r"(?:\s+on)?\s*[:\-–]?\s*",
    re.I,
)
_BYLINE = re.compile(r"^\s*by\s+(?P<names>[A-Z][^\n]{1,120}?)\s*$", re.I)
_BRACKETED = re.compile(r"^\s*[【\[](?P<inner>[^】\]]{3,120})[】\]]\s*$")
_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][A-Z .'\-]{1,40}?)(?:,\s*(?P<date>[A-Za-z]{3,9}\.?\s+\d{1,2}))?"
    r"\s*\((?P<outlet>[A-Z][^()\n]{1,40})\)\s*[-–—]"
)
_OUTLET_WORD = re.compile(r"^(?:[A-Z][\w'&.-]*|of|the|and|&|de|la|für)$")
# "online.ua", "www.kyivpost.example": a domain printed as the outlet's name.
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)
# "byteseu": one lowercase brand word; these section names look the same and are not outlets.
_BRAND = re.compile(r"^[a-z][a-z0-9]{3,19}$")
_SECTIONS = frozenset(["news", "world", "politics", "business", "economy", "europe", "opinion", "home", "sport", "sports", "analysis", "live", "breaking", "latest", "video", "videos", "society", "culture", "region", "regions", "local", "national", "international", "features", "photos", "war", "ukraine"])  # fmt: skip
# "Title | Outlet", "Title - Outlet", "Title — Outlet": the last part names the outlet.
_TITLE_SEP = re.compile(r"\s+(?:\||—|–|-|::|·)\s+")
# Spaces that no regex \s covers (zero-width) are dropped; all others become a plain space.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# "Harbor City Tribune | World", "Warsaw Observer — City": outlet, then the section.
_SECTION_SEP = re.compile(r"\s+[|—–·/]\s+|\s+-\s+")
# Lines that belong to the header but name no field we keep: a syndication credit
# ("From Northline Wire", "Source: Northline Wire") or a translation note.
_CREDIT = re.compile(r"^\s*(?:from|source:|via|distributed by|translated from|translated by)\s+\S.{0,60}$", re.I)


@dataclass
class Header:
    """What the lines above the body say about the article."""

    outlet: str | None = None
    published: str | None = None
    updated: str | None = None
    byline: str | None = None
    teaser: str | None = None  # a lead printed above the date line (kept only if not repeated)
    lines_used: int = 0  # header lines consumed after the title (blank lines included)


def parse_header_date(text: str) -> str | None:
    """Parse a date (and time) as written in page headers; ISO 8601 or None.

    Only whole, unambiguous forms: a line like "Sept 16" (no year) or "3/4/2024" (day or
    month first?) is not a header date. Returns "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM".
    """
    for form in _DATE_FORMS:
        m = form.search(text)
        if not m:
            continue
        g = m.groupdict()
        month = int(g["mnum"]) if g.get("mnum") else MONTHS[g["month"].lower().rstrip(".")]
        try:
            day = dt.date(int(g["year"]), month, int(g["day"]))
        except ValueError:
            return None
        if g.get("hour") is None:
            return day.isoformat()
        hour, minute = int(g["hour"]), int(g["minute"])
        ampm = (g.get("ampm") or "").lower().replace(".", "")
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            return day.isoformat()
        return f"{day.isoformat()}T{hour:02d}:{minute:02d}"
    return None


def clean_line(line: str) -> str:
    """``line`` with every Unicode space (no-break, thin, narrow) as a plain space, zero-width ones gone."""
    return " ".join(_INVISIBLE.sub("", line).split())


def is_date_line(line: str) -> bool:
    """True if the whole line is a date line ("Published: Oct 26, 2024 - 08:00")."""
    return _is_date_line(clean_line(line))[1] is not None


def _is_date_line(line: str) -> tuple[str | None, str | None]:
    """(kind, iso) if the whole line is a date line, kind being 'published' or 'updated'."""
    kind = "published"
    rest = line
    if _BRACKETED.match(line):
        return None, None  # 【Outlet, date】 names an outlet too: _read_header_line reads it
    pm = _PREFIX.match(line)
    if pm:
        kind = "updated" if "updat" in pm["kind"].lower() or "modif" in pm["kind"].lower() else "published"
        rest = line[pm.end():]
    iso = parse_header_date(rest)
    if iso is None:
        return None, None
    # The date must be most of the line, or a sentence that mentions a date would count.
    leftover = rest
    for form in _DATE_FORMS:
        leftover = form.sub("", leftover, count=1)
    if len(re.sub(r"[\W_]+", "", leftover)) > 12:
        return None, None
    return kind, iso


def _looks_like_outlet(line: str) -> bool:
    if _DOMAIN.match(line.strip()):
        return True
    words = line.strip().split()
    if not 1 <= len(words) <= 5 or line.strip()[-1:] in ".!?:;,\"”":
        return False
    return all(_OUTLET_WORD.match(w) for w in words) and not any(ch.isdigit() for ch in line)


def _is_role(text: str) -> bool:
    """'Research Director', 'Staff Writer': a byline's role, not an outlet."""
    from sitroom.nlp.gazetteer import title_heads

    words = text.casefold().split()
    return bool(words) and (words[-1] in title_heads() or words[-1] in ("correspondent", "editor", "reporter", "writer", "staff"))


def split_title(title: str) -> tuple[str, str | None]:
    """("Title", "Outlet") from "Title | Outlet" / "Title - Outlet" / "Title — Outlet"; else (title, None).

    The last part must name an outlet (capitalised words, a domain or one lowercase brand
    word) and not a role ("... - Minister") or a section ("... - Live"); the headline before it
    keeps at least three words, so "Kyiv - Warsaw" is never split.
    """
    parts = list(_TITLE_SEP.finditer(title))
    if not parts:
        return title, None
    sep = parts[-1]
    head, tail = title[:sep.start()].strip(), title[sep.end():].strip()
    if len(head.split()) < 3 or not tail or tail.casefold() in _SECTIONS or _is_role(tail):
        return title, None
    if _looks_like_outlet(tail) or _BRAND.match(tail):
        return head, tail
    return title, None


def sniff_header(lines: list[str], max_lines: int = 14, title: str = "", skip: Callable[[str], bool] | None = None) -> Header:
    """Read header lines that follow the title (``lines`` excludes the title line).

    ``skip`` names lines that may sit among header lines without ending the header (share
    buttons, audio notices); the title printed again after a date line is consumed; a
    paragraph followed by a date line is a teaser (``Header.teaser``).
    """
    header = Header()
    used = 0
    window = lines[:max_lines]
    for i, raw in enumerate(window):
        line = clean_line(raw)
        if not line:
            continue  # blank lines between header lines belong to the header
        if _read_header_line(line, header):
            pass
        elif title and _same(line, title) and (header.published or header.teaser or header.byline):
            pass  # the title printed again below the date line
        elif skip is not None and skip(line):
            pass
        elif header.teaser is None and not header.published and len(line.split()) >= 6 and _next_is_date_line(window, i + 1):
            header.teaser = raw.strip()  # as printed: the stored text quotes the page exactly
        else:
            break
        used = i + 1
    # Blank lines after the last header line belong to the header block too.
    while used < len(lines) and not lines[used].strip():
        used += 1
    header.lines_used = used
    return header


def _same(a: str, b: str) -> bool:
    return re.sub(r"[\W_]+", " ", a).casefold().strip() == re.sub(r"[\W_]+", " ", b).casefold().strip()


def _next_is_date_line(lines: list[str], start: int) -> bool:
    """The next non-blank line is a date line (the sign that a paragraph above it was a teaser)."""
    for raw in lines[start:]:
        if raw.strip():
            return is_date_line(raw)
    return False


def _read_header_line(line: str, header: Header) -> bool:
    """Fill ``header`` from one line; False if the line is not a header line."""
    if header.outlet and _same(line, header.outlet):
        return True  # the outlet named again (in the title and as a masthead line)
    kind, iso = _is_date_line(line)
    if iso:
        if kind == "updated":
            header.updated = header.updated or iso
        else:
            header.published = header.published or iso
        return True
    if m := _BRACKETED.match(line):
        parts = [p.strip() for p in re.split(r"[,|/·]", m["inner"], maxsplit=1)]
        date = parse_header_date(m["inner"])
        if parts and _looks_like_outlet(parts[0]):
            header.outlet = header.outlet or parts[0]
        if date:
            header.published = header.published or date
        return bool(date or header.outlet)
    if m := _BYLINE.match(line):
        names = re.split(r"\s*[|,—–]\s*", m["names"])
        header.byline = header.byline or names[0]
        # "By Rachel Okafor | The Daily Meridian"; not "By Maria Ortega, Research Director".
        if len(names) > 1 and _looks_like_outlet(names[-1]) and not _is_role(names[-1]):
            header.outlet = header.outlet or names[-1]
        return True
    outlet = _SECTION_SEP.split(line.strip(), maxsplit=1)[0]
    if header.outlet is None and _looks_like_outlet(outlet) and (outlet == line.strip() or _looks_like_outlet(_SECTION_SEP.split(line.strip(), maxsplit=1)[1])):
        # A masthead in capitals ("WARSAW OBSERVER") is stored as a name; acronyms stay ("ABC").
        if outlet.isupper() and any(len(w) > 3 for w in outlet.split()):
            outlet = outlet.title()
        header.outlet = outlet
        return True
    if header.outlet is None and _BRAND.match(line) and line not in _SECTIONS:
        header.outlet = line  # "byteseu": a lowercase brand printed as the masthead
        return True
    return bool(_CREDIT.match(line))


def parse_dateline(paragraph: str, published: str | None, today: dt.date | None = None) -> tuple[str | None, str | None]:
    """(outlet, iso date) from a wire dateline like ``WARSAW, Sept 16 (Northline Wire) -``.

    A dateline gives month and day but no year: the year is taken from ``published`` if known,
    else the latest year that does not put the date in the future.
    """
    m = _DATELINE.match(paragraph)
    if not m:
        return None, None
    outlet = m["outlet"].strip()
    date = None
    if m["date"]:
        month_word, day_s = m["date"].split()
        month = MONTHS.get(month_word.lower().rstrip("."))
        if month:
            today = today or dt.date.today()
            year = int(published[:4]) if published else today.year
            try:
                candidate = dt.date(year, month, int(day_s))
                if not published and candidate > today:
                    candidate = candidate.replace(year=year - 1)
                date = candidate.isoformat()
            except ValueError:
                date = None
    return outlet, date
