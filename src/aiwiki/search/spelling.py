"""Did-you-mean: pick the correction of a misspelt term from candidate index terms.

The engine supplies candidates (terms within the typo distance, sampled from documents
its fuzzy query matched) with their document frequencies; this module only decides,
so the decision is pure and testable. Edit distance is optimal string alignment
(Damerau-Levenshtein where a swap of neighbours costs one), as tantivy's fuzzy query
counts it.
"""

from __future__ import annotations

from collections.abc import Mapping


def edit_distance(a: str, b: str, limit: int = 2) -> int:
    """OSA distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`."""
    if a == b:
        return 0
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                best = min(best, previous2[j - 2] + 1)
            current[j] = best
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def within_distance(term: str, word: str, limit: int) -> bool:
    """Cheap checks first: most words are rejected on length or letters alone (one edit
    changes at most two letters of the set of letters a word uses)."""
    if abs(len(term) - len(word)) > limit or not word:
        return False
    if len(set(term).symmetric_difference(word)) > 2 * limit:
        return False
    return edit_distance(term, word, limit) <= limit


def best_correction(
    term: str, candidates: Mapping[str, int], limit: int, min_frequency: int = 1
) -> str | None:
    """The most frequent candidate within `limit` edits and held by at least
    `min_frequency` topics; ties go to the closer one."""
    best: tuple[int, int, str] | None = None
    for word, freq in candidates.items():
        if word == term or freq < max(1, min_frequency):
            continue
        distance = edit_distance(term, word, limit)
        if distance > limit:
            continue
        rank = (freq, -distance, word)
        if best is None or rank[:2] > best[:2]:
            best = rank
    return best[2] if best else None
