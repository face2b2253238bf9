"""Glossary pages: lost term names, letter groups and interleaved Chinese lines.

The fixture is an invented kitchen-AI glossary that exercises every rule once: a marked
Chinese why-it-matters before its English entry, unmarked Chinese lines, a Chinese-only
definition, a Chinese definition with its own why-it-matters, a why-it-matters that never
names its term, and a name that does not fit its letter group.
"""

from __future__ import annotations

import pytest

from aiwiki.domain.enums import Kind
from aiwiki.errors import ImportFormatError
from aiwiki.importers import glossary
from aiwiki.importers.drafts import ImportBatch, TopicDraft
from tests.importers.seedfiles import fixture_text

# first source line -> (title, flagged for review)
EXPECTED = {
    1: ("Attention pruning", False),
    3: ("Regulation", True),  # subject starts with R inside the A group
    5: ("Acme Vision", False),  # line 5 is its Chinese why-it-matters, placed before it
    8: ("Blendly", False),  # unmarked Chinese why-it-matters, no English entry
    9: ("Beam clipping", False),
    11: ("Crumb", False),  # marked Chinese line about a term no neighbour mentions
    12: ("Cinder Labs", False),
    14: ("由传感器、固件和云服务组成的生态系统", True),  # Chinese definition naming nothing
    15: ("Cheap", True),  # the why-it-matters never names the term
    17: ("Ember AI", False),  # Chinese definition + Chinese why-it-matters: one topic
    19: ("Flavor embedding", False),
    21: ("Grouping", True),
    23: ("Zesty's kitchen AI company", True),
}


@pytest.fixture(scope="module")
def batch() -> ImportBatch:
    return glossary.read("kitchen-glossary.txt", fixture_text("glossary.txt"))


@pytest.fixture(scope="module")
def by_line(batch: ImportBatch) -> dict[int, TopicDraft]:
    return {topic.sources[0].line: topic for topic in batch.topics}


def test_recovered_titles_and_review_flags(by_line: dict[int, TopicDraft]) -> None:
    got = {line: (t.title, bool(t.review_reasons)) for line, t in by_line.items()}
    assert got == EXPECTED


def test_every_line_ends_up_in_some_draft(batch: ImportBatch) -> None:
    text = fixture_text("glossary.txt")
    non_empty = {n for n, line in enumerate(text.splitlines(), 1) if line.strip()}
    covered = [source.line for topic in batch.topics for source in topic.sources]
    assert sorted(covered) == sorted(non_empty)


def test_chinese_why_before_its_entry_is_attached(by_line: dict[int, TopicDraft]) -> None:
    topic = by_line[5]
    assert [s.line for s in topic.sources] == [5, 6, 7]
    assert topic.texts["zh"].why_it_matters.startswith("Acme Vision 证明了")
    assert topic.texts["en"].why_it_matters.startswith("Acme Vision shows")


def test_chinese_only_topics(by_line: dict[int, TopicDraft]) -> None:
    crumb = by_line[11]
    assert set(crumb.texts) == {"zh"}
    assert crumb.texts["zh"].why_it_matters.startswith("Crumb 是早期的分词器")
    ember = by_line[17]
    assert [s.line for s in ember.sources] == [17, 18]
    assert ember.texts["zh"].summary.startswith("Ember AI 正在探索")
    assert ember.texts["zh"].why_it_matters.startswith("Ember AI 代表着")
    ecosystem = by_line[14]
    assert ecosystem.texts["zh"].summary.startswith("由传感器")
    assert not ecosystem.texts["zh"].why_it_matters


def test_english_texts_and_plural_alias(by_line: dict[int, TopicDraft]) -> None:
    topic = by_line[19]
    assert topic.texts["en"].summary.startswith("A lookup table")
    assert not topic.texts["en"].why_it_matters.startswith("Why it matters")
    assert ("en", "Flavor embeddings") in topic.aliases
    assert topic.kind is Kind.TERM


def test_kinds_only_when_certain(by_line: dict[int, TopicDraft]) -> None:
    assert by_line[12].kind is Kind.COMPANY  # 'A chip company ...'
    assert by_line[23].kind is Kind.COMPANY  # title unsure, but the definition says company
    assert by_line[8].kind is Kind.TERM  # Chinese-only: not enough to tell


def test_reasons_say_why(by_line: dict[int, TopicDraft]) -> None:
    assert "letter" in by_line[3].review_reasons[0]
    assert "not clearly name" in by_line[15].review_reasons[0]
    assert "provisional" in by_line[23].review_reasons[0]


def test_unnamed_chinese_why_is_attached_by_position_with_a_doubt() -> None:
    text = (
        "A rule for sharing one oven between many bakers at the same time.\n"
        "Why it matters: Oven sharing keeps small bakeries affordable for everyone.\n"
        "为什么重要: 每个小面包店都能从中受益。\n"
        "A timer that rings twice before the bread is done.\n"
        "Why it matters: Pre-alarms stop bakers from burning the crust.\n"
    )
    topics = glossary.read("bake.txt", text).topics
    attached = topics[1]
    assert [s.line for s in attached.sources] == [3, 4, 5]
    assert any("position only" in reason for reason in attached.review_reasons)


def test_entry_without_why_in_the_middle_is_flagged() -> None:
    text = (
        "A pan that heats evenly.\n"
        "A rule for sharing one oven between many bakers.\n"
        "Why it matters: Oven sharing keeps bakeries affordable.\n"
    )
    first, second = glossary.read("bake.txt", text).topics
    assert "no why-it-matters line" in first.review_reasons
    assert second.title == "Oven sharing"


DEF = "A rule for sharing one oven between many bakers."
WHY = "Why it matters: Oven sharing keeps bakeries affordable."


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "empty"),
        (f"{WHY}\n{DEF}\n", 1, "must follow"),
        (f"{DEF}\n{WHY}\n{WHY}\n", 3, "must follow"),
        (f"{DEF}\nWhy it matters:\n", 2, "followed by nothing"),
        (f"{DEF}\n为什么重要:\n{WHY}\n", 2, "followed by nothing"),
        (f"{DEF}\n{WHY}\n{DEF}\nWhy it matters: Ovens are", 4, "truncated"),
        (f"{DEF}\n{WHY}\n{DEF}\n{WHY}\nA pan that heats evenly.\n", 5, "truncated"),
    ],
)
def test_malformed_glossaries_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        glossary.read("bake.txt", text)
    assert caught.value.line == line
    assert message in caught.value.message
