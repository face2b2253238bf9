"""Snippets: a window of text around the matched words, as safe HTML.

Every character of the source text is escaped; the only markup produced is ``<mark>``.
Matching re-uses the query plan rather than the engine's highlighter, so a word is
marked for the reasons it matched: an exact form (or a did-you-mean correction), a
prefix being typed, or a Chinese term inside a run of characters. The plan becomes one
compiled regular expression (or, for ASCII text, a few str.find scans). Nothing is
marked inside LaTeX math, which the renderer converts later.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from aiwiki.search.query import QueryPlan

SNIPPET_CHARS = 220
_CONTEXT_BEFORE = 50
_MATH = re.compile(r"\\\(.*?\\\)|\\\[.*?\\\]|\$\$.*?\$\$|\$[^$\n]+\$", re.S)
_NEVER = re.compile(r"(?!x)x")
# Letters of alphabetic scripts; Chinese characters are not in it, so 'Mamba' is a word
# inside '像Mamba这样'. Small explicit ranges keep compiling a pattern per query cheap.
_LETTER = "[0-9A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]"


@dataclass(frozen=True)
class Matcher:
    """Finds the words of a text that a query plan matched."""

    exact: frozenset[str]
    prefixes: frozenset[str]
    cjk: frozenset[str]

    @classmethod
    def from_plan(cls, plan: QueryPlan) -> Matcher:
        exact = frozenset(
            form for t in plan.terms if not t.cjk for form in (*t.forms, *t.corrections)
        )
        prefixes = frozenset(t.term for t in plan.terms if t.prefix)
        return cls(exact, prefixes, frozenset(t.term for t in plan.terms if t.cjk))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of `text` to mark, in order and not overlapping."""
        if text.isascii():  # the common case: str.find runs at C speed, a regex does not
            found = _ascii_spans(text.lower(), self.exact, self.prefixes)
        else:
            pattern = _compile(self.exact, self.prefixes, self.cjk)
            found = _merge_touching([m.span() for m in pattern.finditer(text)])
        return _without_math(found, text)


def best_snippet(texts: Iterable[str], matcher: Matcher, max_chars: int = SNIPPET_CHARS) -> str:
    """The snippet of the first text that has a match, else of the first text at all."""
    fallback = None
    for text in texts:
        spans = matcher.spans(text) if text else []
        if spans:
            return _render(text, spans, max_chars)
        if fallback is None and text:
            fallback = text
    return _render(fallback, [], max_chars) if fallback else ""


def snippet_html(text: str, matcher: Matcher, max_chars: int = SNIPPET_CHARS) -> str:
    """Escaped text around the first match, matches wrapped in <mark>; '' if no text."""
    return _render(text, matcher.spans(text), max_chars)


def _render(text: str, spans: list[tuple[int, int]], max_chars: int) -> str:
    start, end = _window(text, spans, max_chars)
    parts = ["…"] if start > 0 else []
    cursor = start
    for s, e in spans:
        if s < start or e > end:
            continue
        parts.append(html.escape(text[cursor:s]))
        parts.append(f"<mark>{html.escape(text[s:e])}</mark>")
        cursor = e
    parts.append(html.escape(text[cursor:end]))
    if end < len(text):
        parts.append("…")
    return "".join(parts)


def has_match(text: str, matcher: Matcher) -> bool:
    return bool(text) and bool(matcher.spans(text))


@functools.lru_cache(maxsize=1024)
def _compile(
    exact: frozenset[str], prefixes: frozenset[str], cjk: frozenset[str]
) -> re.Pattern[str]:
    word = _LETTER
    branches = []
    if cjk:
        branches.append(f"(?:{_alternatives(cjk)})")
    if prefixes:
        branches.append(rf"(?<!{word})(?:{_alternatives(prefixes)}){word}*")
    if exact:
        branches.append(rf"(?<!{word})(?:{_alternatives(exact)})(?!{word})")
    return re.compile("|".join(branches), re.IGNORECASE) if branches else _NEVER


def _ascii_spans(
    low: str, exact: frozenset[str], prefixes: frozenset[str]
) -> list[tuple[int, int]]:
    """Whole-word occurrences of `exact` and words starting with a prefix, merged."""
    found: list[tuple[int, int]] = []
    for word in exact:
        start = low.find(word)
        while start != -1:
            end = start + len(word)
            if _starts_word(low, start) and (end == len(low) or not low[end].isalnum()):
                found.append((start, end))
            start = low.find(word, end)
    for prefix in prefixes:
        start = low.find(prefix)
        while start != -1:
            end = start + len(prefix)
            if _starts_word(low, start):
                while end < len(low) and low[end].isalnum():
                    end += 1
                found.append((start, end))
            start = low.find(prefix, end)
    return _merge_touching(sorted(found))


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()


def _alternatives(words: frozenset[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _window(text: str, spans: list[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    if len(text) <= max_chars:
        return 0, len(text)
    start = max(0, spans[0][0] - _CONTEXT_BEFORE) if spans else 0
    if start:
        space = text.find(" ", start, spans[0][0])
        start = space + 1 if space != -1 else start
    end = min(len(text), start + max_chars)
    space = text.rfind(" ", start + max_chars // 2, end)
    if end < len(text) and space != -1:
        end = space
    return start, end


def _merge_touching(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping marks become one, and so do marks side by side: '注意力' + '机制'."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _without_math(spans: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    if not spans or ("\\" not in text and "$" not in text):
        return spans
    math = [m.span() for m in _MATH.finditer(text)]
    return [s for s in spans if not any(a <= s[0] < b for a, b in math)]
