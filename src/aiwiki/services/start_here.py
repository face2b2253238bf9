"""Use cases: where a newcomer starts, and what to know before and learn after a topic.

"Start here" is drawn from the wiki's own links: the topics most mentioned by others that
themselves build on the fewest, easiest first, then put in teaching order (what one
mentions comes before it). Before a topic: what its text mentions; after it: what
mentions it; both easiest first, then the most mentioned.
"""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Level, Status
from aiwiki.domain.path_order import prerequisite_order
from aiwiki.services.cards import card, level_rank
from aiwiki.services.views import TopicCard
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Link, Topic

START_HERE = 8
CANDIDATES = 60
AROUND = 5


def start_here_ids(session: Session) -> list[int]:
    """The ids of the "Start here" steps, in teaching order."""
    mentioned = dict(session.execute(
        select(Link.to_topic_id, func.count(func.distinct(Link.from_topic_id)))
        .group_by(Link.to_topic_id)
        .order_by(func.count(func.distinct(Link.from_topic_id)).desc(), Link.to_topic_id)
        .limit(CANDIDATES)).all())
    if not mentioned:
        return []
    builds_on = _out_degrees(session, list(mentioned))
    rows = session.execute(select(Topic.id, Topic.level, Topic.inferred_level).where(
        Topic.id.in_(list(mentioned)), Topic.status == Status.PUBLISHED)).all()
    level = {tid: given or guessed for tid, given, guessed in rows}
    chosen = sorted(level, key=lambda t: (
        level_rank(level[t]), builds_on.get(t, 0) - mentioned[t], t))[:START_HERE]
    mentions = _mentions_among(session, chosen)
    ranks = {t: Level(lv).rank for t in chosen if (lv := level[t])}
    return prerequisite_order(chosen, mentions, ranks).order


def start_here(wiki: Wiki, session: Session, lang: str) -> list[TopicCard]:
    ids = wiki.per_generation("start_here", lambda: start_here_ids(session))
    topics = {t.id: t for t in session.scalars(select(Topic).where(Topic.id.in_(ids)))}
    return [card(topics[t], lang) for t in ids if t in topics]


def _out_degrees(session: Session, ids: list[int]) -> dict[int, int]:
    return dict(session.execute(
        select(Link.from_topic_id, func.count(func.distinct(Link.to_topic_id)))
        .where(Link.from_topic_id.in_(ids)).group_by(Link.from_topic_id)).all())


def _mentions_among(session: Session, ids: list[int]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    rows = session.execute(select(Link.from_topic_id, Link.to_topic_id).where(
        Link.from_topic_id.in_(ids), Link.to_topic_id.in_(ids)).distinct())
    for source, target in rows:
        found.setdefault(source, set()).add(target)
    return found


def around(session: Session, topic_id: int, lang: str) -> tuple[list[TopicCard], list[TopicCard]]:
    """(know first, learn next): what the topic's text mentions, and what mentions it."""
    before = select(Link.to_topic_id).where(Link.from_topic_id == topic_id)
    after = select(Link.from_topic_id).where(Link.to_topic_id == topic_id)
    return _easiest(session, before, lang), _easiest(session, after, lang)


def _easiest(session: Session, ids: Select[int], lang: str) -> list[TopicCard]:
    mentioned = func.count(func.distinct(Link.from_topic_id))
    counts = dict(session.execute(
        select(Link.to_topic_id, mentioned).where(Link.to_topic_id.in_(ids))
        .group_by(Link.to_topic_id)).all())
    topics = session.scalars(select(Topic).where(
        Topic.id.in_(ids), Topic.status != Status.DELETED)).all()
    ordered = sorted(topics, key=lambda t: (
        level_rank(t.level or t.inferred_level), -counts.get(t.id, 0), t.id))
    return [card(t, lang) for t in ordered[:AROUND]]
