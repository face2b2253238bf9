"""The vector index: exact below the threshold, HNSW above it, same answers for near vectors."""

from __future__ import annotations

import numpy as np

from aiwiki.search.vectors import VectorIndex


def unit(rows: int, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((rows, 32)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_exact_search_finds_itself_and_forgets_removed_keys() -> None:
    index = VectorIndex(32, ann_threshold=1000)
    vectors = unit(100)
    index.upsert(np.arange(100), vectors)
    assert index.search(vectors[7], 1)[0][0] == 7
    index.remove([7])
    assert 7 not in {key for key, _ in index.search(vectors[7], 5)}
    assert len(index) == 99 and not index.approximate


def test_past_the_threshold_the_index_turns_approximate_and_keeps_finding() -> None:
    index = VectorIndex(32, ann_threshold=50)
    vectors = unit(300)
    index.upsert(np.arange(300), vectors)
    assert index.approximate and len(index) == 300
    found = sum(index.search(vectors[i], 1)[0][0] == i for i in range(0, 300, 10))
    assert found >= 28  # of 30: i8 quantisation may swap a near tie
    assert index.exact(vectors[3], 1)[0][0] == 3


def test_upsert_replaces_a_key() -> None:
    index = VectorIndex(32)
    vectors = unit(2)
    index.upsert(np.array([5]), vectors[:1])
    index.upsert(np.array([5]), vectors[1:])
    assert len(index) == 1
    assert index.search(vectors[1], 1)[0][1] > 0.99
