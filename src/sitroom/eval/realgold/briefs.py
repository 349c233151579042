"""Briefs of real articles, built apart from story grouping, read through the brief's JSON contract.

The scorers put each gold group's articles (an ECB+ sub-topic, or one PolNeAR article) into
ONE story through the Store API, so that the brief layer is scored on its own: a grouping
mistake cannot hide or excuse a brief mistake.

The brief is being rebuilt to the contract of issue 9 (``facts`` with ``status`` and
``text``, ``updates``, ``disputes`` with ``sides``, ``quotes`` with ``items`` and ``verbatim``,
``options`` with ``proposers``, ``triggers``). :func:`to_contract` reads that shape, and maps
the older one (``facts`` with ``summary``, ``conflicts``, ``evolving``, ``quote_ledger``,
``options`` with ``advocates``) onto it when the new keys are absent, so the same scorer runs
before and after the rebuild. The old Markdown, HTML and web page print every quote-ledger
line inside quotation marks, so an old item counts as shown verbatim.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sitroom.config import Config
from sitroom.errors import SitroomError


@dataclass(frozen=True)
class CorpusArticle:
    """One corpus document as sitroom ingests it; ``doc`` is the corpus's id."""

    doc: str
    title: str
    text: str
    outlet: str
    published: str | None = None
    url: str | None = None
    byline: str | None = None


@dataclass
class StoryBrief:
    """The brief of one group, in the contract's shape, with the ids to read it back."""

    brief: dict[str, Any]
    docs: dict[str, str]  # stored article id -> corpus doc id
    texts: dict[str, str]  # stored article id -> the stored text every offset refers to


def build_briefs(groups: dict[str, list[CorpusArticle]], config: Config) -> dict[str, StoryBrief]:
    """Ingest every group's articles into one temporary store, one story per group; each group's brief."""
    from sitroom.ingest import IngestOptions
    from sitroom.ingest.runner import ingest_paths
    from sitroom.store import Store

    order = [(name, a) for name, articles in groups.items() for a in articles]
    local = Config(settings=config.settings)
    local.set("resolve.stories", False)  # grouping is not under test: the gold says the group
    with tempfile.TemporaryDirectory(prefix="sitroom-realgold-") as tmp:
        feed = Path(tmp) / "articles.jsonl"
        feed.write_text("\n".join(json.dumps(_record(a)) for _, a in order) + "\n", "utf-8")
        store = Store(f"sqlite:///{Path(tmp) / 'gold.db'}")
        report = ingest_paths([feed], store, local, IngestOptions())
        added: dict[str, list[tuple[str, str]]] = {name: [] for name in groups}
        for entry in report.added:  # source is "<file>:<line>", line = 1 + index in ``order``
            name, article = order[int(str(entry["source"]).rsplit(":", 1)[1]) - 1]
            added[name].append((str(entry["id"]), article.doc))
        out = {name: _story_brief(store, name, ids) for name, ids in added.items() if ids}
        store.engine.dispose()  # release the file before the temp dir goes
    return out


def _record(article: CorpusArticle) -> dict[str, Any]:
    return {"title": article.title, "text": article.text, "outlet": article.outlet,
            "published": article.published, "url": article.url, "byline": article.byline}  # fmt: skip


def _story_brief(store: Any, name: str, ids: list[tuple[str, str]]) -> StoryBrief:
    from sitroom.analysis.brief import build_brief
    from sitroom.analysis.render import attach_excerpts

    story: int | None = None
    for article_id, _ in ids:
        row = store.get_article(article_id) or {}
        story = store.write_story_membership(article_id, story, name, row.get("published"), np.zeros(1, dtype=np.float32),
                                             {}, 1.0, "eval.realgold")  # fmt: skip
    assert story is not None
    brief = to_contract(attach_excerpts(build_brief(store, story), store))
    texts = {a: str((store.get_article(a) or {}).get("text") or "") for a, _ in ids}
    return StoryBrief(brief, dict(ids), texts)


# -- the contract ---------------------------------------------------------------------------------
def to_contract(brief: dict[str, Any]) -> dict[str, Any]:
    """The sections the scorers read, in the issue-9 shape, whichever shape ``brief`` has.

    A brief in the ``{"stories": [...]}`` envelope is read from its first story.
    """
    if isinstance(brief.get("stories"), list) and brief["stories"]:
        brief = brief["stories"][0]
    new = "disputes" in brief or "quotes" in brief or "updates" in brief
    return {
        "contract": "new" if new else "old",
        "articles": brief.get("articles") or [],
        "facts": [_fact(f) for f in brief.get("facts") or []],
        "updates": brief.get("updates") if new else [_update(e) for e in brief.get("evolving") or []],
        "disputes": brief.get("disputes") if new else [_dispute(c) for c in brief.get("conflicts") or []],
        "quotes": brief.get("quotes") if new else [_speaker(q) for q in brief.get("quote_ledger") or []],
        "options": [_option(o) for o in brief.get("options") or []],
        "triggers": brief.get("triggers") or [],
    }


def _fact(f: dict[str, Any]) -> dict[str, Any]:
    status = {"conflicting": "disputed"}.get(str(f.get("status")), f.get("status"))
    return {**f, "text": f.get("text") or f.get("summary") or "", "status": status}


def _update(e: dict[str, Any]) -> dict[str, Any]:
    return {"quantity": e.get("about"), "scope": e.get("scope"), "holder": e.get("holder"),
            "values": [{"date": v.get("date"), "value": v.get("value"), "approx": v.get("approx"),
                        "sources": v.get("sources") or []} for v in e.get("values") or []]}  # fmt: skip


def _dispute(c: dict[str, Any]) -> dict[str, Any]:
    sides = [{"value": v.get("value"), "holders": v.get("holders") or ([v["holder"]] if v.get("holder") else []),
              "outlets": v.get("outlets") or [], "sources": v.get("sources") or []} for v in c.get("values") or []]  # fmt: skip
    return {"about": c.get("about"), "kind": c.get("kind"), "sides": sides}


def _speaker(entry: dict[str, Any]) -> dict[str, Any]:
    items = [{**q, "verbatim": True} for q in entry.get("quotes") or []]  # the old renderings quote every line
    return {"speaker": {"name": entry.get("speaker"), "role": entry.get("role"), "org": entry.get("org")}, "items": items}


def _option(o: dict[str, Any]) -> dict[str, Any]:
    proposers = o.get("proposers") if "proposers" in o else o.get("advocates")
    return {**o, "proposers": proposers or [], "opponents": o.get("opponents") or []}


def holder_names(holders: Any) -> list[str]:
    """Names from a list of holder records ({"name": ...}) or plain strings."""
    out = []
    for h in holders or []:
        name = h.get("name") if isinstance(h, dict) else h
        if name:
            out.append(str(name))
    return out


def item_texts(item: dict[str, Any], *keys: str) -> list[str]:
    """The item's own text (the first key it has), then that text joined with each source's excerpt."""
    own = " ".join(str(item.get(k) or "") for k in keys).strip()
    return [own, *(f"{own} {s.get('excerpt') or ''}" for s in item.get("sources") or [])]


def run_scorer(prog: str, description: str, evaluate: Callable[[Config], dict[str, Any]],
               print_table: Callable[[dict[str, Any]], None], argv: Sequence[str] | None = None) -> int:
    """The command line of a real-gold scorer: ``--format table|json`` and ``--config``; one error line, exit 1."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--format", dest="fmt", choices=["table", "json"], default="table")
    parser.add_argument("--config", default=None, help="a sitroom TOML config file")
    args = parser.parse_args(argv)
    try:
        result = evaluate(Config.load(args.config))
    except SitroomError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    if args.fmt == "json":
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print_table(result)
    return 0
