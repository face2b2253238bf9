"""Formulas typed as plain text or LaTeX normalise to the same symbol stream."""

from __future__ import annotations

import pytest

from aiwiki.search.formula import formula_symbols, index_tokens, query_tokens


@pytest.mark.parametrize(("typed", "latex"), [
    ("exp(x)/sum(exp(x))", r"\frac{e^{x_i}}{\sum_j e^{x_j}}"),
    ("||x||_2", r"\|x\|_2"),
    ("α = 0.9", r"\alpha = 0.9"),
    ("alpha = 0.9", r"\alpha=0.9"),
    ("softmax(QK^T/sqrt(d))", r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)"),
    ("x*sigmoid(x)", r"x \cdot \sigma(x)"),
    ("P(a|b)", r"P(a \mid b)"),
])
def test_typed_and_latex_forms_agree(typed: str, latex: str) -> None:
    assert formula_symbols(typed) == formula_symbols(latex)


def test_a_formula_is_indexed_as_symbols_and_neighbour_pairs() -> None:
    tokens = index_tokens(r"\frac{a}{b}")
    assert tokens == ["div", "v div", "div v"]


@pytest.mark.parametrize("words", ["why does my model overfit", "GPT-4", "attention"])
def test_words_are_not_a_formula(words: str) -> None:
    assert query_tokens(words) == []


def test_a_single_bar_is_not_a_norm() -> None:
    assert formula_symbols("|x|") == ["bar", "v", "bar"]
