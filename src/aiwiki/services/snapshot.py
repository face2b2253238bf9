"""Full snapshots of a topic, and the revisions that record every change to one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

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

TEXT_FIELDS = ("title", "summary", "why_it_matters", "body")


def snapshot(session: Session, topic: Topic) -> dict[str, Any]:
    """Every editable field of a topic as plain JSON data, in a stable order."""
    tags = session.scalars(
        select(Tag.name)
        .join(TopicTag, TopicTag.tag_id == Tag.id)
        .where(TopicTag.topic_id == topic.id)
        .order_by(Tag.name)
    ).all()
    categories = session.scalars(
        select(Category.slug)
        .join(TopicCategory, TopicCategory.category_id == Category.id)
        .where(TopicCategory.topic_id == topic.id)
        .order_by(Category.slug)
    ).all()
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
        "tags": list(tags),
        "categories": list(categories),
    }


def record_revision(
    session: Session, topic: Topic, author: str, comment: str, previous: dict[str, Any] | None
) -> bool:
    """Write a revision when the topic differs from `previous`; returns whether it did."""
    session.flush()
    current = snapshot(session, topic)
    if previous == current:
        return False
    number = (
        session.scalar(select(Revision.number).where(Revision.topic_id == topic.id).order_by(
            Revision.number.desc()
        ).limit(1))
        or 0
    ) + 1
    revision = Revision(
        topic_id=topic.id, number=number, author=author, comment=comment, snapshot=current
    )
    session.add(revision)
    session.flush()
    topic.current_revision = revision.id
    topic.updated_at = utcnow()
    return True


def bump_generation(session: Session) -> None:
    """Tell every cache (in every process) that the site changed."""
    updated = session.execute(update(SiteState).values(generation=SiteState.generation + 1))
    if updated.rowcount == 0:  # type: ignore[attr-defined]
        session.add(SiteState(id=1, generation=1))


def current_generation(session: Session) -> int:
    return session.scalar(select(SiteState.generation)) or 0
