"""The readers against the real seed pages in ../shared/seeds (skipped when absent).

Expected values below are a careful human reading of those pages. In the glossary table a
title marked False is one the reader must be sure of; True means the reader must send the
topic to review (its title is then only a placeholder or a best guess).
"""

from __future__ import annotations

import pytest

from aiwiki.domain.enums import Kind, Level
from aiwiki.importers import category, detect, glossary, tagpage
from aiwiki.importers.drafts import ImportBatch, TopicDraft
from tests.importers.seedfiles import CATEGORY, GLOSSARY, TAG_PAGES, seed_path, seed_text

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def tag_batches() -> dict[str, ImportBatch]:
    return {prefix: tagpage.read(f"{prefix}.txt", seed_text(prefix)) for prefix in TAG_PAGES}


@pytest.fixture(scope="module")
def glossary_batch() -> ImportBatch:
    return glossary.read(f"{GLOSSARY}.txt", seed_text(GLOSSARY))


# ------------------------------------------------------------------------------ tag pages

TRICKY_TITLES = [
    "RetNet / Retention Networks",  # summary opens with a citation
    "Whisper (Speech-to-Text)",  # qualifier, then a company name
    "Diffusion Transformers (DiT)",  # acronym, then a citation
    "What is catastrophic forgetting?",
    "What is the vanishing gradient problem?",
    "What is a jailbreak in the context of LLMs?",  # summary opens with 'In'
    "Attention Is All You Need",  # summary opens with a curly quote
    "vLLM & Continuous Batching",  # lowercase name
    "minLSTM",
    "xLSTM",
    "Continual Pretraining & Mid-Training",  # imperative verb
    "Gradient Accumulation & Micro-Batching",  # imperative verb
    "Radix / Prefix-Cache Attention (SGLang)",  # imperative verb
    "AdaFactor Optimizer",  # 'A'
    "RWKV",  # 'An' after an acronym
    "DeepSpeed ZeRO-Infinity / Offloading",  # 'An'
    "Circuit Analysis",  # 'The'
    "Convergence",  # 'In'
    "Bias (Fairness)",  # 'In'
    "Neural Collapse",  # 'At'
    "Vision Transformer (ViT) Variants",  # 'Since'
    "Vision Transformer (ViT)",  # a citation
    "Paged vs Block KV Cache",  # 'Two'
    "Self-Refine / Reflexion",  # 'Two'
    "BF16 / FP8 / MXFP4 Number Formats",  # 'These'
    "Gradient Surgery (PCGrad) for Multi-Task Learning",  # 'When'
    "ROME / MEMIT Model Editing",  # 'Rank-one'
    "Implicit Regularisation of SGD",  # acronym glued to a hyphenated word
    "Transformer-XL / Segment-Level Recurrence",  # a citation
    "Constitutional Classifiers++",
    "ReLU",
    "BM25",
    "TF-IDF",
    "PagedAttention",
    "ImageNet Dataset",
    "GloVe Word Embeddings",
    "MinHash & LSH for Large-Scale Deduplication",
    "Memory-Augmented Transformers",  # plural title, singular repetition
    "Loss Landscape: Flat vs Sharp Minima",
    "NCCL Collectives: All-Reduce, All-Gather, Reduce-Scatter",
    "FlashAttention-2 and FlashAttention-3",
    "Process Reward Models (PRM) vs Outcome Reward Models (ORM)",
]


def test_tricky_titles_are_split_exactly(tag_batches: dict[str, ImportBatch]) -> None:
    titles = {t.title for batch in tag_batches.values() for t in batch.topics}
    assert [title for title in TRICKY_TITLES if title not in titles] == []


def test_every_split_is_sure(tag_batches: dict[str, ImportBatch]) -> None:
    unsure = [t.title for b in tag_batches.values() for t in b.topics if t.review_reasons]
    assert unsure == []


def test_declared_counts_match_the_pages(tag_batches: dict[str, ImportBatch]) -> None:
    counts = {prefix: batch.tags[0].declared_count for prefix, batch in tag_batches.items()}
    assert counts == {"001": 396, "002": 188, "004": 223}
    for batch in tag_batches.values():
        assert len(batch.topics) == batch.tags[0].declared_count
        assert batch.tags[0].topic_titles == [t.title for t in batch.topics]


def test_distinct_titles(tag_batches: dict[str, ImportBatch]) -> None:
    # The brief expected 495, but the three pages hold only 494 distinct topic lines, so
    # 494 distinct titles is the most there can be; every distinct line keeps its title.
    lines = {t.sources[0].text for b in tag_batches.values() for t in b.topics}
    titles = {t.title for b in tag_batches.values() for t in b.topics}
    assert len(lines) == 494
    assert len(titles) == 494


def test_tag_names(tag_batches: dict[str, ImportBatch]) -> None:
    names = [batch.tags[0].name for batch in tag_batches.values()]
    assert names == ["wiki-import", "transformer", "path-scaling-advanced"]


def test_qualifiers_are_not_aliases(tag_batches: dict[str, ImportBatch]) -> None:
    by_title = {t.title: t for b in tag_batches.values() for t in b.topics}
    assert by_title["Low-Rank Adaptation (LoRA)"].aliases == [
        ("en", "LoRA"),
        ("en", "Low-Rank Adaptation"),
    ]
    for title in (
        "Alignment (AI)",
        "Bias (Fairness)",
        "Decoder (Transformer)",
        "Load Balancing (MoE)",
        "Whisper (Speech-to-Text)",
    ):
        assert by_title[title].aliases == []


# ------------------------------------------------------------------------------- category

CATEGORY_TERMS = [
    ("Attention", Level.INTERMEDIATE),
    ("Decoder", Level.INTERMEDIATE),
    ("Embedding", Level.INTERMEDIATE),
    ("Encoder", Level.INTERMEDIATE),
    ("Encoder-decoder model", Level.ADVANCED),
    ("FlashAttention", Level.ADVANCED),
    ("KV cache", Level.ADVANCED),
    ("Mamba", Level.ADVANCED),
    ("Mixture of Experts", Level.ADVANCED),
    ("Multi-head attention", Level.ADVANCED),
    ("Parameter count", Level.BEGINNER),
    ("Positional encoding", Level.ADVANCED),
    ("Reasoning model", Level.INTERMEDIATE),
    ("RoPE", Level.ADVANCED),
    ("Self-attention", Level.INTERMEDIATE),
    ("Sliding-window attention", Level.ADVANCED),
    ("Transformer", Level.INTERMEDIATE),
]


def test_category_terms_and_levels() -> None:
    batch = category.read(f"{CATEGORY}.txt", seed_text(CATEGORY))
    assert [(t.title, t.level) for t in batch.topics] == CATEGORY_TERMS
    assert all(not t.review_reasons for t in batch.topics)
    (draft,) = batch.categories
    assert draft.name == "Architecture"
    assert draft.descriptions["en"] == "How modern AI models are structured internally."


# ------------------------------------------------------------------------------- glossary

# first source line -> (title, sent to review)
GLOSSARY_TITLES: dict[int, tuple[str, bool]] = {
    1: ("Autoregressive generation", True),  # only the object of a gerund
    3: ("AI", False),
    5: ("Activation function", False),
    7: ("AI ethics", False),
    9: ("Regulation", True),  # the subject, but the letter group says A ('AI regulation'?)
    11: ("Apple Intelligence", False),  # + Chinese why-it-matters on line 11
    14: ("AI21 Labs", False),
    16: ("AlexNet", False),
    18: ("Amazon Bedrock", True),  # Chinese-only definition of an AWS platform
    19: ("Bria", False),
    20: ("BERT", False),
    22: ("Batch size and epochs", False),
    24: ("BPE", False),
    26: ("Beam search", False),
    28: ("Backpropagation", False),
    30: ("Cartesia", False),
    31: ("Chatbot", False),
    33: ("Unresolved legal questions around AI and intellectual property", True),  # copyright
    36: ("Cursor", False),
    38: ("Classification", False),
    40: ("CNN", False),
    42: ("Constitutional AI", False),
    44: ("Catastrophic forgetting", False),
    46: ("Contamination", False),
    48: ("Chatbot Arena", False),
    50: ("Cerebras", False),
    52: ("Cosine similarity", False),
    54: ("CLIP", False),
    56: ("ControlNet", False),
    58: ("Contrastive learning", False),
    60: ("Checkpoint", False),
    62: ("由库、框架和平台组成的生态系统", True),  # Chinese-only definition, no name
    63: ("DeepL", False),
    64: ("Decart AI", False),
    65: ("Deepgram", False),
    66: ("Distillation", False),
    68: ("DPO", False),
    70: ("Dataset", True),  # 'Dataset curation' is also a subject
    72: ("Dropout", False),
    74: ("DiT", False),
    76: ("Data augmentation", False),
    78: ("Edge AI", False),
    80: ("Encoder-decoder", True),
    82: ("Embedding layer", False),
    84: ("Few-shot", False),
    86: ("Flow matching", False),
    88: ("Function calling", False),
    90: ("FLOPs", False),
    92: ("Gradient descent", True),  # named only as an object
    94: ("Groq", False),
    96: ("GQA", False),
    98: ("Gradient checkpointing", False),
    100: ("HeyGen", False),
    101: ("Hugging Face", False),
    103: ("Induction head", False),
    105: ("Jina AI", False),
    106: ("KV cache", False),
    108: ("Knowledge editing", False),
    110: ("Liquid AI", False),  # Chinese definition + Chinese why-it-matters
    112: ("Luma AI", True),  # unmarked Chinese line without why-it-matters wording
    113: ("Loss function", False),
    115: ("LSTM", False),  # Chinese why-it-matters that translates nothing nearby
    116: ("Learning rate schedule", True),
    118: ("Meta AI", False),
    119: ("Mistral", False),
    120: ("Mamba", False),
    122: ("Reverse-engineering what happens inside neural networks", True),  # mech. interp.
    124: ("AI image generation company", True),  # Midjourney, never named
    126: ("Model serving", True),
    128: ("Multi-head attention", False),
    130: ("MLM", False),
    132: ("Model merging", False),
    134: ("Normalization", False),
    136: ("OpenAI", False),
    137: ("Perplexity", True),
    139: ("Prompt", False),
    141: ("Positional encoding", False),
    143: ("PagedAttention", False),
    145: ("Pooling", False),
    147: ("Resemble AI", False),
    148: ("Runway", False),
    149: ("RNN", False),
    151: ("Residual connection", False),
    153: ("RLAIF", False),
    155: ("Stochastic Parrots", True),  # the term is only inside a paper title
    156: ("Sarvam AI", False),
    157: ("Scaling laws", False),
    159: ("Training where the model generates its own supervision", True),  # self-supervised
    161: ("Small draft model", True),  # speculative decoding, never named
    163: ("Streaming", True),
    165: ("Structured output", True),
    167: ("Training from labeled examples", True),  # supervised learning, never named
    169: ("Training data generated by AI models", True),  # synthetic data
    171: ("Softmax", False),
    173: ("Scale AI", False),
    175: ("Self-attention", False),
    177: ("Sparse autoencoder", False),
    179: ("SwiGLU", False),
    181: ("Sigmoid", False),
    183: ("Algorithm converting raw text into tokens", True),  # tokenizer, never named
    185: ("Transfer learning", False),
    187: ("Throughput", False),
    189: ("Together AI", False),  # + Chinese why-it-matters on line 189
    192: ("Unsupervised learning", True),
    194: ("ViT", False),
    196: ("vLLM", False),
    198: ("Wan-AI", False),
    199: ("Watermarking", False),
    201: ("W&B", False),
    203: ("Word embeddings", False),
    205: ("Windsurf", False),
    206: ("Elon Musk's AI company", True),  # xAI, never named
}


@pytest.fixture(scope="module")
def by_line(glossary_batch: ImportBatch) -> dict[int, TopicDraft]:
    return {topic.sources[0].line: topic for topic in glossary_batch.topics}


def test_glossary_titles_and_review_flags(by_line: dict[int, TopicDraft]) -> None:
    got = {line: (t.title, bool(t.review_reasons)) for line, t in by_line.items()}
    assert got == GLOSSARY_TITLES


def test_glossary_covers_every_line(glossary_batch: ImportBatch) -> None:
    text = seed_text(GLOSSARY)
    non_empty = {n for n, line in enumerate(text.splitlines(), 1) if line.strip()}
    covered = [s.line for topic in glossary_batch.topics for s in topic.sources]
    assert sorted(covered) == sorted(non_empty)


@pytest.mark.parametrize(("line", "lines"), [(11, [11, 12, 13]), (189, [189, 190, 191])])
def test_chinese_why_placed_before_its_entry(
    by_line: dict[int, TopicDraft], line: int, lines: list[int]
) -> None:
    topic = by_line[line]
    assert [s.line for s in topic.sources] == lines
    assert set(topic.texts) == {"en", "zh"}
    assert topic.texts["zh"].why_it_matters


def test_copyright_translation_is_attached_but_reviewed(by_line: dict[int, TopicDraft]) -> None:
    topic = by_line[33]
    assert [s.line for s in topic.sources] == [33, 34, 35]
    assert any("position only" in reason for reason in topic.review_reasons)


def test_lstm_line_stands_alone(by_line: dict[int, TopicDraft]) -> None:
    assert set(by_line[115].texts) == {"zh"}
    assert [s.line for s in by_line[113].sources] == [113, 114]
    assert [s.line for s in by_line[116].sources] == [116, 117]


def test_liquid_ai_is_one_topic(by_line: dict[int, TopicDraft]) -> None:
    text = by_line[110].texts["zh"]
    assert text.summary.startswith("MIT 分拆公司")
    assert "Liquid AI" in text.why_it_matters


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (94, Kind.COMPANY),
        (50, Kind.COMPANY),
        (173, Kind.COMPANY),
        (14, Kind.COMPANY),
        (124, Kind.COMPANY),
        (206, Kind.COMPANY),
        (36, Kind.PRODUCT),
        (48, Kind.PRODUCT),
        (196, Kind.PRODUCT),
        (201, Kind.PRODUCT),
        (101, Kind.PRODUCT),
        (11, Kind.PRODUCT),
        (20, Kind.MODEL),
        (16, Kind.MODEL),
        (54, Kind.MODEL),
        (31, Kind.TERM),
        (40, Kind.TERM),
        (120, Kind.TERM),
        (19, Kind.TERM),
    ],
)
def test_glossary_kinds(by_line: dict[int, TopicDraft], line: int, kind: Kind) -> None:
    assert by_line[line].kind is kind


@pytest.mark.parametrize(
    ("line", "alias"),
    [
        (24, "Byte Pair Encoding"),
        (194, "Vision Transformer"),
        (74, "Diffusion Transformer"),
        (96, "Grouped-query attention"),
        (68, "Direct Preference Optimization"),
        (153, "Reinforcement learning from AI feedback"),
        (130, "Masked language modeling"),
        (40, "Convolutional neural network"),
        (149, "Recurrent neural network"),
        (177, "SAE"),
        (201, "Weights & Biases"),
        (42, "CAI"),
        (90, "Floating Point Operations"),
        (5, "Activation functions"),
        (103, "Induction heads"),
    ],
)
def test_glossary_aliases(by_line: dict[int, TopicDraft], line: int, alias: str) -> None:
    assert ("en", alias) in by_line[line].aliases


# ------------------------------------------------------------------------------ detection


@pytest.mark.parametrize(
    ("prefix", "format_name"),
    [
        ("000", "glossary"),
        ("001", "tagpage"),
        ("002", "tagpage"),
        ("003", "category"),
        ("004", "tagpage"),
    ],
)
def test_sniff_the_seeds(prefix: str, format_name: str) -> None:
    assert detect.sniff(seed_path(prefix).read_text(encoding="utf-8")) == format_name
