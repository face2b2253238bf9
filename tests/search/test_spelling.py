"""Tests for search/spelling.py: edit distance and the choice of a correction."""

from __future__ import annotations

import pytest

from aiwiki.search.spelling import best_correction, edit_distance, within_distance


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("attention", "attention", 0),
        ("atention", "attention", 1),  # deletion
        ("attentoin", "attention", 1),  # swap of neighbours counts one
        ("transfromer", "transformer", 1),
        ("attenshun", "attention", 3),  # capped at limit + 1
        ("", "abc", 3),
        ("abc", "", 3),
    ],
)
def test_edit_distance(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b, limit=2) == min(distance, 3)


def test_within_distance_rejects_cheaply() -> None:
    assert within_distance("quantisaton", "quantization", 2)
    assert not within_distance("model", "modelling", 2)  # length alone
    assert not within_distance("abcd", "wxyz", 1)  # letters alone
    assert not within_distance("abc", "", 2)


def test_best_correction_prefers_frequent_then_close() -> None:
    candidates = {"attention": 900, "retention": 40, "atention": 3}
    assert best_correction("atention", candidates, 2) == "attention"
    assert best_correction("modle", {"mobile": 50, "model": 50}, 2) == "model"  # tie: closer
    assert best_correction("xyzzy", {"attention": 9}, 2) is None
    assert best_correction("atention", {"attention": 0}, 2) is None
