"""Publication dates given by users and feeds, normalised to ISO 8601."""

from __future__ import annotations

import datetime as dt

from sitroom.errors import InputError
from sitroom.ingest.sniff import parse_header_date


def check_published_range(iso: str, where: str) -> None:
    """Refuse a publication date before 1900 or more than a year ahead: a typo or a placeholder
    (year 9999 once overflowed story grouping's date window after the article was stored)."""
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        raise InputError(where, f"publication date {iso!r} cannot be read", "use ISO 8601, e.g. 2024-10-27") from None
    latest = dt.date.today() + dt.timedelta(days=366)
    if not dt.date(1900, 1, 1) <= day <= latest:
        raise InputError(where, f"publication date {iso} is before 1900 or more than a year ahead",
                         "fix the date in the file, or set one with --published")  # fmt: skip


def normalise_published(value: str, where: str) -> str:
    """Return ISO 8601 ("YYYY-MM-DD" or "YYYY-MM-DDTHH:MM") for a publication date.

    Cascade: the strict header forms first (fast, and never guesses day/month order);
    then dateparser for the long tail ("Mon, 16 Sep 2026 08:00:00 +0000" from RSS, "16.09.2026").
    """
    iso = parse_header_date(value)
    if iso:
        check_published_range(iso, where)
        return iso
    import dateparser  # ~0.1 CPU s to import: only a date outside the header forms pays it

    parsed = dateparser.parse(
        value,
        settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first", "RETURN_AS_TIMEZONE_AWARE": False},
    )
    if parsed is None or not (1900 <= parsed.year <= dt.date.today().year + 1):
        raise InputError(where, f"publication date {value!r} cannot be read", "use ISO 8601, e.g. 2024-10-27 or 2024-10-27T08:00")
    if parsed.hour or parsed.minute:
        return parsed.strftime("%Y-%m-%dT%H:%M")
    return parsed.date().isoformat()
