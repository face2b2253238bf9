"""Tag pages: header, count, one topic per glued `- <Title><Summary>` line."""

from __future__ import annotations

import pytest

from aiwiki.domain.enums import Kind
from aiwiki.errors import ImportFormatError
from aiwiki.importers import tagpage
from aiwiki.importers.drafts import ImportBatch
from tests.importers.seedfiles import fixture_text

FIXTURE_TITLES = [
    "Sous-Vide Scheduling (SVS)",
    "Pantry Forecasting Networks (PFN)",
    "Ladle (Serving Tool)",
    "BrineNet / Brine Networks",
    "Steam Transformers (StT)",
    "What is oven drift?",
    "Knives Are All You Need",
    "mixLSTM & Batch Whisking",
    "tinyGRU",
    "Dough Proofing & Mid-Resting",
    "Batter Accumulation & Micro-Pouring",
    "Pantry / Prefix-Shelf Caching (ShelfLang)",
    "Flavor Classifiers++",
    "SpoonAttention",
    "GrainNet Dataset",
    "SALT",
    "FRYN",
    "Implicit Seasoning of CST",
    "Shelf vs Drawer KV Storage",
    "Oven Thermometer",
    "The Bitter Sauce",
    "Heat Transfer",
    "Kitchen Hygiene (Food Safety)",
    "Ferment Caching (FC)",
    "Dual Timers (DT)",
    "Spice Racks (SR)",
    "Knead Schedules (KS)",
    "Six-Minute Egg",
    "Pan Seasoning Edits",
    "Skillet Warmup (SW)",
]


@pytest.fixture(scope="module")
def batch() -> ImportBatch:
    return tagpage.read("kitchen.txt", fixture_text("tagpage.txt"))


def test_every_title_is_split_exactly_and_surely(batch: ImportBatch) -> None:
    assert [topic.title for topic in batch.topics] == FIXTURE_TITLES
    assert all(not topic.review_reasons for topic in batch.topics)


def test_tag_header_count_and_page_order(batch: ImportBatch) -> None:
    (tag,) = batch.tags
    assert (tag.name, tag.declared_count) == ("kitchen-ml", 30)
    assert tag.topic_titles == FIXTURE_TITLES
    assert (tag.source.file, tag.source.line) == ("kitchen.txt", 1)


def test_topics_carry_summary_tag_kind_and_source(batch: ImportBatch) -> None:
    topic = batch.topics[5]
    assert topic.texts["en"].summary.startswith("Oven drift is the slow change")
    assert topic.tags == ["kitchen-ml"]
    assert topic.kind is Kind.CONCEPT
    (source,) = topic.sources
    assert source.line == 8
    assert source.text.startswith("- What is oven drift?Oven drift")


def test_aliases_come_from_the_title(batch: ImportBatch) -> None:
    by_title = {topic.title: topic for topic in batch.topics}
    assert by_title["Sous-Vide Scheduling (SVS)"].aliases == [
        ("en", "SVS"),
        ("en", "Sous-Vide Scheduling"),
    ]
    assert by_title["BrineNet / Brine Networks"].aliases == [
        ("en", "BrineNet"),
        ("en", "Brine Networks"),
    ]
    assert by_title["Ladle (Serving Tool)"].aliases == []
    assert by_title["Kitchen Hygiene (Food Safety)"].aliases == []


def test_blank_lines_are_skipped_and_numbers_kept() -> None:
    text = "Tag: pans\n\n1 topic(s)\n\n- Oven ThermometerAn oven thermometer reads the air.\n"
    batch = tagpage.read("pans.txt", text)
    assert batch.topics[0].sources[0].line == 5


def test_uncertain_split_is_sent_to_review() -> None:
    text = "Tag: taste\n1 topic\n- TasteNet ScoreSweet dishes score high on this scale.\n"
    (topic,) = tagpage.read("taste.txt", text).topics
    assert topic.title == "TasteNet Score"
    assert topic.review_reasons and "uncertain" in topic.review_reasons[0]


GOOD = "- Oven ThermometerAn oven thermometer reads the real air temperature."


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "empty"),
        ("\n  \n", 1, "empty"),
        (f"Topics: pans\n1 topic(s)\n{GOOD}\n", 1, "Tag:"),
        ("Tag: pans\n", 2, "topic(s)"),
        (f"Tag: pans\n{GOOD}\n", 2, "topic(s)"),
        (f"Tag: pans\n1 topic(s)\n* {GOOD[2:]}\n", 3, "'- '"),
        (f"Tag: pans\n2 topic(s)\n{GOOD}\n- Weight Sharing\n", 4, "no summary"),
        ("Tag: pans\n1 topic(s)\n- FlashPan\n", 3, "no summary"),
        (f"Tag: pans\n2 topic(s)\n{GOOD}\n- Pan SizePan size is the", 4, "truncated"),
    ],
)
def test_malformed_pages_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        tagpage.read("pans.txt", text)
    assert caught.value.line == line
    assert caught.value.file == "pans.txt"
    assert message in caught.value.message
