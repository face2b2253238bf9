"""Reading links and their sentences back out of rendered HTML (rendering/mentions.py)."""

from __future__ import annotations

import pytest

from aiwiki.rendering import Linker, render
from aiwiki.rendering.mentions import mentions, topic_slug

LINKER = Linker({"attention": ("attention", "Attention"), "KV cache": ("kv-cache", "KV cache"),
                 "cache": ("cache", "Cache"), "模型": ("model", "Model")})


def _found(text: str, *, inline: bool = False) -> dict[str, tuple[bool, str, str]]:
    html = render(text, LINKER, inline=inline).html
    return {m.slug: (m.explicit, m.words, m.sentence_html) for m in mentions(html)}


def test_each_mention_keeps_its_own_sentence_and_math_stays_whole() -> None:
    found = _found("One. The KV cache stores \\(k. v\\) for *attention*. Then more.")
    assert found["kv-cache"][2].startswith("The <mark>KV cache</mark> stores <math")
    assert found["attention"][2].endswith("for <em><mark>attention</mark></em>.")
    assert "One." not in found["attention"][2] and "Then" not in found["attention"][2]


def test_explicit_links_to_topics_count_and_others_do_not() -> None:
    found = _found("See [the cache](/t/cache?lang=zh#x), [a site](https://e.com/t/x).")
    assert found == {"cache": (True, "the cache", "See <mark>the cache</mark>, a site.")}


def test_chinese_sentences_end_at_their_own_stops() -> None:
    found = _found("前一句。大模型很大。后一句。", inline=True)
    assert found["model"][2] == "大<mark>模型</mark>很大。"


def test_a_long_sentence_is_cut_to_a_window_round_the_mention() -> None:
    text = "word " * 120 + "attention " + "word " * 120
    sentence = _found(text)["attention"][2]
    assert "<mark>attention</mark>" in sentence and sentence.startswith("…")
    assert len(sentence) < 400


@pytest.mark.parametrize(("href", "slug"), [
    ("/t/kv-cache", "kv-cache"), ("/t/kv-cache?lang=zh", "kv-cache"), ("/t/a%2Db", "a-b"),
    ("https://x.org/t/a", None), ("/tags/a", None), ("/t/", None), ("/t/a/b", None),
])
def test_topic_slug(href: str, slug: str | None) -> None:
    assert topic_slug(href) == slug
