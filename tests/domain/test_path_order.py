"""Prerequisite order and stages of a learning path (domain/path_order.py), on tables."""

from __future__ import annotations

import pytest

from aiwiki.domain.path_order import (
    MAX_STAGE,
    MIN_STAGE,
    next_up,
    prerequisite_order,
    stage_sizes,
    stages,
)

Mentions = dict[str, set[str]]


@pytest.mark.parametrize(("steps", "mentions", "rank", "order"), [
    # a step whose text mentions another comes after it, just in time
    ("abc", {"a": {"c"}}, {}, "cab"),
    ("abcd", {"b": {"d"}}, {}, "adbc"),
    # ties: level first, then the imported position
    ("abcd", {}, {"a": 2, "b": 0, "c": 1, "d": 0}, "bdca"),
    # a chain overrides levels
    ("abc", {"b": {"a"}, "c": {"b"}}, {"a": 2, "b": 1, "c": 0}, "abc"),
    # mentions of topics outside the path, or of itself, are ignored
    ("ab", {"a": {"zz", "a"}}, {}, "ab"),
    # no level sorts after every level
    ("ab", {}, {"b": 2}, "ba"),
])
def test_order(steps: str, mentions: Mentions, rank: dict[str, int], order: str) -> None:
    result = prerequisite_order(list(steps), mentions, rank)
    assert "".join(result.order) == order
    assert result.broken == []


def test_a_cycle_keeps_level_then_imported_order_inside_and_is_reported() -> None:
    # a -> b -> c -> a is a loop; d needs a; e is needed by b (outside the loop)
    mentions = {"a": {"b"}, "b": {"c", "e"}, "c": {"a"}, "d": {"a"}}
    result = prerequisite_order(list("abcde"), mentions, {"b": 0})
    assert result.order == ["e", "b", "a", "c", "d"]
    assert result.broken == [("b", "c")]  # the one mention of a later step
    assert result.prerequisites == {"a": ["b"], "b": ["e"], "c": ["a"], "d": ["a"], "e": []}
    assert prerequisite_order(list("abcde"), mentions, {"b": 0}) == result  # deterministic


def test_mutual_mentions_leave_the_imported_order_alone() -> None:
    everything = {s: set("abcd") - {s} for s in "abcd"}
    assert prerequisite_order(list("abcd"), everything, {}).order == list("abcd")


def test_a_long_chain_needs_no_recursion() -> None:
    steps = [f"s{i:05}" for i in range(5000)]
    mentions = {steps[i]: {steps[i + 1]} for i in range(len(steps) - 1)}
    assert prerequisite_order(steps, mentions, {}).order == steps[::-1]


@pytest.mark.parametrize("count", [0, 1, 7, 15, 16, 23, 30, 100, 223])
def test_stage_sizes_stay_within_bounds_and_even(count: int) -> None:
    sizes = stage_sizes(count)
    assert sum(sizes) == count
    if count > MAX_STAGE:
        assert all(MIN_STAGE <= s <= MAX_STAGE for s in sizes)
        assert max(sizes) - min(sizes) <= 1


def test_stages_cut_where_fewest_prerequisites_cross() -> None:
    order = [f"s{i}" for i in range(24)]
    # s12 and s13 need s10 and s11: a cut at 12 would split them from what they need
    prerequisites = {"s12": ["s10", "s11"], "s13": ["s11"]}
    cut = stages(order, prerequisites)
    assert [len(s) for s in cut] != [12, 12]
    assert all(MIN_STAGE <= len(s) <= MAX_STAGE for s in cut)
    assert [step for stage in cut for step in stage] == order


def test_next_up_is_the_first_step_whose_prerequisites_are_done() -> None:
    order = ["a", "b", "c"]
    prerequisites = {"b": ["a"], "c": []}
    assert next_up(order, prerequisites, set()) == "a"
    assert next_up(order, {"a": ["c"], "b": [], "c": []}, set()) == "b"
    assert next_up(order, prerequisites, {"a"}) == "b"
    assert next_up(order, prerequisites, {"a", "b", "c"}) is None
