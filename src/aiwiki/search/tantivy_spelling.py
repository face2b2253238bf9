"""Did-you-mean on a tantivy index: find candidate corrections for unknown query terms.

A term is unknown when no field holds it; one that starts a title word is being typed,
not misspelt. A term very few topics hold may be a misspelling of a common word, unless
the query names a topic exactly ('Claude' is no typo of 'clause'). Candidates are the
words of the index's vocabulary (tantivy_vocabulary.py) within the typo distance: words
of names first, words of summaries if the names offer none; the choice among them (most
documents, then fewest edits) is spelling.best_correction's. Only unknown and rare
terms pay for this: ordinary queries cost a few dictionary look-ups.
"""

from __future__ import annotations

from collections.abc import Callable

import tantivy

from aiwiki.search.query import QueryPlan, TermPlan, fuzzy_distance
from aiwiki.search.spelling import best_correction, within_distance
from aiwiki.search.tantivy_schema import TEXT_FIELDS
from aiwiki.search.tantivy_vocabulary import SOURCES, Vocabulary

RARE_TOPICS = 3  # a known term held by this few topics may still be a misspelling...
RARE_RATIO = 10  # ...of a word at least this many times more common


def find_corrections(
    plan: QueryPlan, searcher: tantivy.Searcher, vocabulary: Callable[[], Vocabulary]
) -> dict[str, str]:
    """term -> correction, for each unknown or suspiciously rare term that has one
    (`vocabulary` is asked for only when some term needs it)."""
    corrections: dict[str, str] = {}
    named = any(searcher.doc_freq(f, plan.key) for f in ("title_exact", "alias_exact"))
    for term in plan.terms:
        distances, least = _attempts(term, searcher, named)
        for distance in distances:
            candidates = _candidates(term.term, distance, searcher, vocabulary())
            best = best_correction(term.term, candidates, distance, min_frequency=least)
            if best:
                corrections[term.term] = best
                break
    return corrections


def _attempts(
    term: TermPlan, searcher: tantivy.Searcher, named: bool
) -> tuple[tuple[int, ...], int]:
    """(edit distances to try, least frequency a correction needs) for one term.

    An unknown term tries its own tolerance, then two edits from five letters: 'fdback'
    is two edits from 'feedback' but only six letters long. A known but rare term tries
    one edit, and only a word far more common replaces it: 'regularisation' (one topic)
    -> 'regularization' (twelve).
    """
    if term.known is False and term.fuzzy and not _being_typed(term, searcher):
        return tuple(dict.fromkeys((term.fuzzy, 2 if len(term.term) >= 5 else term.fuzzy))), 1
    if term.known and not named and term.frequency <= RARE_TOPICS and fuzzy_distance(term.term):
        return (1,), term.frequency * RARE_RATIO
    return (), 0


def _being_typed(term: TermPlan, searcher: tantivy.Searcher) -> bool:
    """An unknown term that starts some title word is unfinished, not misspelt."""
    return term.prefix and bool(searcher.terms_with_prefix("title", term.term, limit=1))


def _candidates(
    term: str, distance: int, searcher: tantivy.Searcher, vocabulary: Vocabulary
) -> dict[str, int]:
    for source in SOURCES:
        words = [w for w in vocabulary.near(term, distance, source) if w != term]
        words = [w for w in words if within_distance(term, w, distance)]
        if words:
            return {w: _frequency(searcher, w) for w in words}
    return {}


def _frequency(searcher: tantivy.Searcher, word: str) -> int:
    return sum(int(searcher.doc_freq(field, word)) for field in TEXT_FIELDS)
