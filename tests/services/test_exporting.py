"""The export writes inside its folder only, whatever slugs the database holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiwiki.errors import AiwikiError
from aiwiki.services import exporting, importing
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Topic, TopicText
from tests.factories import topic, write_jsonl


def smuggle(wiki: Wiki, slug: str) -> None:
    """A slug no entry point accepts, written straight into the database."""
    with wiki.write() as session:
        row = Topic(slug=slug, kind="concept", level=None, status="published")
        row.texts.append(TopicText(lang="en", title="Smuggled", summary="", why_it_matters="",
                                   body="pwned"))
        session.add(row)


def files_under(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file()}


@pytest.mark.parametrize("slug", ["../../escape-pwned", "a/b", "<absolute>"])
def test_a_slug_that_leaves_the_folder_is_refused_and_nothing_is_written_outside(
    wiki: Wiki, tmp_path: Path, slug: str
) -> None:
    slug = str(tmp_path / "abs") if slug == "<absolute>" else slug
    importing.import_files(wiki, [write_jsonl(tmp_path / "in.jsonl", topic("fine", "Fine"))])
    smuggle(wiki, slug)
    target = tmp_path / "out" / "deep" / "dir"
    before = files_under(tmp_path)
    with pytest.raises(AiwikiError) as caught:
        exporting.export(wiki, "markdown", target)
    assert repr(slug) in caught.value.message
    assert "outside" in caught.value.message
    assert {p for p in files_under(tmp_path) - before if not p.is_relative_to(target)} == set()
    assert not (target / "topics" / "fine.md").exists()  # refused before writing any topic


def test_a_good_wiki_exports_every_topic_inside_the_folder(wiki: Wiki, tmp_path: Path) -> None:
    importing.import_files(wiki, [importing.STARTER])
    target = tmp_path / "out"
    count = exporting.export(wiki, "markdown", target)
    written = files_under(target)
    assert len(written) == count + 1  # one per topic and site.yaml
    assert all(path.resolve().is_relative_to(target.resolve()) for path in written)


def test_a_link_planted_in_the_folder_is_not_followed(wiki: Wiki, tmp_path: Path) -> None:
    """Exporting into a folder someone else prepared: a topic file that is a symbolic link
    to a file elsewhere is refused, and the file it points to is left alone."""
    importing.import_files(wiki, [write_jsonl(tmp_path / "in.jsonl", topic("fine", "Fine"))])
    outside = tmp_path / "precious.txt"
    outside.write_text("keep me", "utf-8")
    target = tmp_path / "out"
    (target / "topics").mkdir(parents=True)
    (target / "topics" / "fine.md").symlink_to(outside)
    with pytest.raises(AiwikiError) as caught:
        exporting.export(wiki, "markdown", target)
    assert "'fine'" in caught.value.message and "outside" in caught.value.message
    assert outside.read_text("utf-8") == "keep me"


def test_a_destination_that_cannot_be_written_is_one_error(wiki: Wiki, tmp_path: Path) -> None:
    (tmp_path / "plain-file").write_text("", "utf-8")
    with pytest.raises(AiwikiError, match="cannot write"):
        exporting.export(wiki, "markdown", tmp_path / "plain-file" / "dir")
    with pytest.raises(AiwikiError, match="cannot write"):
        exporting.export(wiki, "jsonl", tmp_path / "plain-file" / "dump.jsonl")
