"""Loads the relevance judgements: the older tuned set (queries.yaml) and the blind set.

The blind set is graded per slug (2 = wanted, 1 = also useful, several 2s allowed) and split into
a dev half for tuning and a test half scored only at the end, so it is scored here with graded
gains rather than by aiwiki.search.evaluation, whose judgements have a single fully relevant slug.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from aiwiki.search.evaluation import CUTOFF, Judged, Scores

QUERIES = Path(__file__).with_name("queries.yaml")
BLIND = Path(__file__).with_name("blind.yaml")
HALVES = ("dev", "test")
BLIND_KINDS = ("question", "paraphrase", "cross_language", "formula", "acronym", "typo", "exact")
GRADES = (1, 2)


class JudgementError(ValueError):
    """A judgement file that does not follow its format: says which query and what is wrong."""


@dataclass(frozen=True)
class Graded:
    kind: str
    half: str
    query: str
    grades: tuple[tuple[str, int], ...]  # (slug, grade) in the order written

    @property
    def relevant(self) -> dict[str, int]:
        return dict(self.grades)


def load_judgements() -> list[Judged]:
    data = yaml.safe_load(QUERIES.read_text("utf-8"))
    return [Judged(q["kind"], str(q["q"]), tuple(q["want"])) for q in data["queries"]]


def load_blind(half: str | None = None, path: Path = BLIND) -> list[Graded]:
    """The blind set, or one half of it; a malformed entry raises JudgementError naming it."""
    if half is not None and half not in HALVES:
        raise JudgementError(f"half must be one of {HALVES}, not {half!r}")
    data = yaml.safe_load(path.read_text("utf-8"))
    judged = [_graded(entry, f"{path.name} query {number}")
              for number, entry in enumerate(data["queries"], 1)]
    return [j for j in judged if half is None or j.half == half]


def _graded(entry: dict[str, Any], place: str) -> Graded:
    where = f"{place} ({entry.get('q')!r})"
    if entry.get("kind") not in BLIND_KINDS:
        raise JudgementError(f"{where}: kind must be one of {BLIND_KINDS}")
    if entry.get("half") not in HALVES:
        raise JudgementError(f"{where}: half must be one of {HALVES}")
    want = entry.get("want")
    if not isinstance(want, dict) or not want:
        raise JudgementError(f"{where}: want must map slugs to grades")
    if any(grade not in GRADES for grade in want.values()) or 2 not in want.values():
        raise JudgementError(f"{where}: grades must be 1 or 2, with at least one 2")
    grades = tuple((str(slug), int(grade)) for slug, grade in want.items())
    return Graded(str(entry["kind"]), str(entry["half"]), str(entry["q"]), grades)


def score_graded(ranked: list[str], relevant: dict[str, int]) -> tuple[float, float, float]:
    """(reciprocal rank, nDCG, recall) at the cutoff, with the grades as gains."""
    top = ranked[:CUTOFF]
    rr = next((1.0 / (i + 1) for i, slug in enumerate(top) if slug in relevant), 0.0)
    dcg = sum(relevant.get(slug, 0) / math.log2(i + 2) for i, slug in enumerate(top))
    ideal = sorted(relevant.values(), reverse=True)[:CUTOFF]
    idcg = sum(gain / math.log2(i + 2) for i, gain in enumerate(ideal))
    recall = len(set(top) & set(relevant)) / len(relevant)
    return rr, dcg / idcg, recall


def evaluate_graded(
    judged: Iterable[Graded], rank: Callable[[str], list[str]]
) -> dict[str, Scores]:
    """Mean scores per kind plus 'all', by running `rank(query) -> slugs` for every query."""
    rows: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for item in judged:
        result = score_graded(rank(item.query), item.relevant)
        rows[item.kind].append(result)
        rows["all"].append(result)
    return {kind: _mean(results) for kind, results in rows.items()}


def _mean(rows: list[tuple[float, float, float]]) -> Scores:
    count = len(rows)
    return Scores(mrr=sum(r[0] for r in rows) / count, ndcg=sum(r[1] for r in rows) / count,
                  recall=sum(r[2] for r in rows) / count, queries=count)
