"""The watch loop: poll every feed, ingest new entries, log story changes, raise alerts.

Resumable by construction. A poll first records each new entry as ``pending``, then saves
the feed's ETag/Last-Modified; each pending entry's page is ingested through the batch
runner (one transaction per article) and only then marked ``done``. Killed at any moment
(Ctrl-C, kill -9), the next run finds the unfinished entries still pending; one whose
article was committed just before the kill is found under its URL and marked done without
being stored again. A feed that is down, a page that times out and malformed XML are each
one line of output; the entry is retried on the next poll, up to ``feeds.max_attempts``.
"""

from __future__ import annotations

import json
import logging
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sitroom.config import Config
from sitroom.errors import InputError
from sitroom.ingest import IngestOptions
from sitroom.ingest.feeds import PoliteFetcher, polite_fetcher, poll_feed
from sitroom.store import Store
from sitroom.store import live as db

Say = Callable[[str], None]
log = logging.getLogger("sitroom.watch")


@dataclass
class PollResult:
    """What one poll of every feed did."""

    added: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    errors: int = 0


class Watcher:
    """Polls the store's feeds; ``allow_private`` lifts the SSRF guard for every feed."""

    def __init__(self, store: Store, config: Config, allow_private: bool = False, on_alert: str | None = None,
                 say: Say = print) -> None:
        self.store, self.config, self.allow_private, self.on_alert, self.say = store, config, allow_private, on_alert, say
        self.max_attempts = int(config.get("feeds.max_attempts"))
        self._clients: dict[bool, PoliteFetcher] = {}
        self.stopped = threading.Event()  # set it to end ``run`` after the current poll

    def client(self, allow_private: bool) -> PoliteFetcher:
        """One polite client per guard setting, kept across polls (politeness and robots.txt)."""
        if allow_private not in self._clients:
            self._clients[allow_private] = polite_fetcher(self.config, allow_private)
        return self._clients[allow_private]

    def poll(self) -> PollResult:
        result = PollResult()
        for feed in db.list_feeds(self.store):
            client = self.client(bool(feed["allow_private"]) or self.allow_private)
            if not self._refresh(feed, client):
                result.errors += 1
            self._ingest_pending(feed, client, result)
        result.changes, result.alerts = update_stories(self.store, self.config, result.added, self.say)
        for alert in result.alerts:
            self._run_on_alert(alert)
        return result

    def run(self, every: float, once: bool = False) -> None:
        """Poll now and then every ``every`` seconds; a poll that fails unexpectedly is one
        line, and the loop goes on (``once``: the error propagates)."""
        while True:
            try:
                self.poll()
            except Exception as exc:
                if once:
                    raise
                self.say(f"poll failed ({type(exc).__name__}: {exc}); the next poll retries")
            if once or self.stopped.wait(every):
                return


    def _refresh(self, feed: dict[str, Any], client: PoliteFetcher) -> bool:
        """Fetch the feed and note its new entries as pending; False when it failed."""
        name = feed["name"] or feed["url"]
        try:
            poll = poll_feed(client, feed["url"], feed["etag"], feed["last_modified"])
        except InputError as exc:
            db.record_poll(self.store, feed["id"], f"error: {exc}")
            self.say(f"feed {name}: {exc}")
            return False
        if poll.not_modified:
            db.record_poll(self.store, feed["id"], "not modified")
            return True
        known = db.entry_states(self.store, feed["id"])
        new = [e for e in poll.entries if e.key not in known]
        for entry in new:
            db.note_entry(self.store, feed["id"], entry.key, entry.link, entry.title)
        # Validators are saved after the entries: killed in between, the next poll re-reads the feed.
        db.record_poll(self.store, feed["id"], f"{len(poll.entries)} entries, {len(new)} new", poll.etag, poll.last_modified, validators=True)
        return True

    def _ingest_pending(self, feed: dict[str, Any], client: PoliteFetcher, result: PollResult) -> None:
        from sitroom.ingest.runner import ingest_paths

        pending = [r for r in db.entry_states(self.store, feed["id"]).values() if r["state"] == "pending"]
        for row in sorted(pending, key=lambda r: r["first_seen"]):
            stored = db.article_by_url(self.store, row["link"])
            if stored is None:
                options = IngestOptions(max_bytes=client.fetcher.options.max_bytes, fetcher=client)
                report = ingest_paths([row["link"]], self.store, self.config, options)
                if report.errors:
                    self._failed(feed, row, report.errors[0], result)
                    continue
                if report.added:
                    result.added.append(report.added[0])
                    self.say(f"new article {report.added[0]['id']} in story {report.added[0]['story']}: {report.added[0]['title']}")
                if not (report.added or report.duplicates):
                    continue  # nothing came back (cannot happen with one URL): retry next poll
                stored = (report.added or report.duplicates)[0]["id"]
            db.finish_entry(self.store, feed["id"], row["entry_key"], stored)

    def _failed(self, feed: dict[str, Any], row: dict[str, Any], error: InputError, result: PollResult) -> None:
        state = db.fail_entry(self.store, feed["id"], row["entry_key"], str(error), self.max_attempts)
        result.errors += 1
        self.say(f"error: {error}" + ("; given up" if state == "failed" else "; will retry on the next poll"))

    def _run_on_alert(self, alert: dict[str, Any]) -> None:
        """Run the --on-alert command with the alert as JSON on stdin; its failure is one line."""
        if not self.on_alert:
            return
        try:
            done = subprocess.run(self.on_alert, shell=True, input=json.dumps(alert, default=str), text=True,  # noqa: S602 (the operator's own command)
                                  timeout=60, capture_output=True, check=False)  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.say(f"--on-alert command failed: {exc}")
            return
        if done.returncode:
            self.say(f"--on-alert command exited {done.returncode}: {(done.stderr or '').strip()[:200]}")


def update_stories(store: Store, config: Config, added: list[dict[str, Any]], say: Say | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Log the changes of every story the ``added`` articles joined, and raise red-line alerts."""
    from sitroom.analysis.alerts import AlertSettings, red_line_alerts
    from sitroom.analysis.brief import build_brief
    from sitroom.analysis.changes import diff_snapshots, story_snapshot

    by_story: dict[int, list[str]] = {}
    for a in added:
        if a.get("story") is not None:
            by_story.setdefault(int(a["story"]), []).append(a["id"])
    changes: list[dict[str, Any]] = []
    alerts: list[dict[str, Any]] = []
    for story_id, ids in sorted(by_story.items()):
        brief = build_brief(store, story_id)
        snapshot = story_snapshot(brief)
        found = diff_snapshots(db.get_snapshot(store, story_id), snapshot, lambda aid: _title(store, aid))
        db.save_changes(store, story_id, snapshot, found)
        changes += [{**c, "story": story_id} for c in found]
        arts = [a for a in (store.get_article(i) for i in ids) if a]
        events_of = lru_cache(maxsize=None)(lambda aid: store.get_annotations(aid).events)
        for alert in red_line_alerts(story_id, brief.get("triggers") or [], arts, events_of, AlertSettings.from_config(config)):
            if db.add_alert(store, story_id, alert["key"], alert["red_line"], alert["met_by"]["article"], alert):
                alerts.append(alert)
    if say:
        for c in changes:
            if c["kind"] != "article":  # each new article had its own line as it was stored
                say(f"story {c['story']}: {c['kind']}: {c['summary']}")
        for alert in alerts:
            say(f"ALERT story {alert['story']}: {alert['summary']}")
    return changes, alerts


def _title(store: Store, article_id: str) -> str:
    row = store.get_article(article_id)
    return f"{row['outlet'] or '-'}: {row['title']}" if row else article_id


def start_watch_thread(ctx: Any, every: float, allow_private: bool) -> tuple[threading.Thread, Watcher]:
    """``sitroom serve --watch``: the poll loop in a daemon thread (``watcher.stopped.set()``
    ends it); each article is one store transaction, so it and the upload writer never leave
    each other half an article."""
    watcher = Watcher(ctx.store, ctx.config, allow_private, say=lambda line: log.info("watch: %s", line))
    thread = threading.Thread(target=watcher.run, args=(every,), name="sitroom-watch", daemon=True)
    thread.start()
    return thread, watcher
