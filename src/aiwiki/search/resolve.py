"""Fit a QueryPlan to an index: which clauses are worth running, decided from statistics.

`plan_query` only sees text. This step asks the index (through the small IndexView
protocol, so it stays pure and testable with a fake) how common each form is, and:

* searches a (field, form) pair only if the index holds it;
* skips body matches of common forms (held by more than 1% of the topics, at least
  1 000), and summary matches of a common word's plural partner: a common word there
  says little about a topic and costs the most postings to read; names are always
  searched, and so is the word as typed in summaries unless it floods them (more than
  a tenth of all topics, at least 1 000) and the query has a rarer word: '5' of
  'Llama-3.5 tokenizer' is in a third of a million summaries, scores next to nothing
  there, and cost more than the rest of the query;
* expands a term for typos only if the index does not hold it;
* expands a term as a prefix only if it is the last one (being typed) or unknown, and
  only if it is not itself the most frequent title word it starts: 'att' expands to
  'attention', 'attention' does not expand to 'attentional';
* weights the completions so that each scores like the most frequent one would.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Protocol

from aiwiki.search.query import QueryPlan, TermPlan
from aiwiki.search.weights import FIELD_BOOSTS, MAX_COMPLETIONS, NAME_FIELDS, PREFIX_BOOST

COMMON_SHARE = 0.01
COMMON_MIN_DOCS = 1000
FLOOD_SHARE = 0.1


class IndexView(Protocol):
    """What resolving needs to know about an index."""

    @property
    def num_docs(self) -> int: ...

    def doc_freq(self, field: str, term: str) -> int: ...

    def complete(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Title words starting with `prefix` and their document counts, most first."""
        ...


def resolve(plan: QueryPlan, index: IndexView) -> QueryPlan:
    """The plan with each term's clauses decided against `index`."""
    common = max(COMMON_MIN_DOCS, int(index.num_docs * COMMON_SHARE))
    flood = max(COMMON_MIN_DOCS, int(index.num_docs * FLOOD_SHARE))
    in_summaries = [index.doc_freq("summary", t.term) for t in plan.terms]
    rarest = min(in_summaries, default=0)
    last = len(plan.terms) - 1
    return replace(
        plan,
        terms=tuple(
            _resolve_term(t, i == last, index, common, flooding=n > flood and n > rarest)
            for i, (t, n) in enumerate(zip(plan.terms, in_summaries, strict=True))
        ),
    )


def _resolve_term(
    term: TermPlan, is_last: bool, index: IndexView, common: int, flooding: bool = False
) -> TermPlan:
    present = []
    frequency = 0
    fields = NAME_FIELDS if term.names_only else tuple(FIELD_BOOSTS)
    for form in term.forms:
        for field in fields:
            freq = index.doc_freq(field, form)
            frequency = max(frequency, freq)
            typed = form == term.term
            if freq and not _too_common(field, typed, freq, common, flooding):
                present.append((field, form))
    known = frequency > 0
    prefix = term.prefix and (is_last or not known)
    completions: tuple[tuple[str, float], ...] = ()
    if prefix:
        found = index.complete(term.term, MAX_COMPLETIONS + len(term.forms))
        if found and found[0][0] != term.term:  # not already the word most often meant
            completions = _weighted(found, term.forms, index.num_docs)
    return replace(
        term,
        known=known,
        frequency=frequency,
        present=tuple(present),
        fuzzy=0 if known else term.fuzzy,
        prefix=prefix,
        completions=completions,
    )


def _too_common(field: str, typed: bool, freq: int, common: int, flooding: bool) -> bool:
    """Common words are read in names and summaries as typed (unless `flooding`); a body
    only if rare, and a plural partner ('models' for 'model') outside names only if rare
    too."""
    if freq <= common or field in NAME_FIELDS:
        return False
    return field == "body" or not typed or flooding


def _weighted(
    found: list[tuple[str, int]], forms: tuple[str, ...], num_docs: int
) -> tuple[tuple[str, float], ...]:
    """Boost each completion by idf(most frequent) / idf(its own), so that all score like
    the most frequent one (BM25's idf cancels, its length norm stays): a rare completion
    neither outranks a common one nor an exact match of the typed word."""
    top = _idf(found[0][1], num_docs)
    words = [(word, count) for word, count in found if word not in forms][:MAX_COMPLETIONS]
    return tuple((word, PREFIX_BOOST * top / _idf(count, num_docs)) for word, count in words)


def _idf(doc_freq: int, num_docs: int) -> float:
    """BM25's inverse document frequency, as tantivy computes it."""
    return math.log(1 + (num_docs - doc_freq + 0.5) / (doc_freq + 0.5))
