"""The compact name index behind the linker (aiwiki.rendering.autolink.NameIndex), and the
linker held to the one it replaced: same links for random names and texts, whatever the
hash function, however badly it collides."""

from __future__ import annotations

import html as htmllib
import random
from collections.abc import Callable, Collection, Iterable

import pytest

from aiwiki.rendering import Linker
from aiwiki.rendering.autolink import _WORD, NameIndex, NameRow
from tests.rendering.reference_autolink import ReferenceLinker, _is_latin_word_char
from tests.rendering.test_autolink import NAMES

LATIN = ["cache", "kv", "attention", "self", "go", "rag", "moe", "zero", "lora", "net", "ab",
         "x", "c", "naïve", "İnfo", "straße", "r2", "gpt_4"]
CJK = ["注意力", "机制", "大", "模型", "语言", "한국"]
JOINERS = [" ", "-", "", "  ", "\n", "+", "&", "/", "."]
SEPARATORS = [" ", "  ", "\n", "", ", ", ". ", " & ", " <x> ", "-", "(", ")"]


def _recase(word: str, rng: random.Random) -> str:
    choice = rng.randrange(5)
    if choice == 1:
        return word.upper()
    if choice == 2:
        return word.title()
    if choice == 3 and len(word) > 1:
        return word[0].upper() + word[1:-1] + word[-1].upper()
    return word


def _random_names(rng: random.Random, count: int) -> dict[str, tuple[str, str]]:
    names: dict[str, tuple[str, str]] = {}
    for _ in range(count):
        parts = [_recase(rng.choice(LATIN + CJK), rng) for _ in range(rng.randint(1, 3))]
        surface = parts[0]
        for part in parts[1:]:
            surface += rng.choice(JOINERS) + part
        slug = f"s{rng.randrange(count // 2)}"
        names.setdefault(surface, (slug, f"Title {slug}"))
    return names


def _random_html(rng: random.Random, names: list[str]) -> str:
    pieces = []
    for _ in range(rng.randint(3, 40)):
        roll = rng.random()
        if roll < 0.4:
            piece = _recase(rng.choice(names), rng) if rng.random() < 0.3 else rng.choice(names)
        elif roll < 0.8:
            piece = _recase(rng.choice(LATIN + CJK), rng)
        else:
            piece = rng.choice(["the", "of", "caches", "precache", "kvcache", "注", "大模"])
        pieces.append(htmllib.escape(piece, quote=False))
        separator = rng.choice(SEPARATORS)
        pieces.append(htmllib.escape(separator, quote=False))
        if rng.random() < 0.05:
            tags = ["<code>cache</code>", "</p><h2>moe</h2><p>", "<em>", "</em>"]
            pieces.append(rng.choice(tags))
    return "<p>" + "".join(pieces) + "</p>"


def _collide(text: str) -> int:
    return len(text) % 3


@pytest.mark.parametrize("seed", range(12))
def test_links_exactly_as_the_reference_linker(seed: int) -> None:
    rng = random.Random(seed)
    names = _random_names(rng, rng.choice([5, 30, 200]))
    reference = ReferenceLinker(names)
    linkers = [Linker(names), Linker(names, hash_name=_collide), Linker(names, hash_name=hash)]
    surfaces = list(names)
    for _ in range(40):
        html = _random_html(rng, surfaces)
        exclude = rng.choice([None, *(slug for slug, _ in names.values())])
        expected = reference.link(html, exclude_slug=exclude)
        for linker in linkers:
            assert linker.link(html, exclude_slug=exclude) == expected, html


@pytest.mark.parametrize("hash_name", [lambda _: 0, len, _collide, lambda s: -(2**70) - len(s)])
def test_colliding_hashes_never_change_the_links(hash_name: Callable[[str], int]) -> None:
    texts = [
        "<p>the KV cache grows; a kv cache and a cache</p>",
        "<p>Self-attention beats attention, MoE, RAG, ZeRO; moe rag zero Rag MOE</p>",
        "<p>go and play Go, adam and Adam, R&amp;D and C++ code</p>",
        "<p>我们使用注意力机制。基于大语言模型的系统, 使用KV cache加速, 使用LLM</p>",
        "<p>Keep the KV\n   cache warm, then the  Transformer\tworks. caches precache</p>",
    ]
    collided = Linker(NAMES, hash_name=hash_name)
    plain = Linker(NAMES)
    for text in texts:
        assert collided.link(text) == plain.link(text)
        assert collided.excluding("kv-cache").link(text) == plain.excluding("kv-cache").link(text)


def test_a_colliding_one_letter_name_is_never_linked() -> None:
    """One-letter names are not indexed; a span hashing like another name still needs a
    real name of two letters or more."""
    linker = Linker({"a": ("a", "A"), "ab": ("ab", "AB")}, hash_name=lambda _: 7)
    assert linker.link("<p>a b ab</p>").slugs == {"ab"}


def test_words_are_cut_where_the_reference_saw_word_boundaries() -> None:
    """`_WORD` (a regex) agrees with the predicates it replaced for every code point:
    whitespace is no word, Latin-script letters and digits run together, anything else
    stands alone."""
    for code in range(0x110000):
        char = chr(code)
        match = _WORD.match(char + char)
        if char.isspace():
            assert match is None, hex(code)
        else:
            assert match is not None
            assert (len(match[0]) == 2) == _is_latin_word_char(char), hex(code)


def test_entries_come_in_the_order_that_settles_a_shared_name() -> None:
    """Titles before aliases, then the lower topic id, whatever order they were read in."""
    index = NameIndex([("Pooling", 9, True), ("pooling", 7, False), ("POOLING", 3, True),
                       ("Pooling", 8, False)])
    assert index.entries("pooling") == [(7, False), (8, False), (3, True), (9, True)]
    assert index.entries("poolin") == []


def test_own_case_names_are_filed_as_written() -> None:
    index = NameIndex([("MoE", 1, False), ("moe", 2, False), ("KV cache", 3, False)])
    assert index.entries("MoE") == [(1, False)]
    assert index.entries("moe") == [(2, False)]
    assert index.entries("kv cache") == [(3, False)]


def test_longest_name_per_first_word() -> None:
    index = NameIndex([("KV cache", 1, False), ("KV  cache   eviction", 2, False),
                       ("Self-attention", 3, False), ("注意力机制", 4, False)])
    assert index.longest("kv") == len("kv cache eviction")
    assert index.longest("self") == len("self-attention")
    assert index.longest("注") == len("注意力机制")
    assert index.longest("cache") == 0


def test_twelve_bytes_a_name() -> None:
    rng = random.Random(3)
    names = [(f"{rng.choice(LATIN)} {i}", i, bool(i % 5 == 0)) for i in range(20_000)]
    index = NameIndex(names)
    assert len(index) == 20_000
    assert index.nbytes <= 12 * len(index) + 12 * len(LATIN)


def test_topic_ids_beyond_32_bits_still_round_trip() -> None:
    big = 2**40 + 5
    index = NameIndex([("Pooling", big, True), ("Pooling", 1, False)])
    assert index.entries("pooling") == [(1, False), (big, True)]


class _CountingResolve:
    """A `Resolve` over rows in memory that records each call."""

    def __init__(self, rows: list[NameRow]) -> None:
        self.rows = rows
        self.calls: list[set[int]] = []

    def __call__(self, ids: Collection[int]) -> Iterable[NameRow]:
        self.calls.append(set(ids))
        return [row for row in self.rows if row.topic_id in ids]


def test_one_resolve_call_for_just_the_topics_a_text_may_mention() -> None:
    rows = [NameRow(i, f"{word} {i}", f"s{i}", f"T{i}") for i, word in enumerate(LATIN * 50)]
    rows.append(NameRow(len(rows), "attention", "attention", "Attention"))
    resolve = _CountingResolve(rows)
    linker = Linker.over(NameIndex((row.name, row.topic_id, False) for row in rows), resolve)
    linked = linker.link("<p>attention and cache 7, then <code>net 9</code> net 27</p>")
    assert linked.slugs == {"attention", "s27"}
    assert resolve.calls == [{len(rows) - 1, 27}]
    assert linker.link("<p>nothing to see</p>").slugs == frozenset()
    assert len(resolve.calls) == 1  # no candidate, no call


def test_a_name_gone_from_the_resolver_is_not_linked() -> None:
    """The index may be older than the names (renamed since): only real names link."""
    index = NameIndex([("Attention", 1, False), ("Attention", 2, False)])
    rows = [NameRow(1, "Self-attention", "one", "One"), NameRow(2, "Attention", "two", "Two")]
    assert Linker.over(index, _CountingResolve(rows)).link("<p>attention</p>").slugs == {"two"}
