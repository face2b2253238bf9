"""Reciprocal rank fusion: by rank alone, weighted, naming the lists that found each item."""

from __future__ import annotations

from aiwiki.search.fusion import Ranking, fuse


def test_items_found_by_both_lists_rise() -> None:
    fused = fuse([Ranking("keyword", [1, 2, 3]), Ranking("semantic", [3, 4])], k=10)
    assert [f.id for f in fused][:1] == [3]
    assert fused[0].signals == ("keyword", "semantic")


def test_weight_decides_between_two_first_places() -> None:
    fused = fuse([Ranking("keyword", [1]), Ranking("semantic", [2], weight=2.0)], k=10)
    assert [f.id for f in fused] == [2, 1]
    assert fused[0].score == 2.0 / 11
