"""Tests for search/tantivy_facets.py: slotted columns count like one multi-valued column."""

from __future__ import annotations

import tantivy

from aiwiki.search import SearchRequest
from aiwiki.search.base import SearchFilters
from aiwiki.search.tantivy_backend import TantivyBackend
from aiwiki.search.tantivy_facets import PROFILE, SLOTS, aggregations, counts, total

from .corpus import doc

MANY_TAGS = tuple(f"tag-{i}" for i in range(SLOTS["tag"] + 3))


def _backend() -> TantivyBackend:
    backend = TantivyBackend()
    backend.index(
        [
            doc(1, "a", "Alpha Attention", "one", tags=MANY_TAGS, categories=("arch",)),
            doc(2, "b", "Beta Attention", "two", tags=("tag-0", "tag-6"), level=None),
            doc(3, "c", "Gamma Attention", "three", tags=("tag-0",), zh_title="伽马注意力"),
        ]
    )
    return backend


def test_counts_cover_every_tag_of_a_topic_beyond_the_slots() -> None:
    found = _backend().search(SearchRequest("attention"))
    facets = found.facets
    assert found.total == 3
    assert facets["tag"]["tag-0"] == 3
    assert facets["tag"]["tag-6"] == 2  # topic 1's seventh tag (overflow) and topic 2's second
    assert all(facets["tag"][t] == 1 for t in MANY_TAGS[1:6])
    assert facets["category"] == {"arch": 1}
    assert facets["level"] == {"intermediate": 2}  # topic 2 has no level: not counted
    assert facets["language"] == {"en": 3, "zh": 1}


def test_filters_and_facets_agree_for_overflowing_tags() -> None:
    backend = _backend()
    found = backend.search(SearchRequest("attention", filters=SearchFilters(tag="tag-6")))
    assert {h.slug for h in found.hits} == {"a", "b"} and found.facets["tag"]["tag-6"] == 2


def test_only_slots_in_use_are_aggregated() -> None:
    backend = TantivyBackend()
    backend.index([doc(1, "a", "Alpha", "one", tags=("x",)), doc(2, "b", "Beta", "two")])
    request = aggregations(backend.tantivy_index.searcher())
    assert "tag_0" in request and "tag_1" not in request and "tag_more" not in request
    assert "category_0" not in request  # no topic has a category
    backend.index([doc(3, "c", "Gamma", "three", tags=MANY_TAGS)])
    request = aggregations(backend.tantivy_index.searcher())
    assert {"tag_1", "tag_more"} <= set(request)


def test_an_aggregation_over_no_match_counts_nothing() -> None:
    backend = _backend()
    searcher = backend.tantivy_index.searcher()
    result = searcher.aggregate(tantivy.Query.empty_query(), aggregations(searcher))
    assert total(result) == 0 and all(not values for values in counts(result).values())


def test_level_kind_and_languages_come_from_one_profile_column() -> None:
    """One pass counts all three, and its buckets add up to the matches."""
    backend = TantivyBackend()
    backend.index([
        doc(1, "a", "Alpha Net", "x", level="beginner", kind="model"),
        doc(2, "b", "Beta Net", "x", level="beginner", kind="paper", zh_title="贝塔网络"),
        doc(3, "c", "Gamma Net", "x", level=None, kind="model"),
        doc(4, "d", "", "", zh_title="德尔塔网络", zh_summary="网络", level="advanced"),
    ])
    searcher = backend.tantivy_index.searcher()
    request = aggregations(searcher)
    assert PROFILE in request and not {"level", "kind", "langs"} & set(request)
    result = searcher.aggregate(tantivy.Query.all_query(), request)
    assert total(result) == 4
    facets = counts(result)
    assert facets["level"] == {"beginner": 2, "advanced": 1}
    assert facets["kind"] == {"model": 2, "paper": 1, "concept": 1}
    assert facets["language"] == {"en": 3, "zh": 2}


def test_every_filter_selects_from_the_one_filter_field() -> None:
    backend = _backend()
    cases = {
        SearchFilters(level="intermediate"): {"a", "c"},
        SearchFilters(kind="concept"): {"a", "b", "c"},
        SearchFilters(lang="zh"): {"c"},
        SearchFilters(category="arch"): {"a"},
        SearchFilters(tag="tag-0", lang="en"): {"a", "b", "c"},
        SearchFilters(tag="tag-6", level="intermediate"): {"a"},
    }
    for filters, expected in cases.items():
        found = backend.search(SearchRequest("attention", filters=filters))
        assert {h.slug for h in found.hits} == expected, filters
        assert found.total == len(expected)
