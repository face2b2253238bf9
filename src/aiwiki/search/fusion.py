"""Reciprocal rank fusion: several ranked lists become one, by rank alone.

A keyword score (BM25 plus constants) and a cosine similarity are not on one scale, so
they are never added. Each list gives its item at rank r (from 1) ``weight / (k + r)``;
an item's score is the sum over the lists that hold it (Cormack, Clarke and Büttcher,
2009). Pure: the hybrid backend decides what the lists are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Ranking:
    signal: str  # what found these: "keyword", "semantic", "formula"
    ids: Sequence[int]  # best first
    weight: float = 1.0


@dataclass(frozen=True)
class Fused:
    id: int
    score: float
    signals: tuple[str, ...]  # the lists that held it, in the order given


def fuse(rankings: Sequence[Ranking], k: float = 60.0) -> list[Fused]:
    """Items of all rankings, best fused score first; ties keep first-seen order."""
    scores: dict[int, float] = {}
    signals: dict[int, list[str]] = {}
    for ranking in rankings:
        for rank, item in enumerate(dict.fromkeys(ranking.ids), 1):
            scores[item] = scores.get(item, 0.0) + ranking.weight / (k + rank)
            signals.setdefault(item, []).append(ranking.signal)
    order = sorted(scores, key=lambda item: -scores[item])  # (sorted is stable)
    return [Fused(item, scores[item], tuple(signals[item])) for item in order]
