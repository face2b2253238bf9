"""Compile a QueryPlan into tantivy Query objects: programmatic, never parsed.

A plan becomes a RankedQuery: a `main` query that decides what matches and scores it,
and constant bonuses for documents that also match a `names` or a `bonus` query.
tantivy runs a flat OR of term queries on a specialised path (about twice as fast as
the same OR with one query of another kind in it), so `main` holds nothing else where
it can; tantivy_ranking.py adds the bonuses afterwards, from small extra searches. A
document's score is the sum of

  * field boost x BM25 for each exact form of each term, in each field it occurs in,
    and half that for a did-you-mean correction;
  * for each title word that starts with the term being typed, BM25 weighted to 0.6 of
    an exact title match of the most frequent such word;
  * a constant if a title word is within the typo distance of an unknown term;
  * (bonus) for a Chinese phrase cut into several words, a constant if the topic holds
    them all (three in four, from four words);
  * (bonus) a constant if the title holds the query's words in order (the last one as a
    prefix);
  * (names) a large constant for an exact title or alias match of the whole query.

A document matching a term exactly also matches that term's expansions, so exact always
ranks above expansion-only. Filters are zero-scored MUST clauses: they select without
reordering.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

import tantivy

from aiwiki.search import tantivy_facets
from aiwiki.search.base import SearchFilters
from aiwiki.search.query import STOPWORDS, QueryPlan, TermPlan
from aiwiki.search.tantivy_schema import SHORT_PREFIX
from aiwiki.search.weights import (
    CORRECTION_FACTOR,
    COVERAGE_SCORE,
    COVERAGE_SHARE,
    EXACT_ALIAS_SCORE,
    EXACT_TITLE_SCORE,
    FIELD_BOOSTS,
    FUZZY_SCORE,
    NAME_FIELDS,
    PHRASE_SCORE,
    PREFIX_SCORE,
    RELATED_TAG_SCORE,
    RELATED_TITLE_WEIGHT,
)

Query = tantivy.Query
_SHOULD = tantivy.Occur.Should
_MUST = tantivy.Occur.Must


@dataclass(frozen=True)
class RankedQuery:
    """What matches (`main`, filtered) and what earns a constant on top of its score:
    `names` (exact title/alias matches, scored by their constant alone; they may, very
    rarely, fall outside `main`) and `bonus` (constant-scored, a subset of `main`)."""

    main: Query
    names: Query | None = None
    bonus: Query | None = None


def ranked_query(plan: QueryPlan, schema: tantivy.Schema, filters: SearchFilters) -> RankedQuery:
    per_term = [term_clauses(term, schema, plan.boosts) for term in plan.terms]
    main = _any([clause for term in per_term for clause in term])
    bonus = None
    if sum(1 for term in plan.terms if term.cjk) >= 2:  # a Chinese phrase cut in words
        bonus = _coverage(per_term)
    elif plan.phrase:
        phrase = Query.phrase_prefix_query(schema, "title", list(plan.phrase))
        bonus = _constant(phrase, PHRASE_SCORE)
    names: list[Query] = []
    for key, factor in ((plan.key, 1.0), (plan.corrected_key, CORRECTION_FACTOR)):
        if key and (factor == 1.0 or key != plan.key):
            names += _exact_name_clauses(schema, key, factor)
    return RankedQuery(
        main=with_filters(main, schema, filters),
        names=with_filters(_any(names), schema, filters) if names else None,
        bonus=bonus,
    )


def term_clauses(
    term: TermPlan, schema: tantivy.Schema, boosts: dict[str, float] = FIELD_BOOSTS
) -> list[Query]:
    """The clauses one query term contributes to the flat OR."""
    pairs = term.present
    if pairs is None:  # not resolved against an index: every field, every form
        fields = [f for f in FIELD_BOOSTS if not term.names_only or f in NAME_FIELDS]
        pairs = tuple((field, form) for form in term.forms for field in fields)
    weighted = [(field, form, 1.0) for field, form in pairs]
    weighted += [(f, form, CORRECTION_FACTOR) for form in term.corrections for f in FIELD_BOOSTS]
    clauses = [
        Query.boost_query(Query.term_query(schema, field, form), boosts[field] * factor)
        for field, form, factor in weighted
    ]
    if term.completions:  # one word counts once: 'Speculative-Decoding' completes twice
        completions = [
            Query.boost_query(Query.term_query(schema, "title", word), boost)
            for word, boost in term.completions
        ]
        clauses.append(Query.disjunction_max_query(completions))
    elif term.prefix and term.completions is None:
        prefix = Query.fuzzy_term_query(schema, "title", term.term, 0, prefix=True)
        clauses.append(_constant(prefix, PREFIX_SCORE))
    if term.fuzzy and term.known is False:
        fuzzy = Query.fuzzy_term_query(schema, "title", term.term, term.fuzzy)
        clauses.append(_constant(fuzzy, FUZZY_SCORE))
    return clauses


def _coverage(per_term: list[list[Query]]) -> Query | None:
    """A constant for topics matching all the terms (three in four, from four terms).
    'All' is a plain conjunction, which tantivy drives by its rarest term."""
    alternatives = [_any(clauses) for clauses in per_term if clauses]
    if len(alternatives) < 2:
        return None
    if len(alternatives) < 4:
        every = Query.boolean_query([(_MUST, query) for query in alternatives])
        return _constant(every, COVERAGE_SCORE)
    needed = ceil(COVERAGE_SHARE * len(alternatives))
    subqueries = [(_SHOULD, query) for query in alternatives]
    return _constant(Query.boolean_query(subqueries, needed), COVERAGE_SCORE)


def _exact_name_clauses(schema: tantivy.Schema, key: str, factor: float) -> list[Query]:
    title = Query.term_query(schema, "title_exact", key)
    alias = Query.term_query(schema, "alias_exact", key)
    return [
        _constant(title, EXACT_TITLE_SCORE * factor),
        _constant(alias, EXACT_ALIAS_SCORE * factor),
    ]


def with_filters(query: Query, schema: tantivy.Schema, filters: SearchFilters) -> Query:
    musts = [
        _constant(_filter_query(schema, term), 0.0) for term in tantivy_facets.filter_terms(filters)
    ]
    if not musts:
        return query
    return Query.boolean_query([(_MUST, query), *((_MUST, m) for m in musts)])


def _filter_query(schema: tantivy.Schema, term: str) -> Query:
    return Query.term_query(schema, tantivy_facets.FILTER_FIELD, term)


def filters_query(schema: tantivy.Schema, filters: SearchFilters) -> RankedQuery:
    """All documents passing the filters (an empty query with filters browses them)."""
    return RankedQuery(with_filters(Query.all_query(), schema, filters))


def suggest_queries(schema: tantivy.Schema, key: str, terms: list[str]) -> list[Query]:
    """Completion queries, best first: names starting with the typed text, then titles
    containing the typed words with the last one as a prefix."""
    if len(key) <= SHORT_PREFIX:
        queries = [Query.term_query(schema, "name_prefix", key)]
    else:
        queries = [
            Query.fuzzy_term_query(schema, "title_exact", key, 0, prefix=True),
            Query.fuzzy_term_query(schema, "alias_exact", key, 0, prefix=True),
        ]
    if terms:
        words = [Query.term_query(schema, "title", t) for t in terms[:-1]]
        last = Query.fuzzy_term_query(schema, "title", terms[-1], 0, prefix=True)
        queries.append(Query.boolean_query([(_MUST, q) for q in (*words, last)]))
    return queries


def _constant(query: Query, score: float) -> Query:
    return Query.const_score_query(query, score)


def any_of(queries: list[Query]) -> Query:
    """A flat OR (the empty query for none)."""
    return _any(queries)


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
        Query.boost_query(_any(term_clauses(TermPlan(t, (t,)), schema)), RELATED_TITLE_WEIGHT)
        for t in title_terms
    ]
    if summaries:
        clauses.append(
            Query.more_like_this_document_fields_query(
                schema,
                {"summary": summaries},
                min_doc_frequency=1,
                min_term_frequency=1,
                max_query_terms=12,
                stop_words=sorted(STOPWORDS),
            )
        )
    clauses += [
        _constant(_filter_query(schema, tantivy_facets.filter_term("tag", tag)), RELATED_TAG_SCORE)
        for tag in payload_tags
    ]
    return _any(clauses)
