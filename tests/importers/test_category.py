"""Category pages: levels glued to the next line, names recovered from the sentences."""

from __future__ import annotations

import pytest

from aiwiki.domain.enums import Kind, Level
from aiwiki.errors import ImportFormatError
from aiwiki.importers import category
from aiwiki.importers.drafts import ImportBatch
from tests.importers.seedfiles import fixture_text

EXPECTED = [
    ("Blanching", Level.BEGINNER),
    ("Colander", Level.BEGINNER),
    ("Immersion blender", Level.INTERMEDIATE),
    ("KV rack", Level.ADVANCED),
    ("Mixture of Spices", Level.INTERMEDIATE),
    ("Pressure cooker", Level.ADVANCED),
    ("SVC", Level.ADVANCED),
    ("Wok", Level.BEGINNER),
]


@pytest.fixture(scope="module")
def batch() -> ImportBatch:
    return category.read("tools.txt", fixture_text("category.txt"))


def test_names_and_levels(batch: ImportBatch) -> None:
    assert [(t.title, t.level) for t in batch.topics] == EXPECTED
    assert all(not topic.review_reasons for topic in batch.topics)


def test_category_draft(batch: ImportBatch) -> None:
    (draft,) = batch.categories
    assert draft.name == "Kitchen Tools"
    assert draft.descriptions == {"en": "What a well-equipped kitchen keeps within reach."}
    assert draft.source.line == 1


def test_terms_keep_their_sentence_and_both_source_lines(batch: ImportBatch) -> None:
    topic = batch.topics[3]
    assert topic.texts["en"].summary.startswith("The KV rack stores the knives")
    assert topic.kind is Kind.TERM
    assert topic.categories == ["Kitchen Tools"]
    assert [source.line for source in topic.sources] == [7, 8]
    assert topic.sources[0].text.startswith("intermediateThe KV rack")


def test_every_line_is_used(batch: ImportBatch) -> None:
    used = {s.line for t in batch.topics for s in t.sources} | {1, 2, 3}
    assert used == set(range(1, 13))


HEAD = "Category\nPans\nThings that hold food over heat.\n"


def test_out_of_order_name_is_flagged() -> None:
    text = HEAD + (
        "A wok is a round pan.\nbeginnerA griddle is a flat pan.\nbeginnerA skillet is a pan.\n"
        "beginner"
    )
    titles = {t.title: t.review_reasons for t in category.read("pans.txt", text).topics}
    assert titles["Wok"]
    assert not titles["Griddle"] and not titles["Skillet"]


def test_sentence_without_a_verb_is_flagged() -> None:
    text = HEAD + "Cast iron cookware for searing.\nadvanced"
    (topic,) = category.read("pans.txt", text).topics
    assert topic.review_reasons


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("", 1, "empty"),
        ("Categories\nPans\nAbout pans.\nA wok is a pan.\nbeginner", 1, "Category"),
        ("Category\nPans\nAbout pans.\n", 4, "terms"),
        (HEAD + "A wok is a round pan.\nbeginnerA griddle is flat.", 5, "no level"),
        (HEAD + "A wok is a round pan.\nA griddle is flat.\nbeginner", 5, "level"),
        (HEAD + "A wok is a round pan.\nexpertA griddle is flat.\nbeginner", 5, "level"),
        (HEAD + "A wok is a pan.\nbeginner\nA griddle is flat.\nbeginner", 5, "alone"),
        (HEAD + "beginnerA wok is a round pan.\nbeginner", 4, "first term"),
    ],
)
def test_malformed_pages_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        category.read("pans.txt", text)
    assert caught.value.line == line
    assert message in caught.value.message
