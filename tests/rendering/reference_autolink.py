"""The linker as it was before the name index (every name a Python object): the oracle the
differential tests hold the compact one to. Kept verbatim apart from shared helpers."""

from __future__ import annotations

import copy
import html as htmllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from aiwiki.rendering._html import SkipTracker, chunks
from aiwiki.rendering.autolink import (
    MIN_NAME_LENGTH,
    SKIP_ELEMENTS,
    Linked,
    _anchor,
    _collapse,
    _fold,
    _is_acronym,
)


@dataclass(frozen=True, slots=True)
class _Target:
    name: str  # the surface form, whitespace collapsed
    slug: str
    title: str
    exact_case: bool


def _is_latin_word_char(char: str) -> bool:
    """Letters and digits of scripts that separate words with spaces (not CJK, kana, hangul)."""
    return (char.isalnum() or char == "_") and not _is_cjk(char)


def _is_cjk(char: str) -> bool:
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF
        or 0xAC00 <= code <= 0xD7AF
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF
        or 0x20000 <= code <= 0x3FFFF
    )


class ReferenceLinker:
    """Links mentions of known topic names to ``/t/<slug>``.

    Build one from ``{surface name: (slug, title)}`` (titles and aliases, any language) and
    reuse it: building costs far more than linking.
    """

    def __init__(self, names: Mapping[str, tuple[str, str]]) -> None:
        # first word -> [(folded name, its targets)], longest name first
        self._by_first: dict[str, list[tuple[str, list[_Target]]]] = {}
        self._excluded: frozenset[str] = frozenset()
        grouped: dict[str, list[_Target]] = {}
        for surface, (slug, title) in names.items():
            name = " ".join(surface.split())
            if len(name) >= MIN_NAME_LENGTH:
                grouped.setdefault(_fold(name), []).append(
                    _Target(name, slug, title, _is_acronym(name))
                )
        for folded, targets in grouped.items():
            targets.sort(key=lambda t: not t.exact_case)  # exact-case entries are tried first
            self._by_first.setdefault(_first_word(folded, 0), []).append((folded, targets))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda candidate: -len(candidate[0]))

    def excluding(self, *slugs: str) -> ReferenceLinker:
        """A linker sharing this one's names that never links to ``slugs`` (the page itself)."""
        view = copy.copy(self)
        view._excluded = self._excluded | frozenset(slugs)
        return view

    def link(self, html: str, exclude_slug: str | None = None) -> Linked:
        """Link the first mention of each topic in the text of ``html``."""
        excluded = self._excluded | ({exclude_slug} if exclude_slug else set())
        linked: set[str] = set()
        skip = SkipTracker(SKIP_ELEMENTS)
        out: list[str] = []
        for chunk in chunks(html):
            if chunk.is_tag:
                skip.feed(chunk.text)
                out.append(chunk.text)
            elif skip.inside:
                out.append(chunk.text)
            else:
                out.append(self._link_text(chunk.text, excluded, linked))
        return Linked("".join(out), frozenset(linked))

    def _link_text(self, escaped: str, excluded: frozenset[str], linked: set[str]) -> str:
        text = htmllib.unescape(escaped)
        pieces: list[str] = []
        last = 0
        for start, end, target in self._find(text):
            if target.slug in excluded or target.slug in linked:
                continue
            linked.add(target.slug)
            pieces.append(htmllib.escape(text[last:start], quote=False))
            pieces.append(_anchor(target, text[start:end]))
            last = end
        if not pieces:
            return escaped
        pieces.append(htmllib.escape(text[last:], quote=False))
        return "".join(pieces)

    def _find(self, text: str) -> Iterator[tuple[int, int, _Target]]:
        """Yield (start, end, target) for each non-overlapping longest mention in plain text."""
        folded, origin = _collapse(_fold(text))  # names hold single spaces; texts may not
        position, length = 0, len(folded)
        while position < length:
            if (
                position
                and _is_latin_word_char(folded[position - 1])
                and _is_latin_word_char(folded[position])
            ):
                position += 1
                continue
            best = self._longest_at(text, folded, origin, position)
            if best is None:
                position += 1
                continue
            yield best[0], best[1], best[2]
            position = best[3]

    def _longest_at(
        self, text: str, folded: str, origin: list[int], start: int
    ) -> tuple[int, int, _Target, int] | None:
        """The longest acceptable name at `start` of the collapsed text: (start, end) in
        `text`, the target, and where to go on in the collapsed text."""
        for name, targets in self._by_first.get(_first_word(folded, start), ()):
            end = start + len(name)
            if folded.startswith(name, start):
                target = _accept(targets, text, origin[start], origin[end - 1] + 1)
                if target:
                    return origin[start], origin[end - 1] + 1, target, end
        return None


def _first_word(folded: str, start: int) -> str:
    """The run of Latin word characters at `start`, or the one character there (CJK,
    punctuation): what names are filed under."""
    end = start
    while end < len(folded) and _is_latin_word_char(folded[end]):
        end += 1
    return folded[start:end] if end > start else folded[start : start + 1]


def _accept(targets: Iterable[_Target], text: str, start: int, end: int) -> _Target | None:
    """The first target whose case and right-hand word boundary fit ``text[start:end]``."""
    if end < len(text) and _is_latin_word_char(text[end]) and _is_latin_word_char(text[end - 1]):
        return None
    surface = " ".join(text[start:end].split())
    for target in targets:
        if not target.exact_case or surface == target.name:
            return target
    return None


