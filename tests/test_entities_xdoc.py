"""Entities across articles: name variants, transliterations and surnames joined."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from sitroom.config import Config
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.resolve.entities import fold_name, resolve_entities
from sitroom.store import Store


def test_transliterations_and_diacritics_fold_together() -> None:
    assert fold_name("Volodymyr Zelensky") == fold_name("Volodymyr Zelenskyy") == fold_name("Volodymyr Zelenskiy")
    assert fold_name("Rimantas Žukauskas") == fold_name("Rimantas Zukauskas")
    assert fold_name("Mr. Jan Nowak") == fold_name("Jan Nowak")
    assert fold_name("Anna Nowak") != fold_name("Jan Nowak")


@given(st.text(max_size=40))
def test_fold_name_never_crashes_and_is_idempotent(name: str) -> None:
    assert fold_name(fold_name(name)) == fold_name(name)


ARTICLES = {
    "a.txt": "Zelensky Urges Allies\nOctober 26, 2024\n\nKYIV - President Volodymyr Zelensky said on Saturday that allies must act.\n",
    "b.txt": "Kyiv Asks for Weapons\nOctober 27, 2024\n\nKYIV - Ukrainian President Volodymyr Zelenskyy told reporters that \"we need long-range weapons now\".\n",
    "c.txt": "Zelenskiy in Brussels\nOctober 28, 2024\n\nBRUSSELS - Ukrainian President Volodymyr Zelenskiy met NATO officials. Zelenskiy said the talks went well.\n",
}


def test_one_record_per_person_across_spellings(tmp_path: Path) -> None:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, "utf-8")
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    ingest_paths([tmp_path], store, Config.load(), IngestOptions())
    people = [r for r in resolve_entities(store) if r.label == "PERSON"]
    zelensky = [r for r in people if "zelensky" in fold_name(r.name)]
    assert len(zelensky) == 1, [r.name for r in people]
    assert len(zelensky[0].articles) == 3
    assert {"Volodymyr Zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelenskiy"} <= zelensky[0].variants
