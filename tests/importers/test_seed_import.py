"""The real seed pages through the whole pipeline (skipped where ../shared/seeds is absent)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from aiwiki.errors import ImportFormatError
from aiwiki.importers.report import ImportReport
from aiwiki.services import importing, listings
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import LearningPath, PathStep, ReviewItem, Revision, Topic
from tests.conftest import open_test_wiki, seed_files

pytestmark = pytest.mark.seeds


@pytest.fixture(scope="module")
def seeded(
    database_kind: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Wiki, ImportReport]]:
    files = seed_files()
    wiki, cleanup = open_test_wiki(database_kind, tmp_path_factory.mktemp("seeded"))
    report = importing.import_files(wiki, files)
    yield wiki, report
    wiki.close()
    cleanup()  # type: ignore[operator]


def titles(wiki: Wiki) -> set[str]:
    with wiki.read() as session:
        return {t.texts[0].title for t in session.scalars(select(Topic)) if t.texts} | {
            text.title for t in session.scalars(select(Topic)) for text in t.texts
        }


def test_tag_counts_equal_the_pages(seeded: tuple[Wiki, ImportReport]) -> None:
    _, report = seeded
    checks = {c.name: (c.declared, c.actual) for c in report.tag_checks}
    assert checks == {
        "wiki-import": (396, 396),
        "transformer": (188, 188),
        "path-scaling-advanced": (223, 223),
    }
    assert report.counts_match


def test_tricky_titles_are_exact(seeded: tuple[Wiki, ImportReport]) -> None:
    wiki, _ = seeded
    known = titles(wiki)
    for title in (
        "RetNet / Retention Networks",
        "Whisper (Speech-to-Text)",
        "What is catastrophic forgetting?",
        "Attention Is All You Need",
        "vLLM & Continuous Batching",
        "minLSTM",
        "Continual Pretraining & Mid-Training",
        "Diffusion Transformers (DiT)",
    ):
        assert title in known, title


def test_topic_on_three_pages_is_one_topic_with_three_tags(
    seeded: tuple[Wiki, ImportReport],
) -> None:
    wiki, _ = seeded
    with wiki.read() as session:
        matches = [
            t
            for t in session.scalars(select(Topic))
            if any(x.title == "Multimodal Secure Alignment" for x in t.texts)
        ]
    assert len(matches) == 1
    page = listings.tag_page(wiki, "transformer", "en")
    assert page.count == 188


def test_path_tag_became_an_ordered_learning_path(seeded: tuple[Wiki, ImportReport]) -> None:
    wiki, _ = seeded
    with wiki.read() as session:
        path = session.scalar(select(LearningPath).where(LearningPath.slug == "scaling-advanced"))
        assert path is not None and path.level == "advanced"
        steps = session.scalar(
            select(func.count()).select_from(PathStep).where(PathStep.path_id == path.id)
        )
    assert steps == 223
    view = listings.path_page(wiki, "scaling-advanced", "en")
    assert view.steps[0].topic.title == "Multimodal Secure Alignment"


def test_category_terms_have_levels_and_description(seeded: tuple[Wiki, ImportReport]) -> None:
    wiki, _ = seeded
    page = listings.category_page(wiki, "architecture", "en")
    assert page.description == "How modern AI models are structured internally."
    assert page.count == 17
    levels = {g.level for g in page.groups}
    assert levels <= {"beginner", "intermediate", "advanced"} and "advanced" in levels


def test_uncertain_names_are_flagged_with_source_line(seeded: tuple[Wiki, ImportReport]) -> None:
    wiki, report = seeded
    assert report.flagged > 0
    with wiki.read() as session:
        items = session.scalars(select(ReviewItem)).all()
        flagged = session.scalar(
            select(func.count()).select_from(Topic).where(Topic.status == "needs_review")
        )
    assert flagged and all(item.file.endswith(".txt") and item.line > 0 for item in items)


def test_second_import_is_a_no_op(seeded: tuple[Wiki, ImportReport]) -> None:
    wiki, _ = seeded
    with wiki.read() as session:
        revisions = session.scalar(select(func.count()).select_from(Revision))
    again = importing.import_files(wiki, seed_files())
    assert (again.created, again.updated, again.merged, again.flagged) == (0, 0, 0, 0)
    assert not again.wrote_anything
    with wiki.read() as session:
        assert session.scalar(select(func.count()).select_from(Revision)) == revisions


@pytest.mark.parametrize(
    ("name", "damage"),
    [
        ("truncated", lambda data: data[: data.rindex(b"\n- ") + 30]),
        ("latin1", lambda data: data.decode("utf-8").encode("utf-16")),
        ("empty", lambda data: b""),
        ("headless", lambda data: data.split(b"\n", 2)[2]),
    ],
)
def test_broken_copy_of_a_seed_writes_nothing(tmp_path: Path, name: str, damage: object) -> None:
    files = seed_files()
    tag_page = next(f for f in files if f.read_bytes().startswith(b"Tag: transformer"))
    broken = tmp_path / f"{name}.txt"
    broken.write_bytes(damage(tag_page.read_bytes()))  # type: ignore[operator]
    wiki, cleanup = open_test_wiki("sqlite", tmp_path / "db")
    try:
        with pytest.raises(ImportFormatError) as caught:
            importing.import_files(wiki, [*files, broken])
        assert str(broken) in caught.value.message
        with wiki.read() as session:
            assert session.scalar(select(func.count()).select_from(Topic)) == 0
    finally:
        wiki.close()
        cleanup()  # type: ignore[operator]


def test_every_slug_the_seeds_produce_is_valid(seeded: tuple[Wiki, ImportReport]) -> None:
    from aiwiki.domain.names import is_valid_slug
    from aiwiki.storage.tables import Category, Tag

    wiki, _ = seeded
    with wiki.read() as session:
        slugs = [
            slug for table in (Topic, Tag, Category, LearningPath)
            for slug in session.scalars(select(table.slug))  # type: ignore[attr-defined]
        ]
    assert len(slugs) > 400
    assert [slug for slug in slugs if not is_valid_slug(slug)] == []
    assert any(not slug.isascii() for slug in slugs)  # a Chinese-only title keeps its CJK slug
