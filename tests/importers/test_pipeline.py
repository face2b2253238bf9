"""The import pipeline end to end on a real database: counts, idempotency, atomicity."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from aiwiki.domain.names import is_valid_slug
from aiwiki.errors import ImportFormatError
from aiwiki.importers.pipeline import Pipeline
from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from aiwiki.storage.revisions import current_generation
from aiwiki.storage.tables import (
    Category,
    LearningPath,
    PathStep,
    Revision,
    Source,
    Tag,
    Topic,
)
from tests.factories import topic, write_jsonl

STARTER = importing.STARTER
SEEDLIKE = Path(__file__).parents[1] / "fixtures" / "seedlike"


def count(wiki: Wiki, table: type) -> int:
    with wiki.read() as session:
        return session.scalar(select(func.count()).select_from(table)) or 0


def test_starter_imports_every_topic_and_its_path(wiki: Wiki) -> None:
    report = importing.import_files(wiki, [STARTER])
    topics_on_disk = len(list((STARTER / "topics").glob("*.md")))
    assert report.created == topics_on_disk >= 30
    assert report.flagged == 0
    assert count(wiki, Topic) == topics_on_disk
    assert count(wiki, PathStep) >= 8
    with wiki.read() as session:
        slugs = [slug for table in (Topic, Tag, Category, LearningPath)
                 for slug in session.scalars(select(table.slug))]  # type: ignore[attr-defined]
    assert [slug for slug in slugs if not is_valid_slug(slug)] == []


def test_second_import_of_same_files_writes_nothing(wiki: Wiki) -> None:
    importing.import_files(wiki, [STARTER])
    before = (count(wiki, Revision), count(wiki, Source))
    report = importing.import_files(wiki, [STARTER])
    assert (report.created, report.updated, report.merged, report.flagged) == (0, 0, 0, 0)
    assert report.unchanged == count(wiki, Topic)
    assert not report.wrote_anything
    assert (count(wiki, Revision), count(wiki, Source)) == before


def test_same_title_in_two_files_is_one_topic_with_both_tags(wiki: Wiki, tmp_path: Path) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", topic("gating", "Gating", tags=["one"]))
    report = importing.import_files(wiki, [first])
    assert report.created == 1
    second = write_jsonl(tmp_path / "b.jsonl", topic("gating", "Gating", tags=["one", "two"]))
    report = importing.import_files(wiki, [second])
    assert (report.created, report.merged, report.updated) == (0, 1, 1)
    with wiki.read() as session:
        assert session.scalar(select(func.count()).select_from(Topic)) == 1


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"", None, "is empty"),
        (b"   \n\n", None, "is empty"),
        (b"hello\n\xff\xfe broken\n", 2, "not valid UTF-8"),
        (b"Just some prose that is no known format.\n", 1, "unknown format"),
        (
            b'{"format": "aiwiki-jsonl", "version": 1}\n{"type": "topic", "slug": "x"\n',
            2,
            "not valid JSON",
        ),
        (b'{"format": "aiwiki-jsonl", "version": 1}\n{"type": "planet"}\n', 2, "unknown object"),
        (
            b'{"format": "aiwiki-jsonl", "version": 1}\n{"type": "topic", "slug": "x", '
            b'"level": "expert", "texts": {"en": {"title": "X"}}}\n',
            2,
            "level: must be one of",
        ),
    ],
)
def test_malformed_file_names_file_and_line_and_writes_nothing(
    wiki: Wiki, tmp_path: Path, content: bytes, line: int | None, message: str
) -> None:
    good = write_jsonl(tmp_path / "good.jsonl", topic("kept", "Kept"))
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    with pytest.raises(ImportFormatError) as caught:
        importing.import_files(wiki, [good, bad])
    assert caught.value.file == str(bad)
    assert caught.value.line == line
    assert message in caught.value.message
    assert count(wiki, Topic) == 0


def test_failure_while_writing_rolls_everything_back(
    wiki: Wiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Fault injection: the pipeline dies after writing topics; none of them may survive."""
    from aiwiki.importers.pipeline import Pipeline

    def explode(self: Pipeline, *args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(Pipeline, "_finish", explode)
    path = write_jsonl(tmp_path / "two.jsonl", topic("first", "First"), topic("second", "Second"))
    with pytest.raises(RuntimeError):
        importing.import_files(wiki, [path])
    assert count(wiki, Topic) == 0


def test_export_then_import_reproduces_the_wiki(wiki: Wiki, tmp_path: Path) -> None:
    from aiwiki.services import exporting
    from tests.conftest import open_test_wiki

    importing.import_files(wiki, [STARTER])
    for fmt, target in (("jsonl", tmp_path / "one.jsonl"), ("markdown", tmp_path / "one")):
        exporting.export(wiki, fmt, target)  # type: ignore[arg-type]
        copy, _cleanup = open_test_wiki("sqlite", tmp_path / f"copy-{fmt}")
        importing.import_files(copy, [target])
        again = tmp_path / f"two-{fmt}"
        exporting.export(copy, fmt, again if fmt == "markdown" else again.with_suffix(".jsonl"))
        if fmt == "jsonl":
            assert target.read_text("utf-8") == again.with_suffix(".jsonl").read_text("utf-8")
        else:
            first = {p.relative_to(target): p.read_text("utf-8") for p in target.rglob("*.md")}
            second = {p.relative_to(again): p.read_text("utf-8") for p in again.rglob("*.md")}
            assert first == second and len(first) == count(wiki, Topic)
            assert (target / "site.yaml").read_text() == (again / "site.yaml").read_text()
        copy.close()


def test_each_import_stamps_its_revisions_with_the_generation_it_commits(
    wiki: Wiki, tmp_path: Path
) -> None:
    first = write_jsonl(tmp_path / "a.jsonl", topic("gating", "Gating"), topic("relu", "ReLU"))
    importing.import_files(wiki, [first])
    with wiki.read() as session:
        created = current_generation(session)
    second = write_jsonl(tmp_path / "b.jsonl", topic("relu", "ReLU", summary="Changed."))
    importing.import_files(wiki, [second])
    with wiki.read() as session:
        stamped = session.execute(
            select(Topic.slug, Revision.number, Revision.generation)
            .join(Topic, Topic.id == Revision.topic_id).order_by(Revision.id)
        ).all()
        latest = current_generation(session)
    assert latest == created + 1
    assert [tuple(row) for row in stamped] == [
        ("gating", 1, created), ("relu", 1, created), ("relu", 2, latest)
    ]


def test_revision_numbers_follow_each_topic_across_queries(
    wiki: Wiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("aiwiki.storage.revisions.IDS_PER_QUERY", 2)
    names = ["alpha", "beta", "gamma", "delta", "epsilon"]
    for round_ in range(3):
        importing.import_files(wiki, [write_jsonl(tmp_path / f"{round_}.jsonl", *[
            topic(name, name.title(), summary=f"Round {round_}.") for name in names
        ])])
    with wiki.read() as session:
        numbers = session.execute(
            select(Topic.slug, func.max(Revision.number))
            .join(Revision, Revision.topic_id == Topic.id).group_by(Topic.slug)
        ).all()
    assert sorted(tuple(row) for row in numbers) == sorted((name, 3) for name in names)


def test_only_imports_that_match_by_name_read_every_name(
    wiki: Wiki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Lossless formats name topics by slug; reading every title for them cost a one-topic
    edit of a million-topic wiki three quarters of its time."""
    reads: list[int] = []
    load_names = Pipeline._load_names
    monkeypatch.setattr(Pipeline, "_load_names", lambda self: reads.append(1) or load_names(self))
    importing.import_files(wiki, [importing.STARTER])  # a Markdown folder: by slug
    importing.import_files(wiki, [write_jsonl(tmp_path / "a.jsonl", topic("relu", "ReLU"))])
    assert reads == []
    report = importing.import_files(wiki, [SEEDLIKE / "tagpage.txt"])
    assert reads == [1] and report.created + report.merged > 0


def test_a_path_tag_with_odd_characters_gives_a_valid_path_slug(
    wiki: Wiki, tmp_path: Path
) -> None:
    page = tmp_path / "tag.txt"
    page.write_text(
        "Tag: path-../Deep Nets-beginner\n1 topic(s)\n"
        "- Gradient DescentGradient descent walks downhill on the loss surface.\n",
        encoding="utf-8",
    )
    importing.import_files(wiki, [page])
    with wiki.read() as session:
        assert session.scalars(select(LearningPath.slug)).all() == ["deep-nets-beginner"]
