"""Inferred levels: for each topic without a level, a guess from its stored links and its
words (domain/level_inference.py), kept in ``topics.inferred_level`` beside the given
level, which it never replaces. Refreshed with the links, in the same write."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Kind, Level, Status
from aiwiki.domain.level_inference import Evidence, infer_level
from aiwiki.storage.engine import IDS_PER_QUERY
from aiwiki.storage.tables import Link, Topic, TopicText

UNLEVELLED = frozenset({Kind.COMPANY, Kind.PRODUCT, Kind.PERSON})  # no level to learn at
TEXT_LIMIT = 4000  # characters of a topic's text that the vocabulary is judged on


def refresh(session: Session, topic_ids: Collection[int] | None = None) -> int:
    """Infer the level of ``topic_ids`` (every topic when None) that have none; clear it on
    those that have one. Returns how many topics were looked at."""
    ids = sorted(topic_ids) if topic_ids is not None else list(
        session.scalars(select(Topic.id).order_by(Topic.id)))
    for at in range(0, len(ids), IDS_PER_QUERY):
        chosen = ids[at : at + IDS_PER_QUERY]
        rows = [{"tid": tid, "inferred": level} for tid, level in _guesses(session, chosen)]
        if rows:
            session.connection().execute(
                update(Topic).where(Topic.id == bindparam("tid"))
                .values(inferred_level=bindparam("inferred")), rows)
    return len(ids)


def _guesses(session: Session, ids: list[int]) -> Iterator[tuple[int, str | None]]:
    rows = session.execute(select(Topic.id, Topic.level, Topic.kind).where(
        Topic.id.in_(ids), Topic.status != Status.DELETED)).all()
    given = {tid: level for tid, level, _ in rows}
    unlevelled = [tid for tid, level, kind in rows if level is None and kind not in UNLEVELLED]
    out, builds_on = _links_out(session, unlevelled)
    incoming = _links_in(session, unlevelled)
    texts = _texts(session, unlevelled)
    for tid in given:
        if tid not in texts:  # a level given, a kind that has none, or nothing to judge
            yield tid, None
            continue
        evidence = Evidence(builds_on.get(tid, []), out.get(tid, 0), incoming.get(tid, 0),
                            texts.get(tid, ""))
        yield tid, str(infer_level(evidence))


def _links_out(session: Session, ids: list[int]) -> tuple[dict[int, int], dict[int, list[int]]]:
    """Links out of each topic, and the level ranks of the levelled topics it links to."""
    target = Topic.__table__.alias("target")
    rows = session.execute(
        select(Link.from_topic_id, Link.to_topic_id, target.c.level)
        .join(target, target.c.id == Link.to_topic_id)
        .where(Link.from_topic_id.in_(ids)).distinct()
    )
    out: dict[int, set[int]] = defaultdict(set)
    ranks: dict[int, dict[int, int]] = defaultdict(dict)
    for source, to, level in rows:
        out[source].add(to)
        if level in set(Level):
            ranks[source][to] = Level(level).rank
    return ({t: len(v) for t, v in out.items()},
            {t: list(v.values()) for t, v in ranks.items()})


def _links_in(session: Session, ids: list[int]) -> dict[int, int]:
    query = (select(Link.to_topic_id, func.count(func.distinct(Link.from_topic_id)))
             .where(Link.to_topic_id.in_(ids)).group_by(Link.to_topic_id))
    return dict(session.execute(query).all())


def _texts(session: Session, ids: list[int]) -> dict[int, str]:
    """Each topic's text, English first (the vocabulary cues are English), else any."""
    rows = session.execute(
        select(TopicText.topic_id, TopicText.lang, TopicText.summary, TopicText.why_it_matters,
               TopicText.body).where(TopicText.topic_id.in_(ids)))
    texts: dict[int, str] = {}
    for tid, _, *fields in sorted(rows, key=lambda r: (r[0], r[1] != "en", r[1])):
        texts.setdefault(tid, " ".join(fields)[:TEXT_LIMIT])
    return texts
