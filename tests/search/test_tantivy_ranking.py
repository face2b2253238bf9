"""Tests for search/tantivy_ranking.py: the split query ranks exactly as one summed query."""

from __future__ import annotations

import pytest
import tantivy

from aiwiki.search.base import SearchFilters
from aiwiki.search.query import plan_query, with_corrections
from aiwiki.search.resolve import resolve
from aiwiki.search.tantivy_backend import TantivyBackend, _IndexView
from aiwiki.search.tantivy_query import RankedQuery, ranked_query
from aiwiki.search.tantivy_ranking import matching, top_hits

from .corpus import CORPUS, doc

SHOULD = tantivy.Occur.Should
QUERIES = [
    "attention", "multi head attention", "Flash Att", "KV cache", "RLHF", "状态空间模型",
    "注意力机制", "low rank adaptation", "transformer models", "mixture of experts", "mamba",
    "scaled dot product", "speculative decoding draft", "the", "P(w_t | w_<t)",
]


@pytest.fixture(scope="module")
def backend() -> TantivyBackend:
    loaded = TantivyBackend()
    loaded.index(CORPUS)
    return loaded


def _one_query(query: RankedQuery) -> tantivy.Query:
    """Everything summed in one query: what the split must reproduce."""
    clauses = [query.main, *(q for q in (query.names, query.bonus) if q is not None)]
    return tantivy.Query.boolean_query([(SHOULD, q) for q in clauses])


def _key(hit: tuple[float, tantivy.DocAddress]) -> tuple[int, int]:
    return hit[1].segment_ord, hit[1].doc


@pytest.mark.parametrize("text", QUERIES)
def test_split_ranking_equals_the_single_summed_query(backend: TantivyBackend, text: str) -> None:
    searcher = backend.tantivy_index.searcher()
    plan = resolve(plan_query(text), _IndexView(searcher))
    query = ranked_query(plan, searcher_schema(backend), SearchFilters())
    whole = searcher.search(_one_query(query), 100, count=True)
    for offset, limit in ((0, 10), (0, 3), (2, 5)):
        split = top_hits(searcher, query, offset, limit)
        expected = whole.hits[offset : offset + limit]
        assert [round(score, 3) for score, _ in split.hits] == [
            round(score, 3) for score, _ in expected
        ]
        assert sorted(map(_key, split.hits)) == sorted(map(_key, expected))
    assert top_hits(searcher, query, 0, 10).total == whole.count
    uncounted = top_hits(searcher, query, 0, 10, count=False)  # tantivy may skip blocks
    assert uncounted.total == 0
    assert [round(s, 3) for s, _ in uncounted.hits] == [round(s, 3) for s, _ in whole.hits[:10]]


def test_a_name_match_outside_the_main_query_still_comes_first() -> None:
    backend = TantivyBackend()
    backend.index([doc(1, "a", "Alpha Beta", "alpha alpha"), doc(2, "b", "Gamma", "alpha")])
    searcher = backend.tantivy_index.searcher()
    schema = searcher_schema(backend)
    # main finds 'alpha'; the names query (as a correction might) names topic 2 exactly
    query = RankedQuery(
        main=tantivy.Query.term_query(schema, "summary", "alpha"),
        names=tantivy.Query.const_score_query(
            tantivy.Query.term_query(schema, "title_exact", "gamma"), 1000.0
        ),
    )
    ranked = top_hits(searcher, query, 0, 10)
    assert len(ranked.hits) == 2 and ranked.total == 2 and not ranked.names_outside
    lone = RankedQuery(
        main=tantivy.Query.term_query(schema, "summary", "beta"),  # matches nothing
        names=query.names,
    )
    ranked = top_hits(searcher, lone, 0, 10)
    assert ranked.names_outside and ranked.total == 1 and ranked.hits[0][0] == 1000.0
    assert searcher.search(matching(lone, ranked.names_outside), 10).count == 1


def test_corrected_names_rank_as_in_one_query(backend: TantivyBackend) -> None:
    searcher = backend.tantivy_index.searcher()
    plan = with_corrections(
        resolve(plan_query("atention"), _IndexView(searcher)), {"atention": "attention"}
    )
    query = ranked_query(plan, searcher_schema(backend), SearchFilters())
    whole = searcher.search(_one_query(query), 10).hits
    assert sorted(map(_key, top_hits(searcher, query, 0, 10).hits)) == sorted(map(_key, whole))


def searcher_schema(backend: TantivyBackend) -> tantivy.Schema:
    return backend.tantivy_index.schema


def test_facets_count_a_name_match_outside_the_main_query(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Facets are counted on another thread from the main query alone; when an exact
    name lies outside it, they are counted again with it, so totals stay exact."""
    from aiwiki.search import SearchRequest, tantivy_backend

    backend = TantivyBackend()
    backend.index([doc(1, "a", "Alpha Beta", "alpha", tags=("t-a",)),
                   doc(2, "b", "Gamma", "delta", tags=("t-b",))])
    schema = searcher_schema(backend)

    def lone(*_: object) -> RankedQuery:
        return RankedQuery(
            main=tantivy.Query.term_query(schema, "summary", "alpha"),
            names=tantivy.Query.const_score_query(
                tantivy.Query.term_query(schema, "title_exact", "gamma"), 1000.0
            ),
        )

    monkeypatch.setattr(tantivy_backend, "ranked_query", lone)
    found = backend.search(SearchRequest("alpha"))
    assert [h.slug for h in found.hits] == ["b", "a"]
    assert found.total == 2 and found.facets["tag"] == {"t-a": 1, "t-b": 1}
