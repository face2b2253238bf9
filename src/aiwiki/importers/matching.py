"""Finding the existing topic a draft describes: certain matches merge, near ones go to review."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from aiwiki.domain.names import normalize_name

_SUFFIXES = ("ings", "ing", "es", "s")
# Head nouns that add little: "Attention" and "Attention Mechanism" may well be one concept.
GENERIC_WORDS = frozenset({
    "mechanism", "model", "models", "layer", "function", "method", "technique", "algorithm",
    "architecture", "network", "approach", "objective",
})


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            break
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def _related(a: frozenset[str], b: frozenset[str]) -> bool:
    """Word sets that plausibly name one concept: one contains the other, and what the longer
    adds is generic, or both have two or more words and differ by at most two."""
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if not small <= large or small == large:
        return small == large
    extra = large - small
    return extra <= GENERIC_WORDS or (len(small) >= 2 and len(extra) <= 2)


def _without_parentheses(name: str) -> str:
    return re.sub(r"\([^()]*\)", " ", name)


def match_key(name: str) -> str:
    """The key under which two names count as certainly the same: case, width,
    punctuation and plural endings folded ('Word embeddings' == 'Word Embedding')."""
    return " ".join(_stem(word) for word in normalize_name(name).split())


class NameIndex:
    """Every known name (titles and aliases, all languages) -> topic ids."""

    def __init__(self) -> None:
        self._exact: dict[str, set[int]] = defaultdict(set)
        self._stems: dict[int, list[frozenset[str]]] = defaultdict(list)
        self._titles: dict[int, str] = {}

    def add(self, topic_id: int, names: Iterable[str], title: str | None = None) -> None:
        if title:
            self._titles[topic_id] = title
        for name in names:
            key = match_key(name)
            if key:
                self._exact[key].add(topic_id)
                words = frozenset(match_key(_without_parentheses(name)).split())
                if words:
                    self._stems[topic_id].append(words)

    def exact(self, names: Iterable[str]) -> int | None:
        """The topic a given name certainly names; the oldest when names point at several."""
        found: set[int] = set()
        for name in names:
            found |= self._exact.get(match_key(name), set())
        return min(found) if found else None

    def near(self, names: Iterable[str], limit: int = 3) -> list[tuple[int, str]]:
        """Topics whose names are related to a given name (see `_related`): possible
        duplicates a human should judge, closest first."""
        scored: list[tuple[int, int, str]] = []
        wanted = [frozenset(match_key(_without_parentheses(n)).split()) for n in names]
        wanted = [w for w in wanted if w]
        for topic_id, variants in self._stems.items():
            best = min(
                (abs(len(a) - len(b)) for a in wanted for b in variants if _related(a, b)),
                default=None,
            )
            if best is not None:
                scored.append((best, topic_id, self._titles.get(topic_id, "")))
        scored.sort()
        return [(topic_id, title) for _, topic_id, title in scored[:limit]]
