"""Find TeX formulas in Markdown source and keep them away from the Markdown parser.

Markdown would eat the backslashes and underscores of ``\\( w_{<t} \\)``, so each formula is
swapped for an opaque placeholder before parsing (:func:`protect_math`) and swapped back as
MathML afterwards (:meth:`ProtectedText.restore`). Delimiters: ``\\( \\)`` and ``$ $`` inline,
``\\[ \\]`` and ``$$ $$`` display. Single dollars follow Pandoc's rule so prices are not math:
no space after the opening ``$``, none before the closing one, no digit right after it.
Formulas never start inside a code span or fenced block, nor cross a blank line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from aiwiki.rendering._html import SkipTracker, chunks
from aiwiki.rendering.mathml import latex_to_mathml, latex_to_plain

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use code points, stripped from input first
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_URL_PLACEHOLDER = re.compile(r"%EE%80%80(\d+)%EE%80%81")  # a placeholder inside a URL
_DISPLAY_PARAGRAPH = re.compile(f"<p>\\s*({_OPEN}\\d+{_CLOSE})\\s*</p>")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})([^\n]*)$", re.MULTILINE)
# What the scanner stops at: code-span backticks, backslash escapes, dollars, and the URLs a
# formula must not start inside (link destinations, <autolinks>, [reference]: definitions).
_INTEREST = re.compile(
    r"^ {0,3}\[[^\]\n]+\]:[ \t]*\S*|<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>"
    r"|`+|\\.|\$\$|\$|\]\(",
    re.DOTALL | re.MULTILINE,
)
_BLANK_LINE = re.compile(r"(?:\r\n?|\n)[ \t]*(?:\r\n?|\n)")
_DOLLAR_OR_ESCAPE = re.compile(r"\\.|\$", re.DOTALL)
_LINK_DESTINATION = re.compile(r"[^\s)]*")
_CODE = frozenset({"code", "pre"})
_PAIRED = {"\\(": ("\\)", False), "\\[": ("\\]", True), "$$": ("$$", True)}


@dataclass(frozen=True, slots=True)
class Formula:
    """One formula: its LaTeX, the text as written (with delimiters), and display mode."""

    latex: str
    raw: str
    display: bool

    def mathml(self) -> str | None:
        """The ``<math>`` element, or None when the formula cannot be shown faithfully."""
        return latex_to_mathml(self.latex, self.display)

    def html(self) -> str:
        """MathML, or the escaped source in ``<code class="math-source">`` if it won't convert."""
        mathml = self.mathml()
        if mathml is None:
            return f'<code class="math-source">{escape(self.raw, quote=False)}</code>'
        return mathml

    def plain(self) -> str:
        """Readable words for indexes, attributes and meta descriptions."""
        return latex_to_plain(self.latex)


@dataclass(frozen=True, slots=True)
class ProtectedText:
    """Source text with every formula replaced by a placeholder, and the formulas."""

    text: str
    formulas: tuple[Formula, ...]

    def restore(self, html: str) -> str:
        """Put the formulas back into rendered HTML.

        Text gets MathML; code keeps the formula exactly as written; attributes (an image's
        alt text, say) get the plain form. A display formula alone in a paragraph replaces it.
        """
        if not self.formulas:
            return html
        html = _DISPLAY_PARAGRAPH.sub(self._unwrap, html)
        code = SkipTracker(_CODE)
        out: list[str] = []
        for chunk in chunks(html):
            if chunk.is_tag:
                code.feed(chunk.text)
                tag = _URL_PLACEHOLDER.sub(self._url_source, chunk.text)
                out.append(self._sub(tag, lambda f: escape(f.plain(), quote=True)))
            elif code.inside:
                out.append(self._sub(chunk.text, lambda f: escape(f.raw, quote=False)))
            else:
                out.append(self._sub(chunk.text, Formula.html))
        return "".join(out)

    def restore_plain(self, text: str) -> str:
        """Put the plain form of each formula back into plain text."""
        return self._sub(text, Formula.plain)

    def _unwrap(self, match: re.Match[str]) -> str:
        formula = self._formula(_PLACEHOLDER.fullmatch(match.group(1)))
        if formula is None or not formula.display or formula.mathml() is None:
            return match.group(0)  # inline math, or source shown as code: keep the paragraph
        return match.group(1)

    def _url_source(self, match: re.Match[str]) -> str:
        formula = self._formula(match)
        return "" if formula is None else escape(quote(formula.raw, safe="/:?&=#+"), quote=True)

    def _formula(self, match: re.Match[str] | None) -> Formula | None:
        index = int(match.group(1)) if match else -1
        return self.formulas[index] if 0 <= index < len(self.formulas) else None

    def _sub(self, text: str, show: Callable[[Formula], str]) -> str:
        def replace(match: re.Match[str]) -> str:
            formula = self._formula(match)
            return "" if formula is None else show(formula)

        return _PLACEHOLDER.sub(replace, text) if _OPEN in text else text


def protect_math(text: str) -> ProtectedText:
    """Replace each formula in Markdown source by a placeholder token."""
    text = text.replace(_OPEN, "").replace(_CLOSE, "")
    pieces: list[str] = []
    formulas: list[Formula] = []
    last = 0
    for start, end, formula in find_formulas(text):
        pieces.append(text[last:start])
        pieces.append(f"{_OPEN}{len(formulas)}{_CLOSE}")
        formulas.append(formula)
        last = end
    pieces.append(text[last:])
    return ProtectedText("".join(pieces), tuple(formulas))


def find_formulas(text: str) -> list[tuple[int, int, Formula]]:
    """Return (start, end, formula) for every formula outside code, in order."""
    found: list[tuple[int, int, Formula]] = []
    for start, end in _prose_regions(text):
        found.extend(_Scanner(text, end).scan(start))
    return found


def _prose_regions(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` outside fenced code blocks."""
    regions: list[tuple[int, int]] = []
    position = 0
    while (opening := _FENCE.search(text, position)) is not None:
        fence = opening.group(1)
        if fence[0] == "`" and "`" in opening.group(2):  # not a fence: an inline code span
            position = opening.end()
            continue
        regions.append((position, opening.start()))
        closing = re.compile(f"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \\t\\r]*$", re.M)
        after = closing.search(text, opening.end())
        position = after.end() if after else len(text)
    regions.append((position, len(text)))
    return [(start, end) for start, end in regions if start < end]


class _Scanner:
    """Left-to-right scan of one prose region for delimiters, skipping code spans."""

    def __init__(self, text: str, end: int) -> None:
        self.text = text
        self.end = end

    def scan(self, position: int) -> list[tuple[int, int, Formula]]:
        found: list[tuple[int, int, Formula]] = []
        while (match := _INTEREST.search(self.text, position, self.end)) is not None:
            hit = self._formula_at(match)
            if isinstance(hit, tuple):
                found.append(hit)
                position = hit[1]
            else:
                position = hit
        return found

    def _formula_at(self, match: re.Match[str]) -> tuple[int, int, Formula] | int:
        """A formula starting at ``match``, or the position to resume scanning from."""
        start, found = match.start(), match.group(0)
        if found in _PAIRED:
            closer, display = _PAIRED[found]
            return self._closed_by(start, closer, display=display) or match.end()
        if found == "$":
            return self._single_dollar(start) or match.end()
        if found.startswith("`"):
            return self._skip_code_span(match)
        if found == "](":  # a link destination may hold dollars: [x](/price$1$2)
            destination = _LINK_DESTINATION.match(self.text, match.end(), self.end)
            return destination.end() if destination else match.end()
        return match.end()  # a URL to skip, or any other escape such as \$ or \\

    def _limit(self, start: int) -> int:
        blank = _BLANK_LINE.search(self.text, start, self.end)
        return blank.start() if blank else self.end

    def _closed_by(
        self, start: int, closer: str, *, display: bool
    ) -> tuple[int, int, Formula] | None:
        inner = start + 2
        close = self.text.find(closer, inner, self._limit(start))
        if close < 0 or not self.text[inner:close].strip():
            return None
        return self._make(start, close + len(closer), inner, close, display)

    def _single_dollar(self, start: int) -> tuple[int, int, Formula] | None:
        text, inner = self.text, start + 1
        if inner >= self.end or text[inner].isspace():
            return None
        limit = self._limit(start)
        for match in _DOLLAR_OR_ESCAPE.finditer(text, inner, limit):
            if match.group(0) != "$":
                continue
            close = match.start()
            if text[close - 1].isspace() or text[close + 1 : close + 2].isdigit():
                return None
            return self._make(start, close + 1, inner, close, display=False)
        return None

    def _skip_code_span(self, match: re.Match[str]) -> int:
        run = match.group(0)
        closing = re.compile(f"(?<!`){run}(?!`)")
        after = closing.search(self.text, match.end(), self.end)
        return after.end() if after else match.end()

    def _make(
        self, start: int, end: int, inner: int, close: int, display: bool
    ) -> tuple[int, int, Formula]:
        formula = Formula(self.text[inner:close].strip(), self.text[start:end], display)
        return start, end, formula
