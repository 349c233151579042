"""The change log diffs brief snapshots (issue 13): new keys of the issue-9 contract and the
older keys both read; each change tied to the article that brought it."""

from __future__ import annotations

from typing import Any

from sitroom.analysis.changes import diff_snapshots, story_snapshot


def src(article: str, start: int = 0) -> dict[str, Any]:
    return {"article": article, "outlet": f"outlet-{article}", "start": start, "end": start + 10}


def new_brief(articles: list[str], holders: int, values: list[tuple[str, int]], disputes: int = 0,
              triggers: int = 0) -> dict[str, Any]:
    """A brief in the issue-9 JSON contract."""
    return {
        "articles": [{"id": a} for a in articles],
        "facts": [{"id": "f1", "text": "troops massed near Grodno", "status": "corroborated" if holders > 1 else "single-source",
                   "independent_holders": holders, "sources": [src(a) for a in articles]}],
        "updates": [{"quantity": "troops", "scope": "Grodno", "holder": "Poland",
                     "values": [{"date": d, "value": v, "sources": [src(articles[-1], 5)]} for d, v in values]}],
        "disputes": [{"about": f"dispute {i}", "kind": "figure", "sides": [{"value": 1, "sources": [src(articles[-1], 7)]},
                                                                          {"value": 2, "sources": [src(articles[0])]}]}
                     for i in range(disputes)],
        "options": [],
        "triggers": [{"if": "troops cross", "then": "close crossings", "holders": [{"name": "Ewa Nowak"}],
                      "sources": [src(articles[0], 3)]}][:triggers],
    }  # fmt: skip


def titles(aid: str) -> str:
    return f"title of {aid}"


def test_first_snapshot_lists_articles_and_red_lines_not_confirmations() -> None:
    changes = diff_snapshots(None, story_snapshot(new_brief(["a"], 1, [("2026-11-01", 2000)], triggers=1)), titles)
    assert [(c["kind"], c["article"]) for c in changes] == [("article", "a"), ("red_line", "a")]
    assert "Ewa Nowak" in changes[1]["summary"] and changes[1]["spans"][0]["start"] == 3


def test_update_confirmation_and_dispute_tied_to_the_new_article() -> None:
    old = story_snapshot(new_brief(["a"], 1, [("2026-11-01", 2000)]))
    new = story_snapshot(new_brief(["a", "b"], 2, [("2026-11-01", 2000), ("2026-11-03", 5000)], disputes=1))
    changes = {c["kind"]: c for c in diff_snapshots(old, new, titles)}
    assert set(changes) == {"article", "update", "dispute", "confirmed"}
    assert changes["update"]["summary"].endswith("now 5000 (2026-11-03), was 2000")
    assert all(c["article"] == "b" for c in changes.values())
    assert changes["confirmed"]["summary"].startswith("now corroborated by 2 independent sources")
    assert changes["dispute"]["spans"] == [{"article": "b", "start": 7, "end": 17, "outlet": "outlet-b"}]


def test_unchanged_brief_gives_no_changes() -> None:
    snap = story_snapshot(new_brief(["a", "b"], 2, [("2026-11-01", 2000), ("2026-11-03", 5000)], disputes=1, triggers=1))
    assert diff_snapshots(snap, snap, titles) == []


def test_brief_before_the_issue_9_contract_is_read_from_its_old_keys() -> None:
    old_brief = {"articles": [{"id": "a"}], "facts": [{"kind": "event", "summary": "X attacks Y", "status": "single-source",
                                                      "independent_sources": 1, "sources": [src("a")]}],
                 "conflicts": [], "evolving": [], "options": [{"option": "send observers", "advocates": [{"name": "R"}], "sources": [src("a")]}],
                 "triggers": [{"if": None, "then": "no condition", "holders": [], "sources": [src("a")]}]}  # fmt: skip
    later = {**old_brief, "articles": [{"id": "a"}, {"id": "b"}],
             "facts": [{**old_brief["facts"][0], "status": "corroborated", "independent_sources": 2, "sources": [src("a"), src("b")]}],
             "conflicts": [{"about": "where: X attacks Y", "kind": "event", "values": [{"value": "Minsk"}, {"value": "Grodno"}]}],
             "evolving": [{"about": "troops", "holder": "Poland", "values": [{"date": "d1", "value": 1}, {"date": "d2", "value": 2}]}]}  # fmt: skip
    kinds = sorted(c["kind"] for c in diff_snapshots(story_snapshot(old_brief), story_snapshot(later), titles))
    assert kinds == ["article", "confirmed", "dispute", "update"]
    assert story_snapshot(old_brief)["triggers"] == {}  # a trigger without a condition is no red line
    assert story_snapshot(old_brief)["options"]["send observers"]["holders"] == ["R"]
