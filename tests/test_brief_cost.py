"""What the brief of a stored story loads: no NLP model, no migration tool, no ingest stack (issue 9).

The time itself is measured by ``benchmarks/brief_cost.py``; these tests pin what made a cold
``sitroom brief`` slow, so it cannot come back unnoticed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from sitroom.model import Annotations
from sitroom.store import Store, head_revision

HEAVY = ("spacy", "alembic", "trafilatura", "dateparser", "onnxruntime")


def test_the_head_read_from_the_migration_files_is_alembics() -> None:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("sitroom.store").joinpath("migrations")))
    assert head_revision() == ScriptDirectory.from_config(cfg).get_current_head()


def test_opening_a_current_store_and_the_brief_code_load_nothing_heavy(tmp_path: Path) -> None:
    """A cold `sitroom brief` spent 2-4 s importing Alembic and the ingest package before reading anything."""
    url = f"sqlite:///{tmp_path / 'b.db'}"
    Store(url).engine.dispose()  # created and migrated here, so the child only opens it
    code = ("import sys, json; from sitroom.store import Store; from sitroom.analysis import brief, render; "
            f"import sitroom.cli; Store({url!r}); print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))")  # fmt: skip
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []


def test_building_a_brief_loads_no_embedding_model(monkeypatch: Any) -> None:
    """The first cold brief spent ~2 s of its 4.6 s starting MiniLM to compare a few quotes."""
    from sitroom.analysis.brief import brief_sections
    from sitroom.resolve import embeddings
    from sitroom.resolve.statements.model import StoryArticle

    def refuse() -> Any:
        raise AssertionError("the brief loaded the embedding model")

    monkeypatch.setattr(embeddings, "get_embedder", refuse)
    # Two wordings whose stems meet too little to join (2 of 5) but enough that the old brief embedded them.
    wordings = (("a", "Wire", "direct", "We will not open the crossing to trucks before Monday"),
                ("b", "Courier", "indirect", "Sadowska kept the crossing open, with queues growing for days"))
    articles = [StoryArticle(aid, outlet, "2026-09-15", None, Annotations(quotes=[
                    {"text": text, "start": 1, "end": len(text) + 1, "kind": kind, "cue": "said",
                     "speaker": {"name": "Ewa Sadowska", "role": "Interior Minister"}}]), None, "", f"“{text},” she said.")
                for aid, outlet, kind, text in wordings]  # fmt: skip
    entry = brief_sections(articles)["quotes"][0]
    assert entry["speaker"]["name"] == "Ewa Sadowska" and len(entry["items"]) == 2
