"""Link the first mention of each other topic in rendered HTML.

Names are filed under their first word, lower-cased (a CJK name under its first
character), so one pass over a body costs about one dict lookup per word however many
topics exist, and a million names cost a dict entry each rather than a trie node per
character (a trie took 9 s and 500 MB for 100 000 topics). At each possible start the
longest name that fits wins ("KV cache" over "cache"). Latin-script names need word
boundaries; CJK names match anywhere, since those scripts put no spaces between words.
Short acronyms ("MoE", "RAG") and very short capitalised names ("Go") match only in their
own case, so the English words "rag" and "go" are not linked. A span claimed by a name is
never re-read for a shorter one, even when the longer name is not linked (already linked,
or the page itself).
"""

from __future__ import annotations

import copy
import html as htmllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
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


def _collapse(folded: str) -> tuple[str, list[int]]:
    """`folded` with each run of whitespace as one space, and for each of its characters
    the index it came from."""
    if "  " not in folded and not any(c.isspace() and c != " " for c in folded):
        return folded, list(range(len(folded) + 1))
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(folded):
        if char.isspace():
            if chars and chars[-1] == " ":
                continue
            char = " "
        chars.append(char)
        origin.append(index)
    origin.append(len(folded))
    return "".join(chars), origin


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
