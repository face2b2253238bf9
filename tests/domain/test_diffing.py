"""Word-level differences, Chinese by character, shaped as two sides of segments."""

from __future__ import annotations

import pytest

from aiwiki.domain.diffing import Segment, diff_items, diff_snapshots, diff_text, tokens


def sides(old: str, new: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    left, right = diff_text(old, new)
    return [(s.kind, s.text) for s in left], [(s.kind, s.text) for s in right]


@pytest.mark.parametrize("text", ["", "Hello, wörld!", "注意力（attention）是 key", "a\n\n b_c"])
def test_tokens_join_back_to_the_text(text: str) -> None:
    assert "".join(tokens(text)) == text


def test_chinese_is_compared_character_by_character() -> None:
    assert tokens("注意力abc") == ["注", "意", "力", "abc"]
    assert sides("注意力机制是一种方法", "自注意力机制是一种技术") == (
        [("equal", "注意力机制是一种"), ("delete", "方法")],
        [("insert", "自"), ("equal", "注意力机制是一种"), ("insert", "技术")],
    )


def test_words_not_letters_are_compared() -> None:
    assert sides("the cat sat on the mat", "the cart sat on a mat") == (
        [("equal", "the "), ("delete", "cat"), ("equal", " sat on "), ("delete", "the"),
         ("equal", " mat")],
        [("equal", "the "), ("insert", "cart"), ("equal", " sat on "), ("insert", "a"),
         ("equal", " mat")],
    )


def test_unchanged_text_is_one_equal_segment_each_side() -> None:
    assert sides("same words", "same words") == ([("equal", "same words")],) * 2


def test_items_compare_as_sets() -> None:
    assert diff_items(["a", "b"], ["b", "c"]) == (
        [Segment("delete", "a"), Segment("equal", "b")],
        [Segment("equal", "b"), Segment("insert", "c")],
    )


def test_every_field_and_language_is_compared() -> None:
    old = {"slug": "gizmo", "kind": "concept", "level": None, "status": "published",
           "texts": {"en": {"title": "Gizmo", "summary": "", "why_it_matters": "", "body": ""}},
           "aliases": [["en", "G"]], "tags": ["a"], "categories": []}
    new = {**old, "level": "advanced", "tags": ["a", "b"], "aliases": [["zh", "小"]],
           "texts": {**old["texts"], "zh": {"title": "小部件", "summary": "", "why_it_matters": "",
                                            "body": ""}}}
    changed = {(f.field, f.lang) for f in diff_snapshots(old, new) if f.changed}
    assert changed == {("level", None), ("tags", None), ("title", "zh"), ("aliases", "en"),
                       ("aliases", "zh")}
