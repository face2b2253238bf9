"""A synthetic, reproducible corpus of AI-concept topics and the queries a learner types.

Titles read like "Sparse Rotary Attention Scheduling", summaries and bodies are drawn
from about 2 000 words (English AI vocabulary plus coined model names) by a Zipf law
through sentence templates; a tenth of the topics also have Chinese text (with English
names inside), one in twenty carries LaTeX. Everything depends on one seed.
"""

from __future__ import annotations

import random
import string
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import accumulate

from aiwiki.search.base import SearchDocument

ADJECTIVES = """
sparse dense rotary causal linear nonlinear recurrent convolutional residual adaptive
stochastic deterministic contrastive generative discriminative autoregressive
bidirectional multimodal multilingual hierarchical federated distributed quantized
pruned distilled latent variational bayesian probabilistic gated selective structured
unstructured supervised unsupervised semi-supervised self-supervised robust adversarial
efficient scalable parallel sequential local global relative absolute positional
continuous discrete differentiable low-rank high-dimensional orthogonal normalized
regularized calibrated aligned instruction-tuned pretrained fine-tuned frozen shared
grouped multi-head cross-modal long-context short-context streaming cached speculative
greedy optimal approximate exact mixed-precision synthetic curated noisy clean robust
interpretable mechanistic emergent compositional symbolic neural graph-based
retrieval-augmented tool-augmented agentic reflective iterative progressive incremental
curriculum meta-learned few-shot zero-shot one-shot in-context chain-of-thought
tree-structured memory-efficient compute-optimal data-efficient sample-efficient
energy-based score-based flow-based diffusion-based token-level sequence-level
layer-wise channel-wise head-wise block-sparse kernelized randomized lightweight
on-device edge serverless asynchronous synchronous elastic modular universal conditional
unconditional masked unmasked visual textual acoustic spatial temporal spectral wavelet
fractal elastic hybrid decoupled coupled tied untied weighted unweighted implicit
explicit lazy eager dynamic static sliding dilated strided pooled
""".split()  # noqa: SIM905

NOUNS = """
attention transformer encoder decoder embedding token tokenizer vocabulary gradient
optimizer scheduler learning rate loss objective reward policy value critic actor agent
environment trajectory rollout sample batch epoch checkpoint weight bias activation
neuron layer block head residual stream norm normalization dropout regularization kernel
filter convolution pooling recurrence memory cache buffer context window prompt
completion instruction demonstration example label annotation dataset benchmark metric
perplexity accuracy precision recall calibration uncertainty entropy divergence
distribution prior posterior likelihood estimator inference training pretraining
finetuning alignment preference feedback evaluation retrieval index query key value
projection matrix tensor vector scalar parameter hyperparameter architecture model
network graph node edge path tree search planner verifier generator discriminator
autoencoder diffusion score flow sampler denoiser schedule noise signal representation
feature manifold subspace basis dimension rank factorization decomposition quantization
pruning distillation sparsity mixture expert router gate gating capacity throughput
latency bandwidth compute accelerator kernel compiler runtime serving deployment
hardware memory chip cluster shard pipeline replica gradient checkpointing recomputation
offloading compression codec speech audio image video pixel patch frame caption
grounding reasoning planning reflection tool function call api interface agent safety
jailbreak refusal guardrail watermark provenance attribution interpretability circuit
probe feature steering vector activation patching ablation hallucination factuality
consistency robustness generalization overfitting underfitting memorization
contamination leakage privacy fairness bias toxicity oversight constitution principle
critique revision debate protocol scaffold workflow orchestration retrieval reranker
corpus passage document chunk citation summary translation classification regression
segmentation detection tracking recognition transcription synthesis editing inpainting
upscaling compression rendering simulation world dynamics physics environment robot
manipulation locomotion navigation control reward shaping exploration exploitation
curiosity imitation demonstration policy scaling law frontier capability emergence
threshold phase transition plateau curriculum schedule warmup decay momentum adam
optimizer state moment variance mean median quantile histogram sketch hashing bloom
lattice codebook centroid cluster neighbor similarity distance metric space hyperplane
margin boundary classifier ensemble committee vote consensus ranking pairwise listwise
pointwise objective
""".split()  # noqa: SIM905

VERBS = """
learns predicts generates encodes decodes compresses routes selects scores ranks
retrieves filters aligns calibrates regularizes normalizes projects factorizes
approximates estimates samples denoises reconstructs distills prunes quantizes caches
streams batches shards replicates schedules allocates balances stabilizes accelerates
reduces improves increases preserves combines mixes attends conditions guides steers
verifies critiques revises plans searches explores exploits imitates rewards penalizes
tokenizes embeds clusters indexes reranks summarizes translates classifies segments
detects tracks transcribes synthesizes edits renders simulates controls navigates
""".split()  # noqa: SIM905

LINKS = """
by through with using via across over within without while because so that which whereas
although when before after during
""".split()  # noqa: SIM905

FUNCTION_WORDS = """
the of a and to in is for that with as on by it this are from an be can each more than
its which model data when not into at it also so their all only
""".split()  # noqa: SIM905

_SYLLABLES = [
    "tri",
    "flash",
    "mega",
    "nano",
    "hyper",
    "deep",
    "open",
    "star",
    "neo",
    "omni",
    "lum",
    "vex",
    "zen",
    "kor",
    "ql",
    "mix",
    "rope",
    "gala",
    "orca",
    "mamba",
    "jam",
    "falcon",
    "llava",
    "phi",
    "qwen",
    "yi",
    "mist",
    "gem",
    "claud",
    "pal",
    "bert",
    "t5",
    "vit",
    "clip",
    "sam",
    "dino",
    "blip",
    "gpt",
    "lm",
    "net",
    "former",
    "zero",
]

ZH_WORDS = """
模型 注意力 机制 训练 推理 数据 参数 梯度 优化 损失 向量 嵌入 编码器 解码器
语言 生成 检索 增强 对齐 反馈 奖励 策略 评估 基准 量化 剪枝 蒸馏 稀疏 专家
混合 缓存 上下文 窗口 提示 指令 微调 预训练 表示 特征 分布 概率 采样 扩散
图像 视频 语音 多模态 安全 幻觉 推理能力 规划 工具 智能体 记忆 长序列 效率
延迟 吞吐 硬件 并行 分布式 压缩 知识 因果 自回归 标记 词表
""".split()  # noqa: SIM905

ZH_TEMPLATES = [
    "{a}是一种{b}方法，通过{c}来改进{d}。",
    "{name}把{a}和{b}结合起来，在{c}上取得了更好的{d}。",
    "为什么重要：{a}决定了{b}的{c}，也影响{d}。",
]

LEVELS = ["beginner", "intermediate", "advanced", None]
KINDS = [
    "concept",
    "concept",
    "concept",
    "term",
    "model",
    "paper",
    "company",
    "product",
    "dataset",
    "person",
]
TAGS = [
    f"tag-{n}"
    for n in """transformer inference training alignment safety retrieval agents vision speech
    scaling math evaluation data hardware theory robotics interpretability efficiency
    generation""".split()  # noqa: SIM905
]
CATEGORIES = [
    "architecture",
    "training",
    "inference",
    "applications",
    "foundations",
    "safety",
    "models",
    "tools",
]
MATH = [
    r"\( P(w_t \mid w_{{<t}}) \)",
    r"\( \mathrm{{softmax}}(QK^\top / \sqrt{{d_k}}) \)",
    r"\( \mathcal{{L}} = -\sum_i \log p_\theta(y_i) \)",
    r"$O(n^2)$",
    r"\[ W' = W + BA \]",
]


def _coined_names(rng: random.Random, count: int) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        parts = rng.sample(_SYLLABLES, rng.choice((2, 2, 3)))
        name = "".join(p.capitalize() if rng.random() < 0.6 else p.upper() for p in parts)
        if rng.random() < 0.3:
            name += f"-{rng.choice('23457')}{rng.choice(['', 'B', 'x', '.5'])}"
        names.add(name)
    return sorted(names)


@dataclass
class Vocabulary:
    adjectives: list[str]
    nouns: list[str]
    verbs: list[str]
    names: list[str]
    words: list[str]  # everything summaries draw from, most frequent first
    weights: list[float]  # cumulative Zipf weights over `words`

    @classmethod
    def build(cls, rng: random.Random) -> Vocabulary:
        adjectives = list(dict.fromkeys(ADJECTIVES))
        nouns = list(dict.fromkeys(NOUNS))
        verbs = list(dict.fromkeys(VERBS))
        content = nouns + adjectives + verbs
        names = _coined_names(rng, 2000 - len(content) - len(FUNCTION_WORDS))
        rng.shuffle(content)
        # real prose: function words on top, then domain words, coined names in the tail
        words = list(dict.fromkeys(FUNCTION_WORDS + content)) + names
        weights = list(accumulate(1.0 / (rank + 1) for rank in range(len(words))))
        return cls(adjectives, nouns, verbs, names, words, weights)

    def word(self, rng: random.Random) -> str:
        return rng.choices(self.words, cum_weights=self.weights)[0]


class CorpusGenerator:
    """Yields SearchDocuments; the same seed always yields the same corpus."""

    def __init__(self, seed: int = 20240601) -> None:
        self.rng = random.Random(seed)
        self.vocab = Vocabulary.build(self.rng)

    def documents(self, count: int) -> Iterator[SearchDocument]:
        for topic_id in range(1, count + 1):
            yield self.document(topic_id)

    def document(self, topic_id: int) -> SearchDocument:
        rng, vocab = self.rng, self.vocab
        title = self._title()
        aliases = [_acronym(title)] if rng.random() < 0.3 and " " in title else []
        if rng.random() < 0.15:
            title = f"{title} ({rng.choice(vocab.names)})"
        summary = " ".join(self._sentence(title) for _ in range(rng.choice((2, 2, 3))))
        if rng.random() < 0.05:
            summary += f" It is written {rng.choice(MATH).format()}."
        body = " ".join(self._sentence(title) for _ in range(rng.randint(2, 3)))
        titles, summaries = {"en": title}, {"en": summary}
        if rng.random() < 0.1:
            titles["zh"] = "".join(rng.sample(ZH_WORDS, 3))
            summaries["zh"] = self._zh_sentence(title)
        return SearchDocument(
            topic_id=topic_id,
            slug=f"topic-{topic_id}",
            revision=topic_id * 3,
            titles=titles,
            aliases=aliases,
            summaries=summaries,
            bodies={"en": body},
            level=rng.choice(LEVELS),
            kind=rng.choice(KINDS),
            status="published",
            tags=rng.sample(TAGS, rng.randint(0, 3)),
            categories=[rng.choice(CATEGORIES)],
        )

    def _title(self) -> str:
        rng, vocab = self.rng, self.vocab
        if rng.random() < 0.1:
            return rng.choice(vocab.names)
        words = [rng.choice(vocab.adjectives) for _ in range(rng.choice((0, 1, 1, 2)))]
        words += [rng.choice(vocab.nouns) for _ in range(rng.choice((1, 2, 2)))]
        if rng.random() < 0.4:
            base = rng.choice(vocab.verbs)[:-1]
            words.append((base[:-1] if base.endswith("e") else base) + "ing")
        return " ".join(w.capitalize() for w in words)

    def _sentence(self, title: str) -> str:
        rng, w = self.rng, self.vocab.word
        subject = title if rng.random() < 0.3 else f"The {w(rng)} {rng.choice(self.vocab.nouns)}"
        parts = [subject, rng.choice(self.vocab.verbs), w(rng), w(rng), rng.choice(LINKS)]
        parts += [w(rng) for _ in range(rng.randint(7, 12))]
        return " ".join(parts) + "."

    def _zh_sentence(self, title: str) -> str:
        words = self.rng.sample(ZH_WORDS, 4)
        template = self.rng.choice(ZH_TEMPLATES)
        return template.format(a=words[0], b=words[1], c=words[2], d=words[3], name=title)


def _acronym(title: str) -> str:
    letters = [w[0] for w in title.replace("-", " ").split() if w[0] in string.ascii_letters]
    return "".join(letters).upper() or title


@dataclass(frozen=True)
class BenchQuery:
    kind: str  # exact, acronym, prefix, typo, multiword, chinese
    text: str
    topic_id: int | None  # the topic it should find first, when there is one


def make_queries(
    documents: list[SearchDocument], vocab: Vocabulary, count: int = 300, seed: int = 7
) -> list[BenchQuery]:
    """A fixed mix of what learners type, about a sixth of each kind."""
    rng = random.Random(seed)
    out: list[BenchQuery] = []
    makers = [_exact, _acronym_query, _prefix, _typo, _multiword, _chinese]
    zh_docs = [d for d in documents if "zh" in d.titles]
    while len(out) < count:
        maker = makers[len(out) % len(makers)]
        document = rng.choice(zh_docs if maker is _chinese and zh_docs else documents)
        query = maker(rng, document, vocab)
        if query is not None:
            out.append(query)
    return out


def _exact(rng: random.Random, d: SearchDocument, v: Vocabulary) -> BenchQuery:
    return BenchQuery("exact", d.titles["en"], d.topic_id)


def _acronym_query(rng: random.Random, d: SearchDocument, v: Vocabulary) -> BenchQuery | None:
    return BenchQuery("acronym", d.aliases[0], d.topic_id) if d.aliases else None


def _prefix(rng: random.Random, d: SearchDocument, v: Vocabulary) -> BenchQuery | None:
    words = d.titles["en"].split()
    last = words[-1]
    if len(last) < 5:
        return None
    typed = " ".join([*words[:-1][-1:], last[: rng.randint(3, len(last) - 1)]])
    return BenchQuery("prefix", typed, None)


def _typo(rng: random.Random, d: SearchDocument, v: Vocabulary) -> BenchQuery | None:
    words = d.titles["en"].split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return None
    i = rng.choice(long_words)
    word = words[i]
    for _ in range(2 if len(word) >= 8 else 1):
        word = _edit(rng, word)
    words[i] = word
    return BenchQuery("typo", " ".join(words), d.topic_id)


def _multiword(rng: random.Random, d: SearchDocument, v: Vocabulary) -> BenchQuery:
    words: list[str] = []
    while len(words) < rng.randint(2, 3):
        word = v.word(rng)
        if word not in FUNCTION_WORDS:
            words.append(word)
    return BenchQuery("multiword", " ".join(words), None)


def _chinese(rng: random.Random, d: SearchDocument, v: Vocabulary) -> BenchQuery | None:
    return BenchQuery("chinese", d.titles["zh"], d.topic_id) if "zh" in d.titles else None


def _edit(rng: random.Random, word: str) -> str:
    """One random edit away from `word`, never touching its first letter."""
    j = rng.randrange(1, len(word) - 1)
    op = rng.choice(("swap", "delete", "insert", "replace"))
    if op == "swap":
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    if op == "delete":
        return word[:j] + word[j + 1 :]
    letter = rng.choice(string.ascii_lowercase)
    if op == "insert":
        return word[:j] + letter + word[j:]
    return word[:j] + letter + word[j + 1 :]
