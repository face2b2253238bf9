"""The data model of aiwiki's own export formats, shared by JSON Lines and Markdown folders.

`dump_*` turn database rows into plain dicts; `*_from_dict` check a dict against the schema
(records.py) and turn it back into a draft. Both formats serialise exactly these dicts, so
they round-trip the same things.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Kind, Status
from aiwiki.importers import records
from aiwiki.importers.drafts import (
    CategoryDraft,
    PathDraft,
    SourceRef,
    TagDraft,
    TextDraft,
    TopicDraft,
)
from aiwiki.importers.records import Locate
from aiwiki.storage.revisions import TEXT_FIELDS
from aiwiki.storage.tables import (
    Category,
    LearningPath,
    PathStep,
    ReviewItem,
    Tag,
    Topic,
    TopicCategory,
    TopicTag,
)


def dump_categories(session: Session) -> list[dict[str, Any]]:
    return [
        {"slug": c.slug, "name": c.name, "descriptions": dict(c.descriptions or {})}
        for c in session.scalars(select(Category).order_by(Category.slug))
    ]


def dump_tags(session: Session) -> list[dict[str, Any]]:
    return [
        {"name": t.name, "declared_count": t.declared_count}
        for t in session.scalars(select(Tag).order_by(Tag.slug))
    ]


def dump_paths(session: Session) -> list[dict[str, Any]]:
    paths = []
    for path in session.scalars(select(LearningPath).order_by(LearningPath.slug)):
        steps = session.scalars(
            select(Topic.slug)
            .join(PathStep, PathStep.topic_id == Topic.id)
            .where(PathStep.path_id == path.id)
            .order_by(PathStep.position)
        ).all()
        paths.append(
            {
                "slug": path.slug,
                "name": path.tag_name or path.slug,
                "title": path.title,
                "level": path.level,
                "description": path.description,
                "steps": list(steps),
            }
        )
    return paths


def dump_topic(session: Session, topic: Topic) -> dict[str, Any]:
    tags = session.scalars(
        select(Tag.name).join(TopicTag).where(TopicTag.topic_id == topic.id).order_by(Tag.name)
    ).all()
    categories = session.scalars(
        select(Category.slug)
        .join(TopicCategory)
        .where(TopicCategory.topic_id == topic.id)
        .order_by(Category.slug)
    ).all()
    review = session.scalars(
        select(ReviewItem.reason)
        .where(ReviewItem.topic_id == topic.id, ReviewItem.resolved_at.is_(None))
        .order_by(ReviewItem.id)
    ).all()
    aliases: dict[str, list[str]] = {}
    for alias in sorted(topic.aliases, key=lambda a: (a.lang, a.name)):
        aliases.setdefault(alias.lang, []).append(alias.name)
    return {
        "slug": topic.slug,
        "kind": topic.kind,
        "level": topic.level,
        "status": topic.status,
        "tags": list(tags),
        "categories": list(categories),
        "aliases": aliases,
        "review": list(review),
        "texts": {
            text.lang: {f: getattr(text, f) for f in TEXT_FIELDS if getattr(text, f)}
            for text in sorted(topic.texts, key=lambda t: t.lang)
        },
    }


def topic_from_dict(data: Any, source: SourceRef, locate: Locate | None = None) -> TopicDraft:
    """One exported topic, checked against the schema; a wrong value names file and line."""
    record = records.parse(records.TopicRecord, data, source.file, source.line, locate)
    return TopicDraft(
        texts={
            lang: TextDraft(**{f: getattr(text, f) or "" for f in TEXT_FIELDS})
            for lang, text in record.texts.items()
        },
        sources=[source],
        slug=record.slug,
        kind=record.kind or Kind.CONCEPT,
        level=record.level,
        aliases=[(lang, name) for lang, names in record.aliases.items() for name in names],
        tags=record.tags,
        categories=record.categories,
        review_reasons=record.review,
        status=str(record.status or Status.PUBLISHED),
    )


def category_from_dict(
    data: Any, source: SourceRef, locate: Locate | None = None
) -> CategoryDraft:
    record = records.parse(records.CategoryRecord, data, source.file, source.line, locate)
    return CategoryDraft(
        name=record.name, descriptions=record.descriptions, source=source, slug=record.slug
    )


def tag_from_dict(data: Any, source: SourceRef, locate: Locate | None = None) -> TagDraft:
    record = records.parse(records.TagRecord, data, source.file, source.line, locate)
    return TagDraft(name=record.name, declared_count=record.declared_count, source=source)


def path_from_dict(data: Any, source: SourceRef, locate: Locate | None = None) -> PathDraft:
    record = records.parse(records.PathRecord, data, source.file, source.line, locate)
    return PathDraft(
        name=record.name or record.slug,
        title=record.title,
        level=record.level,
        steps=record.steps,
        source=source,
        description=record.description or "",
        slug=record.slug,
    )
