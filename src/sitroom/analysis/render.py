"""Render a brief as Markdown or as one self-contained HTML page (no scripts, no assets).

Both render the same rows in the same order as the JSON, cut to the same limits, and say
"showing N of M" wherever a section is cut, with the command that shows the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from sitroom import __version__
from sitroom.resolve.statements.facts import short_day
from sitroom.resolve.statements.triggers import trigger_sentence
from sitroom.store import Store

# Rows shown per section in Markdown, HTML and the web story page; the JSON has them all.
LIMITS = {"facts": 40, "updates": 20, "disputes": 20, "quotes": 25, "quote_items": 8, "options": 15, "triggers": 15,
          "scenarios": 15, "denials": 15, "timeline": 60, "network": 15}  # fmt: skip
REST = "sitroom brief --format json"


def attach_excerpts(brief: dict[str, Any], store: Store) -> dict[str, Any]:
    """Give every source the exact words it points at, so a reader can check each line."""
    texts: dict[str, str] = {}

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if {"article", "start", "end"} <= node.keys() and "excerpt" not in node:
                aid = str(node["article"])
                if aid not in texts:
                    row = store.get_article(aid)
                    texts[aid] = row["text"] if row else ""
                node["excerpt"] = texts[aid][int(node["start"]):int(node["end"])]
            for v in node.values():
                visit(v)
        elif isinstance(node, list):
            for v in node:
                visit(v)

    visit(brief)
    return brief


def outlets(sources: list[dict[str, Any]]) -> str:
    return ", ".join(sorted({str(s.get("outlet") or s["article"]) for s in sources}))


def people(holders: list[dict[str, Any]]) -> str:
    return ", ".join(h["name"] + (f" ({h['role']})" if h.get("role") else "") for h in holders)


def showing(section: str, rows: list[Any], limit: int | None = None) -> str | None:
    """'showing 40 of 182 (all in sitroom brief --format json)' when a section is cut."""
    n = limit if limit is not None else LIMITS[section]
    return f"Showing {n} of {len(rows)} ({REST} has them all)." if len(rows) > n else None


def copies_line(brief: dict[str, Any]) -> str | None:
    copies = [a for a in brief["articles"] if a.get("copy_of")]
    if not copies:
        return None
    outlets = {a["id"]: a.get("outlet") or a["id"] for a in brief["articles"]}
    return "Copies counted once: " + "; ".join(f"{a['outlet']} reprints {outlets.get(a['copy_of'], a['copy_of'])}"
                                                for a in copies) + "."  # fmt: skip


def render_markdown(brief: dict[str, Any]) -> str:
    """The brief as Markdown: every row a sentence ending with the outlets that carry it."""
    from sitroom.analysis.chart import escalation_text

    n_outlets = len({a["outlet"] for a in brief["articles"]})
    out = [f"# {_md(brief['title'])}", "", f"{len(brief['articles'])} articles from {n_outlets} outlets, "
           f"{_dates(brief)}." + (" " + _md(copies_line(brief)) if copies_line(brief) else ""),
           "", "## Bottom line", "", *(f"- {_md(s)}" for s in brief["bottom_line"])]  # fmt: skip
    out += _section("What we know", "facts", brief["facts"], _fact_line)
    out += _section("How figures changed", "updates", brief["updates"], _update_line)
    out += _section("What is disputed", "disputes", brief["disputes"], _dispute_line, "No real dispute: differing figures are updates by one holder or compatible once hedges are read.")
    out += _section("Denials", "denials", brief["denials"], lambda d: f"- {_md(d['holder']['name'])} denies: {_md(_said(d))} (on: {_md(d['fact'])}) ({_md(outlets(d['sources']))})")
    out += _quotes(brief["quotes"])
    out += _section("What could happen", "scenarios", brief["scenarios"], _scenario_line)
    out += _section("Timeline", "timeline", brief["timeline"], lambda t: f"- **{short_day(t['date'])}**: {_md(t['text'])} ({_md(', '.join(t['outlets']))})")
    out += _section("Options", "options", brief["options"], _option_line)
    out += _section("Red lines and triggers", "triggers", brief["triggers"],
                    lambda t: f"- {_md(trigger_sentence(t))} ({_md(people(t['holders']) or 'unnamed')}; {_md(outlets(t['sources']))})")  # fmt: skip
    out += ["", "## Escalation", "", escalation_text(brief["escalation"])]
    edges = (brief.get("network") or {}).get("edges", [])
    out += _section("Who acts on whom", "network", edges, lambda e: f"- {_md(e['source'])} → {_md(e['target'])}: "
                    f"{_md(', '.join(f'{t} ×{n}' for t, n in e['types'].items()))} ({e['reports']} articles, {e['tone']})")  # fmt: skip
    out.append("")
    return "\n".join(out)


def _dates(brief: dict[str, Any]) -> str:
    first, last = brief.get("first_date"), brief.get("last_date")
    return f"{first or 'date unknown'} to {last or 'date unknown'}" if first or last else "no publication dates given"


def _section(title: str, key: str, rows: list[dict[str, Any]], line: Any, empty: str | None = None) -> list[str]:
    out = ["", f"## {title}", ""]
    out += [line(r) for r in rows[:LIMITS[key]]] or ([empty] if empty else ["None found."])
    cut = showing(key, rows)
    return out + (["", f"_{cut}_"] if cut else [])


def fact_counts(f: dict[str, Any]) -> str:
    """'Reported by 7 independent outlets; asserted by 2 independent holders (Poland, United States)'.

    The holders are named here: the outlets listed after the counts were read as the holders
    ("asserted by 4 holders: ABS News, Baltic Courier, ..." named four outlets, not four holders).
    """
    n, m = f["independent_outlets"], f["independent_holders"]
    counts = f"Reported by {n} independent outlet{'s' * (n != 1)}"
    if f["kind"] != "quote":
        names = sorted({str(h["name"]) for h in f.get("holders") or []})
        counts += f"; asserted by {m} independent holder{'s' * (m != 1)}" + (f" ({', '.join(names)})" if names else "") if m else "; no named holder"
    return counts


def _fact_line(f: dict[str, Any]) -> str:
    denied = "".join(f" Denied by {_md(d['holder'])}." for d in f.get("denials") or [])
    return f"- **{f['status']}** {_md(sentence(f['text']))}{denied} ({_md(fact_counts(f))}. Sources: {_md(', '.join(f['outlets']))})"


def sentence(text: str) -> str:
    """The text ending as a sentence: one full stop, not "..." plus another, nor one after a quotation's own."""
    text = text.rstrip()
    return text if re.search(r"[.!?…][”\"’']?$", text) else text + "."


def _update_line(u: dict[str, Any]) -> str:
    steps = " → ".join(f"{_md(v['text'])} ({short_day(v['date'])})" for v in u["values"])
    scope = f" in {u['scope']}" if u.get("scope") else ""
    return f"- {_md(u['holder'])} on {_md(u['quantity'])}{_md(scope)}: {steps} (an update, not a dispute)"


def side_phrase(side: dict[str, Any]) -> str:
    """One side of a dispute: its value and who holds it. A side that joins compatible values
    already names each value's holders ("nearly five thousand (Poland); upward of 5,000 (United
    States)"); naming them again read as "Poland: ... (Poland); ...", so they are not repeated."""
    text = str(side.get("text") or side["value"])
    holders = side.get("holders") or side.get("reported_by") or []
    if holders and all(f"{h}" in text for h in holders) and "(" in text:
        return text
    return f"{text}: {', '.join(holders) or 'unattributed'}"


def _dispute_line(d: dict[str, Any]) -> str:
    when = f" on {', '.join(short_day(x) for x in d['dates'])}" if d.get("dates") else ""
    # "versus", not ";": a side that joins compatible values lists them with ";" itself.
    sides = " versus ".join(_md(side_phrase(s)) + _side_outlets(s) for s in d["sides"])
    return f"- **{_md(d['about'])}**{when}: {sides}"


def _side_outlets(side: dict[str, Any]) -> str:
    """The outlets of a side, unless they are its holders already (an unattributed figure is
    held by the outlets that print it: "grey: dnainfo.com, ... (dnainfo.com, ...)" said it twice)."""
    named = set(side.get("holders") or side.get("reported_by") or [])
    return "" if named == set(side["outlets"]) else f" ({_md(', '.join(side['outlets']))})"


def _said(item: dict[str, Any]) -> str:
    return f"“{item['text']}”" if item.get("verbatim") else item["text"]


def _quotes(ledger: list[dict[str, Any]]) -> list[str]:
    out = ["", "## Who says what", "", "Quotation marks only around words printed verbatim; the rest is the outlets' paraphrase."]
    for entry in ledger[:LIMITS["quotes"]]:
        sp = entry["speaker"]
        out += ["", f"### {_md(people([sp]))}"]
        out += [f"- {_md(q['text'])} ({q['status']}; {_md(outlets(q['sources']))})" for q in entry["items"][:LIMITS["quote_items"]]]
        cut = showing("quote_items", entry["items"])
        out += [f"- _{cut}_"] if cut else []
    cut = showing("quotes", ledger)
    return out + (["", f"_{cut}_"] if cut else [])


def _scenario_line(s: dict[str, Any]) -> str:
    who = people(s["holders"]) or "no named holder"
    return f"- ({s['modality']}) {_md(s['text'])} ({_md(who)}; {_md(outlets(s['sources']))})"


def _option_line(o: dict[str, Any]) -> str:
    line = f"- **{_md(o['option'])}**" + (f" (who should act: {_md(o['actor'])})" if o.get("actor") else "")
    line += f"; proposed by {_md(people(o['proposers']))}"
    if o["opponents"]:
        line += f"; opposed by {_md(people(o['opponents']))}"
    if o["conditions"]:
        line += f"; if {_md(' / '.join(o['conditions']))}"
    return line + f" ({_md(outlets(o['sources']))})"


def _md(text: Any) -> str:
    """Markdown-safe text: no raw HTML from article content, no line breaks."""
    return str(text or "").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def render_html(brief: dict[str, Any]) -> str:
    """One HTML page: article content is untrusted, so Jinja2 escapes every value."""
    from markupsafe import Markup

    from sitroom.analysis.chart import escalation_svg
    from sitroom.analysis.network import network_svg

    env = Environment(loader=PackageLoader("sitroom.analysis", "templates"), autoescape=select_autoescape(["html", "j2"]))
    install_filters(env)
    chart = Markup(escalation_svg(brief["escalation"], title="Escalation index"))  # noqa: S704 (escaped by chart.py, tested)
    network = Markup(network_svg(brief.get("network") or {"nodes": [], "edges": []}))  # noqa: S704 (escaped, tested)
    return env.get_template("brief.html.j2").render(brief=brief, chart=chart, network=network, limits=LIMITS, copies=copies_line(brief),
                                                    source_urls=source_urls(brief), version=__version__,
                                                    generated_at=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M"))  # fmt: skip


def source_urls(brief: dict[str, Any]) -> dict[str, str]:
    """Article id -> its web address, for links from each source; only http(s) addresses, as
    an article's URL is untrusted input (a javascript: URL must never become a link)."""
    return {str(a["id"]): str(a["url"]) for a in brief["articles"]
            if isinstance(a.get("url"), str) and a["url"].split("://", 1)[0].lower() in ("http", "https") and "://" in a["url"]}  # fmt: skip


def install_filters(env: Environment) -> None:
    """The helpers the brief templates share (the static brief and the web story page)."""
    env.filters["outlets"] = outlets
    env.filters["people"] = people
    env.filters["fact_counts"] = fact_counts
    env.filters["side_phrase"] = side_phrase
    env.filters["trigger_sentence"] = trigger_sentence
    env.filters["day"] = short_day
    env.globals["showing"] = showing
    env.globals["brief_limits"] = LIMITS
