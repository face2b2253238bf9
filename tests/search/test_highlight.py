"""Tests for search/highlight.py: snippets are escaped text with <mark> around matches."""

from __future__ import annotations

import re

from aiwiki.search.highlight import Matcher, best_snippet, has_match, snippet_html
from aiwiki.search.query import plan_query, with_corrections


def matcher(text: str) -> Matcher:
    return Matcher.from_plan(plan_query(text))


def test_marks_exact_forms_and_prefixes_case_insensitively() -> None:
    html = snippet_html("Scaling Laws relate Loss to compute.", matcher("scaling law comp"))
    assert html == "<mark>Scaling</mark> <mark>Laws</mark> relate Loss to <mark>compute</mark>."


def test_escapes_everything_else() -> None:
    html = snippet_html('a <b>bold</b> & "quoted" attention', matcher("attention"))
    assert html == "a &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; <mark>attention</mark>"
    assert re.sub(r"</?mark>", "", html).count("<") == 0


def test_query_text_cannot_inject_markup() -> None:
    html = snippet_html("x <script> y", matcher("<script>"))
    assert "<script>" not in html and "<mark>script</mark>" in html


def test_marks_corrections_not_the_typo() -> None:
    plan = with_corrections(plan_query("atention"), {"atention": "attention"})
    assert (
        snippet_html("Attention heads", Matcher.from_plan(plan)) == "<mark>Attention</mark> heads"
    )


def test_marks_chinese_terms_and_english_inside_chinese() -> None:
    assert (
        snippet_html("注意力机制很重要", matcher("注意力机制")) == "<mark>注意力机制</mark>很重要"
    )
    assert snippet_html("像Mamba这样", matcher("mamba")) == "像<mark>Mamba</mark>这样"


def test_never_marks_inside_math() -> None:
    text = r"The \( \mathrm{softmax}(z) \) softmax"
    assert snippet_html(text, matcher("softmax")).count("<mark>") == 1


def test_windows_long_text_around_the_first_match() -> None:
    text = "filler " * 60 + "the attention part " + "tail " * 60
    html = snippet_html(text, matcher("attention"), max_chars=120)
    assert html.startswith("…") and html.endswith("…") and "<mark>attention</mark>" in html
    assert len(re.sub(r"</?mark>", "", html)) <= 124


def test_best_snippet_takes_the_first_text_that_matched() -> None:
    m = matcher("attention")
    assert (
        best_snippet(["", "no match", "an attention span"], m) == "an <mark>attention</mark> span"
    )
    assert best_snippet(["", "no match here"], m) == "no match here"
    assert best_snippet(["", ""], m) == ""


def test_no_match() -> None:
    assert not has_match("nothing here", matcher("attention"))
    assert not has_match("", matcher("attention"))
    assert snippet_html("plain", matcher("")) == "plain"
