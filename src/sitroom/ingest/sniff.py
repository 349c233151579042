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

import dataclasses
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
# Non-English sites often keep their own date line ("Publié le 14 mars 2026 à 10h30",
# "12 listopada 2026"): month names of the languages we meet most, Polish and Czech in the
# genitive they are printed in. Day first in all of them.
FOREIGN_MONTHS = {
    **dict.fromkeys(["janvier", "januar", "jänner", "enero", "gennaio", "janeiro", "stycznia", "ledna", "ianuarie", "januari"], 1),
    **dict.fromkeys(["février", "fevrier", "februar", "febrero", "febbraio", "fevereiro", "lutego", "února", "unora", "februarie", "februari"], 2),
    **dict.fromkeys(["mars", "märz", "maerz", "marzo", "março", "marco", "marca", "března", "brezna", "martie", "maart"], 3),
    **dict.fromkeys(["avril", "abril", "aprile", "kwietnia", "dubna", "aprilie"], 4),
    **dict.fromkeys(["mai", "mayo", "maggio", "maio", "maja", "května", "kvetna", "mei"], 5),
    **dict.fromkeys(["juin", "juni", "junio", "giugno", "junho", "czerwca", "června", "cervna", "iunie"], 6),
    **dict.fromkeys(["juillet", "juli", "julio", "luglio", "julho", "lipca", "července", "cervence", "iulie"], 7),
    **dict.fromkeys(["août", "aout", "agosto", "sierpnia", "srpna", "augustus"], 8),
    **dict.fromkeys(["septembre", "septiembre", "setiembre", "settembre", "setembro", "września", "wrzesnia", "září", "zari", "septembrie"], 9),
    **dict.fromkeys(["octobre", "oktober", "octubre", "ottobre", "outubro", "października", "pazdziernika", "října", "rijna", "octombrie"], 10),
    **dict.fromkeys(["novembre", "noviembre", "novembro", "listopada", "listopadu", "noiembrie"], 11),
    **dict.fromkeys(["décembre", "decembre", "dezember", "diciembre", "dicembre", "dezembro", "grudnia", "prosince", "decembrie"], 12),
}  # fmt: skip
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_FOREIGN_MONTH = r"(?P<month>" + "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True)) + r")"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_TIME = (
    r"(?:\s*(?:[-–—|,@/]|\bat\b)?\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})(?::\d{2})?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*(?:[A-Z]{2,4}|UTC|GMT)(?:[+-]\d{1,2}(?::?\d{2})?)?)?)?"
)
_DATE_FORMS = [
    # Oct 26, 2024 / Tuesday, September 15, 2026 at 8:00 a.m. ET
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.I),
    # 27 October 2024 / Tue 27 Oct 2024 08:00
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME, re.I),
    # 21.09.2025, 06:45 / 3. 11. 2026: with dots the day always comes first (European usage)
    re.compile(r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<mnum>\d{1,2})\.\s?(?P<year>\d{4})(?:,?\s*(?:[-–—|/]\s*)?(?P<hour>\d{1,2}):(?P<minute>\d{2}))?"),
    # 14 mars 2026 à 10h30 / 3. März 2026 um 10:30 / 12 listopada 2026
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})\.?\s+" + _FOREIGN_MONTH + r",?\s+(?P<year>\d{4})"
               r"(?:,?\s*(?:à|a|um|o|alle|às|kl\.?|[-–—|/])?\s*(?P<hour>\d{1,2})[:.h](?P<minute>\d{2}))?", re.I),
    # 2024-10-27 / 2024-10-27T08:00:00Z / 2024/10/27 08:00
    re.compile(
        r"(?P<year>\d{4})[-/](?P<mnum>\d{1,2})[-/](?P<day>\d{1,2})"
        r"(?:[T\s](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
        re.I,
    ),
]
_PREFIX = re.compile(
    r"^\s*(?P<kind>published|updated|last updated|posted|first published|date|dated|modified|publié|mis à jour|veröffentlicht"
    r"|aktualisiert|publicado|actualizado|atualizado|pubblicato|aggiornato|opublikowano|zaktualizowano|publikováno|aktualizováno"
    r"|publicat|actualizat|gepubliceerd|bijgewerkt)(?:\s+(?:on|le|am|el|em|il|op|dne))?\s*[:\-–]?\s*",
    re.I,
)
_UPDATED_KIND = re.compile(r"updat|modif|mis à jour|aktualis|actualiz|atualiz|aggiorn|zaktualiz|aktualiz|bijgewerkt", re.I)
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
# Section labels and kickers printed as a line of their own ("LIVE", "Opinion", "EXCLUSIVE").
SECTION_LABELS = frozenset(["live", "breaking", "exclusive", "opinion", "analysis", "comment", "editorial", "explainer", "interview", "news", "world", "politics", "business", "economy", "europe", "home", "sport", "sports", "society", "culture", "region", "local", "national", "international", "features", "photos", "video", "videos", "education", "health", "science", "technology", "tech", "environment", "climate", "markets", "defence", "defense", "security", "crime", "justice", "transport", "energy", "weather", "lifestyle", "travel", "entertainment", "investigation", "update", "updates", "latest", "regions", "war"])


def is_section_label(line: str) -> bool:
    """"LIVE", "Opinion", "LOCAL NEWS": a section or kicker printed as a line of its own."""
    words = line.casefold().split()
    return 0 < len(words) <= 3 and all(w in SECTION_LABELS for w in words)
# "Title | Outlet", "Title - Outlet", "Title — Outlet": the last part names the outlet.
_TITLE_SEP = re.compile(r"\s+(?:\||—|–|-|::|·)\s+")
# Spaces that no regex \s covers (zero-width) are dropped; all others become a plain space.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# "Harbor City Tribune | World", "Warsaw Observer — City": outlet, then the section.
_SECTION_SEP = re.compile(r"\s+[|—–·/]\s+|\s+-\s+")
# A several-field header line is cut at these separators, and before each "Label:".
_PART_SEP = re.compile(r"\s+[|·•/]\s+|\s+[—–-]\s+")
_LABEL_SPLIT = re.compile(r"\s+(?=(?:source|editor|author|reporter|text|photo|photos|written by)\s*:)", re.I)
_LABEL = re.compile(r"^(?P<label>source|editor|author|reporter|text|photo|photos|written by|by)\s*:\s*(?P<value>\S.{0,80})$", re.I)
_TIME_ONLY = re.compile(r"^\d{1,2}[:.h]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?$", re.I)
_RELATIVE = re.compile(r"^(?:(?:updated|published|posted)\s+)?(?:\d+|an?|one)\s+(?:min(?:ute)?s?|hours?|hrs?|days?)\s+ago$", re.I)
_POSTED = re.compile(r"^(?:posted|published|written|submitted)\s+(?:by\s+(?P<name>[^\d]+?)\s+)?on\s+(?P<date>.+?)(?:\s+by\s+(?P<name2>.+))?$", re.I)
_LEAD_MARK = re.compile(r"^[\s—–\-|·•]+")
_IN_PLACE = re.compile(r"\s+in\s+[A-Z][\w .'-]*$")  # "Lena Hofer in Vienna": the place is not the name
# Words that make a short capitalised line an outlet's name rather than a person's.
_OUTLET_HINT = re.compile(
    r"\b(?:news|times|post|daily|herald|tribune|journal|gazette|courier|review|standard|ledger|wire|press|observer|telegraph"
    r"|express|monitor|chronicle|today|weekly|radio|tv|agency|media|mail|star|sun|guardian|record|report|voice|shimpo|shimbun"
    r"|insider|business|economic|online|notes|signal|kurier|dispatch|bulletin|digest|world|magazine|network|channel|info)\b", re.I)
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
    mastheads: bool = True  # whether a short capitalised line may name the outlet
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
        month = int(g["mnum"]) if g.get("mnum") else {**MONTHS, **FOREIGN_MONTHS}[g["month"].lower().rstrip(".")]
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
        kind = "updated" if _UPDATED_KIND.search(pm["kind"]) else "published"
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
    if len(head.split()) < 3 or not tail or is_section_label(tail) or _is_role(tail):
        return title, None
    if _looks_like_outlet(tail) or _BRAND.match(tail):
        return head, tail
    return title, None


def join_names(names: list[str]) -> str:
    """Authors as a byline prints them: "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}" if names else ""


def outlet_in_title(title_tag: str, headline: str) -> str | None:
    """The outlet that an HTML <title> adds to the headline: "Sava Economic - Headline", "Headline | World | Outlet"."""
    if not headline or headline not in title_tag or title_tag == headline:
        return None
    rest = [p.strip(" :|-–—·»") for p in _TITLE_SEP.split(title_tag.replace(headline, " | ", 1))]
    names = [p for p in rest if p and not is_section_label(p) and len(p.split()) <= 6]
    return names[-1] if names else None


def sniff_header(lines: list[str], max_lines: int = 14, title: str = "", skip: Callable[[str], bool] | None = None,
                 outlet: str | None = None, mastheads: bool = True) -> Header:
    """Read the header lines that follow the title (``lines`` excludes the title line).

    The header block runs to its last header line. Between header lines a page may print a
    kicker or section ("EXCLUSIVE", "Estonia"), the author's name alone ("Andrei Stan"), a
    teaser (one lead paragraph, often cut with "…") and the title again; more prose than that
    means the body has begun. ``skip`` names furniture lines that may sit among header lines
    (share buttons, reading time); ``outlet`` is the outlet the title line named, if any;
    ``mastheads=False`` stops a short capitalised line from being read as the outlet's name.
    """
    header = Header(outlet=outlet, mastheads=mastheads)
    used = 0
    pending: list[str] = []  # lines since the last header line that are not header lines
    for i, raw in enumerate(lines[:max_lines]):
        line = clean_line(raw)
        if not line:
            continue
        trial = dataclasses.replace(header)
        if _read_header_line(line, trial) or (title and _same(line, title)) or (skip is not None and skip(line)):
            if not _absorb(pending, trial):
                break  # the body had begun: this header-like line belongs to it (a footer, a date in the text)
            header, pending, used = trial, [], i + 1
        else:
            pending.append(raw.strip())
    used = _name_closing(lines, used, header)
    while used < len(lines) and not lines[used].strip():
        used += 1  # blank lines after the last header line belong to the header block too
    header.lines_used = used
    return header


def _name_closing(lines: list[str], used: int, header: Header) -> int:
    """A lone name line that closes the header block ("Jonas Petraitis", then a blank line) is the byline."""
    rest = lines[used:used + 2]
    if header.byline is None and used and rest and _is_name(rest[0]) and (len(rest) == 1 or not rest[1].strip()):
        header.byline = _IN_PLACE.sub("", clean_line(rest[0]))
        return used + 1
    return used


def _absorb(pending: list[str], header: Header) -> bool:
    """Take the non-header lines between two header lines into ``header``; False if they are body.

    Up to three: short ones are kickers or the author's name, at most one long one is the
    teaser. A short line that ends a sentence is body text, not a kicker.
    """
    long_lines = [p for p in pending if len(p.split()) >= 6]
    if len(pending) > 3 or len(long_lines) > 1 or (long_lines and header.teaser is not None):
        return False
    if any(p[-1] in ".!?" for p in pending if len(p.split()) < 6):
        return False
    if long_lines:
        header.teaser = long_lines[0]
    for line in pending:
        if header.byline is None and _is_name(line):
            header.byline = _IN_PLACE.sub("", clean_line(line))  # "Lena Hofer in Vienna"
    return True


def _same(a: str, b: str) -> bool:
    return re.sub(r"[\W_]+", " ", a).casefold().strip() == re.sub(r"[\W_]+", " ", b).casefold().strip()


def _is_name(line: str) -> bool:
    """"Andrei Stan", "Lena Hofer in Vienna": two to four capitalised words naming a person."""
    words = _IN_PLACE.sub("", clean_line(line)).split()
    return (2 <= len(words) <= 4 and all(w[0].isupper() and not w.isupper() for w in words)
            and not any(ch.isdigit() for ch in line) and not _OUTLET_HINT.search(line))  # fmt: skip


def _read_header_line(line: str, header: Header) -> bool:
    """Fill ``header`` from one line; False if the line is not a header line."""
    line = _LEAD_MARK.sub("", line)  # "— Pannonia Review"
    return bool(line) and any(read(line, header) for read in _LINE_READERS)


def _read_outlet_again(line: str, header: Header) -> bool:
    return bool(header.outlet) and _same(line, header.outlet or "")  # the title named it, the masthead again


def _read_date(line: str, header: Header) -> bool:
    kind, iso = _is_date_line(line)
    if iso is None:
        return False
    if kind == "updated":
        header.updated = header.updated or iso
    else:
        header.published = header.published or iso
    return True


def _read_bracketed(line: str, header: Header) -> bool:
    """【Baltic Courier, September 17, 2026】: outlet and date."""
    m = _BRACKETED.match(line)
    if not m:
        return False
    outlet = re.split(r"[,|/·]", m["inner"], maxsplit=1)[0].strip()
    date = parse_header_date(m["inner"])
    if _looks_like_outlet(outlet):
        header.outlet = header.outlet or outlet
    if date:
        header.published = header.published or date
    return bool(date or header.outlet)


def _read_posted(line: str, header: Header) -> bool:
    """"Posted by Piotr Zieliński on October 8, 2026" / "Posted on July 11, 2026 by Rasa Vaitkutė"."""
    m = _POSTED.match(line)
    if not m or not (iso := parse_header_date(m["date"])):
        return False
    header.published = header.published or iso
    header.byline = header.byline or (m["name"] or m["name2"] or "").strip() or None
    return True


def _read_byline(line: str, header: Header) -> bool:
    """"By Rachel Okafor | The Daily Meridian", "By A and B, Northline Wire", "By X, Staff Writer"."""
    m = _BYLINE.match(line)
    if not m:
        return False
    first, *rest = _PART_SEP.split(m["names"])
    trial = dataclasses.replace(header)
    names = [p.strip() for p in first.split(",")]
    while len(names) > 1 and (_is_role(names[-1]) or _is_outlet_part(names[-1])):
        if not _is_role(names[-1]):
            trial.outlet = trial.outlet or names[-1]
        names.pop()
    if not all(_read_part(part.strip(), trial) for part in rest):
        return False
    trial.byline = header.byline or _IN_PLACE.sub("", ", ".join(names))
    _copy(trial, header)
    return True


def _read_parts(line: str, header: Header) -> bool:
    """A line of several header fields: "Carpathian Business · 2 Dec 2026", "2026-09-22 14:05 Source: X Editor: Y"."""
    parts = [q for p in _PART_SEP.split(_LABEL_SPLIT.sub("\n", line)) for q in p.split("\n") if q.strip()]
    if len(parts) < 2:
        return False
    trial = dataclasses.replace(header)
    if not all(_read_part(p.strip(), trial) for p in parts):
        return False
    _copy(trial, header)
    return True


def _read_part(part: str, header: Header) -> bool:
    """One field of a several-field line."""
    if _TIME_ONLY.match(part) or _RELATIVE.match(part):
        return True  # "4:22 PM", "Updated 2 hours ago": nothing we keep
    if m := _LABEL.match(part):
        label, value = m["label"].lower(), m["value"].strip()
        if label == "source":
            header.outlet = header.outlet or value
        elif label in ("author", "reporter", "text", "written by", "by"):
            header.byline = header.byline or value
        return True  # "Editor: ...", "Photo: ...": credits, not the byline
    if _read_date(part, header) or _read_byline(part, header):
        return True
    if header.outlet is None and _is_outlet_part(part):
        header.outlet = part
        return True
    if header.byline is None and _is_name(part):
        header.byline = part
        return True
    return False


def _is_outlet_part(text: str) -> bool:
    """A part of a header line that names the outlet: capitalised, and not a person's name or a list of them."""
    return _looks_like_outlet(text) and " and " not in text and (bool(_OUTLET_HINT.search(text)) or not _is_name(text))


def _copy(source: Header, target: Header) -> None:
    target.outlet, target.published, target.updated, target.byline = source.outlet, source.published, source.updated, source.byline


def _read_outlet(line: str, header: Header) -> bool:
    """A masthead line: "Harbor City Tribune", "WARSAW OBSERVER — City", "online.ua", "byteseu"."""
    if header.outlet is not None or not header.mastheads or is_section_label(line):
        return False
    parts = _SECTION_SEP.split(line.strip(), maxsplit=1)
    outlet = parts[0]
    if _looks_like_outlet(outlet) and (len(parts) == 1 or _looks_like_outlet(parts[1])):
        # A masthead in capitals ("WARSAW OBSERVER") is stored as a name; acronyms stay ("ABC").
        if outlet.isupper() and any(len(w) > 3 for w in outlet.split()):
            outlet = outlet.title()
        header.outlet = outlet
        return True
    if _BRAND.match(line) and not is_section_label(line):
        header.outlet = line  # "byteseu": a lowercase brand printed as the masthead
        return True
    return False


def _read_credit(line: str, header: Header) -> bool:
    return bool(_CREDIT.match(line)) or bool(_TIME_ONLY.match(line))  # "12:04" above a live-blog entry


_LINE_READERS: tuple[Callable[[str, Header], bool], ...] = (
    _read_outlet_again, _read_date, _read_bracketed, _read_posted, _read_byline, _read_parts, _read_outlet, _read_credit,
)  # fmt: skip


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
