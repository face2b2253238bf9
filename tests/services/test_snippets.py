"""Formulas in search snippets are shown as MathML; broken or cut ones stay as source."""

from __future__ import annotations

import pytest

from aiwiki.services.snippets import render_snippet_math


def test_complete_formula_becomes_mathml_and_marks_survive() -> None:
    out = render_snippet_math(r"<mark>F1</mark> is \( 2PR/(P+R) \) in short")
    assert "<math" in out and "<mark>F1</mark>" in out and "\\(" not in out


def test_mark_inside_formula_is_dropped_not_broken() -> None:
    out = render_snippet_math(r"ratio \( \text{<mark>TP</mark>}/N \)")
    assert "<math" in out and "TP" in out


@pytest.mark.parametrize(
    "snippet",
    [r"cut here \( 2PR/(P", r"plain text, no math", r"bad \( \frac{ \) end"],
)
def test_unfinished_or_broken_formula_stays_source(snippet: str) -> None:
    out = render_snippet_math(snippet)
    assert "<math" not in out


def test_escaped_script_in_formula_stays_harmless() -> None:
    out = render_snippet_math(r"x \( \text{&lt;script&gt;alert(1)&lt;/script&gt;} \)")
    assert "<script" not in out
