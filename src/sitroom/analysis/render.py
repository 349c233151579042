"""Render a brief as Markdown or as one self-contained HTML page (no scripts, no assets)."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from sitroom.store import Store


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


def _outlets(sources: list[dict[str, Any]]) -> str:
    return ", ".join(sorted({str(s.get("outlet") or s["article"]) for s in sources}))


def render_markdown(brief: dict[str, Any]) -> str:
    """The brief as Markdown: every line ends with the outlets that support it."""
    from sitroom.analysis.chart import escalation_text

    out = [f"# {_md(brief['title'])}", "",
           f"{len(brief['articles'])} articles from {len({a['outlet'] for a in brief['articles']})} outlets, "
           f"{brief['first_date'] or '?'} to {brief['last_date'] or '?'}.", "", "## What we know", "",
           "| status | sources | fact | outlets |", "| --- | --- | --- | --- |"]  # fmt: skip
    for f in brief["facts"][:40]:
        out.append(f"| {f['status']} | {f['independent_sources']} | {_md(f['summary'])} | {_md(_outlets(f['sources']))} |")
    out += ["", "## What is disputed", ""]
    for c in brief["conflicts"] or []:
        out.append(f"- **{_md(c['about'])}**")
        for v in c["values"]:
            out.append(f"  - {_md(', '.join(v.get('texts') or [str(v['value'])]))}: {_md(', '.join(v.get('holders') or []))} "
                       f"({_md(', '.join(v['outlets']))}{'; ' + ', '.join(v['dates']) if v.get('dates') else ''})")  # fmt: skip
    if not brief["conflicts"]:
        out.append("No conflicting figures or places found.")
    for e in brief.get("evolving") or []:
        steps = " → ".join(f"{v['value']:g} ({v['date']})" for v in e["values"])
        out.append(f"- {_md(e['about'])}, as estimated by {_md(e['holder'])}, changed over time: {_md(steps)}")
    out += ["", "## Who says what", ""]
    for entry in brief["quote_ledger"][:25]:
        out.append(f"### {_md(entry['speaker'])}" + (f", {_md(entry['role'])}" if entry.get("role") else ""))
        for q in entry["quotes"][:8]:
            out.append(f"- “{_md(q['text'])}” ({q['status']}; {_md(_outlets(q['sources']))})")
    out += ["", "## Timeline", ""]
    for t in brief["timeline"]:
        out.append(f"- **{t['date']}**: {_md(t['summary'])} ({_md(_outlets(t['sources']))})")
    out += ["", "## Options", "", "| option | advocates | opponents | conditions | sources |", "| --- | --- | --- | --- | --- |"]
    for o in brief["options"]:
        out.append(f"| {_md(o['option'])} | {_md(_people(o['advocates']))} | {_md(_people(o['opponents']))} | "
                   f"{_md('; '.join(c for c in o['conditions'] if c))} | {_md(_outlets(o['sources']))} |")  # fmt: skip
    out += ["", "## Red lines and triggers", ""]
    for t in brief["triggers"]:
        out.append(f"- if {_md(t['if'] or '?')} → {_md(t['then'])} ({_md(_people(t['holders']))}; {_md(_outlets(t['sources']))})")
    out += ["", "## Escalation", "", escalation_text(brief["escalation"]), "", "## Who acts on whom", ""]
    for e in (brief.get("network") or {}).get("edges", [])[:15]:
        out.append(f"- {_md(e['source'])} → {_md(e['target'])}: {_md(', '.join(f'{t} ×{n}' for t, n in e['types'].items()))} "
                   f"({e['reports']} articles, {e['tone']})")  # fmt: skip
    out.append("")
    return "\n".join(out)


def _people(holders: list[dict[str, Any]]) -> str:
    return ", ".join(h["name"] + (f" ({h['role']})" if h.get("role") else "") for h in holders)


def _md(text: Any) -> str:
    """Markdown-safe cell text: no table breaks, no raw HTML from article content."""
    return str(text or "").replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def render_html(brief: dict[str, Any]) -> str:
    """One HTML page: article content is untrusted, so Jinja2 escapes every value."""
    from sitroom.analysis.chart import escalation_svg

    env = Environment(loader=PackageLoader("sitroom.analysis", "templates"), autoescape=select_autoescape(["html", "j2"]))
    env.filters["outlets"] = _outlets
    env.filters["people"] = _people
    from markupsafe import Markup

    from sitroom.analysis.network import network_svg

    chart = Markup(escalation_svg(brief["escalation"], title="Escalation index"))  # noqa: S704 (escaped by chart.py, tested)
    network = Markup(network_svg(brief.get("network") or {"nodes": [], "edges": []}))  # noqa: S704 (escaped, tested)
    return env.get_template("brief.html.j2").render(brief=brief, chart=chart, network=network)
