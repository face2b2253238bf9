"""Checks across records, made before anything is written: repeated slugs, path steps and
categories that name nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from aiwiki.errors import ImportFormatError
from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Category, LearningPath, PathStep, Topic
from tests.factories import category, path, topic, write_jsonl


def count(wiki: Wiki, table: type) -> int:
    with wiki.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def refused(wiki: Wiki, file: Path) -> ImportFormatError:
    before = (count(wiki, Topic), count(wiki, Category), count(wiki, LearningPath))
    with pytest.raises(ImportFormatError) as caught:
        importing.import_files(wiki, [file])
    assert (count(wiki, Topic), count(wiki, Category), count(wiki, LearningPath)) == before
    assert caught.value.file == str(file)
    return caught.value


def test_a_path_that_repeats_a_step_is_refused(wiki: Wiki, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "p.jsonl", topic("a", "A"), topic("b", "B"),
                       path("walk", "a", "b", "a"))
    error = refused(wiki, file)
    assert error.line == 4
    assert "path 'walk': step 'a' appears twice" in error.message


def test_a_step_naming_no_topic_is_refused(wiki: Wiki, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "p.jsonl", topic("a", "A"), path("walk", "a", "ghost"))
    error = refused(wiki, file)
    assert error.line == 3
    assert "path 'walk': step 'ghost' is no topic in this import or the wiki" in error.message


def test_steps_may_name_topics_of_the_wiki_or_later_in_the_import(
    wiki: Wiki, tmp_path: Path
) -> None:
    importing.import_files(wiki, [write_jsonl(tmp_path / "old.jsonl", topic("old", "Old"))])
    later = write_jsonl(tmp_path / "later.jsonl", path("walk", "old", "new"))
    elsewhere = write_jsonl(tmp_path / "new.jsonl", topic("new", "New"))
    importing.import_files(wiki, [later, elsewhere])
    assert count(wiki, PathStep) == 2


def test_a_topic_in_an_unknown_category_is_refused(wiki: Wiki, tmp_path: Path) -> None:
    file = write_jsonl(tmp_path / "c.jsonl", category("known"),
                       topic("a", "A", categories=["known", "unheard-of"]))
    error = refused(wiki, file)
    assert error.line == 3
    assert "category 'unheard-of' is not defined in this import or the wiki" in error.message


def test_a_category_may_come_from_the_wiki_or_another_file(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [write_jsonl(tmp_path / "one.jsonl", category("old"))])
    topics = write_jsonl(tmp_path / "t.jsonl", topic("a", "A", categories=["old", "new"]))
    categories = write_jsonl(tmp_path / "c.jsonl", category("new"))
    importing.import_files(wiki, [topics, categories])
    assert count(wiki, Category) == 2


@pytest.mark.parametrize(
    ("objects", "noun"),
    [
        ((topic("twice", "One"), topic("twice", "Two")), "topic"),
        ((topic("twice", "One"), topic("Twice", "Two")), "topic"),
        ((category("twice"), category("twice")), "category"),
        ((path("twice"), path("twice")), "path"),
    ],
)
def test_a_slug_repeated_in_one_file_names_both_lines(
    wiki: Wiki, tmp_path: Path, objects: tuple[dict[str, Any], ...], noun: str
) -> None:
    file = write_jsonl(tmp_path / "d.jsonl", topic("first", "First"), *objects)
    error = refused(wiki, file)
    assert error.line == 4
    assert f"{noun} slug 'twice' is already used on line 3" in error.message


def test_a_slug_repeated_across_a_markdown_folder_names_both_files(
    wiki: Wiki, tmp_path: Path
) -> None:
    folder = tmp_path / "site"
    (folder / "topics").mkdir(parents=True)
    (folder / "site.yaml").write_text("format: aiwiki-markdown\nversion: 1\n", "utf-8")
    for name in ("a.md", "b.md"):
        (folder / "topics" / name).write_text(
            "---\nslug: same\ntexts:\n  en:\n    title: Same\n---\n", "utf-8"
        )
    with pytest.raises(ImportFormatError) as caught:
        importing.import_files(wiki, [folder])
    assert caught.value.file == str(folder / "topics" / "b.md")
    assert "topic slug 'same' is already used in " + str(folder / "topics" / "a.md") \
        in caught.value.message
    assert count(wiki, Topic) == 0


def test_a_seed_page_field_too_long_for_its_column_is_one_clear_error(
    wiki: Wiki, tmp_path: Path
) -> None:
    """Seed formats have no schema: a 5,000-character tag name is refused at its line, before
    anything is written (it overflowed a 200-character column on PostgreSQL)."""
    page = tmp_path / "tag.txt"
    page.write_text(f"Tag: {'t' * 5000}\n1 topic(s)\n- Whisk (Tool)A whisk mixes air into "
                    "batter.\n", encoding="utf-8")
    error = refused(wiki, page)
    assert error.line == 1
    assert "tag name is 5,000 characters long; at most 200 fit" in error.message
    assert count(wiki, Topic) == 0
