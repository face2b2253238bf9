"""A small bilingual corpus for the search contract: thirty-odd topics, written for it.

Neighbours are deliberate: several titles contain "attention", two topics share a tag
with different levels, a Chinese-only topic mentions Mamba, and summaries carry LaTeX.
"""

from __future__ import annotations

from aiwiki.search.base import SearchDocument


def doc(
    topic_id: int,
    slug: str,
    title: str,
    summary: str,
    *,
    zh_title: str = "",
    zh_summary: str = "",
    body: str = "",
    aliases: tuple[str, ...] = (),
    level: str | None = "intermediate",
    kind: str = "concept",
    tags: tuple[str, ...] = (),
    categories: tuple[str, ...] = (),
    revision: int = 1,
    status: str = "published",
) -> SearchDocument:
    """One-line factory for test documents."""
    titles = {"en": title, **({"zh": zh_title} if zh_title else {})}
    if not title:
        titles = {"zh": zh_title}
    summaries = {"en": summary, **({"zh": zh_summary} if zh_summary else {})}
    if not summary:
        summaries = {"zh": zh_summary}
    return SearchDocument(
        topic_id=topic_id,
        slug=slug,
        revision=revision,
        titles=titles,
        aliases=list(aliases),
        summaries=summaries,
        bodies={"en": body} if body else {},
        level=level,
        kind=kind,
        status=status,
        tags=list(tags),
        categories=list(categories),
    )


CORPUS: list[SearchDocument] = [
    doc(
        1,
        "attention",
        "Attention",
        "The mechanism that lets each token weigh every other token when building its "
        "representation, mixing information across positions by a weighted sum.",
        zh_title="注意力机制",
        zh_summary="注意力机制让模型在生成每个词时决定哪些词更重要。",
        body=r"Scores are \( \mathrm{softmax}(QK^\top / \sqrt{d_k}) V \).",
        level="beginner",
        tags=("transformer",),
        categories=("architecture",),
    ),
    doc(
        2,
        "multi-head-attention",
        "Multi-Head Attention",
        "Runs several attention operations side by side so different heads can track "
        "different relations, then concatenates their outputs.",
        level="intermediate",
        tags=("transformer",),
        categories=("architecture",),
    ),
    doc(
        3,
        "flash-attention",
        "FlashAttention",
        "An exact attention algorithm that tiles the computation so it fits in fast on-chip "
        "SRAM, cutting memory traffic to HBM.",
        aliases=("Flash Attention",),
        level="advanced",
        tags=("transformer", "inference"),
        categories=("architecture",),
    ),
    doc(
        4,
        "kv-cache",
        "KV Cache",
        "Keeps the key and value vectors of earlier tokens during generation so they are "
        "not recomputed at every step; the main memory cost of serving.",
        zh_title="键值缓存",
        zh_summary="在生成时保存之前各个词的键和值，避免重复计算。",
        aliases=("key-value cache",),
        level="advanced",
        tags=("inference",),
        categories=("architecture",),
    ),
    doc(
        5,
        "lora",
        "Low-Rank Adaptation (LoRA)",
        "Fine-tunes a frozen model by learning two thin matrices whose product is added "
        "to a weight matrix, training a tiny fraction of the parameters.",
        zh_title="低秩适配",
        level="intermediate",
        kind="paper",
        tags=("fine-tuning",),
        categories=("training",),
    ),
    doc(
        6,
        "rlhf",
        "Reinforcement Learning from Human Feedback",
        "Trains a reward model on human preference comparisons and then optimises the "
        "language model against it with a policy-gradient method.",
        aliases=("RLHF",),
        level="advanced",
        tags=("alignment", "fine-tuning"),
        categories=("training",),
    ),
    doc(
        7,
        "mixture-of-experts",
        "Mixture of Experts",
        "Routes each token to a few expert feed-forward blocks chosen by a learned gate, "
        "so total parameters grow while compute per token stays flat.",
        aliases=("MoE",),
        level="advanced",
        tags=("transformer",),
        categories=("architecture",),
    ),
    doc(
        8,
        "speculative-decoding",
        "Speculative Decoding",
        "A small draft model proposes several tokens and the large model verifies them in "
        "one pass, accepting the longest agreeing run.",
        level="advanced",
        tags=("inference",),
        categories=("inference",),
    ),
    doc(
        9,
        "transformer",
        "Transformer",
        "The architecture built from stacked self-attention and feed-forward layers that "
        "underlies nearly every large language model.",
        body="Introduced for translation; attention replaced recurrence entirely.",
        level="beginner",
        tags=("transformer",),
        categories=("architecture",),
    ),
    doc(
        10,
        "mamba",
        "Mamba",
        "A selective state-space model that processes sequences in linear time and competes "
        "with transformers on long inputs.",
        level="advanced",
        kind="model",
        tags=("architecture-alternatives",),
        categories=("architecture",),
    ),
    doc(
        11,
        "state-space-models-zh",
        "",
        "",
        zh_title="状态空间模型",
        zh_summary="像Mamba这样的状态空间模型用线性时间处理长序列，是注意力之外的另一条路线。",
        level="advanced",
        tags=("architecture-alternatives",),
        categories=("architecture",),
    ),
    doc(
        12,
        "softmax",
        "Softmax",
        r"Turns a vector of scores into probabilities: "
        r"\( \mathrm{softmax}(z)_i = e^{z_i} / \sum_j e^{z_j} \).",
        level="beginner",
        kind="term",
        tags=("math",),
        categories=("foundations",),
    ),
    doc(
        13,
        "autoregressive-model",
        "Autoregressive Model",
        r"Factorises the probability of a sequence as \( \prod_t P(w_t \mid w_{<t}) \), "
        r"predicting each token from the ones before it.",
        level="beginner",
        tags=("generation",),
        categories=("foundations",),
    ),
    doc(
        14,
        "perplexity",
        "Perplexity",
        r"The exponential of the average negative log-likelihood, "
        r"\( \exp(-\frac{1}{N}\sum_i \log p(x_i)) \); lower means the model is less surprised.",
        level="intermediate",
        kind="term",
        tags=("evaluation", "math"),
        categories=("foundations",),
    ),
    doc(
        15,
        "byte-pair-encoding",
        "Byte Pair Encoding",
        "Builds a tokenizer vocabulary by repeatedly merging the most frequent adjacent "
        "pair of symbols.",
        aliases=("BPE",),
        level="beginner",
        tags=("tokenization",),
        categories=("foundations",),
    ),
    doc(
        16,
        "embedding",
        "Embedding",
        "A vector of numbers standing for a word, sentence or image, placed so that similar "
        "things land close together.",
        level="beginner",
        tags=("representation",),
        categories=("foundations",),
    ),
    doc(
        17,
        "quantization",
        "Quantization",
        "Stores weights and activations in fewer bits, such as int8 or 4-bit formats, to "
        "shrink memory and speed up inference.",
        level="intermediate",
        tags=("inference",),
        categories=("inference",),
    ),
    doc(
        18,
        "knowledge-distillation",
        "Knowledge Distillation",
        "Trains a small student model to imitate the softmax output distribution of a "
        "larger teacher.",
        level="intermediate",
        tags=("training",),
        categories=("training",),
    ),
    doc(
        19,
        "rag",
        "Retrieval-Augmented Generation",
        "Fetches relevant passages from a document store and puts them in the prompt so "
        "the model answers from evidence.",
        aliases=("RAG",),
        level="intermediate",
        tags=("retrieval",),
        categories=("applications",),
    ),
    doc(
        20,
        "chain-of-thought",
        "Chain-of-Thought Prompting (CoT)",
        "Asks the model to write out intermediate reasoning steps before the final answer.",
        level="beginner",
        tags=("prompting",),
        categories=("applications",),
    ),
    doc(
        21,
        "scaling-laws",
        "Scaling Laws",
        "Empirical power-law relations between loss and model size, data and compute.",
        level="intermediate",
        tags=("scaling",),
        categories=("training",),
    ),
    doc(
        22,
        "gpt-4",
        "GPT-4",
        "A large multimodal model from OpenAI, released in 2023.",
        level=None,
        kind="model",
        tags=("models",),
        categories=("models",),
    ),
    doc(
        23,
        "weights-and-biases",
        "Weights & Biases",
        "An experiment-tracking service that logs metrics, configs and artifacts of runs.",
        aliases=("W&B", "wandb"),
        level=None,
        kind="product",
        tags=("tools",),
        categories=("tools",),
    ),
    doc(
        24,
        "diffusion-model",
        "Diffusion Model",
        "Generates images by learning to reverse a process that gradually adds noise.",
        level="intermediate",
        tags=("generation",),
        categories=("architecture",),
    ),
    doc(
        25,
        "gradient-descent",
        "Gradient Descent",
        "Moves parameters a small step against the gradient of the loss, over and over.",
        level="beginner",
        tags=("optimization",),
        categories=("training",),
    ),
    doc(
        26,
        "backpropagation",
        "Backpropagation",
        "Computes the gradient of the loss with respect to every weight by applying the "
        "chain rule backwards through the network.",
        level="beginner",
        tags=("optimization",),
        categories=("training",),
    ),
    doc(
        27,
        "overfitting",
        "Overfitting",
        "When a model memorises its training data, noise included, and does worse on new data.",
        level="beginner",
        tags=("evaluation",),
        categories=("foundations",),
    ),
    doc(
        28,
        "contrastive-learning",
        "Contrastive Learning",
        "Learns representations by pulling matching pairs together and pushing "
        "mismatched pairs apart.",
        level="advanced",
        tags=("representation",),
        categories=("training",),
    ),
    doc(
        29,
        "hallucination",
        "Hallucination",
        "A fluent, confident answer that is not supported by the input or by facts; "
        "a <script>-free example: 2 < 3 & 3 > 2.",
        zh_title="幻觉",
        zh_summary="模型给出流畅但没有事实依据的回答。",
        level="beginner",
        tags=("evaluation",),
        categories=("safety",),
    ),
    doc(
        30,
        "rotary-position-embedding",
        "Rotary Position Embedding",
        "Encodes position by rotating query and key vectors by angles that grow with the "
        "position, so attention scores depend on relative distance.",
        aliases=("RoPE",),
        level="advanced",
        tags=("transformer",),
        categories=("architecture",),
    ),
    doc(
        31,
        "prompt-injection",
        "Prompt Injection",
        "Text hidden in a model's input that overrides the instructions it was given.",
        level="intermediate",
        tags=("security",),
        categories=("safety",),
    ),
    doc(
        32,
        "retired-topic",
        "Retired Topic",
        "A deleted topic that search must never show.",
        status="deleted",
    ),
]

VISIBLE = [d for d in CORPUS if d.status != "deleted"]
BY_SLUG = {d.slug: d for d in CORPUS}
