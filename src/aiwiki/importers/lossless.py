"""The data model of aiwiki's own export formats, shared by JSON Lines and Markdown folders.

`dump_*` turn database rows into plain dicts; `*_from_dict` turn them back into drafts.
Both formats serialise exactly these dicts, so they round-trip the same things.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Kind, Level, Status
from aiwiki.errors import ImportFormatError
from aiwiki.importers.drafts import (
    CategoryDraft,
    PathDraft,
    SourceRef,
    TagDraft,
    TextDraft,
    TopicDraft,
)
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


def topic_from_dict(data: dict[str, Any], source: SourceRef) -> TopicDraft:
    """Validate one exported topic; a wrong field type or value names the file and line."""
    try:
        texts = {
            str(lang): TextDraft(**{f: str(fields.get(f) or "") for f in TEXT_FIELDS})
            for lang, fields in dict(data.get("texts") or {}).items()
        }
        if not texts or not any(t.title for t in texts.values()):
            raise ValueError("a topic needs a title in at least one language")
        status = Status(data.get("status") or Status.PUBLISHED)
        return TopicDraft(
            texts=texts,
            sources=[source],
            slug=str(data["slug"]),
            kind=Kind(data.get("kind") or Kind.CONCEPT),
            level=Level(data["level"]) if data.get("level") else None,
            aliases=[
                (str(lang), str(name))
                for lang, names in dict(data.get("aliases") or {}).items()
                for name in names
            ],
            tags=[str(tag) for tag in data.get("tags") or []],
            categories=[str(c) for c in data.get("categories") or []],
            review_reasons=[str(r) for r in data.get("review") or []],
            status=str(status),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ImportFormatError(source.file, source.line, f"bad topic: {exc}") from None


def category_from_dict(data: dict[str, Any], source: SourceRef) -> CategoryDraft:
    try:
        return CategoryDraft(
            name=str(data["name"]),
            descriptions={str(k): str(v) for k, v in dict(data.get("descriptions") or {}).items()},
            source=source,
            slug=str(data["slug"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFormatError(source.file, source.line, f"bad category: {exc}") from None


def tag_from_dict(data: dict[str, Any], source: SourceRef) -> TagDraft:
    try:
        declared = data.get("declared_count")
        return TagDraft(
            name=str(data["name"]),
            declared_count=int(declared) if declared is not None else None,
            source=source,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFormatError(source.file, source.line, f"bad tag: {exc}") from None


def path_from_dict(data: dict[str, Any], source: SourceRef) -> PathDraft:
    try:
        return PathDraft(
            name=str(data.get("name") or data["slug"]),
            title=str(data["title"]),
            level=Level(data["level"]) if data.get("level") else None,
            steps=[str(step) for step in data.get("steps") or []],
            source=source,
            description=str(data.get("description") or ""),
            slug=str(data["slug"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ImportFormatError(source.file, source.line, f"bad path: {exc}") from None
