"""The SearchBackend contract: every implementation must pass this file unchanged.

Add a backend by adding a factory to BACKENDS; nothing else here names an engine.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Callable

import pytest

from aiwiki.search import (
    SearchBackend,
    SearchFilters,
    SearchRequest,
    SearchResults,
    make_backend,
)

from .corpus import BY_SLUG, CORPUS, VISIBLE, doc

BACKENDS: dict[str, Callable[[], SearchBackend]] = {
    "tantivy": lambda: make_backend("tantivy", None),
}


@pytest.fixture(scope="module", params=sorted(BACKENDS))
def loaded(request: pytest.FixtureRequest) -> SearchBackend:
    """A backend holding the corpus; tests using it must not write."""
    backend = BACKENDS[request.param]()
    backend.index(CORPUS)
    return backend


@pytest.fixture(params=sorted(BACKENDS))
def fresh(request: pytest.FixtureRequest) -> SearchBackend:
    backend = BACKENDS[request.param]()
    backend.index(CORPUS)
    return backend


def search(backend: SearchBackend, text: str, **options: object) -> SearchResults:
    filters = options.pop("filters", SearchFilters())
    assert isinstance(filters, SearchFilters)
    return backend.search(SearchRequest(text, filters, **options))  # type: ignore[arg-type]


def slugs(backend: SearchBackend, text: str, **options: object) -> list[str]:
    return [hit.slug for hit in search(backend, text, **options).hits]


def first(backend: SearchBackend, text: str, **options: object) -> str | None:
    found = slugs(backend, text, **options)
    return found[0] if found else None


# ranking ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Attention", "attention"),  # not FlashAttention or Multi-Head Attention
        ("attention", "attention"),
        ("Transformer", "transformer"),
        ("scaling law", "scaling-laws"),  # plural folded
        ("Byte-Pair Encoding", "byte-pair-encoding"),
        ("gpt4", "gpt-4"),
        ("GPT 4", "gpt-4"),
        ("weights and biases", "weights-and-biases"),
    ],
)
def test_exact_title_comes_first(loaded: SearchBackend, text: str, slug: str) -> None:
    assert first(loaded, text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("RLHF", "rlhf"),
        ("rlhf", "rlhf"),
        ("MoE", "mixture-of-experts"),
        ("KV cache", "kv-cache"),
        ("kv-cache", "kv-cache"),
        ("key value cache", "kv-cache"),
        ("LoRA", "lora"),  # only in the title's parentheses
        ("CoT", "chain-of-thought"),
        ("low-rank adaptation", "lora"),
        ("BPE", "byte-pair-encoding"),
        ("W&B", "weights-and-biases"),
        ("wandb", "weights-and-biases"),
        ("RoPE", "rotary-position-embedding"),
        ("flash attention", "flash-attention"),  # alias and camelCase title
    ],
)
def test_aliases_and_acronyms_find_their_topic(loaded: SearchBackend, text: str, slug: str) -> None:
    assert first(loaded, text) == slug


def test_title_outranks_summary_outranks_body(loaded: SearchBackend) -> None:
    # Softmax names it, Knowledge Distillation's summary mentions it, Attention's body does
    assert slugs(loaded, "softmax", per_page=20) == [
        "softmax",
        "knowledge-distillation",
        "attention",
    ]
    found = slugs(loaded, "attention", per_page=20)
    titled = {"attention", "flash-attention", "multi-head-attention"}
    assert set(found[:3]) == titled
    assert {"rotary-position-embedding", "transformer"} <= set(found[3:])


def test_level_and_kind_never_hide_a_better_match(loaded: SearchBackend) -> None:
    # Mamba is an advanced model; the beginner concepts that mention nothing of it
    # must not outrank it, and filters must be asked for explicitly.
    assert first(loaded, "mamba") == "mamba"
    assert first(loaded, "GPT-4") == "gpt-4"  # no level at all


# typos, prefixes, did-you-mean -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("atention", "attention"),  # one edit
        ("transfromer", "transformer"),  # swapped letters count as one edit
        ("speculatve decoding", "speculative-decoding"),
        ("backpropogation", "backpropagation"),
        ("halucnation", "hallucination"),  # two edits
        ("quantisaton", "quantization"),  # two edits
        ("overfiting", "overfitting"),
    ],
)
def test_typos_find_the_intended_topic(loaded: SearchBackend, text: str, slug: str) -> None:
    assert first(loaded, text) == slug


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("specul", "speculative-decoding"),
        ("flash att", "flash-attention"),
        ("quant", "quantization"),
        ("backprop", "backpropagation"),
        ("retrieval-aug", "rag"),
        ("contrastive lea", "contrastive-learning"),
    ],
)
def test_prefixes_as_typed_match(loaded: SearchBackend, text: str, slug: str) -> None:
    assert first(loaded, text) == slug


def test_exact_terms_rank_above_their_expansions(loaded: SearchBackend) -> None:
    found = slugs(loaded, "embedding", per_page=20)
    assert found[0] == "embedding"
    assert found.index("embedding") < found.index("rotary-position-embedding")


@pytest.mark.parametrize(
    ("text", "suggestion"),
    [
        ("atention", "attention"),
        ("speculatve decodng", "speculative decoding"),
        ("halucnation", "hallucination"),
    ],
)
def test_did_you_mean_corrects_misspelt_words(
    loaded: SearchBackend, text: str, suggestion: str
) -> None:
    assert search(loaded, text).did_you_mean == suggestion


@pytest.mark.parametrize("text", ["attention", "specul", "RLHF", "注意力机制", "mamba"])
def test_no_did_you_mean_for_good_queries(loaded: SearchBackend, text: str) -> None:
    assert search(loaded, text).did_you_mean is None


# Chinese and mixed text ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("注意力机制", "attention"),
        ("注意力", "attention"),
        ("键值缓存", "kv-cache"),
        ("低秩适配", "lora"),
        ("状态空间模型", "state-space-models-zh"),
        ("幻觉", "hallucination"),
    ],
)
def test_chinese_queries_match_chinese_text(loaded: SearchBackend, text: str, slug: str) -> None:
    assert first(loaded, text) == slug


def test_english_names_inside_chinese_text_match(loaded: SearchBackend) -> None:
    found = slugs(loaded, "Mamba")
    assert found[0] == "mamba"
    assert "state-space-models-zh" in found


def test_chinese_snippet_marks_the_match(loaded: SearchBackend) -> None:
    hit = search(loaded, "Mamba", lang="zh").hits[1]
    assert "<mark>Mamba</mark>" in hit.snippet_html


# math --------------------------------------------------------------------------------


def test_words_of_formulas_are_searchable(loaded: SearchBackend) -> None:
    assert "autoregressive-model" in slugs(loaded, "factorises probability")
    assert "attention" in slugs(loaded, "softmax", per_page=20)  # \mathrm{softmax} in a body


def test_latex_commands_are_not_words(loaded: SearchBackend) -> None:
    assert "autoregressive-model" not in slugs(loaded, "mid")  # from \mid
    assert "perplexity" not in slugs(loaded, "frac")


# snippets ------------------------------------------------------------------------------


def test_snippets_mark_matches_and_escape_everything(loaded: SearchBackend) -> None:
    hit = search(loaded, "hallucination fluent").hits[0]
    assert "<mark>fluent</mark>" in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html and "2 &lt; 3 &amp; 3 &gt; 2" in hit.snippet_html
    assert re.sub(r"</?mark>", "", hit.snippet_html).count("<") == 0


def test_snippet_prefers_the_readers_language(loaded: SearchBackend) -> None:
    en = search(loaded, "attention", lang="en").hits[0]
    zh = search(loaded, "注意力机制", lang="zh").hits[0]
    assert "weighted sum" in en.snippet_html
    assert "<mark>" in zh.snippet_html and "模型" in zh.snippet_html
    assert zh.title == "注意力机制" and en.title == "Attention"


def test_hits_carry_ids_slugs_titles_and_scores(loaded: SearchBackend) -> None:
    hit = search(loaded, "LoRA").hits[0]
    assert (hit.topic_id, hit.slug, hit.title) == (5, "lora", "Low-Rank Adaptation (LoRA)")
    assert hit.score > 0
    lora = BY_SLUG["lora"]
    assert (hit.level, hit.kind, hit.status) == (lora.level, lora.kind, lora.status)


def test_hits_show_level_and_status_as_last_indexed(fresh: SearchBackend) -> None:
    """What the web layer shows without asking the database again."""
    old = BY_SLUG["mamba"]
    assert old.level != "beginner"
    fresh.index([dataclasses.replace(old, revision=8, level="beginner", status="needs_review")])
    hit = search(fresh, "mamba").hits[0]
    assert (hit.slug, hit.level, hit.status) == ("mamba", "beginner", "needs_review")


# facets, filters, pagination -----------------------------------------------------------


def _expected_facets(slugs_found: list[str]) -> dict[str, Counter[str]]:
    expected: dict[str, Counter[str]] = {
        name: Counter() for name in ("tag", "category", "level", "kind", "language")
    }
    for slug in slugs_found:
        d = BY_SLUG[slug]
        expected["tag"].update(d.tags)
        expected["category"].update(d.categories)
        expected["level"].update([d.level] if d.level else [])
        expected["kind"].update([d.kind])
        langs = {
            lang for part in (d.titles, d.summaries, d.bodies) for lang, t in part.items() if t
        }
        expected["language"].update(langs)
    return expected


@pytest.mark.parametrize("text", ["attention", "model", "learning"])
def test_facet_counts_describe_all_matches(loaded: SearchBackend, text: str) -> None:
    results = search(loaded, text, per_page=100)
    assert results.total == len(results.hits) > 0
    expected = _expected_facets([h.slug for h in results.hits])
    for name, counts in expected.items():
        assert results.facets[name] == dict(counts), name


@pytest.mark.parametrize(
    ("filters", "check"),
    [
        (SearchFilters(level="advanced"), lambda d: d.level == "advanced"),
        (SearchFilters(kind="model"), lambda d: d.kind == "model"),
        (SearchFilters(tag="inference"), lambda d: "inference" in d.tags),
        (SearchFilters(category="architecture"), lambda d: "architecture" in d.categories),
        (SearchFilters(lang="zh"), lambda d: "zh" in d.titles or "zh" in d.summaries),
        (
            SearchFilters(tag="transformer", level="beginner"),
            lambda d: "transformer" in d.tags and d.level == "beginner",
        ),
    ],
)
def test_filters_select_without_reordering(
    loaded: SearchBackend, filters: SearchFilters, check: Callable[..., bool]
) -> None:
    unfiltered = slugs(loaded, "attention model", per_page=100)
    filtered = slugs(loaded, "attention model", per_page=100, filters=filters)
    assert filtered == [s for s in unfiltered if check(BY_SLUG[s])]
    assert search(loaded, "attention model", filters=filters).total == len(filtered)


def test_filters_without_words_browse(loaded: SearchBackend) -> None:
    found = slugs(loaded, "", filters=SearchFilters(kind="model"), per_page=50)
    assert sorted(found) == sorted(d.slug for d in VISIBLE if d.kind == "model")
    assert search(loaded, "").hits == [] and search(loaded, "").total == 0


def test_pagination_walks_the_same_ranking(loaded: SearchBackend) -> None:
    everything = slugs(loaded, "model", per_page=100)
    paged: list[str] = []
    for page in range(1, 20):
        results = search(loaded, "model", page=page, per_page=3)
        assert results.total == len(everything) and (results.page, results.per_page) == (page, 3)
        paged += [h.slug for h in results.hits]
    assert paged == everything
    assert search(loaded, "model", page=99, per_page=3).hits == []


# odd input -----------------------------------------------------------------------------

NASTY = [
    "",
    " ",
    '"',
    '"unclosed',
    "(",
    ")",
    "((",
    "*",
    "?",
    "-",
    "--",
    ":",
    "title:",
    "a:b",
    "AND",
    "OR",
    "NOT",
    "AND OR NOT",
    "attention AND",
    "NOT attention",
    "+",
    "^2",
    "~1",
    "\\",
    "\\(",
    "[",
    "]",
    "{",
    "}",
    "/",
    "//",
    "'",
    "`",
    "<script>alert(1)</script>",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "🤖",
    "👩‍💻 attention",
    "\u200b",
    "\ufeff",
    "\ud800",
    "x" * 10_000,
    "attention " * 1000,
    "注" * 5000,
    "a" * 300,
    "é" * 100,
    "ﬁne-tuning",
    "SELECT * FROM topics;",
    "title:attention OR 1=1",
    "$\\frac{1}{0}$",
    "%",
    "&&",
    "||",
]


@pytest.mark.parametrize("text", NASTY, ids=lambda t: repr(t[:20]))
def test_any_string_is_safe(loaded: SearchBackend, text: str) -> None:
    results = search(loaded, text)
    assert isinstance(results, SearchResults)
    assert all("<script>" not in h.snippet_html for h in results.hits)
    if len(text) > 200:
        assert results.notice and "200" in results.notice


@pytest.mark.parametrize("text", NASTY[:20], ids=lambda t: repr(t[:20]))
def test_suggest_is_safe(loaded: SearchBackend, text: str) -> None:
    if loaded.supports_suggest:
        assert isinstance(loaded.suggest(text), list)


# suggestions and related ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("s", "Softmax"),
        ("spec", "Speculative Decoding"),
        ("Speculative D", "Speculative Decoding"),
        ("flash", "FlashAttention"),
        ("kv", "KV Cache"),
        ("注意", "注意力机制"),
        ("rl", "Reinforcement Learning from Human Feedback"),  # via its alias
    ],
)
def test_suggest_completes_titles(loaded: SearchBackend, typed: str, title: str) -> None:
    if not loaded.supports_suggest:
        pytest.skip("backend offers no suggestions")
    suggestions = loaded.suggest(typed)
    assert title in [s.title for s in suggestions] and len(suggestions) <= 8


def test_suggest_prefers_short_titles_that_start_with_the_text(loaded: SearchBackend) -> None:
    if not loaded.supports_suggest:
        pytest.skip("backend offers no suggestions")
    first = loaded.suggest("att", limit=3)[0]
    assert (first.title, first.slug) == ("Attention", "attention")
    assert loaded.suggest("") == []


def test_related_topics_share_vocabulary(loaded: SearchBackend) -> None:
    if not loaded.supports_related:
        pytest.skip("backend offers no related topics")
    related = loaded.related(1, limit=5)
    assert 1 not in related and len(related) <= 5
    assert set(related) & {2, 3, 9, 30}
    assert loaded.related(999) == []


# writes ----------------------------------------------------------------------------------


def test_deleted_topics_are_not_indexed(loaded: SearchBackend) -> None:
    assert slugs(loaded, "retired topic") == []
    assert 32 not in loaded.indexed_revisions()


def test_indexed_revisions_lists_every_visible_topic(loaded: SearchBackend) -> None:
    assert loaded.indexed_revisions() == {d.topic_id: d.revision for d in VISIBLE}


def test_indexed_revisions_of_some_topics(loaded: SearchBackend) -> None:
    some = [d.topic_id for d in VISIBLE[::3]]
    assert loaded.indexed_revisions([*some, 32, 12345]) == {
        d.topic_id: d.revision for d in VISIBLE[::3]
    }  # the deleted topic 32 and the unknown 12345 are not indexed
    assert loaded.indexed_revisions([]) == {}


def test_remove_drops_topics(fresh: SearchBackend) -> None:
    fresh.remove([8, 12345])
    assert "speculative-decoding" not in slugs(fresh, "speculative decoding")
    assert 8 not in fresh.indexed_revisions()


def test_reindexing_an_id_replaces_it(fresh: SearchBackend) -> None:
    old = BY_SLUG["mamba"]
    new = dataclasses.replace(old, revision=7, titles={"en": "Mamba-2"}, slug="mamba-2")
    assert fresh.index([new]) == 1
    assert first(fresh, "mamba") == "mamba-2"
    assert slugs(fresh, "mamba").count("mamba") == 0
    assert fresh.indexed_revisions()[old.topic_id] == 7
    assert len(fresh.indexed_revisions()) == len(VISIBLE)


def test_last_copy_wins_within_one_batch(fresh: SearchBackend) -> None:
    fresh.clear()
    first_copy = doc(500, "draft", "Draft Title", "first words", revision=1)
    second_copy = doc(500, "draft", "Final Title", "second words", revision=2)
    assert fresh.index([first_copy, second_copy]) == 2
    assert fresh.indexed_revisions() == {500: 2}
    assert slugs(fresh, "draft") == []


def test_clear_empties_the_index(fresh: SearchBackend) -> None:
    fresh.clear()
    assert fresh.indexed_revisions() == {}
    assert search(fresh, "attention").total == 0
    assert fresh.index(CORPUS[:3]) == 3
    assert first(fresh, "attention") == "attention"
