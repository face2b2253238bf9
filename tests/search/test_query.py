"""Tests for search/query.py and search/resolve.py: plans built from text, fitted to an index."""

from __future__ import annotations

import pytest

from aiwiki.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    QueryPlan,
    clean_user_text,
    corrected_text,
    did_you_mean,
    fuzzy_distance,
    plan_query,
    with_corrections,
)
from aiwiki.search.resolve import COMMON_MIN_DOCS, resolve
from aiwiki.search.weights import PREFIX_BOOST


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("  flash   attention ", "flash attention"),
        ("a\x00b\tc\nd", "a b c d"),
        ("\x1b[31mred", "[31mred"),
        ("zero\u200bwidth", "zero width"),
        ("emoji 🤖 stays", "emoji 🤖 stays"),
        ('"quoted" (AND) * - :', '"quoted" (AND) * - :'),
    ],
)
def test_clean_user_text(raw: str, text: str) -> None:
    assert clean_user_text(raw) == (text, None) or clean_user_text(raw).text == text
    assert clean_user_text(raw).notice is None


@pytest.mark.parametrize("raw", ["word " * 100, "x" * 10_000, "注" * 300])
def test_long_text_is_truncated_with_a_notice(raw: str) -> None:
    clean = clean_user_text(raw)
    assert len(clean.text) <= MAX_QUERY_CHARS
    assert clean.notice == f"query truncated to {MAX_QUERY_CHARS} characters"
    assert not clean.text.endswith(" ")


def test_plan_reads_text_only_through_the_analyzer() -> None:
    plan = plan_query('title:"Flash" AND att*')
    assert [t.term for t in plan.terms] == ["title", "flash", "att"]  # 'and' is a stopword
    assert plan.key == "titleflashandatt"


def test_plan_terms_carry_forms_and_expansions() -> None:
    plan = plan_query("scaling laws transfomer spec")
    by_term = {t.term: t for t in plan.terms}
    assert by_term["laws"].forms == ("laws", "law")
    assert by_term["transfomer"].fuzzy == 2  # ten letters: two edits
    assert by_term["spec"].fuzzy == 1 and by_term["spec"].prefix
    assert plan.phrase == ("scaling", "laws", "transfomer", "spec")


def test_the_last_term_is_a_prefix_even_when_short() -> None:
    plan = plan_query("flash at")
    assert [(t.term, t.prefix) for t in plan.terms] == [("flash", True), ("at", True)]
    assert not plan_query("gpt 4").terms[-1].prefix  # one character: too many words


def test_chinese_terms_are_exact_only() -> None:
    plan = plan_query("注意力机制")
    assert all(t.cjk and not t.prefix and not t.fuzzy for t in plan.terms)
    assert plan.phrase == () and plan.key == "注意力机制"


def test_stopwords_only_when_nothing_else() -> None:
    assert [t.term for t in plan_query("the mixture of experts").terms] == ["mixture", "experts"]
    assert [t.term for t in plan_query("of the").terms] == ["of", "the"]


def test_too_many_terms_are_cut_with_a_notice() -> None:
    plan = plan_query(" ".join(f"word{i}" for i in range(30)))
    assert len(plan.terms) == MAX_TERMS
    assert plan.notice and str(MAX_TERMS) in plan.notice


@pytest.mark.parametrize("raw", ["", "   ", "\x00", "🤖", "((", "x" * 50])
def test_empty_plans(raw: str) -> None:
    plan = plan_query(raw)
    assert plan.terms == ()


@pytest.mark.parametrize(
    ("term", "distance"), [("moe", 0), ("rlhf", 1), ("atention", 2), ("gpt4", 0), ("注意力机", 0)]
)
def test_fuzzy_distance(term: str, distance: int) -> None:
    assert fuzzy_distance(term) == distance


def test_corrections_rewrite_the_users_words() -> None:
    plan = with_corrections(plan_query("Atention Mask"), {"atention": "attention"})
    assert did_you_mean(plan) == "attention Mask"
    assert plan.corrected_key == "attentionmask"
    term = plan.terms[0]
    assert term.corrections == ("attention", "attentions") and term.fuzzy == 0
    assert corrected_text("MmabaGpt x", {"mmabagpt": "mambagpt"}) == "mambagpt x"
    assert did_you_mean(plan_query("attention")) is None


class FakeIndex:
    """An IndexView with made-up statistics."""

    num_docs = 1_000_000

    def __init__(self, freqs: dict[tuple[str, str], int], titles: dict[str, int]) -> None:
        self.freqs, self.titles = freqs, titles

    def doc_freq(self, field: str, term: str) -> int:
        return self.freqs.get((field, term), 0)

    def complete(self, prefix: str, limit: int) -> list[tuple[str, int]]:
        found = sorted(
            ((w, n) for w, n in self.titles.items() if w.startswith(prefix)),
            key=lambda item: -item[1],
        )
        return found[:limit]


def _resolved(text: str) -> QueryPlan:
    index = FakeIndex(
        freqs={
            ("title", "attention"): 500,
            ("summary", "attention"): 20_000,
            ("body", "attention"): 200_000,
            ("body", "rare"): 5,
            ("title", "flash"): 40,
        },
        titles={"attention": 500, "attentional": 7, "attic": 2, "flash": 40},
    )
    return resolve(plan_query(text), index)


def test_resolve_keeps_only_indexed_pairs_and_drops_common_body_words() -> None:
    attention = _resolved("attention rare").terms[0]
    assert attention.present == (("title", "attention"), ("summary", "attention"))
    # a common word's plural partner is searched in names, not in summaries
    assert _resolved("attentions").terms[0].present == (("title", "attention"),)
    assert _resolved("rare").terms[0].present == (("body", "rare"),)
    assert COMMON_MIN_DOCS <= 10_000


def test_resolve_expands_only_unknown_or_unfinished_terms() -> None:
    attention, unknown = _resolved("attention atention").terms
    assert attention.known and attention.fuzzy == 0 and not attention.prefix
    assert unknown.known is False and unknown.fuzzy == 2
    completions = _resolved("flash att").terms[-1].completions
    assert completions is not None
    assert [word for word, _ in completions] == ["attention", "attentional", "attic"]
    boosts = [boost for _, boost in completions]
    assert boosts == sorted(boosts, reverse=True) and boosts[0] == pytest.approx(PREFIX_BOOST)
    # the last term is the most frequent title word it starts: it needs no completion
    assert _resolved("flash attention").terms[-1].completions == ()


def test_a_word_flooding_the_summaries_is_read_there_only_alone_or_rarest() -> None:
    index = FakeIndex(
        freqs={
            ("title", "5"): 40_000,
            ("summary", "5"): 300_000,  # in more than a tenth of a million topics
            ("title", "llama"): 900,
            ("summary", "llama"): 3_000,
        },
        titles={},
    )
    five, llama = resolve(plan_query("5 llama"), index).terms
    assert five.present == (("title", "5"),)  # 'llama' ranks; '5' still counts in titles
    assert llama.present == (("title", "llama"), ("summary", "llama"))
    alone = resolve(plan_query("5"), index).terms[0]
    assert alone.present == (("title", "5"), ("summary", "5"))
