"""Use case: one topic, fully rendered, in the reader's language."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.errors import Moved
from aiwiki.importers.pipeline import path_tag_parts
from aiwiki.rendering import render_inline, render_markdown
from aiwiki.services import connections, graph, linking, related, start_here
from aiwiki.services.cards import inline_html
from aiwiki.services.localize import localize
from aiwiki.services.slugs import not_found, require_shape
from aiwiki.services.views import (
    CategoryRef,
    PathMembership,
    ReviewNote,
    TagRef,
    TopicView,
)
from aiwiki.services.wiki import Wiki
from aiwiki.storage.revisions import current_generation
from aiwiki.storage.tables import (
    Category,
    LearningPath,
    PathStep,
    ReviewItem,
    Revision,
    SlugRedirect,
    Tag,
    Topic,
    TopicCategory,
    TopicTag,
)


def find_topic(session: Session, slug: str) -> Topic:
    """The topic at a slug; an old slug raises Moved, an unknown or deleted one NotFound."""
    require_shape(slug, "topic")
    topic = session.scalar(select(Topic).where(Topic.slug == slug))
    if topic is None:
        redirect = session.get(SlugRedirect, slug)
        if redirect is not None:
            target = session.get_one(Topic, redirect.topic_id)
            raise Moved(f"/t/{target.slug}")
    if topic is None or topic.status == Status.DELETED:
        raise not_found("topic", slug)
    return topic


def get_topic(wiki: Wiki, slug: str, lang: str) -> TopicView:
    with wiki.read() as session:
        topic = find_topic(session, slug)
        local = localize(topic.texts, lang)
        link = linking.linker(session, id(wiki), current_generation(session)).excluding(
            topic.slug
        )
        body_html = render_markdown(local.fields["body"], linker=link)
        why_html = render_inline(local.fields["why_it_matters"], linker=link)
        before, after = start_here.around(session, topic.id, lang)
        return TopicView(
            slug=topic.slug,
            kind=topic.kind,
            level=topic.level,
            inferred_level=topic.inferred_level if topic.level is None else None,
            status=topic.status,
            lang=lang,
            title=local.fields["title"] or topic.slug,
            summary_html=inline_html(local.fields["summary"]),
            why_it_matters_html=why_html,
            body_html=body_html,
            fallbacks=local.fallbacks,
            languages=sorted(t.lang for t in topic.texts if t.title or t.summary),
            tags=_tags(session, topic.id),
            categories=_categories(session, topic.id),
            paths=_paths(session, topic.id, lang),
            aliases=sorted({a.name for a in topic.aliases}, key=str.casefold),
            review=_review(session, topic.id),
            backlinks=connections.backlinks(session, topic.id, lang),
            know_first=before,
            learn_next=after,
            related=(near := related.related(session, wiki.search, topic.id, lang)),
            graph=graph.neighbourhood(session, topic, lang, near),
            revision=topic.current_revision,
            revision_number=_revision_number(session, topic.current_revision),
            updated_at=topic.updated_at,
        )


def _tags(session: Session, topic_id: int) -> list[TagRef]:
    rows = session.execute(
        select(Tag.slug, Tag.name).join(TopicTag).where(TopicTag.topic_id == topic_id)
        .order_by(Tag.name)
    )
    return [TagRef(slug=slug, name=name, is_path=path_tag_parts(name) is not None)
            for slug, name in rows]


def _categories(session: Session, topic_id: int) -> list[CategoryRef]:
    rows = session.execute(
        select(Category.slug, Category.name).join(TopicCategory)
        .where(TopicCategory.topic_id == topic_id).order_by(Category.name)
    )
    return [CategoryRef(slug=slug, name=name) for slug, name in rows]


def _title(session: Session, topic_id: int, lang: str) -> str:
    return localize(session.get_one(Topic, topic_id).texts, lang).fields["title"]


def _paths(session: Session, topic_id: int, lang: str) -> list[PathMembership]:
    memberships = []
    rows = session.execute(
        select(LearningPath, PathStep.position).join(PathStep, PathStep.path_id == LearningPath.id)
        .where(PathStep.topic_id == topic_id).order_by(LearningPath.title)
    )
    for path, position in rows:
        steps = list(session.execute(
            select(PathStep.position, Topic.id, Topic.slug)
            .join(Topic, Topic.id == PathStep.topic_id)
            .where(PathStep.path_id == path.id).order_by(PathStep.position)
        ))
        index = [pos for pos, _, _ in steps].index(position)
        before = steps[index - 1] if index > 0 else None
        after = steps[index + 1] if index + 1 < len(steps) else None
        memberships.append(PathMembership(
            slug=path.slug, title=path.title, level=path.level, position=index + 1,
            length=len(steps),
            previous=before[2] if before else None,
            next=after[2] if after else None,
            previous_title=_title(session, before[1], lang) if before else None,
            next_title=_title(session, after[1], lang) if after else None,
        ))
    return memberships


def _review(session: Session, topic_id: int) -> list[ReviewNote]:
    rows = session.scalars(
        select(ReviewItem).where(ReviewItem.topic_id == topic_id, ReviewItem.resolved_at.is_(None))
        .order_by(ReviewItem.id)
    )
    return [ReviewNote(reason=r.reason, file=r.file, line=r.line) for r in rows]


def _revision_number(session: Session, revision_id: int) -> int:
    revision = session.get(Revision, revision_id) if revision_id else None
    return revision.number if revision else 0


def topic_count(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Topic).where(Topic.status != Status.DELETED)
    ) or 0
