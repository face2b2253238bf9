r"""Formulas as normalised symbol tokens, the same for LaTeX in a topic and for what a
reader types: ``exp(x)/sum(exp(x))`` and ``\frac{e^{x_i}}{\sum_j e^{x_j}}`` both become

    exp v div sum exp v

and are indexed as the symbols (``exp``, ``div``, ``sum``) and the pairs of neighbours
(``exp v``, ``v div``, ``div sum``…), so the more of a formula's shape a query shares, the
higher the topic ranks (BM25 over those tokens).

What is folded together: a fraction and a slash (``div``); ``e^{…}``, ``\exp`` and ``exp``
(``exp``); ``\|``, ``\Vert`` and ``||`` (``norm``); ``|``, ``\mid`` (``bar``); a Greek
letter as command, as character or spelled out (``\alpha``, ``α``, ``alpha``); ``^T``,
``^\top`` (``transpose``); ``sqrt``/``\sqrt``/``√``; ``sigmoid``/``\sigma``. Variables are
all ``v`` (a formula's letters are the writer's choice), products are juxtaposition
(``*``, ``\cdot`` and ``\times`` vanish), and a one-letter subscript (an index: ``x_i``)
vanishes too. Styling (``\mathrm``, ``\left``, spacing) is dropped.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterator

VAR = "v"


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_LEX = re.compile(
    r"\\[A-Za-z]+|\\.|\|\||[A-Za-z]+|\d+(?:\.\d+)?|[^\sA-Za-z\d]", re.DOTALL
)
_GREEK = _words("""alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota
    kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi varphi chi psi omega""")
_FUNCTIONS = frozenset(_words("""exp log ln sum prod int sqrt softmax sigmoid relu gelu silu
    swish tanh sin cos max min argmax argmin arg det tr mean var cov lim sign softplus
    attention concat kl"""))
_SAME = {"ln": "log", "sigmoid": "sigma", "varepsilon": "epsilon", "vartheta": "theta",
         "varphi": "phi", "dfrac": "frac", "tfrac": "frac", "top": "transpose",
         "intercal": "transpose", "lvert": "bar", "rvert": "bar", "vert": "bar", "mid": "bar",
         "lVert": "norm", "rVert": "norm", "Vert": "norm", "|": "norm",
         "||": "norm", "leq": "le", "geq": "ge", "neq": "ne", "rightarrow": "to",
         "sum": "sum", "cdot": "", "times": "", "*": "", "ast": "", "·": "", "×": "", "∗": "",
         "∑": "sum", "∏": "prod", "√": "sqrt", "‖": "norm", "≤": "le", "≥": "ge", "≠": "ne",
         "≈": "approx", "∈": "in", "∞": "infty", "∂": "partial", "∇": "nabla", "⊤": "transpose",
         "→": "to", "−": "-", "⊙": "odot", "⊗": "otimes"}
_SYMBOLS = {"=": "eq", "+": "plus", "-": "minus", "/": "div", "^": "pow", "_": "sub",
            "|": "bar", "<": "lt", ">": "gt", "!": "fact", "~": "sim"}
_DROPPED = frozenset(_words("""left right big Big bigg Bigg mathrm mathbf mathit mathsf
    mathtt mathcal mathbb boldsymbol bm text textrm textbf operatorname hat bar tilde vec dot
    ddot overline underline widehat displaystyle quad qquad limits , ; : ! { } ( ) [ ] . '
    ? \\ & $ # % @ " `"""))
# what makes typed text a formula rather than words: any of these tokens
_FORMULA_SIGNS = frozenset({"div", "pow", "sub", "eq", "norm", "transpose", "sqrt", "bar",
                            "sum", "prod", "int", "partial", "nabla", "approx", "le", "ge"})
_GROUPS = {"{": "}", "(": ")", "[": "]"}


def formula_symbols(latex: str) -> list[str]:
    """The normalised stream of one formula (LaTeX or typed)."""
    return list(_Normaliser(_lex(latex)).run())


def index_tokens(latex: str) -> list[str]:
    """What a formula is indexed as: its symbols other than variables, and each pair of
    neighbours."""
    stream = formula_symbols(latex)
    singles = [symbol for symbol in stream if symbol != VAR]
    return singles + [f"{a} {b}" for a, b in itertools.pairwise(stream)]


def query_tokens(text: str) -> list[str]:
    """The tokens to look for when `text` reads as a formula (an operator, a Greek letter,
    a function applied), else none: words are the keyword engine's."""
    stream = formula_symbols(text)
    applied = re.search(r"[A-Za-z]\s*\(", text) and any(s in _FUNCTIONS for s in stream)
    greek = any(s in _GREEK for s in stream)
    if not (applied or greek or _FORMULA_SIGNS.intersection(stream)):
        return []
    return list(dict.fromkeys(index_tokens(text)))


def _lex(text: str) -> list[str]:
    return _LEX.findall(unicodedata.normalize("NFC", text))


class _Normaliser:
    """One pass over the lexed tokens, with lookahead for sub/superscripts and fractions."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0
        self.closers: list[tuple[str, bool]] = []  # expected closer, emit div on close
        self.fractions = 0  # \frac seen whose numerator has not opened yet
        self.last = ""

    def run(self) -> Iterator[str]:
        while self.at < len(self.tokens):
            piece = self.tokens[self.at]
            self.at += 1
            for symbol in self._step(piece):
                if symbol == VAR and self.last == VAR:
                    continue  # 'QK', 'x y': one product of variables
                self.last = symbol
                yield symbol

    def _step(self, piece: str) -> list[str]:
        if piece in _GROUPS:
            self.closers.append((_GROUPS[piece], self.fractions > 0 and piece == "{"))
            self.fractions -= 1 if self.fractions > 0 and piece == "{" else 0
            return []
        if self.closers and piece == self.closers[-1][0]:
            return ["div"] if self.closers.pop()[1] else []
        name = _name(piece)
        if name == "frac":
            self.fractions += 1
            return []
        if name in ("sub", "pow"):
            return self._script(name)
        if name == "e" and self._peek() == "^":
            self.at += 1  # e^{…} is exp(…)
            return ["exp"]
        return [] if not name else [name]

    def _script(self, kind: str) -> list[str]:
        """A subscript of one letter is an index (dropped); a superscript T is a transpose."""
        group = self._script_group()
        names = [n for n in (_name(t) for t in group) if n]
        if kind == "pow" and names in (["T"], ["transpose"], ["v"]) and _is_t(group):
            return ["transpose"]
        if kind == "sub" and (names == [VAR] or (names and all(n == VAR for n in names)
                                                 and len(group) <= 3)):
            return []
        return [kind, *names]

    def _script_group(self) -> list[str]:
        if self._peek() != "{":
            piece = self._take()
            return [] if piece is None else [piece]
        depth, group = 0, list[str]()
        while (piece := self._take()) is not None:
            depth += {"{": 1, "}": -1}.get(piece, 0)
            if depth == 0:
                return group[1:]
            group.append(piece)
        return group[1:]

    def _peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _take(self) -> str | None:
        piece = self._peek()
        self.at += piece is not None
        return piece


def _is_t(group: list[str]) -> bool:
    return len(group) == 1 and group[0] in ("T", "\\top", "\\intercal", "⊤")


def _name(piece: str) -> str:
    """The symbol one lexed piece stands for ('' for none)."""
    if piece.startswith("\\") and len(piece) > 1:
        piece = piece[1:]
        if piece in _DROPPED:
            return ""
        return _word(piece) if piece.isalpha() and len(piece) > 1 else _SAME.get(piece, "")
    if piece in _SYMBOLS:
        return _SYMBOLS[piece]
    if piece in _SAME:
        return _SAME[piece]
    if piece in _DROPPED or not piece.strip():
        return ""
    if piece[0].isdigit():
        return piece
    if piece.isascii() and piece.isalpha():
        return _word(piece) if len(piece) > 1 else ("e" if piece == "e" else VAR)
    return _unicode(piece)


def _word(word: str) -> str:
    """A letter run: a function, a Greek letter, or else variables (or prose: dropped)."""
    folded = word.lower()
    folded = _SAME.get(folded, folded)
    if folded in _FUNCTIONS or folded in _GREEK or folded in _SAME.values():
        return folded
    if word in _SAME:
        return _SAME[word]
    return VAR if len(word) <= 3 else ""


def _unicode(char: str) -> str:
    """A Greek character by its name ('α' -> 'alpha'); other characters are dropped."""
    try:
        name = unicodedata.name(char)
    except ValueError:
        return ""
    if name.startswith("GREEK SMALL LETTER ") or name.startswith("GREEK CAPITAL LETTER "):
        spelled = name.rsplit(" ", 1)[-1].lower()
        return {"lamda": "lambda", "final": "sigma"}.get(spelled, spelled)
    return ""
