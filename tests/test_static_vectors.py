"""The static lead embedding (resolve/static_vectors.py) and the rule that a store keeps one embedding."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import select, update

from sitroom.cli.ingest import sample_articles_dir
from sitroom.config import Config
from sitroom.errors import ConfigError, StoreError
from sitroom.ingest import IngestOptions
from sitroom.ingest.runner import ingest_paths
from sitroom.resolve import static_vectors
from sitroom.resolve.static_vectors import StaticEmbedder, onnx_initializers, piece_weights
from sitroom.resolve.stories import DEFAULT_EMBEDDING, EMBEDDINGS, StoryGrouper, choose_embedding
from sitroom.store import Store
from sitroom.store.schema import article_vectors, story_articles


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def test_onnx_reader_finds_a_named_int8_tensor_among_others() -> None:
    values = np.arange(-3, 3, dtype=np.int8)
    tensor = (_field(1, _varint(2) + _varint(3)) + _varint(2 << 3) + _varint(3) + _field(8, b"wanted")
              + _field(9, values.tobytes()))  # fmt: skip
    other = _field(8, b"other") + _varint(2 << 3) + _varint(1) + _field(9, b"\0" * 4)
    model = _varint(1 << 3) + _varint(8) + _field(7, _field(5, other) + _field(5, tensor))
    found = onnx_initializers(model, {"wanted"})
    assert found["wanted"].shape == (2, 3) and found["wanted"].tolist() == values.reshape(2, 3).tolist()
    with pytest.raises(ValueError, match="no tensor missing"):
        onnx_initializers(model, {"missing"})


def test_sif_weights_discount_frequent_pieces() -> None:
    w = piece_weights()
    the, said, rare, comma = 1996, 2056, 29000, 1010
    assert w[the] < 0.02 and w[comma] < 0.02 and w[rare] > 0.8 and w[the] < w[said] < w[rare]


def test_static_vectors_are_unit_length_and_similar_leads_are_closer() -> None:
    v = StaticEmbedder().embed([
        "North Korea sent 10,000 troops to Russia, Ukraine says",
        "Pyongyang deploys soldiers to the Kursk region",
        "Local football club signs a new striker on a three-year deal",
        "",
    ])
    assert v.shape == (4, 384) and v.dtype == np.float32
    assert np.allclose(np.linalg.norm(v[:3], axis=1), 1.0, atol=1e-5) and not v[3].any()
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2


def test_a_torn_cache_file_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_CACHE_DIR", str(tmp_path))
    first = static_vectors.load_table()
    [cached] = tmp_path.glob("static-*.npy")
    cached.write_bytes(cached.read_bytes()[:1000])  # a copy cut short, e.g. by a full disk
    again = static_vectors.load_table()
    assert np.array_equal(first, again) and cached.stat().st_size > 40_000_000


def test_the_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITROOM_CACHE_DIR", "off")
    assert static_vectors.table_file("ab" * 32) is None and static_vectors.load_table().shape == (30522, 384)


def _ingest(store: Store, names: tuple[str, ...], embedding: str) -> list[str]:
    files = sorted(p for p in sample_articles_dir().iterdir() if p.name.startswith(names))
    config = Config.load(assignments=(f"resolve.lead_embedding='{embedding}'",))
    return ingest_paths(files, store, config, IngestOptions()).warnings


def test_a_store_grouped_with_minilm_keeps_minilm(tmp_path: Path) -> None:
    """Static vectors never meet MiniLM centroids: the store's first grouping decides, and ingest says so."""
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assert not any("lead embedding" in w for w in _ingest(store, ("01", "02"), "minilm"))
    warnings = _ingest(store, ("03",), "static")
    assert any("grouped with the minilm lead embedding" in w for w in warnings)
    grouper = StoryGrouper(store)
    assert grouper.embedding == EMBEDDINGS["minilm"] and grouper.warning is None  # nothing asked, nothing to warn
    with store.engine.connect() as conn:
        assert set(conn.execute(select(story_articles.c.stage)).scalars()) == {"stories.v1"}
        assert set(conn.execute(select(article_vectors.c.model)).scalars()) == {EMBEDDINGS["minilm"].model}


def test_a_new_store_uses_the_configured_embedding(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    assert choose_embedding(store, "minilm")[0].name == "minilm" and choose_embedding(store)[0].name == DEFAULT_EMBEDDING
    _ingest(store, ("01",), "static")
    assert store.grouping_stage() == EMBEDDINGS["static"].stage


def test_unknown_embedding_or_grouping_is_one_clear_error(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.db'}")
    with pytest.raises(ConfigError, match="resolve.lead_embedding is 'bert'.*use one of: minilm, static"):
        choose_embedding(store, "bert")
    _ingest(store, ("01",), "static")
    with store.engine.begin() as conn:
        conn.execute(update(story_articles).values(stage="stories.v9"))
    with pytest.raises(StoreError, match="grouped by stories.v9.*new store"):
        choose_embedding(store)
