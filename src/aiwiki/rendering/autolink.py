"""Link the first mention of each other topic in rendered HTML.

Names live in a character trie keyed by lower-cased text, so one pass over a body costs
about one dict lookup per character however many thousand topics exist; at each possible
start the longest name that fits wins ("KV cache" over "cache"). Latin-script names need
word boundaries; CJK names match anywhere, since those scripts put no spaces between words.
Short acronyms ("MoE", "RAG") and very short capitalised names ("Go") match only in their
own case, so the English words "rag" and "go" are not linked. A span claimed by a name is
never re-read for a shorter one, even when the longer name is not linked (already linked,
or the page itself).
"""

from __future__ import annotations

import copy
import html as htmllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import quote

from aiwiki.rendering._html import SkipTracker, chunks

# fmt: off
SKIP_ELEMENTS = frozenset({
    "a", "code", "pre", "kbd", "samp", "math", "script", "style", "h1", "h2", "h3", "h4",
    "h5", "h6",
})
# fmt: on
ACRONYM_MAX_LENGTH = 6
SHORT_NAME_LENGTH = 3
MIN_NAME_LENGTH = 2


class Linked(NamedTuple):
    """Linked HTML and the slugs it now links to."""

    html: str
    slugs: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Target:
    name: str  # the surface form, whitespace collapsed
    slug: str
    title: str
    exact_case: bool


@dataclass(slots=True)
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    targets: list[_Target] = field(default_factory=list)


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


def _is_acronym(name: str) -> bool:
    """Names matched in their own case only.

    Short names with two or more capitals ("MoE", "RAG", "ZeRO", "LoRA"), and very short
    capitalised ones ("Go", "Pi"), since lower-cased they are ordinary words.
    """
    if " " in name or len(name) > ACRONYM_MAX_LENGTH:
        return False
    capitals = sum(char.isupper() for char in name)
    return capitals >= 2 or (capitals == 1 and len(name) <= SHORT_NAME_LENGTH)


class Linker:
    """Links mentions of known topic names to ``/t/<slug>``.

    Build one from ``{surface name: (slug, title)}`` (titles and aliases, any language) and
    reuse it: building costs far more than linking.
    """

    def __init__(self, names: Mapping[str, tuple[str, str]]) -> None:
        self._root = _Node()
        self._excluded: frozenset[str] = frozenset()
        for surface, (slug, title) in names.items():
            self._add(" ".join(surface.split()), slug, title)

    def _add(self, name: str, slug: str, title: str) -> None:
        if len(name) < MIN_NAME_LENGTH:
            return
        node = self._root
        for char in name.lower():
            node = node.children.setdefault(char, _Node())
        target = _Target(name, slug, title, _is_acronym(name))
        node.targets.append(target)
        node.targets.sort(key=lambda t: not t.exact_case)  # exact-case entries are tried first

    def excluding(self, *slugs: str) -> Linker:
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
        folded = _fold(text)
        position, length = 0, len(text)
        while position < length:
            if (
                position
                and _is_latin_word_char(text[position - 1])
                and _is_latin_word_char(text[position])
            ):
                position += 1
                continue
            best = self._longest_at(text, folded, position)
            if best is None:
                position += 1
                continue
            yield best
            position = best[1]

    def _longest_at(self, text: str, folded: str, start: int) -> tuple[int, int, _Target] | None:
        best: tuple[int, int, _Target] | None = None
        node: _Node | None = self._root
        position = start
        while node is not None and position < len(folded):
            char = folded[position]
            if char.isspace():
                node = node.children.get(" ")
                while position < len(folded) and folded[position].isspace():
                    position += 1
            else:
                node = node.children.get(char)
                position += 1
            if node is not None and node.targets:
                target = _accept(node.targets, text, start, position)
                best = (start, position, target) if target else best
        return best


def _accept(targets: Iterable[_Target], text: str, start: int, end: int) -> _Target | None:
    """The first target whose case and right-hand word boundary fit ``text[start:end]``."""
    if end < len(text) and _is_latin_word_char(text[end]) and _is_latin_word_char(text[end - 1]):
        return None
    surface = " ".join(text[start:end].split())
    for target in targets:
        if not target.exact_case or surface == target.name:
            return target
    return None


def _fold(text: str) -> str:
    """Lower-case ``text`` without changing its length, so offsets stay valid."""
    folded = text.lower()
    if len(folded) == len(text):
        return folded
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def _anchor(target: _Target, mention: str) -> str:
    href = "/t/" + quote(target.slug, safe="")
    title = htmllib.escape(target.title, quote=True)
    return f'<a href="{href}" class="autolink" title="{title}">{htmllib.escape(mention, False)}</a>'
