"""The review workflow's services on small fixtures of our own (the seed-like pages in
tests/fixtures/seedlike and a JSON Lines file written here), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from aiwiki.domain.enums import ChangeKind
from aiwiki.domain.review import ItemKind
from aiwiki.errors import Conflict, InvalidFields, NotFound
from aiwiki.services import audit, importing, merges, review
from aiwiki.services.review import ReviewItemView
from aiwiki.services.topic_lookup import topic_at
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import PathStep, ReviewItem, Revision, SlugRedirect, Source, Topic
from tests.factories import path, topic, write_jsonl
from tests.services.editing_helpers import edit, hits, revision_count, state

SEEDLIKE = Path(__file__).parents[1] / "fixtures" / "seedlike"
PAGES = [SEEDLIKE / "glossary.txt", SEEDLIKE / "category.txt"]
WHO = audit.CLI


@pytest.fixture
def kitchen(wiki: Wiki, tmp_path: Path) -> Wiki:
    """A wiki with an English topic the category page's colander nearly matches, one for
    the Chinese-only ecosystem text to attach to, and two paths through the colander."""
    base = write_jsonl(
        tmp_path / "base.jsonl",
        topic("colander-strainer", "Colander (Strainer)", tags=["tools"]),
        topic("kitchen-device-ecosystem", "Kitchen device ecosystem",
              summary="How kitchen devices talk to each other."),
        topic("wok-pan", "Wok pan"))
    importing.import_files(wiki, [base])
    importing.import_files(wiki, PAGES)
    paths = write_jsonl(tmp_path / "paths.jsonl", path("draining", "colander", "wok-pan"),
                        path("both", "colander-strainer", "colander", "wok-pan"))
    importing.import_files(wiki, [paths])
    return wiki


def items(wiki: Wiki) -> list[ReviewItemView]:
    return review.open_items(wiki, "en").items


def item_of(wiki: Wiki, slug: str, kind: ItemKind | None = None) -> ReviewItemView:
    return next(i for i in items(wiki) if i.topic and i.topic.slug == slug
                and (kind is None or i.kind is kind))


def steps(wiki: Wiki) -> dict[str, list[str]]:
    with wiki.read() as session:
        rows = session.execute(select(PathStep.path_id, PathStep.position, Topic.slug)
                               .join(Topic, Topic.id == PathStep.topic_id)
                               .order_by(PathStep.path_id, PathStep.position)).all()
    found: dict[str, list[str]] = {}
    for path_id, _, slug in rows:
        found.setdefault(str(path_id), []).append(slug)
    return found


def changes(wiki: Wiki, slug: str) -> list[str]:
    with wiki.read() as session:
        topic_id = topic_at(session, slug, deleted_too=True).id
        return list(session.scalars(select(Revision.change).where(Revision.topic_id == topic_id)
                                    .order_by(Revision.number)))


def test_the_list_names_kind_actions_and_source(kitchen: Wiki) -> None:
    near = item_of(kitchen, "colander")
    assert (near.kind, near.other, near.file, near.line) == (
        ItemKind.DUPLICATE, "colander-strainer", "category.txt", 5)
    assert [a.value for a in near.actions] == ["merge", "dismiss"]
    chinese = next(i for i in items(kitchen) if i.kind is ItemKind.CHINESE_ONLY)
    assert [a.value for a in chinese.actions] == ["attach", "rename", "dismiss"]


def test_a_merge_moves_everything_and_the_old_slug_redirects(kitchen: Wiki) -> None:
    before_steps = steps(kitchen)
    lost = state(kitchen, "colander")
    done = merges.merge(kitchen, item_of(kitchen, "colander").id, None, "alice", WHO)
    assert (done.survivor, done.loser) == ("colander-strainer", "colander")
    kept = state(kitchen, "colander-strainer")
    assert ["en", "Colander"] in kept["aliases"]
    assert set(lost["categories"]) <= set(kept["categories"])
    assert set(lost["tags"]) | {"tools"} <= set(kept["tags"])
    assert kept["status"] == "published"
    with kitchen.read() as session:
        assert topic_at(session, "colander").slug == "colander-strainer"
        loser = session.get_one(Topic, done_loser_id(session, done.merge_id))
        assert (loser.slug, loser.status) == (f"merged-{loser.id}", "deleted")
        assert session.scalar(select(func.count()).select_from(Source)
                              .where(Source.topic_id == loser.id)) == 0
    assert changes(kitchen, "colander-strainer")[-1] == ChangeKind.MERGE
    assert changes(kitchen, f"merged-{loser.id}")[-1] == ChangeKind.MERGE
    after = steps(kitchen)
    assert after != before_steps
    assert all("colander" not in slugs for slugs in after.values())
    assert sorted(len(s) for s in after.values()) == [2, 2]  # the repeated step closed up
    assert "colander" not in [i.topic.slug for i in items(kitchen) if i.topic]
    assert hits(kitchen, "colander")[:1] == ["colander-strainer"]


def done_loser_id(session: Any, merge_id: int) -> int:
    from aiwiki.storage.tables import Merge

    return session.get_one(Merge, merge_id).loser_id


def test_undo_puts_both_topics_back(kitchen: Wiki) -> None:
    item = item_of(kitchen, "colander")
    before = (state(kitchen, "colander"), state(kitchen, "colander-strainer"), steps(kitchen))
    done = merges.merge(kitchen, item.id, None, "alice", WHO)
    undone = merges.undo(kitchen, done.merge_id, "alice", WHO)
    assert (undone.loser, undone.survivor) == ("colander", "colander-strainer")
    assert (state(kitchen, "colander"), state(kitchen, "colander-strainer"),
            steps(kitchen)) == before
    with kitchen.read() as session:
        assert session.get(SlugRedirect, "colander") is None
        assert session.scalar(select(func.count()).select_from(SlugRedirect)) == 0
    assert item_of(kitchen, "colander").id == item.id  # open again
    assert changes(kitchen, "colander")[-1] == ChangeKind.UNMERGE
    with pytest.raises(Conflict):
        merges.undo(kitchen, done.merge_id, "alice", WHO)
    assert "colander" in hits(kitchen, "colander")


def test_undo_is_refused_once_a_topic_changed_since(kitchen: Wiki) -> None:
    done = merges.merge(kitchen, item_of(kitchen, "colander").id, None, "alice", WHO)
    revisions = changes(kitchen, "colander-strainer")
    edit(kitchen, "colander-strainer", len(revisions), texts={"en": {"body": "More."}})
    count = revision_count(kitchen)
    with pytest.raises(Conflict):
        merges.undo(kitchen, done.merge_id, "alice", WHO)
    assert revision_count(kitchen) == count


def test_rename_keeps_the_old_title_only_when_asked(kitchen: Wiki) -> None:
    first = item_of(kitchen, "zesty-s-kitchen-ai-company")
    done = review.rename(kitchen, first.id, "Zesty Robotics", "en", False, "alice", WHO)
    renamed = state(kitchen, "zesty-s-kitchen-ai-company")
    assert renamed["texts"]["en"]["title"] == "Zesty Robotics"
    assert renamed["aliases"] == [] and renamed["status"] == "published"
    assert done.revision == len(changes(kitchen, done.slug or ""))
    assert changes(kitchen, "zesty-s-kitchen-ai-company")[-1] == ChangeKind.RENAME
    second = item_of(kitchen, "grouping")
    review.rename(kitchen, second.id, "Ingredient grouping", "en", True, "alice", WHO,
                  slug="ingredient-grouping")
    assert ["en", "Grouping"] in state(kitchen, "ingredient-grouping")["aliases"]
    assert "ingredient-grouping" in hits(kitchen, "ingredient grouping")


def test_attach_folds_a_chinese_only_text_into_an_english_topic(kitchen: Wiki) -> None:
    chinese = next(i for i in items(kitchen) if i.kind is ItemKind.CHINESE_ONLY)
    assert chinese.topic is not None
    zh = state(kitchen, chinese.topic.slug)["texts"]["zh"]
    english = item_of(kitchen, "grouping")
    with pytest.raises(InvalidFields):  # a topic with English text is merged, not attached
        merges.attach(kitchen, english.id, "kitchen-device-ecosystem", "alice", WHO)
    merges.attach(kitchen, chinese.id, "kitchen-device-ecosystem", "alice", WHO)
    kept = state(kitchen, "kitchen-device-ecosystem")
    assert kept["texts"]["zh"] == zh
    assert kept["texts"]["en"]["summary"] == "How kitchen devices talk to each other."


def test_dismiss_needs_a_reason_and_is_audited(kitchen: Wiki) -> None:
    item = item_of(kitchen, "cheap")
    count = revision_count(kitchen)
    with pytest.raises(InvalidFields):
        review.dismiss(kitchen, item.id, "   ", "alice", WHO)
    assert revision_count(kitchen) == count
    done = review.dismiss(kitchen, item.id, "the guess is right", "alice", WHO)
    assert done.revision is not None  # its last item: the status settles in a revision
    assert state(kitchen, "cheap")["status"] == "published"
    entry = audit.entries(kitchen, action=review.DISMISS)[0]
    assert entry.detail["note"] == "the guess is right"
    with pytest.raises(Conflict):
        review.dismiss(kitchen, item.id, "again", "alice", WHO)
    with pytest.raises(NotFound):
        review.dismiss(kitchen, 10_000, "no such item", "alice", WHO)


def test_merging_a_topic_into_itself_is_refused(kitchen: Wiki) -> None:
    with pytest.raises(InvalidFields):
        merges.merge(kitchen, item_of(kitchen, "colander").id, "colander", "alice", WHO)
    with pytest.raises(NotFound):
        merges.merge(kitchen, item_of(kitchen, "colander").id, "no-such-topic", "alice", WHO)


def test_a_reimport_reopens_nothing_a_human_decided(kitchen: Wiki) -> None:
    merges.merge(kitchen, item_of(kitchen, "colander").id, None, "alice", WHO)
    review.rename(kitchen, item_of(kitchen, "zesty-s-kitchen-ai-company").id, "Zesty Robotics",
                  "en", False, "alice", WHO)
    chinese = next(i for i in items(kitchen) if i.kind is ItemKind.CHINESE_ONLY)
    merges.attach(kitchen, chinese.id, "kitchen-device-ecosystem", "alice", WHO)
    for item in items(kitchen):
        review.dismiss(kitchen, item.id, "checked by hand", "alice", WHO)
    assert items(kitchen) == []
    count = revision_count(kitchen)
    report = importing.import_files(kitchen, PAGES)
    assert (report.created, report.updated, report.merged, report.flagged) == (0, 0, 0, 0)
    assert not report.changed_topic_ids
    assert items(kitchen) == [] and revision_count(kitchen) == count
    assert state(kitchen, "zesty-s-kitchen-ai-company")["aliases"] == []
    with kitchen.read() as session:
        assert session.scalar(select(func.count()).select_from(ReviewItem)
                              .where(ReviewItem.resolved_at.is_(None))) == 0
