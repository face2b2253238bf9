"""Nearest neighbours of a query vector among the topics' vectors.

Two ways, one class. Below `ann_threshold` vectors, brute force: one matrix product over
every vector (numpy), exact, and at 20k vectors of 384 dimensions a few milliseconds.
Beyond it the vectors move into an HNSW graph (usearch), whose queries cost about the
logarithm of the count and find nearly all of the true nearest (bench/search.py measures
that recall against brute force). Vectors are unit length, so cosine is the dot product.

Keys are integers chosen by the caller (services/embedding.py packs topic id and
language into one).
"""

from __future__ import annotations

import importlib.util
import logging
import sys
import threading
from typing import Any

import numpy as np
import numpy.typing as npt

Keys = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float32]
_FIRST_CAPACITY = 1024
log = logging.getLogger(__name__)


class VectorIndex:
    """A mutable set of (key, unit vector), searched by cosine similarity."""

    def __init__(self, dim: int, *, ann_threshold: int = 20_000, quantization: str = "i8",
                 connectivity: int = 16, expansion_search: int = 64) -> None:
        """`quantization` is how the approximate index stores vectors (usearch's i8, f16 or
        f32: i8 keeps a million 384-dimension vectors in about 400 MB)."""
        self.dim = dim
        self.ann_threshold = ann_threshold
        self._quantization = quantization
        self._connectivity = connectivity
        self._expansion = expansion_search
        self._lock = threading.Lock()
        self._matrix: Floats = np.zeros((_FIRST_CAPACITY, dim), dtype=np.float32)
        self._keys: Keys = np.zeros(_FIRST_CAPACITY, dtype=np.int64)
        self._rows: dict[int, int] = {}
        self._ann: Any = None  # usearch.index.Index once past the threshold

    @property
    def approximate(self) -> bool:
        return self._ann is not None

    def __len__(self) -> int:
        return len(self._ann) if self._ann is not None else len(self._rows)

    def keys(self) -> set[int]:
        with self._lock:
            if self._ann is not None:
                return {int(k) for k in self._ann.keys}
            return set(self._rows)

    def get(self, key: int) -> Floats | None:
        """The vector held under `key` (quantised, in the approximate index), or None."""
        with self._lock:
            if self._ann is not None:
                if not self._ann.contains(key):
                    return None
                vector = np.asarray(self._ann.get(key), dtype=np.float32).reshape(self.dim)
                return vector / max(float(np.linalg.norm(vector)), 1e-12)
            row = self._rows.get(key)
            return None if row is None else self._matrix[row].copy()

    def upsert(self, keys: Keys, vectors: Floats) -> None:
        """Add vectors, replacing those already held under the same keys."""
        keys = np.asarray(keys, dtype=np.int64)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(keys), self.dim)
        with self._lock:
            if self._ann is None and len(self._rows) + len(keys) > self.ann_threshold:
                self._to_ann()  # (stays exact when usearch is not installed)
            if self._ann is not None:
                self._ann_remove(keys)
                self._ann.add(keys, vectors)
                return
            for key, vector in zip(keys.tolist(), vectors, strict=True):
                self._put(key, vector)

    def remove(self, keys: Keys | list[int]) -> None:
        with self._lock:
            if self._ann is not None:
                self._ann_remove(np.asarray(keys, dtype=np.int64))
                return
            for key in np.asarray(keys, dtype=np.int64).tolist():
                self._drop(key)

    def search(self, query: Floats, limit: int) -> list[tuple[int, float]]:
        """The `limit` nearest (key, cosine similarity), most similar first."""
        query = np.asarray(query, dtype=np.float32).reshape(self.dim)
        ann = self._ann
        if ann is not None:
            found = ann.search(query, limit)  # usearch searches while others write
            return [(int(k), 1.0 - float(d)) for k, d in zip(found.keys, found.distances,
                                                              strict=True)]
        with self._lock:
            return self._exact(query, limit)

    def exact(self, query: Floats, limit: int) -> list[tuple[int, float]]:
        """Brute force whatever the size (the reference for measuring recall)."""
        with self._lock:
            if self._ann is None:
                return self._exact(np.asarray(query, dtype=np.float32), limit)
            keys = np.asarray(self._ann.keys, dtype=np.int64)
            matrix = np.asarray(self._ann.get(keys), dtype=np.float32)
        matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)  # i8: scaled
        return _top(matrix @ np.asarray(query, dtype=np.float32), keys, limit)

    def memory_bytes(self) -> int:
        if self._ann is not None:
            return int(self._ann.memory_usage)
        return int(self._matrix.nbytes + self._keys.nbytes)

    def _exact(self, query: Floats, limit: int) -> list[tuple[int, float]]:
        count = len(self._rows)
        if count == 0 or limit < 1:
            return []
        return _top(self._matrix[:count] @ query, self._keys[:count], limit)

    def _put(self, key: int, vector: Floats) -> None:
        row = self._rows.get(key)
        if row is None:
            row = len(self._rows)
            if row == len(self._keys):
                self._grow()
            self._rows[key] = row
            self._keys[row] = key
        self._matrix[row] = vector

    def _drop(self, key: int) -> None:
        """The last row moves into the dropped one: rows stay dense."""
        row = self._rows.pop(key, None)
        if row is None:
            return
        last = len(self._rows)
        if row != last:
            moved = int(self._keys[last])
            self._matrix[row] = self._matrix[last]
            self._keys[row] = moved
            self._rows[moved] = row

    def _grow(self) -> None:
        capacity = 2 * len(self._keys)
        matrix = np.zeros((capacity, self.dim), dtype=np.float32)
        matrix[: len(self._matrix)] = self._matrix
        keys = np.zeros(capacity, dtype=np.int64)
        keys[: len(self._keys)] = self._keys
        self._matrix, self._keys = matrix, keys

    def _to_ann(self) -> None:
        if importlib.util.find_spec("usearch") is None:
            log.warning("usearch is not installed (pip install 'aiwiki[ann]'): vector "
                        "search stays brute force past %d vectors", self.ann_threshold)
            self.ann_threshold = sys.maxsize
            return
        from usearch.index import Index

        ann = Index(ndim=self.dim, metric="cos", dtype=self._quantization,
                    connectivity=self._connectivity, expansion_search=self._expansion)
        count = len(self._rows)
        if count:
            ann.add(self._keys[:count].copy(), self._matrix[:count].copy())
        self._ann = ann
        self._matrix = np.zeros((0, self.dim), dtype=np.float32)
        self._keys = np.zeros(0, dtype=np.int64)
        self._rows = {}

    def _ann_remove(self, keys: Keys) -> None:
        present = [int(k) for k in keys.tolist() if self._ann.contains(int(k))]
        if present:
            self._ann.remove(present)


def _top(scores: Floats, keys: Keys, limit: int) -> list[tuple[int, float]]:
    if len(scores) > limit:
        chosen = np.argpartition(-scores, limit - 1)[:limit]
    else:
        chosen = np.arange(len(scores))
    chosen = chosen[np.argsort(-scores[chosen], kind="stable")]
    return [(int(keys[i]), float(scores[i])) for i in chosen]
