"""Use cases for the list pages: home, tags, categories, paths, levels, glossary."""

from __future__ import annotations

import unicodedata

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import ChangeKind, Level, Status
from aiwiki.errors import BadInput
from aiwiki.importers.pipeline import path_tag_parts
from aiwiki.services import start_here
from aiwiki.services.cards import by_level, card, cards, visible
from aiwiki.services.slugs import not_found, require_shape
from aiwiki.services.topics import topic_count
from aiwiki.services.views import (
    CategorySummary,
    CategoryView,
    GlossaryView,
    HomeView,
    LetterGroup,
    LevelGroup,
    LevelView,
    PathStepView,
    PathSummary,
    PathView,
    TagRef,
    TagView,
    TopicCard,
)
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import (
    Category,
    LearningPath,
    PathStep,
    Revision,
    Tag,
    Topic,
    TopicCategory,
    TopicTag,
)

RECENT = 8


def category_summaries(session: Session, lang: str) -> list[CategorySummary]:
    counts = dict(
        session.execute(
            select(TopicCategory.category_id, func.count())
            .join(Topic, Topic.id == TopicCategory.topic_id)
            .where(Topic.status != Status.DELETED)
            .group_by(TopicCategory.category_id)
        ).all()
    )
    return [
        CategorySummary(slug=c.slug, name=c.name, description=_describe(c, lang),
                        count=counts.get(c.id, 0))
        for c in session.scalars(select(Category).order_by(Category.name))
    ]


def _describe(category: Category, lang: str) -> str:
    descriptions = category.descriptions or {}
    return str(descriptions.get(lang) or descriptions.get("en") or next(
        iter(descriptions.values()), ""))


def path_summaries(session: Session) -> list[PathSummary]:
    lengths = dict(session.execute(
        select(PathStep.path_id, func.count()).group_by(PathStep.path_id)).all())
    return [
        PathSummary(slug=p.slug, title=p.title, level=p.level, description=p.description,
                    length=lengths.get(p.id, 0))
        for p in session.scalars(select(LearningPath).order_by(LearningPath.title))
    ]


def level_counts(session: Session) -> dict[str, int]:
    rows = dict(session.execute(
        select(Topic.level, func.count()).where(Topic.status != Status.DELETED,
                                                Topic.level.is_not(None))
        .group_by(Topic.level)).all())
    return {str(level): int(rows.get(level, 0)) for level in Level}


def inferred_level_counts(session: Session) -> dict[str, int]:
    """Topics without a level per inferred level: counted apart from the given ones."""
    rows = dict(session.execute(
        select(Topic.inferred_level, func.count()).where(
            Topic.status != Status.DELETED, Topic.level.is_(None),
            Topic.inferred_level.is_not(None)).group_by(Topic.inferred_level)).all())
    return {str(level): int(rows.get(level, 0)) for level in Level}


HUMAN_CHANGES = [str(kind) for kind in ChangeKind if kind != ChangeKind.IMPORT]
HUMAN_SCAN = 200  # the latest human revisions looked at (one index range per kind)


def recently_changed(session: Session) -> list[Topic]:
    """Topics a human changed last first, newest first; import runs only fill the rest."""
    rows = session.execute(
        select(Revision.topic_id).where(Revision.change.in_(HUMAN_CHANGES))
        .order_by(Revision.id.desc()).limit(HUMAN_SCAN)).scalars()
    human = list(dict.fromkeys(rows))
    shown = [t for t in session.scalars(visible().where(Topic.id.in_(human)))]
    shown.sort(key=lambda topic: human.index(topic.id))
    shown = shown[:RECENT]
    if len(shown) < RECENT:
        rest = session.scalars(visible().where(Topic.id.not_in([t.id for t in shown]))
                               .order_by(Topic.updated_at.desc(), Topic.id.desc())
                               .limit(RECENT - len(shown)))
        shown.extend(rest)
    return shown


def home(wiki: Wiki, lang: str) -> HomeView:
    with wiki.read() as session:
        recent = recently_changed(session)
        return HomeView(
            topic_count=topic_count(session),
            categories=category_summaries(session, lang),
            paths=path_summaries(session),
            levels=level_counts(session),
            inferred_levels=inferred_level_counts(session),
            start_here=start_here.start_here(wiki, session, lang),
            recent=[card(t, lang) for t in recent],
        )


def tags(wiki: Wiki) -> list[TagRef]:
    with wiki.read() as session:
        return [TagRef(slug=t.slug, name=t.name, is_path=path_tag_parts(t.name) is not None)
                for t in session.scalars(select(Tag).order_by(Tag.name))]


def tag_page(wiki: Wiki, slug: str, lang: str) -> TagView:
    with wiki.read() as session:
        require_shape(slug, "tag")
        tag = session.scalar(select(Tag).where(Tag.slug == slug))
        if tag is None:
            raise not_found("tag", slug)
        members = cards(session, visible().join(TopicTag).where(TopicTag.tag_id == tag.id), lang)
        return TagView(slug=tag.slug, name=tag.name, declared_count=tag.declared_count,
                       count=len(members), is_path=path_tag_parts(tag.name) is not None,
                       topics=members)


def categories(wiki: Wiki, lang: str) -> list[CategorySummary]:
    with wiki.read() as session:
        return category_summaries(session, lang)


def category_page(wiki: Wiki, slug: str, lang: str) -> CategoryView:
    with wiki.read() as session:
        require_shape(slug, "category")
        category = session.scalar(select(Category).where(Category.slug == slug))
        if category is None:
            raise not_found("category", slug)
        members = cards(session, visible().join(TopicCategory)
                        .where(TopicCategory.category_id == category.id), lang)
        groups = [LevelGroup(level=level, topics=items)
                  for level, items in by_level(members).items()]
        return CategoryView(slug=category.slug, name=category.name,
                            description=_describe(category, lang), count=len(members),
                            groups=groups)


def paths(wiki: Wiki) -> list[PathSummary]:
    with wiki.read() as session:
        return path_summaries(session)


def path_page(wiki: Wiki, slug: str, lang: str) -> PathView:
    with wiki.read() as session:
        require_shape(slug, "learning path")
        path = session.scalar(select(LearningPath).where(LearningPath.slug == slug))
        if path is None:
            raise not_found("learning path", slug)
        rows = session.execute(
            select(PathStep.position, Topic).join(Topic, Topic.id == PathStep.topic_id)
            .where(PathStep.path_id == path.id, Topic.status != Status.DELETED)
            .order_by(PathStep.position)
        )
        steps = [PathStepView(position=n, topic=card(topic, lang))
                 for n, (_, topic) in enumerate(rows, start=1)]
        return PathView(slug=path.slug, title=path.title, level=path.level,
                        description=path.description, steps=steps)


def level_page(wiki: Wiki, level: str, lang: str) -> LevelView:
    if level not in set(Level):
        raise not_found("level", level, "try beginner, intermediate or advanced")
    with wiki.read() as session:
        members = cards(session, visible().where(Topic.level == level), lang)
        guessed = cards(session, visible().where(Topic.level.is_(None),
                                                 Topic.inferred_level == level), lang)
        return LevelView(level=level, count=len(members), topics=members, inferred=guessed)


def first_letter(title: str) -> str:
    """A–Z for Latin titles (accents folded), '#' for digits, symbols and CJK."""
    for ch in unicodedata.normalize("NFKD", title):
        if ch.isascii() and ch.isalpha():
            return ch.upper()
        if ch.isalnum():
            return "#"
    return "#"


def glossary(wiki: Wiki, lang: str, level: str | None = None,
             category: str | None = None) -> GlossaryView:
    with wiki.read() as session:
        query = visible()
        if level:
            if level not in set(Level):  # the web declares the enum; this is for other callers
                raise BadInput(f"unknown level “{level}”: use beginner, intermediate or advanced")
            query = query.where(Topic.level == level)
        if category:
            require_shape(category, "category")
            found = session.scalar(select(Category.id).where(Category.slug == category))
            if found is None:
                raise not_found("category", category)
            query = query.join(TopicCategory).where(TopicCategory.category_id == found)
        groups: dict[str, list[TopicCard]] = {}
        for item in cards(session, query, lang):
            groups.setdefault(first_letter(item.title), []).append(item)
        letters = sorted(groups, key=lambda letter: (letter == "#", letter))
        return GlossaryView(
            letters=letters,
            groups=[LetterGroup(letter=letter, topics=groups[letter]) for letter in letters],
            level=level, category=category, categories=category_summaries(session, lang),
            count=sum(len(g) for g in groups.values()),
        )
