"""Split trusted-shape HTML into tags and text runs.

Math restoring and auto-linking both edit text between tags, never inside a tag, so they
share this tokenizer. It is not a parser: it expects the well-formed markup produced by
markdown-it and latex2mathml, and the sanitizer still checks the final result.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_CHUNK = re.compile(r"""<!--.*?-->|<(?:[^<>"']|"[^"]*"|'[^']*')*>|[^<]+|<""", re.DOTALL)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9:-]*)")


@dataclass(frozen=True, slots=True)
class Chunk:
    """One piece of an HTML string: a tag (or comment) or a run of text."""

    text: str
    is_tag: bool


def chunks(html: str) -> Iterator[Chunk]:
    """Yield the tags and text runs of ``html`` in order; joined they give ``html`` back."""
    for match in _CHUNK.finditer(html):
        piece = match.group(0)
        yield Chunk(piece, piece.startswith("<") and len(piece) > 1)


def tag_name(tag: str) -> tuple[str, bool]:
    """Return (lower-case name, is_closing) of a tag; ("", False) for comments and junk."""
    match = _TAG_NAME.match(tag)
    if match is None:
        return "", False
    return match.group(2).lower(), match.group(1) == "/"


class SkipTracker:
    """Track whether the current text run sits inside any of a set of elements."""

    def __init__(self, names: frozenset[str]) -> None:
        self._names = names
        self._depth = 0

    def feed(self, tag: str) -> None:
        """Update the nesting depth with one tag."""
        name, closing = tag_name(tag)
        if name not in self._names or tag.endswith("/>"):
            return
        self._depth += -1 if closing else 1
        self._depth = max(self._depth, 0)

    @property
    def inside(self) -> bool:
        """True while at least one tracked element is open."""
        return self._depth > 0
