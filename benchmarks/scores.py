"""Every accuracy score in one table: development, held-out and real news side by side.

Each score comes from its own eval command, run in a subprocess with a timeout and
``--format json``: ``sitroom eval quotes|figures|dates|events|claims --no-external`` on the
development gold (``--gold sample``: the rules were written on it) and on the two held-out
sets (``--gold heldout``, ``--gold heldout2``: never tuned on); ``sitroom eval story`` and
``sitroom eval pages``; and, when ``../shared/data`` is present, the real-news scores
(``sitroom eval real-story``, ``sitroom eval options``, ``python -m sitroom.eval.polnear
--split dev`` and the external part of ``sitroom eval events``). The external part of
``sitroom eval quotes`` is the same PolNeAR dev scoring as the polnear command, so it is run
once. A command that fails or times out is shown as FAILED in every cell it feeds, never
left out.

    python benchmarks/scores.py [--quick] [--write]

``--quick`` runs the sample and held-out sets only (a few minutes); ``--write`` puts the
table in docs/benchmarks.md between the ``scores`` markers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from results import record

REPO = Path(__file__).resolve().parent.parent
GOLD_SETS = ("sample", "heldout", "heldout2")
GOLD_KINDS = ("quotes", "figures", "dates", "events", "claims")
COLUMNS = ("sample", "heldout", "heldout2", "real")
HEADERS = ("development (sample)", "held-out 1", "held-out 2", "real news (public dev split)")
SHORT_TIMEOUT, LONG_TIMEOUT = 600, 1200


@dataclass(frozen=True)
class Run:
    """One eval command: the argv run, and how it is shown in the table."""

    argv: tuple[str, ...]
    shown: str
    timeout: int = SHORT_TIMEOUT


@dataclass
class Outcome:
    """A run's JSON, or why there is none (failed, timed out, not run)."""

    data: Any = None
    problem: str = ""
    detail: str = ""
    seconds: float = 0.0


@dataclass(frozen=True)
class Metric:
    """One table row: where each column's figure sits in which run's JSON."""

    label: str
    cells: dict[str, tuple[str, str]]
    command: str
    note: str
    extra: dict[str, str] = field(default_factory=dict)


def shared_data() -> Path | None:
    """``../shared/data`` beside the repository, or beside its main checkout when this is a
    git worktree (or $SITROOM_SHARED_DATA), as the eval modules look for it."""
    candidates = [os.environ.get("SITROOM_SHARED_DATA", ""), str(REPO.parent / "shared" / "data")]
    try:
        common = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--path-format=absolute", "--git-common-dir"],
                                capture_output=True, text=True, timeout=30, check=True).stdout.strip()  # fmt: skip
        candidates.append(str(Path(common).parent.parent / "shared" / "data"))
    except (OSError, subprocess.SubprocessError):
        pass
    return next((Path(c) for c in candidates if c and Path(c).is_dir()), None)


def sitroom_argv() -> list[str]:
    """The ``sitroom`` console script of this interpreter's environment."""
    script = Path(sys.executable).with_name("sitroom")
    return [str(script)] if script.exists() else [sys.executable, "-m", "sitroom"]


def eval_run(*args: str, timeout: int = SHORT_TIMEOUT) -> Run:
    return Run((*sitroom_argv(), "eval", *args, "--format", "json"), f"sitroom eval {' '.join(args)}", timeout)


def plan(quick: bool, data: Path | None) -> tuple[dict[str, Run], dict[str, str]]:
    """The runs to make, and the reason for each run left out."""
    runs = {f"{kind}:{gold}": eval_run(kind, "--no-external", "--gold", gold) for kind in GOLD_KINDS for gold in GOLD_SETS}
    runs["story"] = eval_run("story")
    runs["story:heldout2"] = eval_run("story", "--gold", "heldout2")
    runs["pages"] = eval_run("pages")
    real = {
        "real-story": eval_run("real-story", timeout=LONG_TIMEOUT),
        "options": eval_run("options", timeout=LONG_TIMEOUT),
        "polnear": Run((sys.executable, "-m", "sitroom.eval.polnear", "--split", "dev"),
                       "python -m sitroom.eval.polnear --split dev", LONG_TIMEOUT),  # fmt: skip
        "events:real": eval_run("events", timeout=LONG_TIMEOUT),
    }
    reason = "not run (--quick)" if quick else "not run (no ../shared/data)" if data is None else ""
    if reason:
        return runs, dict.fromkeys(real, reason)
    return runs | real, {}


def execute(run: Run, env: dict[str, str]) -> Outcome:
    """Run one command; its JSON, or a short reason and the last line it wrote to stderr."""
    start = time.perf_counter()
    try:
        proc = subprocess.run(run.argv, capture_output=True, text=True, timeout=run.timeout, env=env, cwd=REPO)
    except subprocess.TimeoutExpired:
        return Outcome(problem=f"FAILED: timed out after {run.timeout} s", seconds=time.perf_counter() - start)
    seconds = time.perf_counter() - start
    last = (proc.stderr.strip().splitlines() or [""])[-1][:200]
    if proc.returncode != 0:
        return Outcome(problem=f"FAILED: exit {proc.returncode}", detail=last, seconds=seconds)
    try:
        return Outcome(data=json.loads(proc.stdout), seconds=seconds)
    except json.JSONDecodeError:
        return Outcome(problem="FAILED: output is not JSON", detail=last, seconds=seconds)


def run_all(runs: dict[str, Run], data: Path | None) -> dict[str, Outcome]:
    env = dict(os.environ)
    if data is not None:
        env["SITROOM_SHARED_DATA"] = str(data)
    outcomes = {}
    for key, run in runs.items():
        print(f"{run.shown} ...", end=" ", file=sys.stderr, flush=True)
        outcomes[key] = execute(run, env)
        print(f"{outcomes[key].problem or 'ok'} ({outcomes[key].seconds:.0f} s)", file=sys.stderr, flush=True)
    return outcomes


def gold(kind: str, path: str) -> dict[str, tuple[str, str]]:
    """The three sample-gold columns of one eval kind."""
    return {g: (f"{kind}:{g}", path) for g in GOLD_SETS}


def gold_cmd(kind: str) -> str:
    return f"`sitroom eval {kind} --no-external --gold sample\\|heldout\\|heldout2`"


TUNED = "sample (held-out 1 and 2: never)"
POLNEAR = "`python -m sitroom.eval.polnear --split dev`"
QUOTES_NOTE = f"{TUNED}; PolNeAR dev is its development split (test unused)"
EVENTS_NOTE = f"{TUNED}; real: PETRARCH-2 gold news sentences, no pattern written from them"
STORY_NOTE = "sample story gold (held-out 2: never); ECB+ dev is a development split"
OPTIONS_NOTE = "sample story gold (held-out 2: never); PolNeAR dev options gold is a development split"
PAGES_NOTE = "the packaged pages (written blind, but the rules were later extended to them)"


def quote_metrics() -> list[Metric]:
    return [
        Metric("quotes: speaker F1 (all quotes)", gold("quotes", "sample.speakers.f1") | {"real": ("polnear", "speaker.all.f1")},
               f"{gold_cmd('quotes')}; real: {POLNEAR}", QUOTES_NOTE),  # fmt: skip
        Metric("quotes: direct-quote recall", gold("quotes", "sample.direct.recall")
               | {"real": ("polnear", "attributions_found.direct.recall")}, f"{gold_cmd('quotes')}; real: {POLNEAR}", QUOTES_NOTE),  # fmt: skip
        Metric("quotes: direct quotes with the right speaker (recall)", gold("quotes", "sample.direct.right_speaker_recall")
               | {"real": ("polnear", "speaker.direct.recall")}, f"{gold_cmd('quotes')}; real: {POLNEAR}", QUOTES_NOTE),  # fmt: skip
    ]


def figure_date_metrics() -> list[Metric]:
    figures = [("span F1", "spans.f1"), ("value accuracy", "value_accuracy"), ("hedge accuracy", "approx_accuracy"),
               ("holder accuracy", "holder_accuracy"), ("all fields right (recall)", "recall_all_fields")]  # fmt: skip
    dates = [("span F1", "spans.f1"), ("value accuracy", "value_accuracy")]
    return [Metric(f"{kind}: {label}", gold(kind, f"sample.{path}"), gold_cmd(kind), f"{TUNED}; no real-news gold")
            for kind, rows in (("figures", figures), ("dates", dates)) for label, path in rows]  # fmt: skip


def event_claim_metrics() -> list[Metric]:
    events = f"{gold_cmd('events')}; real: `sitroom eval events`"
    return [
        Metric("events: span F1 (start within 3 characters)", gold("events", "sample.span.f1"), gold_cmd("events"), TUNED),
        Metric("events: PLOVER type accuracy (on found events)", gold("events", "sample.accuracy.plover")
               | {"real": ("events:real", "external.petrarch2_gsr.when_found.plover")}, events, EVENTS_NOTE),  # fmt: skip
        Metric("claims: span precision", gold("claims", "sample.spans.precision"), gold_cmd("claims"), TUNED),
        Metric("claims: span recall", gold("claims", "sample.spans.recall"), gold_cmd("claims"), TUNED),
    ]


def story_metrics() -> list[Metric]:
    real = "`sitroom eval story --gold sample\\|heldout2`; real: `sitroom eval real-story` (ECB+ dev)"
    options = "`sitroom eval story --gold sample\\|heldout2`; real: `sitroom eval options` (PolNeAR dev)"
    return [
        Metric("brief: corroborated facts recall", {"sample": ("story", "corroborated.recall"), "heldout2": ("story:heldout2", "corroborated.recall"),
               "real": ("real-story", "total.corroborated.recall")}, real, STORY_NOTE),  # fmt: skip
        Metric("brief: corroborated facts precision", {"sample": ("story", "corroborated.precision"), "heldout2": ("story:heldout2", "corroborated.precision"),
               "real": ("real-story", "total.corroborated.precision")}, real, STORY_NOTE),  # fmt: skip
        Metric("brief: disputes recall", {"sample": ("story", "disputes.recall"), "heldout2": ("story:heldout2", "disputes.recall"),
               "real": ("real-story", "total.disputes.recall")}, real, STORY_NOTE),  # fmt: skip
        Metric("brief: false disputes (count)", {"sample": ("story", "disputes.false_disputes"), "heldout2": ("story:heldout2", "disputes.false_disputes"),
               "real": ("real-story", "total.disputes.false_disputes")}, real, STORY_NOTE),  # fmt: skip
        Metric("brief: updates recall (a holder's own revisions told as updates)", {"sample": ("story", "updates.recall"),
               "heldout2": ("story:heldout2", "updates.recall"), "real": ("real-story", "total.updates.recall")}, real, STORY_NOTE),  # fmt: skip
        Metric("brief: options recall", {"sample": ("story", "options.recall"), "heldout2": ("story:heldout2", "options.recall"),
               "real": ("options", "options.recall")}, options, OPTIONS_NOTE),  # fmt: skip
        Metric("brief: option rows usable (share of rows)", {"real": ("options", "options.usable_precision")},
               "`sitroom eval options`", "PolNeAR dev options gold (development split); the sample story gold has no such figure"),  # fmt: skip
    ]


def page_metrics() -> list[Metric]:
    return [
        Metric("pages: body precision", {"sample": ("pages", "furniture.precision")}, "`sitroom eval pages`", PAGES_NOTE),
        Metric("pages: body recall", {"sample": ("pages", "furniture.recall")}, "`sitroom eval pages`", PAGES_NOTE),
        Metric("pages: header accuracy (worst of the six fields)", {"sample": ("pages", "headers.accuracy")},
               "`sitroom eval pages`", PAGES_NOTE),  # fmt: skip
    ]


def metrics() -> list[Metric]:
    return [*quote_metrics(), *figure_date_metrics(), *event_claim_metrics(), *story_metrics(), *page_metrics()]


def lookup(data: Any, path: str) -> Any:
    """The value at a dotted path; KeyError when the JSON no longer has it."""
    for part in path.split("."):
        data = data[part]
    return data


def show(value: Any) -> str:
    """A figure as printed: rates to 3 places, counts as integers, a dict as its lowest entry."""
    if isinstance(value, dict):
        value = min((v for v in value.values() if v is not None), default=None)
    if value is None:
        return "n/a"
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return str(value) if isinstance(value, int) else f"{value:.3f}"


def cell(metric: Metric, column: str, outcomes: dict[str, Outcome], skipped: dict[str, str]) -> str:
    if column not in metric.cells:
        return "–"
    key, path = metric.cells[column]
    if key in skipped:
        return skipped[key]
    outcome = outcomes[key]
    if outcome.problem:
        return outcome.problem
    try:
        return show(lookup(outcome.data, path))
    except (KeyError, TypeError):
        return f"FAILED: no `{path}` in the output"


def table(outcomes: dict[str, Outcome], skipped: dict[str, str]) -> str:
    lines = [f"| metric | {' | '.join(HEADERS)} | command | tuned on |", "|" + " --- |" * (len(HEADERS) + 3)]
    for m in metrics():
        cells = [cell(m, c, outcomes, skipped) for c in COLUMNS]
        lines.append(f"| {m.label} | {' | '.join(cells)} | {m.command} | {m.note} |")
    return "\n".join(lines)


def failures(runs: dict[str, Run], outcomes: dict[str, Outcome]) -> list[str]:
    return [f"- `{runs[k].shown}`: {o.problem}{f' ({o.detail})' if o.detail else ''}" for k, o in outcomes.items() if o.problem]


def report(runs: dict[str, Run], outcomes: dict[str, Outcome], skipped: dict[str, str], quick: bool) -> str:
    minutes = sum(o.seconds for o in outcomes.values()) / 60
    head = (f"Measured {dt.date.today().isoformat()} at commit {commit()}, `python benchmarks/scores.py "
            f"{'--quick ' if quick else ''}--write` ({minutes:.0f} minutes, {platform.machine()}, "
            f"{os.cpu_count()} cores, shared). Development = the sample corpus the rules were written on; "
            "held-out 1 (`sample/heldout`) and held-out 2 (`sample/heldout2`, real page layouts) were never "
            "used for tuning; real news = the development split of a public corpus in `../shared/data`. "
            "`–`: that set has no gold for the figure. Every command also takes `--format json`.")  # fmt: skip
    failed = failures(runs, outcomes)
    tail = "\n\nRuns that failed:\n\n" + "\n".join(failed) if failed else "\n\nNo run failed."
    return f"{head}\n\n{table(outcomes, skipped)}{tail}"


def commit() -> str:
    try:
        return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True, timeout=30, check=True).stdout.strip()  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="the sample and held-out sets only, no real-news corpora")
    parser.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = parser.parse_args(argv)
    data = shared_data()
    runs, skipped = plan(args.quick, data)
    outcomes = run_all(runs, data)
    body = report(runs, outcomes, skipped, args.quick)
    print(body)
    if args.write:
        record("scores", body, "## Every accuracy score in one table (`make scores`)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
