"""Finding, protecting and restoring formulas (aiwiki.rendering.math)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aiwiki.rendering import find_formulas, latex_to_mathml, protect_math, render_markdown

# Formulas as they appear in the seed summaries.
SEED_FORMULAS = [
    r"P(w_t \mid w_{<t})",
    r"-[y\log \hat p + (1-y)\log(1-\hat p)]",
    r"\|x\|",
    r"\tilde\nabla_\theta \mathcal{L} = F(\theta)^{-1} \nabla_\theta \mathcal{L}",
    r"w^\top x + b",
    r"\text{TP}/(\text{TP}+\text{FP})",
    r"B_{\text{noise}} = \operatorname{tr}(\Sigma)/\|g\|^2",
    r"\min_\theta \max_{\|\varepsilon\| \le \rho} \mathcal{L}(\theta + \varepsilon)",
    r"\theta \leftarrow \theta - \eta \, \text{sign}(\beta_1 m + (1-\beta_1) g)",
    r"v_i \in \{0,1\}",
    r"\log\frac{p}{1-p}",
    r"\cos \theta = x \cdot y / (\|x\| \|y\|)",
]


def math_tags(html: str) -> list[str]:
    return re.findall(r'<math [^>]*display="(\w+)"', html)


@pytest.mark.parametrize(
    ("source", "latex", "display"),
    [
        (r"see \( a_1 \) here", "a_1", False),
        (r"see \[ a_1 \] here", "a_1", True),
        ("see $a_1$ here", "a_1", False),
        ("see $$a_1$$ here", "a_1", True),
        ("$$\na_1\n$$", "a_1", True),
        ("\\[\n\\frac{a}{b}\n\\]", r"\frac{a}{b}", True),
        ("$x$", "x", False),
        ("($x$)", "x", False),
        ("$2^n$ states", "2^n", False),
    ],
)
def test_each_delimiter_is_found_with_its_display_mode(
    source: str, latex: str, display: bool
) -> None:
    [(_, _, formula)] = find_formulas(source)
    assert (formula.latex, formula.display) == (latex, display)
    assert math_tags(render_markdown(source)) == ["block" if display else "inline"]


@pytest.mark.parametrize(
    "source",
    [
        "costs $5 and $10",
        "($10–50+ per hour)",
        "between $ 5 and 6$",
        "from $a and b $ on",
        "a range $1$2 is prices",
        r"escaped \$x\$ stays a dollar",
        "$$",
        "$ $",
        r"\( \)",
        "one $\n\ntwo$",
        r"opened \( never closed",
        "`$x$` in code",
        "``a ` $x$ ``",
        "```\n$x$ and $y$\n```",
        "~~~\n\\(x\\)\n~~~",
        "[link](/price$1$2)",
        "<http://x.org/$a$b>",
        "[ref]: http://x.org/$a$\n\n[ref]",
    ],
)
def test_prices_escapes_and_code_are_not_math(source: str) -> None:
    assert find_formulas(source) == []
    assert "<math" not in render_markdown(source)


@pytest.mark.parametrize(
    ("source", "shown"),
    [
        ("costs $5 and $10", "costs $5 and $10"),
        (r"escaped \$x\$", "escaped $x$"),
        ("`$x$`", "<code>$x$</code>"),
        ("```\n\\(x_1\\)\n```", "\\(x_1\\)\n</code></pre>"),
        ("    indented $x_1$ code", "indented $x_1$ code"),
    ],
)
def test_text_that_is_not_math_is_shown_as_written(source: str, shown: str) -> None:
    assert shown in render_markdown(source)


@pytest.mark.parametrize(
    "source",
    [
        r"\(\frac{a}{\)",
        r"$x^$",
        r"\( \foo{x} \)",
        r"\( \label{eq} x \)",
        r"\( a & b \)",
        r"\( } \)",
        r"\( \begin{aligned} a &= b \end{aligned} \)",
        r"\( \text{C:\path} \)",
        r"\( \left( x \)",
        "$" + "x+" * 3000 + "x$",
    ],
)
def test_a_formula_that_will_not_convert_is_shown_as_escaped_source(source: str) -> None:
    html = render_markdown(f"before {source} after")
    assert "<math" not in html
    assert re.search(r'<code class="math-source">[^<]+</code>', html)
    assert "before" in html and "after" in html


def test_failed_source_is_escaped() -> None:
    html = render_markdown(r"\( \foo <b>x</b> \)")
    assert '<code class="math-source">\\( \\foo &lt;b&gt;x&lt;/b&gt; \\)</code>' in html


def test_underscores_and_backslashes_inside_math_survive_markdown() -> None:
    html = render_markdown(r"$a_1 + b_1 = c_1$ and \( \|x\|_2 \) and _real emphasis_")
    assert html.count("<msub>") == 4
    assert "<em>real emphasis</em>" in html
    assert html.count("<em>") == 1
    assert "‖" in html


def test_math_inside_a_table_cell_keeps_its_bars() -> None:
    html = render_markdown("| a | b |\n|---|---|\n| $|x|$ | 2 |")
    assert "<td><math" in html
    assert html.count("<td>") == 2


def test_display_math_alone_in_a_paragraph_is_not_wrapped_in_p() -> None:
    html = render_markdown("text\n\n\\[ x^2 \\]\n\nmore")
    assert "<p><math" not in html
    assert '\n<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">' in html


def test_display_source_shown_as_code_stays_in_its_paragraph() -> None:
    html = render_markdown("\\[ \\frac{a}{ \\]")
    assert html.startswith('<p><code class="math-source">')


def test_windows_newlines_still_separate_paragraphs() -> None:
    assert find_formulas("one $x\r\n\r\ny$ two") == []
    assert len(protect_math("$x$\r\n\r\n$y$").formulas) == 2
    assert find_formulas("```\r\n$x$\r\n```\r\n") == []


def test_a_formula_swallowed_by_a_url_comes_back_as_its_source() -> None:
    html = render_markdown(r"<http://x/\(a<b\)c>")
    assert 'href="http://x/%5C%28a%3Cb%5C%29c"' in html


def test_math_in_image_alt_text_becomes_plain_text() -> None:
    html = render_markdown(r"![loss \( \alpha_1 \)](/img.png)")
    assert 'alt="loss α_1"' in html


def test_placeholder_characters_in_the_input_are_ignored() -> None:
    protected = protect_math("a \ue0000\ue001 b $x$")
    assert protected.text == "a 0 b \ue0000\ue001"
    assert len(protected.formulas) == 1


def test_text_inside_formula_cannot_inject_markup() -> None:
    mathml = latex_to_mathml(r"\text{<script>alert(1)</script>}")
    assert mathml is not None
    assert "<script" not in mathml
    assert "&lt;script&gt;" in mathml


def test_character_references_are_decoded() -> None:
    assert latex_to_mathml(r"\alpha < \beta") == (
        '<math xmlns="http://www.w3.org/1998/Math/MathML" display="inline"><mrow>'
        "<mi>α</mi><mo>&lt;</mo><mi>β</mi></mrow></math>"
    )


def test_conversions_are_cached() -> None:
    latex_to_mathml.cache_clear()
    for _ in range(3):
        latex_to_mathml("e^{i\\pi} + 1 = 0", True)
    info = latex_to_mathml.cache_info()
    assert (info.hits, info.misses) == (2, 1)


@pytest.mark.parametrize("latex", SEED_FORMULAS)
def test_seed_formulas_convert(latex: str) -> None:
    assert latex_to_mathml(latex) is not None


@pytest.mark.seeds
def test_every_formula_in_the_seed_pages_converts(seeds: list[Path]) -> None:
    formulas = [f for path in seeds for _, _, f in find_formulas(path.read_text("utf-8"))]
    assert len(formulas) > 50
    assert [f.raw for f in formulas if latex_to_mathml(f.latex, f.display) is None] == []
