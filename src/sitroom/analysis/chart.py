"""The escalation index drawn: an inline SVG for pages, a text sparkline for Markdown briefs.

Both read the series that ``escalation_index`` returns. Driver texts come from articles, so
they are untrusted: every string from the data goes through ``_esc`` (SVG) or ``_md``
(Markdown) and nothing else reaches the output. The SVG has no script, no external font
and no link: it can be pasted into a page, an e-mail or a report as it is.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sitroom.analysis.escalation import (
    TREND_THRESHOLD,
    TREND_WINDOW,
    Ladder,
    Rung,
    load_ladder,
    parse_day,
    trend,
)

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SPARKS = "▁▂▃▄▅▆▇█"
FONT = 'font-family="sans-serif" font-size="10"'
# Characters XML 1.0 forbids even escaped: a stray form feed in an article would otherwise
# make the whole chart unparseable.
NOT_XML = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!{}])")
TEXT_LIMIT = 140
# Low rungs green, the middle amber, the top red: colour repeats what the y axis says, for a
# reader who only glances at the points.
COLOURS = ((0.0, (46, 125, 50)), (0.5, (249, 168, 37)), (1.0, (198, 40, 40)))


@dataclass(frozen=True)
class _Frame:
    """Where the plot sits inside the SVG, and how levels and days map onto it."""

    left: float
    top: float
    width: float
    height: float
    low: float
    high: float
    count: int

    def x(self, i: int) -> float:
        if self.count <= 1:
            return self.left + self.width / 2
        return self.left + self.width * i / (self.count - 1)

    def y(self, level: float) -> float:
        level = min(max(level, self.low), self.high)
        return self.top + self.height * (1 - (level - self.low) / ((self.high - self.low) or 1))


def escalation_svg(series: Sequence[Mapping[str, Any]], width: int = 640, height: int = 220, title: str = "") -> str:
    """A self-contained SVG line chart of the daily level, one point (with a tooltip) per day."""
    ladder = load_ladder()
    width, height = max(int(width), 240), max(int(height), 120)
    longest = max(len(r.label) for r in ladder.rungs)
    left = min(width * 0.4, 12 + longest * 5.6)  # ~5.6 px per character of 10 px sans-serif
    top = 26.0 if title else 10.0
    frame = _Frame(left, top, width - left - 24, height - top - 30,
                   ladder.rungs[0].level, ladder.rungs[-1].level, len(series))  # fmt: skip
    name = title or "Escalation index"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_esc(name)}">',
        f"<title>{_esc(name)}</title>",
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    if title:
        parts.append(f'<text x="{left:.1f}" y="16" font-family="sans-serif" font-size="12" font-weight="bold">{_esc(title)}</text>')
    parts.extend(_y_axis(frame, ladder))
    if not series:
        parts.append(f'<text x="{frame.x(0):.1f}" y="{frame.top + frame.height / 2:.1f}" {FONT} '
                     f'text-anchor="middle" fill="#666666">No dated events to chart</text>')  # fmt: skip
    else:
        parts.extend(_x_axis(frame, series))
        parts.extend(_red_lines(frame, series, ladder))
        parts.extend(_line(frame, series))
        parts.extend(_points(frame, series, ladder))
    parts.append("</svg>")
    return "\n".join(parts)


def _y_axis(frame: _Frame, ladder: Ladder) -> list[str]:
    """One gridline per rung, labelled; every other label when the chart is too short for all."""
    spacing = frame.height / max(len(ladder.rungs) - 1, 1)
    every = max(1, math.ceil(11 / spacing)) if spacing > 0 else len(ladder.rungs)
    out = []
    for i, rung in enumerate(ladder.rungs):
        y = frame.y(rung.level)
        out.append(f'<line x1="{frame.left:.1f}" y1="{y:.1f}" x2="{frame.left + frame.width:.1f}" y2="{y:.1f}" '
                   f'stroke="#e0e0e0" stroke-width="1"/>')  # fmt: skip
        if i % every == 0 or i == len(ladder.rungs) - 1:
            out.append(f"<g><title>{_esc(rung.description)}</title>"
                       f'<text x="{frame.left - 6:.1f}" y="{y + 3:.1f}" {FONT} text-anchor="end" fill="#444444">'
                       f"{_esc(rung.label)}</text></g>")  # fmt: skip
    return out


def _x_axis(frame: _Frame, series: Sequence[Mapping[str, Any]]) -> list[str]:
    """A baseline and date ticks, thinned so that labels (about 50 px wide) do not overlap."""
    base = frame.top + frame.height
    out = [f'<line x1="{frame.left:.1f}" y1="{base:.1f}" x2="{frame.left + frame.width:.1f}" y2="{base:.1f}" '
           f'stroke="#888888" stroke-width="1"/>']  # fmt: skip
    every = max(1, math.ceil(len(series) / max(1, int(frame.width // 52))))
    for i, item in enumerate(series):
        if i % every:
            continue
        x = frame.x(i)
        out.append(f'<line x1="{x:.1f}" y1="{base:.1f}" x2="{x:.1f}" y2="{base + 4:.1f}" stroke="#888888"/>')
        out.append(f'<text x="{x:.1f}" y="{base + 16:.1f}" {FONT} text-anchor="middle" fill="#444444">'
                   f"{_esc(_short_date(item.get('date')))}</text>")  # fmt: skip
    return out


def _red_lines(frame: _Frame, series: Sequence[Mapping[str, Any]], ladder: Ladder) -> list[str]:
    """A dashed line at each rung above today's level that someone has drawn a red line on.

    Only hostile rungs count: "if Minsk lets observers in, we will talk" is an offer, not a
    line. Lines at or below today's level are left out, since the crisis has already reached
    them; what an analyst scans for is how far the next line is.
    """
    now = _level(series[-1])
    said: dict[str, list[str]] = {}
    for item in series:
        for t in _list(item.get("triggers")):
            rung = _rung(ladder, t.get("rung")) if isinstance(t, Mapping) else None
            if rung is not None and rung.kind == "hostile" and rung.level > now:
                said.setdefault(rung.id, []).append(_quote(t))
    out = []
    for rung_id, texts in sorted(said.items(), key=lambda kv: ladder.rung(kv[0]).level):
        rung = ladder.rung(rung_id)
        y = frame.y(rung.level)
        tip = "\n".join([f"Red line at {rung.label}, stated {len(texts)} time(s):", *texts[:5]])
        out.append(f'<g><title>{_esc(tip)}</title>'
                   f'<line x1="{frame.left:.1f}" y1="{y:.1f}" x2="{frame.left + frame.width:.1f}" y2="{y:.1f}" '
                   f'stroke="#c62828" stroke-width="1" stroke-dasharray="4 3" opacity="0.7"/>'
                   f'<text x="{frame.left + frame.width - 2:.1f}" y="{y - 3:.1f}" font-family="sans-serif" font-size="9" '
                   f'text-anchor="end" fill="#c62828">red line</text></g>')  # fmt: skip
    return out


def _line(frame: _Frame, series: Sequence[Mapping[str, Any]]) -> list[str]:
    if len(series) < 2:
        return []
    points = " ".join(f"{frame.x(i):.1f},{frame.y(_level(s)):.1f}" for i, s in enumerate(series))
    return [f'<polyline points="{points}" fill="none" stroke="#37474f" stroke-width="1.5" stroke-linejoin="round"/>']


def _points(frame: _Frame, series: Sequence[Mapping[str, Any]], ladder: Ladder) -> list[str]:
    """A dot per day: filled on days with events, hollow where the level is carried over."""
    out = []
    for i, item in enumerate(series):
        level = _level(item)
        colour = _colour((level - frame.low) / ((frame.high - frame.low) or 1))
        fill = colour if item.get("peak") is not None else "#ffffff"
        out.append(f'<circle cx="{frame.x(i):.1f}" cy="{frame.y(level):.1f}" r="3.5" fill="{fill}" '
                   f'stroke="{colour}" stroke-width="1.5"><title>{_esc(_tooltip(item, ladder))}</title></circle>')  # fmt: skip
    return out


def _tooltip(item: Mapping[str, Any], ladder: Ladder) -> str:
    level = _level(item)
    lines = [f"{item.get('date')}: level {level:.1f} ({ladder.nearest(level).label})"]
    if item.get("peak") is None:
        lines.append("No new events: tension carried from earlier days.")
    for d in _list(item.get("drivers")):
        if isinstance(d, Mapping):
            rung = _rung(ladder, d.get("rung"))
            reports = d.get("reports")
            count = f"{reports} report{'s' if reports != 1 else ''}" if isinstance(reports, int) else None
            where = ", ".join(str(x) for x in (d.get("outlet"), rung.label if rung else None, count) if x)
            lines.append(f"• {_clip(d.get('text'))}" + (f" ({where})" if where else ""))
    for t in _list(item.get("triggers")):
        if isinstance(t, Mapping):
            lines.append(f"Red line: {_quote(t)}")
    return "\n".join(lines)


def escalation_text(series: Sequence[Mapping[str, Any]]) -> str:
    """The index for a Markdown brief: a sparkline, where it stands now, and the biggest moves."""
    if not series:
        return "**Escalation:** no dated events to place on the ladder."
    ladder = load_ladder()
    low, high = ladder.rungs[0].level, ladder.rungs[-1].level
    spark = "".join(SPARKS[round((min(max(_level(s), low), high) - low) / ((high - low) or 1) * 7)] for s in series)
    first, last = series[0], series[-1]
    lines = [
        f"**Escalation** {_md(first.get('date'))} to {_md(last.get('date'))}: `{spark}` "
        f"from {_level(first):.1f} to {_level(last):.1f} ({ladder.nearest(_level(last)).label}), "
        f"{trend(series)} over the last {TREND_WINDOW} days."
    ]
    peak = max(series, key=_level)
    if _level(peak) > _level(last):
        top = [d for d in _list(peak.get("drivers")) if isinstance(d, Mapping)]
        lines.append(f"Peak {_level(peak):.1f} ({ladder.nearest(_level(peak)).label}) on {_md(peak.get('date'))}"
                     + (f": {_driver_md(top[0])}." if top else "."))  # fmt: skip
    moves = [s for s in series if isinstance(s.get("change"), (int, float)) and abs(s["change"]) >= TREND_THRESHOLD]
    if moves:
        lines.append("")
        lines.append("Biggest moves:")
        for s in sorted(moves, key=lambda s: -abs(s["change"]))[:3]:
            lines.append(_move(s, ladder))
    lines.extend(_red_line_summary(series, ladder))
    return "\n".join(lines)


def _move(item: Mapping[str, Any], ladder: Ladder) -> str:
    change, level = float(item["change"]), _level(item)
    arrow = "▲" if change > 0 else "▼"
    head = f"- {_md(item.get('date'))} {arrow} {change:+.1f} to {level:.1f} ({ladder.nearest(level).label})"
    drivers = [d for d in _list(item.get("drivers")) if isinstance(d, Mapping)]
    if not drivers:
        return head + ": no new events"
    if change < 0:
        # A fall is the absence of escalation, so name what eased it, or say the day was quieter,
        # rather than crediting the fall to whatever minor event topped the day.
        steps = [d for d in drivers if (r := _rung(ladder, d.get("rung"))) is not None and r.kind == "easing"]
        if not steps:
            gravest = _rung(ladder, drivers[0].get("rung"))
            return f"{head}: quieter, nothing graver than {gravest.label if gravest else 'minor events'} reported"
        drivers = steps
    return f"{head}: {_driver_md(drivers[0])}"


def _driver_md(driver: Mapping[str, Any]) -> str:
    outlet = f" ({_md(driver.get('outlet'))})" if driver.get("outlet") else ""
    return f"{_md(driver.get('text'))}{outlet}"


def _red_line_summary(series: Sequence[Mapping[str, Any]], ladder: Ladder) -> list[str]:
    # Only lines on hostile rungs: "if Minsk lets observers in, we will talk" is an offer.
    stated = [(r, t) for s in series for t in _list(s.get("triggers"))
              if isinstance(t, Mapping) and (r := _rung(ladder, t.get("rung"))) is not None and r.kind == "hostile"]  # fmt: skip
    if not stated:
        return []
    rung, t = max(stated, key=lambda rt: rt[0].level)
    holder = f" ({_md(t.get('holder'))})" if t.get("holder") else ""
    # No quotation marks: the row is our "if …, then …" telling, not the holder's words.
    return ["", f"Gravest red line stated: {rung.label}: {_md(t.get('text'))}{holder}; {len(stated)} stated in all."]


# --- Small helpers -----------------------------------------------------------------------


def _esc(value: Any) -> str:
    """Text safe in an SVG element or attribute: invalid XML characters dropped, markup escaped."""
    return html.escape(NOT_XML.sub("", "" if value is None else str(value)), quote=True)


def _md(value: Any) -> str:
    """Text safe in one Markdown line: whitespace collapsed, clipped, markup characters escaped."""
    return MD_SPECIAL.sub(r"\\\1", _clip(value))


def _clip(value: Any) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def _quote(trigger: Mapping[str, Any]) -> str:
    holder = trigger.get("holder") or trigger.get("outlet")
    return _clip(trigger.get("text")) + (f" ({holder})" if holder else "")  # our telling, so no quotation marks


def _level(item: Mapping[str, Any]) -> float:
    value = item.get("level")
    try:
        level = float(value) if value is not None else 0.0
    except (TypeError, ValueError):
        return 0.0
    return level if math.isfinite(level) else 0.0


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _rung(ladder: Ladder, rung_id: Any) -> Rung | None:
    return next((r for r in ladder.rungs if r.id == rung_id), None)


def _short_date(value: Any) -> str:
    day = parse_day(value)
    return f"{MONTHS[day.month - 1]} {day.day}" if day else str(value or "?")


def _colour(share: float) -> str:
    share = min(max(share, 0.0), 1.0)
    for (a, ca), (b, cb) in zip(COLOURS, COLOURS[1:], strict=False):
        if share <= b:
            t = (share - a) / (b - a)
            r, g, bl = (round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            return f"#{r:02x}{g:02x}{bl:02x}"
    return "#{:02x}{:02x}{:02x}".format(*COLOURS[-1][1])
