"""Names read out of titles: acronyms, expansions, synonyms and slash titles.

(Tests for `aiwiki.domain.names`; they live here because the importers own this logic.)
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiwiki.domain.names import (
    SLUG_MAX_LENGTH,
    clean_slug,
    is_acronym_of,
    is_valid_slug,
    looks_like_acronym,
    normalize_name,
    parenthetical_aliases,
    slugify,
    title_aliases,
)


@pytest.mark.parametrize(
    ("title", "aliases"),
    [
        ("Low-Rank Adaptation (LoRA)", ["LoRA", "Low-Rank Adaptation"]),
        ("Floating-Point Operations (FLOPs)", ["FLOPs", "Floating-Point Operations"]),
        ("Rotary Positional Embedding (RoPE)", ["RoPE", "Rotary Positional Embedding"]),
        ("AdaBoost (Adaptive Boosting)", ["AdaBoost", "Adaptive Boosting"]),
        ("ELMo (Embeddings from Language Models)", ["ELMo", "Embeddings from Language Models"]),
        ("Sous-Vide Scheduling (SVS)", ["SVS", "Sous-Vide Scheduling"]),
        ("Key-Value (KV) Caching", ["KV Caching", "Key-Value Caching"]),
        ("Slow Oven (SO) Roasting", ["SO Roasting", "Slow Oven Roasting"]),
        ("BOS Token (Beginning of Sequence)", ["BOS Token", "Beginning of Sequence Token"]),
        ("Grill Score (GS) vs Oven Score (OS)", ["GS vs OS", "Grill Score vs Oven Score"]),
        ("Skip Connection (Residual Connection)", ["Residual Connection", "Skip Connection"]),
        ("Hand Whisk (Balloon Whisk)", ["Balloon Whisk", "Hand Whisk"]),
        ("Sequence-to-Sequence (Seq2Seq)", ["Seq2Seq", "Sequence-to-Sequence"]),
        ("T5 (Text-to-Text Transfer Transformer)", ["T5", "Text-to-Text Transfer Transformer"]),
        # qualifiers, not names
        ("Alignment (AI)", []),
        ("Bias (Fairness)", []),
        ("Decoder (Transformer)", []),
        ("Load Balancing (MoE)", []),
        ("Whisper (Speech-to-Text)", []),
        ("Ladle (Serving Tool)", []),
        ("Reflow Scores (Bakery, Oven, Grill)", []),
        # slash titles
        ("RetNet / Retention Networks", ["RetNet", "Retention Networks"]),
        ("Attention Sinks / StreamingLLM", ["Attention Sinks", "StreamingLLM"]),
        ("BrineNet / Brine Networks", ["BrineNet", "Brine Networks"]),
        ("Self-Tasting / Reflexion", ["Self-Tasting", "Reflexion"]),
        ("Radix / Prefix-Shelf Caching", ["Prefix-Shelf Caching"]),  # 'Radix' means Radix Caching
        ("Sauce Engine / Offloading", ["Sauce Engine"]),  # 'Offloading' is a common noun
        ("BF16 / FP8 / MXFP4 Number Formats", []),  # a list, not synonyms
        # nothing to read
        ("Oven Thermometer", []),
        ("Xavier/Glorot Initialization", []),
    ],
)
def test_title_aliases(title: str, aliases: list[str]) -> None:
    assert title_aliases(title) == aliases


@pytest.mark.parametrize(
    ("short", "long", "expected"),
    [
        ("FLOPs", "Floating Point Operations", True),  # skips one inner word
        ("AWQ", "Activation-aware Weight Quantization", True),  # a hyphenated compound
        ("CLIP", "Contrastive Language-Image Pre-training", True),
        ("RLAIF", "RL from AI Feedback", True),
        ("CAI", "Constitutional AI", True),
        ("SAE", "Sparse autoencoder", False),  # letters must start words
        ("AI", "Alignment", False),  # a one-word long form is a qualifier
        ("AI", "Edge AI", False),  # the first word must contribute
        ("Net", "Neural Network", False),  # not acronym-shaped
        ("GS", "Grill Score", True),
    ],
)
def test_is_acronym_of(short: str, long: str, expected: bool) -> None:
    assert is_acronym_of(short, long) is expected


@pytest.mark.parametrize(
    ("token", "expected"),
    [("LoRA", True), ("T5", True), ("W&B", True), ("Lasso", False), ("two words", False)],
)
def test_looks_like_acronym(token: str, expected: bool) -> None:
    assert looks_like_acronym(token) is expected


def test_parenthetical_aliases_is_the_parenthesis_part_only() -> None:
    assert parenthetical_aliases("RetNet / Retention Networks") == []
    assert parenthetical_aliases("Low-Rank Adaptation (LoRA)") == ["LoRA", "Low-Rank Adaptation"]


def test_normalised_titles_merge_case_and_punctuation() -> None:
    assert normalize_name("Self-Attention") == normalize_name("Self-attention")
    assert normalize_name("KV cache") != normalize_name("Key-Value Caching")


# ------------------------------------------------------------------------------- slugs


@pytest.mark.parametrize(
    "slug",
    ["attention", "gpt-4", "topic", "由库-框架和平台组成的生态系统", "β-vae", "snake_case",
     "x" * 80],
)
def test_valid_slugs(slug: str) -> None:
    assert is_valid_slug(slug)
    assert clean_slug(slug) == slug


@pytest.mark.parametrize(
    "slug",
    ["", "../../escape-pwned", "a/b", "a\\b", "..", ".hidden", "a.md", "-a", "a-", "a--b",
     "a b", "Attention", "café", "a\x00b", "tab\there", "x" * 81],
)
def test_invalid_slugs(slug: str) -> None:
    assert not is_valid_slug(slug)


@pytest.mark.parametrize(
    ("given", "clean"),
    [(" Attention ", "attention"), ("ＧＰＴ-４", "gpt-4"), ("KV-Cache", "kv-cache")],
)
def test_clean_slug_folds_case_width_and_spaces(given: str, clean: str) -> None:
    assert clean_slug(given) == clean


@pytest.mark.parametrize("given", ["../../escape-pwned", "a/b", "two words", "", "a.b"])
def test_clean_slug_refuses_what_it_would_have_to_rewrite(given: str) -> None:
    with pytest.raises(ValueError, match="not a valid slug"):
        clean_slug(given)


def test_a_long_title_cut_inside_a_word_still_gives_a_valid_slug() -> None:
    slug = slugify("a" * (SLUG_MAX_LENGTH - 1) + "_b")
    assert is_valid_slug(slug)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120))
def test_every_slugify_result_is_a_valid_slug_and_a_plain_file_name(text: str) -> None:
    slug = slugify(text)
    assert is_valid_slug(slug)
    assert not any(ch in slug for ch in "/\\.:") and slug == "".join(slug.split())
