"""The schema of the lossless formats: every wrong value is refused with file, line and the
field it is in, and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from aiwiki.errors import ImportFormatError
from aiwiki.importers.records import BODY_MAX, TITLE_MAX
from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Alias, Tag, Topic
from tests.factories import HEADER, topic, write_jsonl


def count(wiki: Wiki, table: type) -> int:
    with wiki.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def refused(wiki: Wiki, tmp_path: Path, *lines: str) -> ImportFormatError:
    """Import a good file and a bad one (header then `lines`); the error, once nothing
    was written."""
    good = write_jsonl(tmp_path / "good.jsonl", topic("kept", "Kept", tags=["kept"]))
    bad = tmp_path / "bad.jsonl"
    bad.write_text("\n".join([json.dumps(HEADER), *lines]) + "\n", encoding="utf-8")
    with pytest.raises(ImportFormatError) as caught:
        importing.import_files(wiki, [good, bad])
    assert (count(wiki, Topic), count(wiki, Tag), count(wiki, Alias)) == (0, 0, 0)
    assert caught.value.file == str(bad)
    return caught.value


def line_of(**fields: Any) -> str:
    return json.dumps(topic("t", "T", **fields), ensure_ascii=True)


TITLE = '"texts": {"en": {"title": "T"}}'

CASES = [
    (line_of(tags="abc"), "tags: must be a list of strings"),
    (line_of(tags=["ok", 7]), "tags: must be a list of strings"),
    (line_of(aliases={"en": "xyz"}), "aliases.en: must be a list of strings"),
    (line_of(aliases={"xx-evil": ["x"]}), "aliases.xx-evil: unknown language 'xx-evil'"),
    (line_of(texts={"xx-evil": {"title": "T"}}), "texts.xx-evil: unknown language"),
    (line_of(texts="T"), "texts: must be a mapping"),
    (line_of(texts={"en": {"title": ""}}), "needs a title"),
    (line_of(texts={"en": {"title": "T", "colour": "red"}}), "texts.en.colour: is not a field"),
    (line_of(kind="planet"), "kind: must be one of"),
    (line_of(level="expert"), "level: must be one of"),
    (line_of(status="gone"), "status: must be one of"),
    (line_of(tagz=["x"]), "tagz: is not a field"),
    (line_of(categories="core"), "categories: must be a list of strings"),
    ('{"type": "topic", ' + TITLE + "}", "slug: is required"),
    ('{"type": "topic", "slug": 7, ' + TITLE + "}", "slug: must be a string"),
    ('{"type": "topic", "slug": "\\ud800", ' + TITLE + "}", "slug: must be valid Unicode"),
    ('{"type": "topic", "slug": "t", "texts": {"en": {"title": "\\ud800"}}}',
     "texts.en.title: must be valid Unicode"),
    ('{"type": "topic", "slug": "t", "texts": {"en": {"title": "a\\u0000b"}}}',
     "texts.en.title: must not contain control characters"),
    (line_of(texts={"en": {"title": "T" * (TITLE_MAX + 1)}}),
     f"texts.en.title: is longer than {TITLE_MAX} characters"),
    (line_of(texts={"en": {"title": "T", "body": "b" * (BODY_MAX + 1)}}),
     f"texts.en.body: is longer than {BODY_MAX} characters"),
    ('{"type": "tag", "name": "x", "declared_count": 1e400}',
     "declared_count: must be a whole number"),
    ('{"type": "tag", "name": "x", "declared_count": 123456789012345678901234567890}',
     "declared_count: must be at most"),
    ('{"type": "tag", "name": "x", "declared_count": -1}', "declared_count: must be at least 0"),
    ('{"type": "tag", "name": "x", "declared_count": 2.5}', "declared_count: must be a whole"),
    ('{"type": "tag", "name": "x", "declared_count": true}', "declared_count: must be a whole"),
    ('{"type": "tag", "name": "x", "declared_count": ' + "9" * 5000 + "}", "too many digits"),
    ('{"type": "tag", "name": ["x"]}', "name: must be a string"),
    ('{"type": "category", "slug": "c", "name": "C", "descriptions": {"en": 3}}',
     "descriptions.en: must be a string"),
    ('{"type": "category", "slug": "c/d", "name": "C"}', "slug: 'c/d' is not a valid slug"),
    ('{"type": "path", "slug": "p", "title": "P", "steps": "abc"}',
     "steps: must be a list of strings"),
    ('{"type": "path", "slug": "p", "title": "P", "steps": ["../x"]}',
     "steps.0: '../x' is not a valid slug"),
    ("[" * 100_000, "nested too deeply"),
    ('{"type": "topic", "slug": "t", "texts": ' + "[" * 100_000, "nested too deeply"),
]


@pytest.mark.parametrize(("line", "message"), CASES, ids=[m for _, m in CASES])
def test_a_wrong_value_names_file_line_and_field(
    wiki: Wiki, tmp_path: Path, line: str, message: str
) -> None:
    error = refused(wiki, tmp_path, line_of(), line)
    assert error.line == 3
    assert message in error.message
    assert "\n" not in error.message and len(error.message) < 400


def test_the_message_reads_file_line_field_problem(wiki: Wiki, tmp_path: Path) -> None:
    error = refused(wiki, tmp_path, line_of(tags="abc"))
    assert error.message == f"{tmp_path / 'bad.jsonl'}:2: tags: must be a list of strings"


@pytest.mark.parametrize("slug", ["../../escape-pwned", "a/b"])
def test_a_slug_that_is_a_path_is_refused(wiki: Wiki, tmp_path: Path, slug: str) -> None:
    error = refused(wiki, tmp_path, json.dumps(topic(slug, "Escape")))
    assert error.line == 2
    assert f"slug: {slug!r} is not a valid slug" in error.message


def test_a_slug_is_normalised_where_it_enters(wiki: Wiki, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "a.jsonl", topic(" Self-Attention ", "Self-attention"))
    importing.import_files(wiki, [path])
    with wiki.read() as session:
        assert session.scalars(select(Topic.slug)).all() == ["self-attention"]


def test_empty_lists_and_nulls_are_still_accepted(wiki: Wiki, tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "a.jsonl",
        topic("t", "T", tags=None, categories=None, aliases=None, review=None, level=None,
              texts={"en": {"title": "T", "summary": None, "body": None}}),
        {"type": "tag", "name": "plain", "declared_count": None},
    )
    report = importing.import_files(wiki, [path])
    assert report.created == 1 and count(wiki, Tag) == 1
