"""Relevance floors per query kind over the seed content: ranking cannot silently regress.

Figures and the table: `python bench/relevance.py`. Floors sit a little under what the
engine measured when they were set, so a real regression fails and noise does not.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from aiwiki.search.base import SearchRequest
from aiwiki.search.evaluation import evaluate
from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from tests.conftest import open_test_wiki, seed_files
from tests.relevance.judgements import load_judgements

pytestmark = pytest.mark.seeds

FLOORS = {  # kind: (MRR@10, nDCG@10, Recall@10)
    "exact": (0.95, 0.90, 0.95),
    "acronym": (0.90, 0.75, 0.80),
    "typo": (0.85, 0.80, 0.85),
    "prefix": (0.80, 0.70, 0.75),
    "question": (0.60, 0.55, 0.60),
    "paraphrase": (0.60, 0.55, 0.60),
    "chinese": (0.80, 0.70, 0.75),
    "math": (0.80, 0.75, 0.80),
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wiki]:
    files = seed_files()
    wiki, cleanup = open_test_wiki("sqlite", tmp_path_factory.mktemp("relevance"))
    importing.import_files(wiki, files)
    yield wiki
    wiki.close()
    cleanup()  # type: ignore[operator]


def test_every_kind_is_judged_with_enough_queries() -> None:
    judged = load_judgements()
    assert len(judged) >= 40
    assert {j.kind for j in judged} == set(FLOORS)


def test_relevance_floors(seeded: Wiki) -> None:
    backend = seeded.search
    assert backend is not None

    def rank(query: str) -> list[str]:
        return [h.slug for h in backend.search(SearchRequest(text=query, per_page=10)).hits]

    scores = evaluate(load_judgements(), rank)
    failures = [
        f"{kind}: MRR {s.mrr:.2f} nDCG {s.ndcg:.2f} R {s.recall:.2f} < {FLOORS[kind]}"
        for kind, s in scores.items() if kind in FLOORS
        and (s.mrr < FLOORS[kind][0] or s.ndcg < FLOORS[kind][1] or s.recall < FLOORS[kind][2])
    ]
    assert not failures, failures
