"""Markdown folders from a careless or hostile hand: front matter, site.yaml, file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from aiwiki.errors import ImportFormatError
from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Category, Tag, Topic

SITE = "format: aiwiki-markdown\nversion: 1\n"
GOOD = "---\nslug: good\ntexts:\n  en:\n    title: Good\n---\nA body.\n"


def count(wiki: Wiki, table: type) -> int:
    with wiki.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def folder(tmp_path: Path, site: str = SITE, **topics: str | bytes) -> Path:
    root = tmp_path / "site"
    (root / "topics").mkdir(parents=True)
    (root / "site.yaml").write_text(site, "utf-8")
    for name, content in {"good": GOOD, **topics}.items():
        file = root / "topics" / f"{name}.md"
        file.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def refused(wiki: Wiki, root: Path) -> ImportFormatError:
    with pytest.raises(ImportFormatError) as caught:
        importing.import_files(wiki, [root])
    assert (count(wiki, Topic), count(wiki, Tag), count(wiki, Category)) == (0, 0, 0)
    assert "\n" not in caught.value.message
    return caught.value


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        ("---\nslug: x\ntags: abc\ntexts: {en: {title: X}}\n---\n", 3,
         "tags: must be a list of strings"),
        ("---\nslug: x\ntexts:\n  en:\n    title: X\n  xx-evil:\n    title: Y\n---\n", 6,
         "texts.xx-evil: unknown language"),
        ("---\nslug: x\ntexts:\n  en:\n    title: 1984\n---\n", 5,
         "texts.en.title: must be a string"),
        ("---\nslug: ../../x\ntexts: {en: {title: X}}\n---\n", 2, "is not a valid slug"),
        ("---\nslug: x\ntexts: " + "[" * 100_000 + "\n---\n", 2, "nested too deeply"),
        ("---\nslug: x\nn: " + "9" * 5000 + "\ntexts: {en: {title: X}}\n---\n", 2,
         "invalid YAML"),
        ("---\nslug: x\nwhen: 2024-13-45\ntexts: {en: {title: X}}\n---\n", 2, "invalid YAML"),
        ('---\nslug: x\ntexts: {en: {title: "\\ud800"}}\n---\n', 3, "must be valid Unicode"),
        ("---\n- a list\n---\n", 2, "expected a YAML mapping"),
        ("no front matter\n", 1, "must start with '---'"),
    ],
)
def test_bad_front_matter_names_file_line_and_field(
    wiki: Wiki, tmp_path: Path, content: str, line: int, message: str
) -> None:
    root = folder(tmp_path, bad=content)
    error = refused(wiki, root)
    assert error.file == str(root / "topics" / "bad.md")
    assert message in error.message
    assert error.line == line


def test_a_bad_site_file_entry_names_its_own_line(wiki: Wiki, tmp_path: Path) -> None:
    site = SITE + "categories:\n  - slug: fine\n    name: Fine\n  - slug: not/fine\n    name: N\n"
    error = refused(wiki, folder(tmp_path, site=site))
    assert error.file == str(tmp_path / "site" / "site.yaml")
    assert error.line == 6
    assert "categories.1.slug: 'not/fine' is not a valid slug" in error.message


def test_site_lists_of_the_wrong_shape_are_refused(wiki: Wiki, tmp_path: Path) -> None:
    error = refused(wiki, folder(tmp_path, site=SITE + "tags: basics\n"))
    assert error.line == 3 and "tags: must be a list" in error.message


def test_a_file_name_gives_the_slug_when_the_front_matter_has_none(
    wiki: Wiki, tmp_path: Path
) -> None:
    root = folder(tmp_path, **{"from-name": "---\ntexts: {en: {title: Named}}\n---\n"})
    importing.import_files(wiki, [root])
    with wiki.read() as session:
        assert set(session.scalars(select(Topic.slug))) == {"good", "from-name"}


def test_a_file_name_that_is_no_slug_is_refused_when_it_is_needed(
    wiki: Wiki, tmp_path: Path
) -> None:
    root = folder(tmp_path, **{"Not a slug": "---\ntexts: {en: {title: Named}}\n---\n"})
    error = refused(wiki, root)
    assert error.file == str(root / "topics" / "Not a slug.md")
    assert "file name 'Not a slug' is not a valid slug" in error.message


def test_bom_and_crlf_line_ends_import(wiki: Wiki, tmp_path: Path) -> None:
    crlf = "\ufeff" + GOOD.replace("slug: good", "slug: windows").replace("\n", "\r\n")
    root = folder(tmp_path, windows=crlf.encode("utf-8"))
    importing.import_files(wiki, [root])
    with wiki.read() as session:
        body = session.scalar(select(Topic).where(Topic.slug == "windows")).texts[0].body
    assert body == "A body."


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [(b"---\nslug: x\n\xff\xfe\n---\n", 3, "not valid UTF-8"),
     (b"---\nslug: x\x00\n---\n", 2, "NUL")],
)
def test_undecodable_topic_files_are_refused(
    wiki: Wiki, tmp_path: Path, content: bytes, line: int, message: str
) -> None:
    error = refused(wiki, folder(tmp_path, bad=content))
    assert error.line == line and message in error.message
