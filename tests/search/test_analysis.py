"""Tests for search/analysis.py: the terms text becomes, on both sides of the index."""

from __future__ import annotations

import pytest
import tantivy

from aiwiki.search.analysis import (
    exact_key,
    has_cjk,
    name_terms,
    normalize,
    prepare,
    singular,
    tokenize,
    word_forms,
    words_in_order,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attention Is All You Need", ["attention", "is", "all", "you", "need"]),
        ("multi-head attention", ["multi", "head", "attention"]),
        ("GPT-4 and o1", ["gpt", "4", "and", "o1"]),
        ("W&B", ["w", "b"]),
        ("ＫＶ　Ｃａｃｈｅ", ["kv", "cache"]),  # full width
        ("Straße", ["strasse"]),  # casefold
        ("ﬁne-tuning", ["fine", "tuning"]),  # ligature
        ("FlashAttention", ["flashattention", "flash", "attention"]),
        ("KVCache", ["kvcache", "kv", "cache"]),
        ("LoRA and LLaMA", ["lora", "and", "llama"]),  # too short to be camelCase parts
        ("注意力机制", ["注意", "注意力", "机制"]),
        ("像Mamba这样的SSM", ["像", "mamba", "这样", "的", "ssm"]),
        (r"\( P(w_t \mid w_{<t}) \)", ["p", "w", "t", "w", "t"]),
        (r"$\mathrm{softmax}(QK^\top)$", ["softmax", "qk"]),
        ('"(*-:) AND 🤖', ["and"]),
        ("x" * 60, []),  # longer than tantivy keeps
        ("", []),
    ],
)
def test_tokenize(text: str, expected: list[str]) -> None:
    assert tokenize(text) == expected


def test_names_also_hold_the_joined_form_of_compounds() -> None:
    assert name_terms("GPT-4") == ["gpt", "4", "gpt4"]
    assert name_terms("gpt-3.5 turbo")[-1] == "gpt35"
    assert "wb" in name_terms("W&B")
    assert tokenize("gpt4") == ["gpt4"]  # so a whole word typed still meets a name


def test_words_in_order_has_no_added_terms() -> None:
    assert words_in_order("FlashAttention for GPT-4") == ["flashattention", "for", "gpt", "4"]


@pytest.mark.parametrize(
    "text",
    [
        "Low-Rank Adaptation (LoRA) fine-tunes a frozen model",
        "像Mamba这样的状态空间模型用线性时间处理长序列",
        r"Scores are \( \mathrm{softmax}(QK^\top / \sqrt{d_k}) V \) — ﬁnally, Straße.",
        "ＫＶ　Ｃａｃｈｅ and GPT‑4o (W&B)",
    ],
)
def test_query_terms_are_index_terms(text: str) -> None:
    """What the index stores for prepared text is what tokenize() asks for."""
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("body")  # tantivy's default analyzer, as in the real schema
    schema = builder.build()
    index = tantivy.Index(schema)
    writer = index.writer(15_000_000, 1)
    writer.add_document(tantivy.Document(body=prepare(text)))
    writer.commit()
    index.reload()
    searcher = index.searcher()
    for term in words_in_order(text):
        assert searcher.doc_freq("body", term) == 1, term


@pytest.mark.parametrize(
    ("names", "key"),
    [
        (["KV-Cache", "kv cache", "KVCache", "KV caches", "ＫＶ　Ｃａｃｈｅ"], "kvcache"),
        (["GPT-4", "gpt 4", "GPT4"], "gpt4"),
        (["Scaling Laws", "scaling law"], "scalinglaw"),
        (["注意力机制", "注意力 机制"], "注意力机制"),
    ],
)
def test_exact_key_identifies_spellings_of_a_name(names: list[str], key: str) -> None:
    assert {exact_key(name) for name in names} == {key}


def test_exact_key_is_bounded() -> None:
    assert len(exact_key("word " * 1000)) == 100


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("laws", "law"),
        ("caches", "cache"),
        ("batches", "batch"),
        ("classes", "class"),
        ("strategies", "strategy"),
        ("biases", "bias"),
        ("bias", "bias"),
        ("loss", "loss"),
        ("analysis", "analysis"),
        ("llms", "llm"),
        ("gpus", "gpu"),
        ("gas", "gas"),
        ("keys", "key"),
        ("is", "is"),
        ("gpt4s", "gpt4s"),
        ("模型", "模型"),
    ],
)
def test_singular(word: str, base: str) -> None:
    assert singular(word) == base


@pytest.mark.parametrize(
    ("term", "forms"),
    [
        ("law", ("law", "laws")),
        ("laws", ("laws", "law")),
        ("strategy", ("strategy", "strategies")),
        ("cache", ("cache", "caches")),
        ("bias", ("bias",)),
        ("4", ("4",)),
        ("注意力", ("注意力",)),
    ],
)
def test_word_forms(term: str, forms: tuple[str, ...]) -> None:
    assert word_forms(term) == forms


def test_normalize_and_has_cjk() -> None:
    assert normalize("ＡＢＣ Straße") == "abc strasse"
    assert has_cjk("a 模型") and not has_cjk("model")
