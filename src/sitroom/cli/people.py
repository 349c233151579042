"""``sitroom people`` (list, show, merge, split) and editorial corrections of facts.

Merges, splits and wrong facts are corrections stored apart from extracted data
(``sitroom.store.editorial``): re-running the pipeline keeps them, and ``sitroom corrections``
lists every one of them with its note.
"""

from __future__ import annotations

import sys

import click

from sitroom.cli.common import (
    CliState,
    echo_json,
    echo_rows,
    note,
    report_listing,
    rows_format_option,
)
from sitroom.store import editorial
from sitroom.store.queries import DEFAULT_LIMIT


@click.group("people", invoke_without_command=True)
@rows_format_option
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="At most this many.")
@click.option("--offset", type=int, default=0, help="Skip this many (for paging).")
@click.option("--search", "search", help="Only people whose name or a spelling of it contains this.")
@click.pass_context
def people_cmd(ctx: click.Context, fmt: str, limit: int, offset: int, search: str | None) -> None:
    """People across all articles (places and organisations left out), spellings joined, most quoted first.

    `sitroom people merge A B` joins two entries; `sitroom people split A B` says they are not
    the same person.
    """
    if ctx.invoked_subcommand is not None:
        return
    from sitroom.resolve.people import build_people

    state: CliState = ctx.obj
    people = build_people(state.store())
    if search:
        people = [p for p in people if any(search.casefold() in v.casefold() for v in p.variants)]
    rows = [p.row() for p in people[offset:offset + limit]]
    echo_rows(rows, fmt, ["id", "name", "quote_count", "article_count", "roles", "variants"], {"roles": 40, "variants": 40})
    report_listing(state, "people", len(rows), len(people), offset,
                   "Loosen --search." if search else "Ingest articles that quote people: `sitroom ingest PATH...`.")


def _person_or_exit(state: CliState, ref: str) -> object:
    from sitroom.resolve.people import build_people, find_person

    found = find_person(build_people(state.store()), ref)
    if found is None:
        click.echo(f"Error: no person {ref!r} in {state.where()}; see `sitroom people --search NAME`", err=True)
        sys.exit(1)
    return found


@people_cmd.command("show")
@click.argument("person")
@click.pass_obj
def people_show(state: CliState, person: str) -> None:
    """One person (id, name or any spelling) with roles, articles and quotes, as JSON."""
    from sitroom.resolve.people import Person

    found = _person_or_exit(state, person)
    assert isinstance(found, Person)
    echo_json(found.detail(state.store()))


@people_cmd.command("merge")
@click.argument("first")
@click.argument("second")
@click.option("--note", "why", default="", help="Why (kept in the audit trail).")
@click.pass_obj
def people_merge(state: CliState, first: str, second: str, why: str) -> None:
    """Record that FIRST and SECOND (ids, names or spellings) are the same person."""
    for ref in (first, second):
        _person_or_exit(state, ref)
    editorial.record(state.store(), "same_person", first, second, why)
    note(f"{first} and {second} are now one person in {state.where()}; undo with `sitroom people split {first!r} {second!r}`.")


@people_cmd.command("split")
@click.argument("first")
@click.argument("second")
@click.option("--note", "why", default="", help="Why (kept in the audit trail).")
@click.pass_obj
def people_split(state: CliState, first: str, second: str, why: str) -> None:
    """Record that FIRST and SECOND are not the same person (undoes a merge or an automatic join)."""
    _person_or_exit(state, first)
    editorial.record(state.store(), "not_same_person", first, second, why)
    note(f"{first} and {second} are kept apart in {state.where()}.")


@click.group("facts")
def facts_cmd() -> None:
    """Mark a fact of a brief wrong (hidden from the brief, kept in the audit trail) or restore it."""


@facts_cmd.command("list")
@click.argument("story", type=int, required=False)
@rows_format_option
@click.pass_obj
def facts_list(state: CliState, story: int | None, fmt: str) -> None:
    """The facts of a story's brief (default: the main story) with their keys, wrong ones included."""
    from sitroom.analysis.brief import build_brief, main_story

    store = state.store()
    story_id = story if story is not None else main_story(store)
    if story_id is None or store.get_story(story_id) is None:
        click.echo(f"Error: no story {story or ''} in {state.where()}; see `sitroom stories`", err=True)
        sys.exit(1)
    wrong = editorial.Corrections.load(store).wrong_facts
    rows = [{"key": f.get("key") or editorial.fact_key(f), "status": f["status"], "independent_outlets": f["independent_outlets"],
             "summary": f["text"]} for f in build_brief(store, story_id)["facts"]]  # fmt: skip
    rows = [{**r, "wrong": r["key"] in wrong, "note": wrong.get(r["key"], "")} for r in rows]
    echo_rows(rows, fmt, ["key", "status", "independent_outlets", "wrong", "summary"], {"summary": 80})
    report_listing(state, f"facts of story {story_id}", len(rows), len(rows), 0, "This story's brief has no facts yet.")


@facts_cmd.command("wrong")
@click.argument("key")
@click.option("--note", "why", required=True, help="What is wrong with it (kept in the audit trail).")
@click.pass_obj
def facts_wrong(state: CliState, key: str, why: str) -> None:
    """Mark the fact KEY (from `sitroom facts list`) wrong: the brief leaves it out from now on."""
    editorial.record(state.store(), "fact_wrong", key, note=why)
    note(f"fact {key} marked wrong in {state.where()}; undo with `sitroom facts restore {key}`.")


@facts_cmd.command("restore")
@click.argument("key")
@click.option("--note", "why", default="", help="Why (kept in the audit trail).")
@click.pass_obj
def facts_restore(state: CliState, key: str, why: str) -> None:
    """Show the fact KEY in the brief again."""
    editorial.record(state.store(), "fact_restored", key, note=why)
    note(f"fact {key} restored in {state.where()}.")


@click.command("corrections")
@rows_format_option
@click.option("--limit", type=int, default=DEFAULT_LIMIT, show_default=True, help="At most this many.")
@click.option("--offset", type=int, default=0, help="Skip this many (for paging).")
@click.pass_obj
def corrections_cmd(state: CliState, fmt: str, limit: int, offset: int) -> None:
    """The audit trail: every merge, split and fact correction, newest first, with its note."""
    rows = editorial.audit(state.store(), limit, offset)
    echo_rows(rows, fmt, ["id", "at", "kind", "subject", "other", "note"], {"note": 50})
    report_listing(state, "corrections", len(rows), len(editorial.audit(state.store(), 10_000_000)), offset,
                   "None yet: see `sitroom people merge` and `sitroom facts wrong`.")
