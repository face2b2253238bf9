"""The topic links in rendered HTML, each with the sentence it stands in.

The auto-linker and the Markdown renderer already decided what links where; this reads
their output back: every ``<a href="/t/<slug>">`` (``class="autolink"`` for a found
mention, none for a link the author wrote), first one per slug, with its sentence as a
small safe HTML snippet in which the mention is ``<mark>``-ed and other links are plain
text. Math stays whole (a formula never ends a sentence); code and ``pre`` too.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from aiwiki.rendering._html import chunks, tag_name
from aiwiki.rendering.sanitize import sanitize_html

BLOCKS = frozenset({
    "p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "tr", "table",
    "blockquote", "pre", "dd", "dt", "div", "br", "hr",
})
OPAQUE = frozenset({"math", "code", "pre"})
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[。！？；])")
MAX_SENTENCE = 320  # characters of text; longer ones are cut to a window round the mention
WINDOW = 140
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CLASS_AUTO = re.compile(r"""\bclass\s*=\s*["'][^"']*\bautolink\b""")


@dataclass(frozen=True, slots=True)
class Mention:
    """One link to a topic: where it points, how it came, its words and its sentence."""

    slug: str
    explicit: bool
    words: str
    sentence_html: str


@dataclass(slots=True)
class _Sentence:
    pieces: list[str] = field(default_factory=list)
    anchors: list[tuple[int, str, bool]] = field(default_factory=list)  # piece index, slug


def topic_slug(href: str) -> str | None:
    """The slug of a link to a topic page (``/t/<slug>``, any query or fragment), else None."""
    parts = urlsplit(htmllib.unescape(href))
    if parts.scheme or parts.netloc or not parts.path.startswith("/t/"):
        return None
    slug = unquote(parts.path[3:]).strip("/")
    return slug if slug and "/" not in slug else None


def mentions(html: str) -> list[Mention]:
    """The first link to each topic in ``html``, in order, with its sentence."""
    found: dict[str, Mention] = {}
    for sentence in _sentences(html):
        for at, slug, explicit in sentence.anchors:
            if slug not in found:
                words = _anchor_text(sentence.pieces, at)
                found[slug] = Mention(slug, explicit, words, _snippet(sentence.pieces, at))
    return list(found.values())


def _sentences(html: str) -> Iterator[_Sentence]:
    """Cut ``html`` into sentences: at block boundaries and at sentence ends in the text."""
    current = _Sentence()
    opaque = 0
    for chunk in chunks(html):
        if chunk.is_tag:
            name, closing = tag_name(chunk.text)
            if name in BLOCKS:
                yield current
                current = _Sentence()
            if name in OPAQUE and not chunk.text.endswith("/>"):
                opaque = max(opaque + (-1 if closing else 1), 0)
            if name == "a" and not closing:
                _note_anchor(current, chunk.text)
            if name not in BLOCKS:
                current.pieces.append(chunk.text)
            continue
        parts = [chunk.text] if opaque else SENTENCE_END.split(chunk.text)
        for index, part in enumerate(parts):
            if index:
                yield current
                current = _Sentence()
            current.pieces.append(part)
    yield current


def _note_anchor(sentence: _Sentence, tag: str) -> None:
    match = _HREF.search(tag)
    slug = topic_slug(match.group(1) or match.group(2) or "") if match else None
    if slug is not None:
        explicit = _CLASS_AUTO.search(tag) is None
        sentence.anchors.append((len(sentence.pieces), slug, explicit))


def _anchor_text(pieces: list[str], at: int) -> str:
    """The text of the link whose opening tag is ``pieces[at]``."""
    words: list[str] = []
    for piece in pieces[at + 1 :]:
        if piece.startswith("<") and tag_name(piece) == ("a", True):
            break
        if not piece.startswith("<"):
            words.append(piece)
    return htmllib.unescape("".join(words)).strip()


def _snippet(pieces: list[str], at: int) -> str:
    """The sentence as safe HTML: the link at ``at`` marked, every other link unwrapped."""
    out: list[str] = []
    closing_mark = False
    for index, piece in enumerate(pieces):
        name, closing = tag_name(piece) if piece.startswith("<") else ("", False)
        if name == "a" and not closing:
            closing_mark = index == at
            out.append("<mark>" if closing_mark else "")
        elif name == "a":
            out.append("</mark>" if closing_mark else "")
            closing_mark = False
        else:
            out.append(piece)
    snippet = "".join(out).strip()
    text = _text_of(snippet)
    if len(text) > MAX_SENTENCE:
        return _window(text, _anchor_text(pieces, at))
    return sanitize_html(snippet)


def _text_of(html: str) -> str:
    return htmllib.unescape("".join(c.text for c in chunks(html) if not c.is_tag))


def _window(text: str, words: str) -> str:
    """A long sentence as plain text cut to a window round its mention, which is marked."""
    at = max(text.find(words), 0)
    start, end = max(at - WINDOW, 0), min(at + len(words) + WINDOW, len(text))
    before = ("…" if start else "") + text[start:at]
    after = text[at + len(words) : end] + ("…" if end < len(text) else "")
    esc = htmllib.escape
    return f"{esc(before, False)}<mark>{esc(words, False)}</mark>{esc(after, False)}"
