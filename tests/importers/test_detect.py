"""Format sniffing from content."""

from __future__ import annotations

import pytest

from aiwiki.importers import detect
from tests.importers.seedfiles import fixture_text


@pytest.mark.parametrize(
    ("fixture", "format_name"),
    [("tagpage.txt", "tagpage"), ("category.txt", "category"), ("glossary.txt", "glossary")],
)
def test_sniff_recognises_each_fixture(fixture: str, format_name: str) -> None:
    text = fixture_text(fixture)
    assert detect.sniff(text) == format_name
    batch = detect.READERS[format_name]("f.txt", text)
    assert batch.format == format_name


@pytest.mark.parametrize(
    "text",
    ["", "hello world", "# A Markdown heading\n\nSome text.", '{"format": "other"}'],
)
def test_unknown_content_is_none(text: str) -> None:
    assert detect.sniff(text) is None


def test_byte_order_mark_and_blank_lines_are_ignored() -> None:
    assert detect.sniff("\ufeff\n\nTag: pans\n1 topic(s)\n") == "tagpage"


def test_a_chinese_marker_alone_makes_a_glossary() -> None:
    assert detect.sniff("为什么重要: 这很重要。\n") == "glossary"


def test_readers_cover_every_sniffed_format() -> None:
    assert set(detect.READERS) >= {"tagpage", "category", "glossary"}
