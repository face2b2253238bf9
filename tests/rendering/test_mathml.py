"""One formula to MathML or to plain words (aiwiki.rendering.mathml)."""

from __future__ import annotations

import pytest

from aiwiki.rendering import latex_to_mathml, latex_to_plain


@pytest.mark.parametrize(
    ("latex", "plain"),
    [
        (r"P(w_t \mid w_{<t})", "P(w_t ∣ w_<t)"),
        (r"\text{TP}/(\text{TP}+\text{FP})", "TP/(TP+FP)"),
        (r"\tilde\nabla_\theta \mathcal{L} = F(\theta)^{-1}", "∇_θ L = F(θ)^-1"),
        (r"\|x\|", "‖x‖"),
        (r"w^\top x", "w^⊤ x"),
        (r"\log\frac{p}{1-p}", "log p/(1-p)"),
        (r"\frac{a}{\sqrt{b}}", "a/(√(b))"),
        (r"v_i \in \{0,1\}", "v_i ∈ {0,1}"),
        (r"\operatorname{softmax}(QK^\top/\sqrt{d_k})", "softmax(QK^⊤/√(d_k))"),
        (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", "a b c d"),
        (r"y\log p", "y log p"),
        (r"a \, b \quad c", "a b c"),
        (r"\left( x \right)", "( x )"),
        (r"\foo{x}", "foo x"),
    ],
)
def test_plain_form_is_readable(latex: str, plain: str) -> None:
    assert latex_to_plain(latex) == plain


@pytest.mark.parametrize(("display", "mode"), [(False, "inline"), (True, "block")])
def test_display_attribute(display: bool, mode: str) -> None:
    mathml = latex_to_mathml("x", display)
    assert mathml is not None
    assert mathml.startswith(f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}">')


@pytest.mark.parametrize("latex", ["", "   ", r"\begin{equation}x\end{equation}", "#1"])
def test_nothing_to_show_or_unsupported(latex: str) -> None:
    assert latex_to_mathml(latex) is None


def test_empty_elements_are_written_open_and_closed() -> None:
    mathml = latex_to_mathml(r"a \, b")
    assert mathml is not None
    assert '<mspace width="0.167em"></mspace>' in mathml
