"""Markdown to safe HTML and to plain text (aiwiki.rendering.markdown)."""

from __future__ import annotations

import pytest

from aiwiki.rendering import Linker, plain_text, render, render_inline, render_markdown

from .safety import unsafe_parts


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("# Title", "<h1>Title</h1>"),
        ("**bold** and *em*", "<p><strong>bold</strong> and <em>em</em></p>"),
        ("~~gone~~", "<p><s>gone</s></p>"),
        ("- a\n- b", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>"),
        ("`x_1`", "<p><code>x_1</code></p>"),
        ("```python\nprint(1)\n```", '<pre><code class="language-python">print(1)\n</code></pre>'),
        ("> quote", "<blockquote>\n<p>quote</p>\n</blockquote>"),
        ("[a](/t/b)", '<p><a href="/t/b">a</a></p>'),
        ("[a](https://x.org)", '<p><a href="https://x.org" rel="nofollow noopener">a</a></p>'),
        ("the <eos> and <s> tokens", "<p>the &lt;eos&gt; and &lt;s&gt; tokens</p>"),
        ("a & b", "<p>a &amp; b</p>"),
    ],
)
def test_render_markdown(source: str, expected: str) -> None:
    assert render_markdown(source).strip() == expected


def test_tables_render_with_alignment() -> None:
    html = render_markdown("| a | b |\n|:--|--:|\n| 1 | 2 |")
    assert "<table>" in html
    assert '<td style="text-align:right">2</td>' in html


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "![x](javascript:alert(1))",
        "<svg onload=alert(1)>",
        "<a href='javascript:alert(1)'>x</a>",
        "$<script>alert(1)</script>$",
        r"\( \text{<script>alert(1)</script>} \)",
        r"\[ \text{<img src=x onerror=alert(1)>} \]",
        r"$$\href{javascript:alert(1)}{x}$$",
        r"\( \verb|<svg onload=alert(1)>| \)",
        '<https://x.org/"onmouseover="alert(1)>',
    ],
)
def test_markdown_cannot_smuggle_markup(source: str) -> None:
    html = render_markdown(source)
    assert unsafe_parts(html) == []
    assert "<img src=x" not in html.lower()


def test_render_inline_has_no_paragraph() -> None:
    html = render_inline(r"Maps \( w^\top x + b \) to a *score*.")
    assert not html.startswith("<p>")
    assert "<math" in html and "<em>score</em>" in html


def test_render_inline_ignores_block_syntax() -> None:
    assert render_inline("# not a heading") == "# not a heading"


def test_render_returns_the_linked_slugs() -> None:
    linker = Linker({"attention": ("attention", "Attention"), "softmax": ("softmax", "Softmax")})
    rendered = render("Attention uses softmax.", linker)
    assert rendered.slugs == {"attention", "softmax"}
    assert 'href="/t/softmax" class="autolink" title="Softmax"' in rendered.html


def test_autolinks_skip_math_and_code() -> None:
    linker = Linker({"softmax": ("softmax", "Softmax")})
    rendered = render(r"`softmax` and \( \operatorname{softmax}(x) \)", linker)
    assert rendered.slugs == frozenset()


@pytest.mark.parametrize(
    ("source", "plain"),
    [
        ("# Title\n\nSome **bold** text.", "Title Some bold text."),
        ("Precision is \\( \\text{TP}/(\\text{TP}+\\text{FP}) \\).", "Precision is TP/(TP+FP)."),
        ("- one\n- two", "one two"),
        ("[link text](https://x.org) and ![alt text](/i.png)", "link text and alt text"),
        ("`code_span` and\n\n```\nblock_code\n```", "code_span and block_code"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "a b 1 2"),
        ("costs $5 and $10, \\$x\\$", "costs $5 and $10, $x$"),
        ("a &amp; b <eos>", "a & b <eos>"),
        ("line one\nline two", "line one line two"),
        ("", ""),
    ],
)
def test_plain_text(source: str, plain: str) -> None:
    assert plain_text(source) == plain
