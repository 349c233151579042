"""Calendar arithmetic for relative dates: weekdays, weeks, months and years against a reference.

Pure functions of a reference date and a direction, so the dates stage can decide the
direction from the grammar and test the arithmetic apart from it.

Directions:
- ``past``: on or before the reference ("said on Monday" in a Monday article is that day);
- ``future``: on or after it ("will meet on Thursday");
- ``before`` / ``after``: strictly before or after ("last Monday", "next Monday");
- ``nearest``: whichever is closer, ties going to the past.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
DIRECTIONS = ("past", "future", "before", "after", "nearest")


def parse_reference(published: str | None) -> dt.date | None:
    """'2026-09-16' or '2026-09-16T06:05+02:00' -> date(2026, 9, 16); None if absent or unreadable."""
    if not published:
        return None
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", published.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def month_number(word: str) -> int | None:
    """'Sept.' -> 9, 'October' -> 10, 'Mayday' -> None."""
    return MONTHS.get(word.lower().rstrip("."))


def weekday_number(word: str) -> int | None:
    """'Thursday' / "Thursday's" -> 3."""
    return WEEKDAYS.get(re.sub(r"['’]s$", "", word.lower()))


def week_monday(day: dt.date) -> dt.date:
    """The Monday of the ISO week that holds ``day``: how we name a week."""
    return day - dt.timedelta(days=day.weekday())


def resolve_weekday(ref: dt.date, weekday: int, direction: str) -> dt.date:
    """The day with ``weekday`` (0 = Monday) nearest ``ref`` in ``direction``; always within 7 days."""
    back = (ref.weekday() - weekday) % 7  # days since the last such day (0: today)
    ahead = (weekday - ref.weekday()) % 7  # days until the next one (0: today)
    if direction == "past":
        return ref - dt.timedelta(days=back)
    if direction == "future":
        return ref + dt.timedelta(days=ahead)
    if direction == "before":
        return ref - dt.timedelta(days=back or 7)
    if direction == "after":
        return ref + dt.timedelta(days=ahead or 7)
    return ref - dt.timedelta(days=back) if back <= ahead else ref + dt.timedelta(days=ahead)


def resolve_month(ref: dt.date, month: int, direction: str) -> tuple[int, int]:
    """(year, month) of the named month: 'in June' in a September article is this June when
    looking back and next June when looking ahead; 'nearest' picks within six months."""
    past_year = ref.year if month <= ref.month else ref.year - 1
    future_year = ref.year if month >= ref.month else ref.year + 1
    if direction in ("past", "before"):
        return past_year, month
    if direction in ("future", "after"):
        return future_year, month
    return (past_year, month) if (ref.month - month) % 12 <= 6 else (future_year, month)


def resolve_day_of_month(ref: dt.date, day: int, direction: str) -> dt.date | None:
    """'on the 24th': this month's day, or the previous/next month's when the grammar says so."""
    candidates = []
    for shift in (-1, 0, 1):
        year, month = ref.year, ref.month + shift
        if month == 0:
            year, month = year - 1, 12
        elif month == 13:
            year, month = year + 1, 1
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if direction in ("past", "before"):
        earlier = [c for c in candidates if c <= ref]
        return max(earlier) if earlier else None
    if direction in ("future", "after"):
        later = [c for c in candidates if c >= ref]
        return min(later) if later else None
    return min(candidates, key=lambda c: (abs((c - ref).days), c > ref))


def year_for(ref: dt.date, month: int, day: int) -> int:
    """The year that puts month/day closest to the reference: 'Sept 30' -> this year, and
    'Dec 30' in a Jan. 2 article -> last year."""
    best = ref.year
    best_gap: int | None = None
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            gap = abs((dt.date(year, month, day) - ref).days)
        except ValueError:
            continue
        if best_gap is None or gap < best_gap:
            best, best_gap = year, gap
    return best


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """(2026, 1) shifted by -1 -> (2025, 12)."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1
