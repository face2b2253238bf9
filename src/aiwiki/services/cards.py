"""Topic cards: the title + level + rendered summary rows every list page shows."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Level, Status
from aiwiki.rendering import render_inline
from aiwiki.services.localize import localize
from aiwiki.services.views import TopicCard
from aiwiki.storage.tables import Topic


@lru_cache(maxsize=50_000)
def inline_html(text: str) -> str:
    """Summaries recur on many pages; their rendering (math included) is pure, so cache it."""
    return render_inline(text)


def card(topic: Topic, lang: str) -> TopicCard:
    local = localize(topic.texts, lang)
    shown = local.sources.get("title", lang)
    return TopicCard(
        slug=topic.slug,
        title=local.fields["title"] or topic.slug,
        summary_html=inline_html(local.fields["summary"]),
        level=topic.level,
        kind=topic.kind,
        status=topic.status,
        lang=shown,
        fallback=bool(local.fallbacks),
        inferred_level=topic.inferred_level if topic.level is None else None,
    )


def visible() -> Select[Topic]:
    """Topics a reader may see: everything not deleted."""
    return select(Topic).where(Topic.status != Status.DELETED)


def sort_key(c: TopicCard) -> tuple[str, str]:
    return (c.title.casefold(), c.slug)


def cards(session: Session, query: Select[Topic], lang: str) -> list[TopicCard]:
    return sorted((card(t, lang) for t in session.scalars(query)), key=sort_key)


def level_rank(level: str | None) -> int:
    return Level(level).rank if level in set(Level) else len(Level)


def by_level(items: Iterable[TopicCard]) -> dict[str | None, list[TopicCard]]:
    groups: dict[str | None, list[TopicCard]] = {}
    for item in sorted(items, key=lambda c: (level_rank(c.level), *sort_key(c))):
        groups.setdefault(item.level, []).append(item)
    return groups
