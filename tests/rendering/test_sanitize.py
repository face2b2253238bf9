"""The sanitizer's allow-list (aiwiki.rendering.sanitize)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

import pytest
from latex2mathml import commands
from latex2mathml.converter import convert_to_element

from aiwiki.rendering import latex_to_mathml, render_markdown, sanitize_html
from aiwiki.rendering.sanitize import MATHML_ATTRIBUTES

from .safety import unsafe_parts

# MathML attributes latex2mathml can emit that we refuse: \href, \class, \style, \fcolorbox.
REFUSED_MATHML_ATTRIBUTES = {"href", "class", "style", "border-color"}

XSS_VECTORS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    "<svg onload=alert(1)><circle/></svg>",
    "<iframe src=//evil></iframe>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><annotation-xml encoding="text/html"><script>alert(1)</script></annotation-xml></math>',
    '<math><maction actiontype="statusline"><mi>x</mi><mtext>status</mtext></maction></math>',
    '<math><mrow href="javascript:alert(1)"><mi>x</mi></mrow></math>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<math><mstyle mathcolor="red;background:url(javascript:alert(1))"><mi>x</mi></mstyle></math>',
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    "<object data=javascript:alert(1)></object>",
    '<form action="javascript:alert(1)"><button>x</button></form>',
    "<!--><script>alert(1)</script>-->",
    '<a href="/t/x" onmouseover="alert(1)">x</a>',
]


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vectors_are_neutralised(vector: str) -> None:
    clean = sanitize_html(vector)
    assert unsafe_parts(clean) == []
    assert "javascript" not in clean.lower()


def _formula_corpus() -> list[str]:
    """Every command latex2mathml defines, with generic arguments, plus every environment."""
    names: set[str] = set()
    for value in vars(commands).values():
        items = value if isinstance(value, tuple | list | dict) else [value]
        names.update(n for n in items if isinstance(n, str) and n.startswith("\\"))
    forms = []
    for name in sorted(names):
        forms += [
            name,
            f"{name} x",
            f"{name}{{a}}",
            f"{name}{{a}}{{b}}",
            f"{name}{{a}}{{b}}{{c}}",
            f"{name}[2]{{a}}",
            f"{name}{{1em}}{{2em}}",
            f"{name}{{a}}{{b}}{{c}}{{d}}{{e}}",
            f"\\left({name} x\\right)",
            f"{name}_a^b x",
        ]
    for env in (n.removeprefix("\\") for n in commands.MATRICES):
        forms += [
            rf"\begin{{{env}}}a&b\\c&d\end{{{env}}}",
            rf"\begin{{{env}}}{{c|c}}a&b\\ \hline c&d\tag{{1}}\end{{{env}}}",
            rf"\begin{{{env}}}{{lr}}a&b\\ \hdashline c&d\end{{{env}}}",
        ]
    return forms


def _emitted() -> dict[str, set[str]]:
    emitted: dict[str, set[str]] = defaultdict(set)
    for latex in _formula_corpus():
        try:
            root = convert_to_element(latex, display="block")
        except Exception:  # half the generic forms are not valid LaTeX
            continue
        for element in root.iter():
            emitted[element.tag].update(element.attrib)
    return emitted


def test_mathml_allow_list_is_exactly_what_latex2mathml_emits() -> None:
    emitted = _emitted()
    assert set(emitted) == set(MATHML_ATTRIBUTES)
    for tag, attributes in emitted.items():
        assert attributes - REFUSED_MATHML_ATTRIBUTES == MATHML_ATTRIBUTES[tag], tag


@pytest.mark.parametrize(
    "latex",
    [
        r"\frac{a}{b} + \sqrt[3]{x} - \sqrt{y}",
        r"\sum_{i=1}^{n} x_i^2",
        r"\left( \frac{QK^\top}{\sqrt{d_k}} \right)",
        r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}",
        r"\begin{cases} 1 & x > 0 \\ 0 & \text{else} \end{cases}",
        r"\hat{y} = \overline{x} + \underbrace{a+b}_{n}",
        r"\mathbb{E}_{x \sim p}[\log p(x)] \, \quad \mathbf{W}",
        r"\color{red}{x} \colorbox{yellow}{y} \boxed{z} \cancel{w}",
        r"\operatorname{argmax}_\theta \big( x \big) \phantom{x} \rule{1em}{1em}",
        r"\binom{n}{k} \xrightarrow{f} \overset{!}{=}",
    ],
)
def test_mathml_survives_sanitizing_unchanged(latex: str) -> None:
    mathml = latex_to_mathml(latex, display=True)
    assert mathml is not None
    assert sanitize_html(mathml) == mathml


@pytest.mark.parametrize(
    ("latex", "refused"),
    [
        (r"\href{javascript:alert(1)}{x}", "href"),
        (r"\class{autolink}{x}", "class"),
        (r"\style{position:fixed}{x}", "style"),
        (r"\fcolorbox{red}{blue}{x}", "border-color"),
    ],
)
def test_refused_mathml_attributes_are_removed(latex: str, refused: str) -> None:
    html = render_markdown(f"$${latex}$$")
    assert "<math" in html
    assert f"{refused}=" not in html


def _attributes(html: str, tag: str) -> dict[str, str]:
    found = re.search(rf"<{tag}\b[^>]*>", html)
    assert found is not None
    return dict(ET.fromstring(found.group(0).rstrip("/>") + "/>").attrib)


@pytest.mark.parametrize(
    ("href", "rel"),
    [
        ("https://example.com/a?b=1&c=2", "nofollow noopener"),
        ("http://example.com", "nofollow noopener"),
        ("//example.com", "nofollow noopener"),
        ("mailto:someone@example.com", "nofollow noopener"),
        ("/t/attention", None),
        ("#section", None),
        ("other-page", None),
    ],
)
def test_external_links_get_nofollow(href: str, rel: str | None) -> None:
    clean = sanitize_html(f'<a href="{href.replace("&", "&amp;")}" rel="opener">x</a>')
    assert _attributes(clean, "a").get("rel") == rel


@pytest.mark.parametrize(
    ("markup", "kept"),
    [
        ('<a href="/t/x" class="autolink evil">x</a>', 'class="autolink"'),
        ('<code class="language-python extra">x</code>', 'class="language-python"'),
        ('<code class="math-source">x</code>', 'class="math-source"'),
        ('<span class="autolink">x</span>', "<span>x</span>"),
        ("<mark>hit</mark>", "<mark>hit</mark>"),
        (
            '<table><tr><th style="text-align:right;position:fixed">h</th></tr></table>',
            '<th style="text-align:right">',
        ),
        ('<img src="https://x/y.png" alt="a" onerror="x">', '<img src="https://x/y.png" alt="a">'),
        ('<math><mstyle mathcolor="#ff0000"><mi>x</mi></mstyle></math>', 'mathcolor="#ff0000"'),
        ('<math><mstyle mathcolor="url(x)"><mi>x</mi></mstyle></math>', "<mstyle><mi>"),
    ],
)
def test_value_level_rules(markup: str, kept: str) -> None:
    assert kept in sanitize_html(markup)
