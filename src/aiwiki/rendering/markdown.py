"""Topic text (Markdown with TeX math) → safe HTML, and → plain text.

The pipeline is fixed by DESIGN §5: protect math → Markdown → MathML → auto-links →
sanitize. Raw HTML in the source is shown as text, not passed through: glossary prose is
full of ``<eos>``, ``<s>`` and ``<|endoftext|>``, which are tokens, not tags.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.token import Token

from aiwiki.rendering.autolink import Linker
from aiwiki.rendering.math import protect_math
from aiwiki.rendering.sanitize import sanitize_html

_MD = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_SPACES = re.compile(r"\s+")
_CODE_BLOCKS = frozenset({"fence", "code_block"})


@dataclass(frozen=True, slots=True)
class Rendered:
    """Sanitized HTML and the topic slugs it auto-links to (stored as Link rows)."""

    html: str
    slugs: frozenset[str]


def render(text: str, linker: Linker | None = None, *, inline: bool = False) -> Rendered:
    """Render Markdown; ``inline`` renders one paragraph's worth without block structure."""
    protected = protect_math(text)
    source = protected.text
    html = protected.restore(_MD.renderInline(source) if inline else _MD.render(source))
    slugs: frozenset[str] = frozenset()
    if linker is not None:
        html, slugs = linker.link(html)
    return Rendered(sanitize_html(html), slugs)


def render_markdown(text: str, linker: Linker | None = None) -> str:
    """Safe HTML for a topic body."""
    return render(text, linker).html


def render_inline(text: str, linker: Linker | None = None) -> str:
    """Safe HTML for a one-paragraph field (a summary in a list), with no wrapping ``<p>``."""
    return render(text, linker, inline=True).html


def plain_text(text: str) -> str:
    """Words only, on one line: for search indexing and meta descriptions.

    Markdown syntax goes, code keeps its text, and each formula becomes a readable plain
    form (``\\( \\text{TP}/(\\text{TP}+\\text{FP}) \\)`` → ``TP/(TP+FP)``).
    """
    protected = protect_math(text)
    words = " ".join(_words(_MD.parse(protected.text)))
    return _SPACES.sub(" ", protected.restore_plain(words)).strip()


def _words(tokens: Sequence[Token]) -> Iterator[str]:
    for token in tokens:
        if token.type in _CODE_BLOCKS or token.type in {"text", "code_inline"}:
            yield token.content
        elif token.type in {"softbreak", "hardbreak"}:
            yield " "
        elif token.children:
            yield "".join(_words(token.children))
