"""The order a learning path teaches in, and its stages: pure functions over step keys.

A step whose text mentions another step of the same path comes after it. Otherwise the
easiest level goes first, then the step imported first. Steps that mention each other
(A mentions B and B mentions A, or round a longer loop) cannot all come after each
other: such a group keeps level-then-imported order inside, and the mentions that order
could not honour are reported, so an editor can look at them.

Stages cut the order into runs a reader can finish in a sitting: between MIN_STAGE and
MAX_STAGE steps, as even as the length allows, each cut moved (within those bounds) to
where the fewest prerequisites cross it.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

MIN_STAGE = 8
MAX_STAGE = 15
TARGET_STAGE = 12


@dataclass(frozen=True, slots=True)
class Ordered(Generic[K]):
    """The steps in teaching order; the prerequisites kept (step -> earlier steps it
    mentions) and the ones dropped to break cycles, as (step, prerequisite) pairs."""

    order: list[K]
    prerequisites: dict[K, list[K]]
    broken: list[tuple[K, K]]


def prerequisite_order(
    steps: Sequence[K], mentions: Mapping[K, set[K]], rank: Mapping[K, int]
) -> Ordered[K]:
    """``steps`` in imported order; ``mentions[a]``: the steps a's text mentions; ``rank``:
    each step's level rank (a missing one sorts after every level).

    Steps that mention each other, directly or round a loop, form a group (a strongly
    connected component) that keeps the order of level and imported position inside;
    between groups, prerequisites come first, each just in time before the first group
    that needs it (depth first), so the imported order moves no more than they ask."""
    index = {step: at for at, step in enumerate(steps)}

    def key(step: K) -> tuple[int, int]:
        return rank.get(step, len(steps) + 99), index[step]

    needs = {s: sorted((m for m in mentions.get(s, set()) if m in index and m != s), key=key)
             for s in steps}
    groups = [sorted(g, key=key) for g in _components(steps, needs)]
    group_of = {step: n for n, group in enumerate(groups) for step in group}
    group_needs = {n: sorted({group_of[p] for s in g for p in needs[s]} - {n},
                             key=lambda m: key(groups[m][0])) for n, g in enumerate(groups)}
    order: list[K] = []
    placed: set[int] = set()
    for root in sorted(range(len(groups)), key=lambda n: key(groups[n][0])):
        if root not in placed:
            for n in _depth_first(root, group_needs, placed):
                order.extend(groups[n])
    at = {step: n for n, step in enumerate(order)}
    kept = {s: [p for p in needs[s] if at[p] < at[s]] for s in steps}
    broken = [(s, p) for s in order for p in needs[s] if at[p] > at[s]]
    return Ordered(order, {s: sorted(ps, key=at.__getitem__) for s, ps in kept.items()}, broken)


def _depth_first(root: int, needs: Mapping[int, list[int]], placed: set[int]) -> list[int]:
    """``root`` preceded by whatever it needs that is not placed yet, without recursion
    (a path may be long). ``needs`` is acyclic: groups hold every cycle."""
    out: list[int] = []
    stack = [(root, iter(needs[root]))]
    placed.add(root)
    while stack:
        node, pending = stack[-1]
        wanted = next(pending, None)
        if wanted is None:
            stack.pop()
            out.append(node)
        elif wanted not in placed:
            placed.add(wanted)
            stack.append((wanted, iter(needs[wanted])))
    return out


def _components(steps: Sequence[K], needs: Mapping[K, list[K]]) -> list[list[K]]:
    """Strongly connected components (Tarjan's algorithm, iteratively)."""
    number: dict[K, int] = {}
    low: dict[K, int] = {}
    stack: list[K] = []
    on_stack: set[K] = set()
    found: list[list[K]] = []
    for root in steps:
        if root in number:
            continue
        work = [(root, iter(needs[root]))]
        number[root] = low[root] = len(number)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, pending = work[-1]
            wanted = next(pending, None)
            if wanted is not None:
                if wanted not in number:
                    number[wanted] = low[wanted] = len(number)
                    stack.append(wanted)
                    on_stack.add(wanted)
                    work.append((wanted, iter(needs[wanted])))
                elif wanted in on_stack:
                    low[node] = min(low[node], number[wanted])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == number[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                found.append(group)
    return found


def stage_sizes(count: int) -> list[int]:
    """Even stage lengths for ``count`` steps: one stage up to MAX_STAGE, else as many
    stages of about TARGET_STAGE as keep each within bounds."""
    if count <= MAX_STAGE:
        return [count] if count else []
    stages = max(math.ceil(count / MAX_STAGE), round(count / TARGET_STAGE))
    stages = min(stages, count // MIN_STAGE)
    base, extra = divmod(count, stages)
    return [base + 1 if at < extra else base for at in range(stages)]


def stages(order: Sequence[K], prerequisites: Mapping[K, Sequence[K]]) -> list[list[K]]:
    """Cut ``order`` into stages, each cut nudged to where the fewest prerequisites cross."""
    sizes = stage_sizes(len(order))
    cuts: list[int] = []
    at = 0
    for number, size in enumerate(sizes[:-1]):
        left = len(sizes) - number - 1  # stages still to come after this one
        low = max(at + MIN_STAGE, len(order) - left * MAX_STAGE)
        high = min(at + MAX_STAGE, len(order) - left * MIN_STAGE)
        wanted = at + size
        best = min(range(low, high + 1), key=lambda cut: (
            _crossing(order, prerequisites, cut), abs(cut - wanted), cut))
        cuts.append(best)
        at = best
    bounds = [0, *cuts, len(order)]
    return [list(order[a:b]) for a, b in pairwise(bounds) if b > a]


def _crossing(order: Sequence[K], prerequisites: Mapping[K, Sequence[K]], cut: int) -> int:
    """How many prerequisites of the few steps after ``cut`` lie just before it."""
    before = set(order[max(cut - MIN_STAGE, 0) : cut])
    after = order[cut : cut + 3]
    return sum(1 for step in after for p in prerequisites.get(step, ()) if p in before)


def next_up(order: Sequence[K], prerequisites: Mapping[K, Sequence[K]], done: set[K]) -> K | None:
    """The first step not done whose prerequisites all are; else the first not done."""
    open_steps = [s for s in order if s not in done]
    ready = [s for s in open_steps if all(p in done for p in prerequisites.get(s, ()))]
    found = ready or open_steps
    return found[0] if found else None
