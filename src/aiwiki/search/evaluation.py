"""Relevance metrics for a judged query set: MRR@10, nDCG@10 and Recall@10, per query kind.

Judgements list the wanted slugs best first: the first has gain 2, the others gain 1.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

CUTOFF = 10


@dataclass(frozen=True)
class Judged:
    kind: str
    query: str
    wanted: tuple[str, ...]


@dataclass(frozen=True)
class Scores:
    mrr: float
    ndcg: float
    recall: float
    queries: int


def _gain(slug: str, wanted: tuple[str, ...]) -> int:
    if not wanted or slug not in wanted:
        return 0
    return 2 if slug == wanted[0] else 1


def score_one(ranked: list[str], wanted: tuple[str, ...]) -> tuple[float, float, float]:
    top = ranked[:CUTOFF]
    rr = next((1.0 / (i + 1) for i, slug in enumerate(top) if slug in wanted), 0.0)
    dcg = sum(_gain(slug, wanted) / math.log2(i + 2) for i, slug in enumerate(top))
    ideal_gains = sorted((_gain(s, wanted) for s in wanted), reverse=True)[:CUTOFF]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal_gains))
    recall = len(set(top) & set(wanted)) / len(wanted)
    return rr, (dcg / idcg if idcg else 0.0), recall


def evaluate(judged: Iterable[Judged], rank: Callable[[str], list[str]]) -> dict[str, Scores]:
    """Scores per kind plus 'all', by running `rank(query) -> slugs` for every query."""
    per_kind: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for item in judged:
        result = score_one(rank(item.query), item.wanted)
        per_kind[item.kind].append(result)
        per_kind["all"].append(result)
    return {
        kind: Scores(
            mrr=sum(r[0] for r in rows) / len(rows),
            ndcg=sum(r[1] for r in rows) / len(rows),
            recall=sum(r[2] for r in rows) / len(rows),
            queries=len(rows),
        )
        for kind, rows in per_kind.items()
    }
