"""Did-you-mean on a tantivy index: find candidate corrections for unknown query terms.

A term is unknown when no field holds it and no name starts with it (a word being typed
is not a typo). Candidates come from a small sample of the documents tantivy's fuzzy
query matches: their names, then their summaries if the names offer nothing; the choice
among candidates (most documents, then fewest edits) is spelling.best_correction's.
Only unknown terms pay for this, so ordinary queries cost a few dictionary look-ups.
"""

from __future__ import annotations

import tantivy

from aiwiki.search.analysis import tokenize
from aiwiki.search.query import QueryPlan, TermPlan
from aiwiki.search.spelling import best_correction, within_distance
from aiwiki.search.tantivy_query import fuzzy_names_query
from aiwiki.search.tantivy_schema import NAME_FIELDS, TEXT_FIELDS, Payload

SAMPLE_DOCS = 32


def find_corrections(
    plan: QueryPlan, searcher: tantivy.Searcher, schema: tantivy.Schema
) -> dict[str, str]:
    """term -> correction, for each unknown term that has one."""
    corrections: dict[str, str] = {}
    for term in plan.terms:
        if term.cjk or term.fuzzy == 0 or _is_known(term, searcher):
            continue
        candidates = _candidates(term, searcher, schema)
        best = best_correction(term.term, candidates, term.fuzzy)
        if best:
            corrections[term.term] = best
    return corrections


def _is_known(term: TermPlan, searcher: tantivy.Searcher) -> bool:
    if any(searcher.doc_freq(field, form) for field in TEXT_FIELDS for form in term.forms):
        return True
    return term.prefix and any(
        searcher.terms_with_prefix(field, term.term, limit=1) for field in NAME_FIELDS
    )


def _candidates(
    term: TermPlan, searcher: tantivy.Searcher, schema: tantivy.Schema
) -> dict[str, int]:
    sources = (
        (fuzzy_names_query(schema, term.term, term.fuzzy), _names),
        (tantivy.Query.fuzzy_term_query(schema, "summary", term.term, term.fuzzy), _summaries),
    )
    for query, texts in sources:
        words: set[str] = set()
        for _, address in searcher.search(query, SAMPLE_DOCS, count=False).hits:
            payload = Payload.decode(searcher.doc(address).get_first("payload"))
            for text in texts(payload):
                words.update(w for w in tokenize(text) if within_distance(term.term, w, term.fuzzy))
        if words:
            return {w: _frequency(searcher, w) for w in words}
    return {}


def _names(payload: Payload) -> list[str]:
    return [*payload.titles.values(), *payload.aliases]


def _summaries(payload: Payload) -> list[str]:
    return list(payload.summaries.values())


def _frequency(searcher: tantivy.Searcher, word: str) -> int:
    return sum(int(searcher.doc_freq(field, word)) for field in TEXT_FIELDS)
