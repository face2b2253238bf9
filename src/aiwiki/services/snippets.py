"""Math in search snippets: the engine highlights plain text, readers should see formulas.

A snippet is escaped HTML with <mark> around matched words. Each complete `\\( … \\)`,
`\\[ … \\]` or `$$ … $$` in it becomes MathML; a formula the snippet window cut in half, or one
latex2mathml cannot show faithfully, stays as its source. The result goes through the
sanitizer like every other piece of trusted markup.
"""

from __future__ import annotations

import html
import re

from aiwiki.rendering import latex_to_mathml, sanitize_html

_FORMULA = re.compile(r"\\\((?P<inline>.+?)\\\)|\\\[(?P<block>.+?)\\\]|\$\$(?P<dollars>.+?)\$\$",
                      re.S)
_MARK = re.compile(r"</?mark>")


def render_snippet_math(snippet_html: str) -> str:
    if "\\(" not in snippet_html and "\\[" not in snippet_html and "$$" not in snippet_html:
        return snippet_html
    return sanitize_html(_FORMULA.sub(_convert, snippet_html))


def _convert(match: re.Match[str]) -> str:
    source = match.group("inline") or match.group("block") or match.group("dollars") or ""
    latex = html.unescape(_MARK.sub("", source))
    mathml = latex_to_mathml(latex, display=False)
    return mathml if mathml is not None else match.group(0)
