"""Rendering: Markdown → math → auto-links → sanitize, as pure functions (DESIGN §5)."""

from aiwiki.rendering.autolink import Linked, Linker
from aiwiki.rendering.markdown import (
    Rendered,
    plain_text,
    render,
    render_inline,
    render_markdown,
)
from aiwiki.rendering.math import Formula, ProtectedText, find_formulas, protect_math
from aiwiki.rendering.mathml import latex_to_mathml, latex_to_plain
from aiwiki.rendering.sanitize import sanitize_html

__all__ = [
    "Formula",
    "Linked",
    "Linker",
    "ProtectedText",
    "Rendered",
    "find_formulas",
    "latex_to_mathml",
    "latex_to_plain",
    "plain_text",
    "protect_math",
    "render",
    "render_inline",
    "render_markdown",
    "sanitize_html",
]
