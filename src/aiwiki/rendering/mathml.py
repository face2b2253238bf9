"""LaTeX → MathML and LaTeX → plain words, for one formula at a time.

latex2mathml does the typesetting server-side so formulas need no JavaScript. It is lenient:
unknown commands come out as literal ``\\foo`` text and its string output re-inserts raw
``<`` from ``\\text{}``. So we take its element tree instead, refuse trees that show
mangling, decode its character references and serialize with proper escaping ourselves.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from functools import lru_cache

from latex2mathml import commands
from latex2mathml.converter import convert_to_element
from latex2mathml.symbols_parser import convert_symbol

MAX_LATEX_LENGTH = 4000
"""Longer formulas are shown as source: nobody writes them by hand, converting them is slow."""

_ENVIRONMENTS = frozenset(name.removeprefix("\\") for name in commands.MATRICES)
_BEGIN = re.compile(r"\\begin\s*\{([^{}]*)\}")
_CHAR_REF = re.compile(r"&#x([0-9A-Fa-f]+);")
# Characters latex2mathml leaves in its output only when it did not understand the input:
# an unknown command (\foo), a stray brace, an alignment & or a macro parameter # outside
# a table. Real symbols arrive as character references, so these are never legitimate.
_MANGLED = frozenset("\\{}&#")


@lru_cache(maxsize=8192)
def latex_to_mathml(latex: str, display: bool = False) -> str | None:
    """Return a ``<math>`` element for ``latex``, or None when it cannot be shown faithfully."""
    if not latex.strip() or len(latex) > MAX_LATEX_LENGTH or _unknown_environment(latex):
        return None
    try:
        root = convert_to_element(latex, display="block" if display else "inline")
    except Exception:  # any converter failure, incl. RecursionError: show the source instead
        return None
    if not _decode_tree(root):
        return None
    return ET.tostring(root, encoding="unicode", short_empty_elements=False)


def _unknown_environment(latex: str) -> bool:
    """latex2mathml silently drops environments it does not know (``aligned``, ``equation``)."""
    return any(name.strip() not in _ENVIRONMENTS for name in _BEGIN.findall(latex))


def _decode_tree(root: ET.Element) -> bool:
    """Turn ``&#x…;`` strings into characters in place; False if the tree shows mangling."""
    for element in root.iter():
        for field in ("text", "tail"):
            value = getattr(element, field)
            if not value:
                continue
            if _MANGLED.intersection(_CHAR_REF.sub("", value)):
                return False
            setattr(element, field, _CHAR_REF.sub(_char, value))
    return True


def _char(match: re.Match[str]) -> str:
    return chr(int(match.group(1), 16))


# --- plain text --------------------------------------------------------------------------

_WRAPPER = re.compile(
    r"\\(?:text[a-z]*|math[a-z]*|operatorname\*?|boldsymbol|bm|mbox|hbox|emph|"
    r"[a-z]*(?:hat|tilde|bar|vec|dot|line|brace))\s*\{([^{}]*)\}"
)
_FRAC = re.compile(r"\\[dtc]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_LAYOUT = re.compile(r"\\(?:begin|end)\s*\{[^{}]*\}|&|\\\\")
_WORD = re.compile(r"\w+")
_COMMAND = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)
_SPACES = re.compile(r"\s+")
_SPACING = frozenset({",", ";", ":", "!", " ", ">", "quad", "qquad", "enspace", "thinspace"})
# fmt: off
_SILENT = frozenset({
    "left", "right", "middle", "big", "Big", "bigg", "Bigg", "limits", "nolimits",
    "displaystyle", "textstyle", "scriptstyle", "nonumber",
})
# fmt: on
# Stand-ins while braces are being dropped: \{ and \} must survive as literal braces, and
# unwrapping must not glue a command to the next word (\log\frac{p}{q} is not \logp/q).
_LBRACE, _RBRACE, _BREAK = "\x01", "\x02", "\x03"


@lru_cache(maxsize=8192)
def latex_to_plain(latex: str) -> str:
    """A readable one-line form of a formula for search indexes and meta descriptions.

    ``\\text{TP}/(\\text{TP}+\\text{FP})`` → ``TP/(TP+FP)``; ``\\alpha \\le 1`` → ``α ≤ 1``.
    """
    text = latex
    for _ in range(8):  # unwrap nested groups from the inside out
        unwrapped = _WRAPPER.sub(_BREAK + r"\1", text)
        unwrapped = _SQRT.sub(_BREAK + r"√(\1)", _FRAC.sub(_fraction, unwrapped))
        if unwrapped == text:
            break
        text = unwrapped
    text = _COMMAND.sub(_command_plain, _LAYOUT.sub(" ", text))
    for old, new in (("{", ""), ("}", ""), (_BREAK, ""), (_LBRACE, "{"), (_RBRACE, "}")):
        text = text.replace(old, new)
    return _SPACES.sub(" ", text).strip()


def _fraction(match: re.Match[str]) -> str:
    parts = [part.strip() for part in match.groups()]
    return _BREAK + "/".join(part if _WORD.fullmatch(part) else f"({part})" for part in parts)


def _command_plain(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _SPACING:
        return " "
    if name in _SILENT:
        return ""
    if name == "{" or name == "}":
        return _LBRACE if name == "{" else _RBRACE
    code_point = convert_symbol("\\" + name)
    if code_point is not None:
        char = chr(int(code_point, 16))
        return "" if unicodedata.combining(char) else char
    if not name.isalpha():
        return name
    following = match.string[match.end() : match.end() + 1]
    return f" {name} " if following.isalnum() or following in {_BREAK, "{"} else f" {name}"
