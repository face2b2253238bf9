"""The glossary is grouped by first letter (A…, B…, …, x): use that order as evidence.

Names the reader is sure of form a backbone; the longest run of them whose first letters
never decrease is trusted, and every other entry must start with a letter between its
trusted neighbours. A sure name that breaks the order is itself put in doubt.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

ALL_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def first_letter(name: str) -> str | None:
    """The letter a name is filed under, or None for names that start with a digit/symbol."""
    for ch in name.casefold():
        if ch.isascii() and ch.isalpha():
            return ch
        if ch.isalnum():
            return None
    return None


@dataclass(frozen=True)
class LetterGroups:
    """Allowed first letters per position, from the trusted backbone."""

    lower: tuple[str, ...]
    upper: tuple[str, ...]
    trusted: frozenset[int]

    def allowed(self, position: int) -> str:
        """The letters an entry at `position` may start with, e.g. 'cd'."""
        low, high = self.lower[position], self.upper[position]
        return "".join(ch for ch in ALL_LETTERS if low <= ch <= high)

    def fits(self, position: int, name: str) -> bool:
        letter = first_letter(name)
        return letter is None or letter in self.allowed(position)


def letter_groups(sure_names: list[str | None]) -> LetterGroups:
    """Build the groups from one sure name (or None) per entry, in page order."""
    known = [(i, first_letter(n)) for i, n in enumerate(sure_names) if n]
    lettered = [(i, letter) for i, letter in known if letter]
    trusted = longest_non_decreasing(lettered)
    lower, upper = [], []
    for position in range(len(sure_names)):
        before = [letter for i, letter in trusted if i < position]
        after = [letter for i, letter in trusted if i > position]
        lower.append(before[-1] if before else "a")
        upper.append(after[0] if after else "z")
    return LetterGroups(tuple(lower), tuple(upper), frozenset(i for i, _ in trusted))


def longest_non_decreasing(items: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Longest subsequence whose letters never decrease (patience sorting, O(n log n))."""
    tails: list[str] = []
    tail_index: list[int] = []
    parent: list[int] = []
    for k, (_, letter) in enumerate(items):
        slot = bisect_right(tails, letter)
        if slot == len(tails):
            tails.append(letter)
            tail_index.append(k)
        else:
            tails[slot] = letter
            tail_index[slot] = k
        parent.append(tail_index[slot - 1] if slot else -1)
    chain: list[tuple[int, str]] = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(items[k])
        k = parent[k]
    return chain[::-1]
