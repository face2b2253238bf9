"""Full snapshots of a topic, and the revisions that record every change to one.

The one home of revision writing: the import pipeline and the editing services both call
down to it, so every change of a topic (import, edit, rename, rollback, review decision)
is recorded the same way and stamped with the generation it commits as.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from aiwiki.domain.enums import ChangeKind
from aiwiki.domain.snapshots import TEXT_FIELDS, Snapshot
from aiwiki.storage.engine import IDS_PER_QUERY
from aiwiki.storage.tables import (
    Category,
    Revision,
    SiteState,
    Tag,
    Topic,
    TopicCategory,
    TopicTag,
    utcnow,
)

__all__ = ["TEXT_FIELDS", "Snapshot"]  # handed on: importers and services read them here


def snapshot(session: Session, topic: Topic) -> dict[str, Any]:
    """Every editable field of a topic as plain JSON data, in a stable order."""
    tags = session.scalars(
        select(Tag.name).join(TopicTag, TopicTag.tag_id == Tag.id)
        .where(TopicTag.topic_id == topic.id)
    ).all()
    categories = session.scalars(
        select(Category.slug).join(TopicCategory, TopicCategory.category_id == Category.id)
        .where(TopicCategory.topic_id == topic.id)
    ).all()
    return build_snapshot(topic, tags, categories)


def build_snapshot(
    topic: Topic, tags: Iterable[str], categories: Iterable[str]
) -> dict[str, Any]:
    """The snapshot from memberships the caller already knows (bulk writers avoid queries)."""
    return {
        "slug": topic.slug,
        "kind": topic.kind,
        "level": topic.level,
        "status": topic.status,
        "texts": {
            text.lang: {field: getattr(text, field) for field in TEXT_FIELDS}
            for text in sorted(topic.texts, key=lambda t: t.lang)
        },
        "aliases": sorted([alias.lang, alias.name] for alias in topic.aliases),
        "tags": sorted(tags),
        "categories": sorted(categories),
    }


def latest_revision_numbers(session: Session, topic_ids: list[int]) -> dict[int, int]:
    """topic id -> number of its latest revision, for the topics of ``topic_ids`` that have
    one (a few thousand ids to a query)."""
    numbers: dict[int, int] = {}
    for at in range(0, len(topic_ids), IDS_PER_QUERY):
        chosen = topic_ids[at : at + IDS_PER_QUERY]
        query = (
            select(Revision.topic_id, func.max(Revision.number))
            .where(Revision.topic_id.in_(chosen))
            .group_by(Revision.topic_id)
        )
        numbers.update((topic_id, number) for topic_id, number in session.execute(query))
    return numbers


def add_revision(
    session: Session, topic: Topic, number: int, author: str, comment: str,
    current: dict[str, Any], change: ChangeKind = ChangeKind.IMPORT,
) -> Revision:
    """Queue a revision; the caller flushes and then calls `make_current`."""
    revision = Revision(
        topic_id=topic.id, number=number, author=author, comment=comment, snapshot=current,
        change=str(change),
    )
    session.add(revision)
    return revision


def record_change(
    session: Session, topic: Topic, change: ChangeKind, author: str, comment: str,
    current: Snapshot,
) -> Revision:
    """Write one topic's next revision, make it current and bump the generation: the
    whole bookkeeping of a single change (an import does the same for many at once)."""
    number = latest_revision_numbers(session, [topic.id]).get(topic.id, 0) + 1
    revision = add_revision(session, topic, number, author, comment, current, change)
    session.flush()
    make_current(topic, revision)
    bump_generation(session, [revision])
    session.flush()
    return revision


def current_number(session: Session, topic: Topic) -> int:
    """The number of a topic's current revision (0 before its first)."""
    if not topic.current_revision:
        return 0
    return session.scalar(select(Revision.number).where(Revision.id == topic.current_revision)) or 0


def make_current(topic: Topic, revision: Revision) -> None:
    topic.current_revision = revision.id
    topic.updated_at = utcnow()


def bump_generation(session: Session, revisions: Iterable[Revision] = ()) -> int:
    """Tell every cache (in every process) that the site changed; returns the new
    generation, which ``revisions`` (this write's) are stamped with.

    Call it last in a write: the row it updates is locked until commit, so writers take
    generations one at a time, in commit order."""
    generation = session.scalar(
        update(SiteState).values(generation=SiteState.generation + 1)
        .returning(SiteState.generation)
    )
    if generation is None:
        generation = 1
        session.add(SiteState(id=1, generation=generation))
    for revision in revisions:
        revision.generation = generation
    return generation


def topics_revised_since(session: Session, generation: int) -> list[int]:
    """Topics with a revision committed after ``generation`` (an index range): what a cache
    built at that generation has not seen."""
    query = select(Revision.topic_id).where(Revision.generation > generation).distinct()
    return sorted(session.scalars(query))


def current_generation(session: Session) -> int:
    return session.scalar(select(SiteState.generation)) or 0
