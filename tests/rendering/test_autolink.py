"""Auto-linking mentions of other topics (aiwiki.rendering.autolink)."""

from __future__ import annotations

import random
import re

import pytest

from aiwiki.rendering import Linker

NAMES = {
    "KV cache": ("kv-cache", "KV cache"),
    "cache": ("cache", "Cache"),
    "attention": ("attention", "Attention"),
    "self-attention": ("self-attention", "Self-attention"),
    "MoE": ("moe", "Mixture of Experts"),
    "RAG": ("rag", "Retrieval-augmented generation"),
    "ZeRO": ("zero", "ZeRO"),
    "Transformer": ("transformer", "Transformer"),
    "注意力": ("attention", "Attention"),
    "注意力机制": ("attention-mechanism", "Attention mechanism"),
    "大语言模型": ("llm", "Large language model"),
    "LLM": ("llm", "Large language model"),
    "R&D": ("r-and-d", 'R&D "lab"'),
    "C++": ("cpp", "C++"),
    "Go": ("go-game", "Go"),
    "Adam": ("adam", "Adam"),
}


@pytest.fixture(scope="module")
def linker() -> Linker:
    return Linker(NAMES)


def links(html: str) -> list[tuple[str, str]]:
    """(slug, link text) of each auto-link, in order."""
    return re.findall(r'<a href="/t/([^"]+)" class="autolink" title="[^"]*">([^<]*)</a>', html)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>the KV cache grows</p>", [("kv-cache", "KV cache")]),
        ("<p>a kv cache and a cache</p>", [("kv-cache", "kv cache"), ("cache", "cache")]),
        ("<p>KV\ncache, split over lines</p>", [("kv-cache", "KV\ncache")]),
        (
            "<p>Self-attention beats attention</p>",
            [("self-attention", "Self-attention"), ("attention", "attention")],
        ),
        ("<p>attention, then Attention again</p>", [("attention", "attention")]),
        ("<p>caches and cached and precache</p>", []),
        ("<p>cache_size cache2</p>", []),
        ("<p>(cache)</p>", [("cache", "cache")]),
        ("<p>MoE, RAG, ZeRO</p>", [("moe", "MoE"), ("rag", "RAG"), ("zero", "ZeRO")]),
        ("<p>moe rag zero Rag MOE</p>", []),
        ("<p>a TRANSFORMER</p>", [("transformer", "TRANSFORMER")]),
        ("<p>go and play Go</p>", [("go-game", "Go")]),
        ("<p>adam and Adam</p>", [("adam", "adam")]),
        ("<p>R&amp;D and C++ code</p>", [("r-and-d", "R&amp;D"), ("cpp", "C++")]),
    ],
)
def test_matching(linker: Linker, html: str, expected: list[tuple[str, str]]) -> None:
    assert links(linker.link(html).html) == expected


@pytest.mark.parametrize(
    "html",
    [
        "<p><code>KV cache</code></p>",
        "<pre><code>attention\n</code></pre>",
        '<p><a href="/x">the attention link</a></p>',
        "<h2>Attention</h2>",
        "<h1>Why <em>attention</em></h1>",
        '<math display="inline"><mi>cache</mi></math>',
        "<p><kbd>cache</kbd></p>",
    ],
)
def test_never_inside_code_links_math_or_headings(linker: Linker, html: str) -> None:
    result = linker.link(html)
    assert result.html == html
    assert result.slugs == frozenset()


def test_text_after_a_skipped_element_is_linked(linker: Linker) -> None:
    result = linker.link("<h2>Attention</h2><p>attention <code>cache</code> cache</p>")
    assert links(result.html) == [("attention", "attention"), ("cache", "cache")]


def test_never_links_to_itself(linker: Linker) -> None:
    html = "<p>The KV cache uses a cache.</p>"
    assert links(linker.link(html, exclude_slug="kv-cache").html) == [("cache", "cache")]
    assert links(linker.excluding("kv-cache").link(html).html) == [("cache", "cache")]


def test_excluded_longer_name_still_claims_its_words(linker: Linker) -> None:
    """On the KV cache page, "KV cache" is not a mention of "cache"."""
    result = linker.excluding("kv-cache").link("<p>KV cache</p>")
    assert result.slugs == frozenset()


def test_excluding_does_not_change_the_original(linker: Linker) -> None:
    linker.excluding("attention")
    assert linker.link("<p>attention</p>").slugs == {"attention"}


def test_returns_linked_slugs_once_each(linker: Linker) -> None:
    result = linker.link("<p>LLM attention</p><p>大语言模型 and attention and cache</p>")
    assert result.slugs == {"llm", "attention", "cache"}
    assert len(links(result.html)) == 3


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>我们使用注意力机制。</p>", [("attention-mechanism", "注意力机制")]),
        ("<p>注意力很重要</p>", [("attention", "注意力")]),
        ("<p>基于大语言模型的系统</p>", [("llm", "大语言模型")]),
        ("<p>使用KV cache加速</p>", [("kv-cache", "KV cache")]),
        ("<p>使用LLM</p>", [("llm", "LLM")]),
    ],
)
def test_cjk_matches_without_word_boundaries(
    linker: Linker, html: str, expected: list[tuple[str, str]]
) -> None:
    assert links(linker.link(html).html) == expected


def test_attributes_are_escaped(linker: Linker) -> None:
    html = linker.link("<p>R&amp;D</p>").html
    assert 'title="R&amp;D &quot;lab&quot;"' in html


def test_slugs_are_url_quoted() -> None:
    html = Linker({"odd": ('a"b c', "Odd")}).link("<p>odd</p>").html
    assert 'href="/t/a%22b%20c"' in html


def test_tags_and_attributes_are_left_alone(linker: Linker) -> None:
    html = '<p><img alt="attention cache" src="/cache.png"> text</p>'
    assert linker.link(html).html == html


def test_one_letter_names_are_ignored() -> None:
    assert Linker({"a": ("a", "A")}).link("<p>a b</p>").slugs == frozenset()


def test_thousands_of_names_link_only_words_present() -> None:
    """Scale check (timing lives in bench/render.py, not in tests): with 5 000 names every
    link points at a name that really occurs in the text."""
    rng = random.Random(5)
    vocabulary = [
        "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=rng.randint(3, 9))) for _ in range(3000)
    ]
    names = {
        " ".join(rng.sample(vocabulary, rng.randint(1, 3))): (f"s{i}", f"T{i}") for i in range(6000)
    }
    names = dict(list(names.items())[:5000])
    linker = Linker(names)
    text = " ".join(rng.choices(vocabulary, k=300))[:2048]
    linked = linker.link("<p>" + text + "</p>")
    assert linked.slugs
    by_slug = {slug: name for name, (slug, _) in names.items()}
    words = f" {text} "
    assert all(f" {by_slug[slug]} " in words or by_slug[slug] in text for slug in linked.slugs)


def test_a_name_split_across_lines_or_spaces_still_links(linker: Linker) -> None:
    html = "<p>Keep the KV\n   cache warm, then the  Transformer\tworks.</p>"
    linked = linker.link(html).html
    assert links(linked) == [("kv-cache", "KV\n   cache"), ("transformer", "Transformer")]
    assert linked.endswith("\tworks.</p>")


def test_names_sharing_a_first_word_take_the_longest_that_fits(linker: Linker) -> None:
    assert links(linker.link("<p>注意力机制 and then KV caches</p>").html) == [
        ("attention-mechanism", "注意力机制")
    ]
