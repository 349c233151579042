"""Editorial corrections: two names are (or are not) the same person; a fact is wrong.

Corrections live in their own table, keyed by names and fact keys rather than span ids, so
they survive re-running the pipeline (which rewrites every span). Nothing is deleted: each
change adds a row, the rows are the audit trail, and the newest row about a subject wins.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, select

from sitroom.store import Store
from sitroom.store.schema import corrections

if TYPE_CHECKING:
    from sitroom.ingest.correction import Correction

PERSON_KINDS = ("same_person", "not_same_person")
FACT_KINDS = ("fact_wrong", "fact_restored")


def fact_key(fact: dict[str, Any]) -> str:
    """A fact's stable key: its kind and sentence (``text``; ``summary`` in briefs before the
    statement model), folded; span ids change on every re-run."""
    sentence = fact.get("text") or fact.get("summary") or ""
    text = f"{fact.get('kind', '')}|{' '.join(str(sentence).casefold().split())}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def record(store: Store, kind: str, subject: str, other: str | None = None, note: str = "") -> dict[str, Any]:
    """Add one correction; returns it as stored."""
    row: dict[str, Any] = {"kind": kind, "subject": subject.strip(), "other": other.strip() if other else None, "note": note.strip(),
           "at": dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)}  # fmt: skip
    with store.engine.begin() as conn:
        row["id"] = int(conn.execute(insert(corrections).values(**row)).inserted_primary_key[0])  # type: ignore[index]
    return row


def audit(store: Store, limit: int = 500, offset: int = 0) -> list[dict[str, Any]]:
    """Every correction, newest first."""
    query = select(corrections).order_by(corrections.c.id.desc()).limit(limit).offset(offset)
    with store.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


@dataclass
class Corrections:
    """The state the corrections add up to: person links and wrong facts."""

    same: list[tuple[str, str]] = field(default_factory=list)
    different: list[tuple[str, str]] = field(default_factory=list)
    wrong_facts: dict[str, str] = field(default_factory=dict)  # key -> note

    @classmethod
    def load(cls, store: Store) -> Corrections:
        state = cls()
        links: dict[frozenset[str], str] = {}
        facts: dict[str, tuple[str, str]] = {}
        with store.connect() as conn:
            for r in conn.execute(select(corrections).order_by(corrections.c.id)).mappings():
                if r["kind"] in PERSON_KINDS and r["other"]:
                    pair = frozenset((r["subject"], r["other"]))
                    links.pop(pair, None)  # re-insert so the newest decides and keeps its order
                    links[pair] = r["kind"]
                elif r["kind"] in FACT_KINDS:
                    facts[r["subject"]] = (r["kind"], r["note"])
        for pair, kind in links.items():
            a, b = sorted(pair) if len(pair) == 2 else (next(iter(pair)),) * 2
            (state.same if kind == "same_person" else state.different).append((a, b))
        state.wrong_facts = {k: note for k, (kind, note) in facts.items() if kind == "fact_wrong"}
        return state


def hide_wrong_facts(brief: dict[str, Any], state: Corrections) -> dict[str, Any]:
    """The brief with a ``key`` on every fact and the facts marked wrong left out."""
    facts = [{**f, "key": fact_key(f)} for f in brief.get("facts", [])]
    return {**brief, "facts": [f for f in facts if f["key"] not in state.wrong_facts]}


EDITABLE = ("outlet", "published", "url")  # what `sitroom edit`, the API and the article page may correct


def edit_article(store: Store, ref: str, given: Mapping[str, str | None], label: str = "published") -> Correction | None:
    """Correct a stored article's outlet, publication date or URL; its id stays.

    The one code path of ``sitroom edit``, ``PATCH /api/articles/{id}`` and the article page's
    form: the metadata and, when the date changes, the article's place in its story are
    written in one transaction (``ingest.correction``). ``given`` holds the fields to set, ""
    or None clearing one. Returns the ``Correction`` (with the article's public source, never
    a server path), or None when no article has the id or unique id prefix ``ref``. Raises
    InputError, naming ``label``, when the date cannot be read.
    """
    # ingest's code path (story re-placement loads the embedding model), imported only for an edit
    from sitroom.ingest.correction import apply_correction
    from sitroom.ingest.dates import normalise_published
    from sitroom.store.queries import public_source

    fields = {k: (v.strip() if isinstance(v, str) else v) or None for k, v in given.items() if k in EDITABLE}
    if fields.get("published"):
        fields["published"] = normalise_published(str(fields["published"]), label)
    row = store.get_article(ref)
    if row is None:
        return None
    return apply_correction(store, row["id"], fields, public_source(row["source"], row["url"]) or "")
