"""Compile a QueryPlan into tantivy Query objects: programmatic, never parsed.

Per term the score is a sum of three parts, so an exact match always outranks a
document that only matched an expansion of the same term:

    dismax(field boost x BM25 of each exact form, each correction)   # exact
  + constant if a title/alias term starts with it                     # prefix
  + constant per edit-distance band a title/alias term falls in       # typo

and the whole query adds a constant for an exact title or alias match. Filters are
zero-scored MUST clauses, so they select without reordering.
"""

from __future__ import annotations

import tantivy

from aiwiki.search.base import SearchFilters
from aiwiki.search.query import (
    CORRECTION_FACTOR,
    DISMAX_TIE,
    EXACT_ALIAS_SCORE,
    EXACT_TITLE_SCORE,
    FIELD_BOOSTS,
    FUZZY_SCORES,
    PREFIX_SCORE,
    RELATED_TAG_SCORE,
    RELATED_TITLE_WEIGHT,
    STOPWORDS,
    QueryPlan,
    TermPlan,
)
from aiwiki.search.tantivy_schema import NAME_FIELDS

Query = tantivy.Query
_SHOULD = tantivy.Occur.Should
_MUST = tantivy.Occur.Must

FILTER_FIELDS = {"tag": "tag", "category": "category", "level": "level", "kind": "kind",
                 "lang": "lang"}  # fmt: skip  # SearchFilters attribute -> field


def build_query(plan: QueryPlan, schema: tantivy.Schema, filters: SearchFilters) -> Query:
    """The full query for a plan: text clauses, then the filters around them."""
    text = text_query(plan, schema)
    return with_filters(text, schema, filters)


def text_query(plan: QueryPlan, schema: tantivy.Schema) -> Query:
    clauses = [term_query(t, schema) for t in plan.terms]
    keys = [(plan.key, 1.0), (plan.corrected_key, CORRECTION_FACTOR)]
    for key, factor in keys:
        if key and (factor == 1.0 or key != plan.key):
            clauses += _exact_name_clauses(schema, key, factor)
    return _any(clauses)


def _exact_name_clauses(schema: tantivy.Schema, key: str, factor: float) -> list[Query]:
    title = Query.term_query(schema, "title_exact", key)
    alias = Query.term_query(schema, "alias_exact", key)
    return [_constant(title, EXACT_TITLE_SCORE * factor),
            _constant(alias, EXACT_ALIAS_SCORE * factor)]  # fmt: skip


def term_query(term: TermPlan, schema: tantivy.Schema) -> Query:
    exact = [
        Query.boost_query(Query.term_query(schema, field, form), boost)
        for field, boost in FIELD_BOOSTS.items()
        for form in term.forms
    ]
    exact += [
        Query.boost_query(Query.term_query(schema, field, form), boost * CORRECTION_FACTOR)
        for field, boost in FIELD_BOOSTS.items()
        for form in term.corrections
    ]
    parts = [Query.disjunction_max_query(exact, tie_breaker=DISMAX_TIE)]
    if term.prefix:
        parts.append(_constant(_on_names(schema, term.term, 0, prefix=True), PREFIX_SCORE))
    for distance in range(1, term.fuzzy + 1):
        fuzzy = _on_names(schema, term.term, distance, prefix=False)
        parts.append(_constant(fuzzy, FUZZY_SCORES[distance]))
    return parts[0] if len(parts) == 1 else _any(parts)


def fuzzy_names_query(schema: tantivy.Schema, term: str, distance: int) -> Query:
    """Documents with a title or alias term within `distance` of `term` (for did-you-mean)."""
    return _on_names(schema, term, distance, prefix=False)


def with_filters(query: Query, schema: tantivy.Schema, filters: SearchFilters) -> Query:
    musts = [
        _constant(Query.term_query(schema, field, value), 0.0)
        for attribute, field in FILTER_FIELDS.items()
        if (value := getattr(filters, attribute))
    ]
    if not musts:
        return query
    return Query.boolean_query([(_MUST, query), *((_MUST, m) for m in musts)])


def filters_query(schema: tantivy.Schema, filters: SearchFilters) -> Query:
    """All documents passing the filters (an empty query with filters browses them)."""
    return with_filters(Query.all_query(), schema, filters)


def suggest_queries(schema: tantivy.Schema, key: str, terms: list[str]) -> list[Query]:
    """Completion queries, best first: names starting with the typed text, then titles
    containing the typed words with the last one as a prefix."""
    queries = [
        Query.fuzzy_term_query(schema, "title_exact", key, 0, prefix=True),
        Query.fuzzy_term_query(schema, "alias_exact", key, 0, prefix=True),
    ]
    if terms:
        words = [Query.term_query(schema, "title", t) for t in terms[:-1]]
        last = Query.fuzzy_term_query(schema, "title", terms[-1], 0, prefix=True)
        queries.append(Query.boolean_query([(_MUST, q) for q in (*words, last)]))
    return queries


def _on_names(schema: tantivy.Schema, term: str, distance: int, prefix: bool) -> Query:
    return _any(
        [Query.fuzzy_term_query(schema, field, term, distance, prefix=prefix)
         for field in NAME_FIELDS]
    )  # fmt: skip


def _constant(query: Query, score: float) -> Query:
    return Query.const_score_query(query, score)


def _any(queries: list[Query]) -> Query:
    if len(queries) == 1:
        return queries[0]
    if not queries:
        return Query.empty_query()
    return Query.boolean_query([(_SHOULD, q) for q in queries])


def related_query(
    schema: tantivy.Schema, title_terms: list[str], summaries: list[str], payload_tags: list[str]
) -> Query:
    """Topics like one: sharing its title's words (weighted as names), the distinctive
    words of its summary (more-like-this) and its tags."""
    clauses = [
        Query.boost_query(term_query(TermPlan(t, (t,)), schema), RELATED_TITLE_WEIGHT)
        for t in title_terms
    ]
    if summaries:
        clauses.append(Query.more_like_this_document_fields_query(
            schema, {"summary": summaries}, min_doc_frequency=1, min_term_frequency=1,
            max_query_terms=12, stop_words=sorted(STOPWORDS),
        ))  # fmt: skip
    clauses += [_constant(Query.term_query(schema, "tag", t), RELATED_TAG_SCORE)
                for t in payload_tags]  # fmt: skip
    return _any(clauses)
