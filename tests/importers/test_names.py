"""Names read out of titles: acronyms, expansions, synonyms and slash titles.

(Tests for `aiwiki.domain.names`; they live here because the importers own this logic.)
"""

from __future__ import annotations

import pytest

from aiwiki.domain.names import (
    is_acronym_of,
    looks_like_acronym,
    normalize_name,
    parenthetical_aliases,
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
