"""Stored links (DESIGN.md §1 Link): which topic mentions which, in what field and language,
with the sentence around the mention; what backlinks, related topics, the graph and path
order read.

Rebuilt inside the write that changed the text, so links never disagree with it: for the
topics the write changed, the topics that mentioned one of them by a name it lost (a
rename, a delete), and the topics whose text holds a name one of them gained (a new topic
or alias links its earlier mentions). A write that changed more than a quarter of the
wiki, or a wiki whose links were never built, rebuilds them all. Inferred levels, which
rest on links, are refreshed with them: for the topics re-read and their neighbours.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.rendering import Linker, render
from aiwiki.rendering.mentions import Mention, mentions
from aiwiki.services import levels, linking
from aiwiki.services.wiki import Wiki
from aiwiki.storage.engine import IDS_PER_QUERY
from aiwiki.storage.revisions import bump_generation, current_generation
from aiwiki.storage.tables import (
    Link,
    Revision,
    SiteState,
    SlugRedirect,
    Topic,
    TopicText,
)

FIELDS = ("summary", "why_it_matters", "body")
REBUILD_SHARE = 4
NAMES_PER_SCAN = 40
TOPICS_PER_BATCH = 500

_Row = dict[str, Any]


def rebuild(session: Session, wiki_key: int, changed: Collection[int]) -> int:
    """Bring the stored links up to date after a write that changed ``changed``, in that
    write's transaction (call it after the write's revisions are added); returns how many
    topics were re-read."""
    if not changed:
        return 0
    state = session.get(SiteState, 1)
    total = session.scalar(select(func.count()).select_from(Topic)) or 0
    if state is None or state.links_built is None or len(changed) * REBUILD_SHARE > total:
        return rebuild_all(session, wiki_key)
    affected = _affected(session, changed)
    _replace(session, linking.writing_linker(session, wiki_key, affected), sorted(affected))
    levels.refresh(session, affected | _linking_to(session, sorted(affected)) | _linked_from(
        session, sorted(affected)))
    return len(affected)


def rebuild_all(session: Session, wiki_key: int) -> int:
    """Every link read again from every topic's text (after a migration, or a big import)."""
    session.execute(delete(Link))
    ids = list(session.scalars(select(Topic.id).order_by(Topic.id)))
    linker = linking.writing_linker(session, wiki_key, ids)
    for at in range(0, len(ids), TOPICS_PER_BATCH):
        _insert(session, linker, ids[at : at + TOPICS_PER_BATCH])
    levels.refresh(session)
    _mark_built(session)
    return len(ids)


def repair(session: Session, wiki_key: int) -> bool:
    """Rebuild every link if they were never built (a new schema) but topics exist; True if
    it did. The generation moves on, so that pages cached without backlinks go."""
    state = session.get(SiteState, 1)
    if state is None or state.links_built is not None:
        return False
    rebuild_all(session, wiki_key)
    bump_generation(session)
    _mark_built(session)
    return True


@dataclass(frozen=True)
class LinkCounts:
    links: int
    linked_topics: int
    linking_topics: int


def counts(wiki: Wiki) -> LinkCounts:
    """How many links are stored, how many topics are mentioned, how many mention."""
    with wiki.read() as session:
        return LinkCounts(
            session.scalar(select(func.count()).select_from(Link)) or 0,
            session.scalar(select(func.count(func.distinct(Link.to_topic_id)))) or 0,
            session.scalar(select(func.count(func.distinct(Link.from_topic_id)))) or 0,
        )


def needs_repair(session: Session) -> bool:
    state = session.get(SiteState, 1)
    return state is not None and state.links_built is None


def repair_wiki(wiki: Wiki) -> bool:
    """`repair` in a write of its own, if it is due (checked first in a read: start-up
    must not wait for the write lock when nothing is to do)."""
    with wiki.read() as session:
        if not needs_repair(session):
            return False
    with wiki.write() as session:
        done = repair(session, id(wiki))
    wiki.changed()
    return done


def _mark_built(session: Session) -> None:
    generation = current_generation(session)
    if session.get(SiteState, 1) is None:
        session.add(SiteState(id=1, generation=generation, links_built=generation))
        session.flush()
    session.execute(update(SiteState).values(links_built=generation))


# -- which topics to read again -----------------------------------------------------------


def _affected(session: Session, changed: Collection[int]) -> set[int]:
    before, after = _names_around(session, changed)
    gained = {name for t in changed for name in after.get(t, set()) - before.get(t, set())}
    lost = [t for t in changed if before.get(t, set()) - after.get(t, set())]
    return set(changed) | _linking_to(session, lost) | _mentioning(session, gained)


def _names_around(
    session: Session, changed: Collection[int]
) -> tuple[dict[int, set[str]], dict[int, set[str]]]:
    """Each changed topic's names in its revision before this write and in its newest."""
    before: dict[int, set[str]] = {}
    after: dict[int, set[str]] = {}
    for topic_id, snapshots in _last_two_snapshots(session, sorted(changed)):
        after[topic_id] = _names(snapshots[0])
        before[topic_id] = _names(snapshots[1]) if len(snapshots) > 1 else set()
    return before, after


def _last_two_snapshots(
    session: Session, ids: list[int]
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    for at in range(0, len(ids), IDS_PER_QUERY):
        chosen = ids[at : at + IDS_PER_QUERY]
        newest = (
            select(Revision.topic_id, func.max(Revision.number).label("n"))
            .where(Revision.topic_id.in_(chosen)).group_by(Revision.topic_id).subquery()
        )
        rows = session.execute(
            select(Revision.topic_id, Revision.snapshot)
            .join(newest, newest.c.topic_id == Revision.topic_id)
            .where(Revision.number >= newest.c.n - 1)
            .order_by(Revision.topic_id, Revision.number.desc())
        )
        grouped: dict[int, list[dict[str, Any]]] = {}
        for topic_id, snapshot in rows:
            grouped.setdefault(topic_id, []).append(snapshot)
        yield from grouped.items()


def _names(snapshot: dict[str, Any]) -> set[str]:
    """The names a topic is linked by, as its snapshot holds them: none unless published."""
    if snapshot.get("status") != Status.PUBLISHED:
        return set()
    titles = {text.get("title", "") for text in snapshot.get("texts", {}).values()}
    aliases = {name for _, name in snapshot.get("aliases", [])}
    return {" ".join(name.split()) for name in titles | aliases if name.strip()}


def _linking_to(session: Session, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for at in range(0, len(ids), IDS_PER_QUERY):
        query = select(Link.from_topic_id).where(Link.to_topic_id.in_(ids[at : at + IDS_PER_QUERY]))
        found.update(session.scalars(query.distinct()))
    return found


def _linked_from(session: Session, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for at in range(0, len(ids), IDS_PER_QUERY):
        query = select(Link.to_topic_id).where(Link.from_topic_id.in_(ids[at : at + IDS_PER_QUERY]))
        found.update(session.scalars(query.distinct()))
    return found


def _mentioning(session: Session, names: Iterable[str]) -> set[int]:
    """Topics any of whose texts holds one of ``names`` (ignoring case): a superset of those
    that may link to it, narrowed by the linker when they are read again."""
    wanted = sorted({name.lower() for name in names if len(name) >= 2})
    found: set[int] = set()
    for at in range(0, len(wanted), NAMES_PER_SCAN):
        clauses = [
            func.lower(getattr(TopicText, field)).contains(name, autoescape=True)
            for name in wanted[at : at + NAMES_PER_SCAN] for field in FIELDS
        ]
        found.update(session.scalars(select(TopicText.topic_id).where(or_(*clauses)).distinct()))
    return found


# -- reading links out of text ------------------------------------------------------------


def _replace(session: Session, linker: Linker, ids: list[int]) -> None:
    for at in range(0, len(ids), IDS_PER_QUERY):
        chosen = ids[at : at + IDS_PER_QUERY]
        session.execute(delete(Link).where(Link.from_topic_id.in_(chosen)))
    for at in range(0, len(ids), TOPICS_PER_BATCH):
        _insert(session, linker, ids[at : at + TOPICS_PER_BATCH])


def _insert(session: Session, linker: Linker, ids: list[int]) -> None:
    topics = session.scalars(
        select(Topic).where(Topic.id.in_(ids), Topic.status != Status.DELETED)
    ).all()
    found = [(topic, lang, name, m) for topic in topics for lang, name, m in _read(linker, topic)]
    targets = _target_ids(session, {m.slug for _, _, _, m in found})
    rows = _rows(found, targets)
    if rows:
        session.execute(insert(Link), rows)


def _read(linker: Linker, topic: Topic) -> Iterator[tuple[str, str, Mention]]:
    """(language, field, mention) of every link in a topic's texts, as its page links them."""
    own = linker.excluding(topic.slug)
    for text in topic.texts:
        for name in FIELDS:
            source = getattr(text, name)
            if source.strip():
                html = render(source, own, inline=name != "body").html
                yield from ((text.lang, name, m) for m in mentions(html))


def _target_ids(session: Session, slugs: set[str]) -> dict[str, int]:
    """slug -> id of the topics those slugs name (old slugs through their redirects); a
    deleted topic is no target."""
    ordered = sorted(slugs)
    targets: dict[str, int] = {}
    for at in range(0, len(ordered), IDS_PER_QUERY):
        chosen = ordered[at : at + IDS_PER_QUERY]
        live = Topic.status != Status.DELETED
        targets.update(list(session.execute(select(Topic.slug, Topic.id).where(
            Topic.slug.in_(chosen), live))))
        moved = select(SlugRedirect.old_slug, Topic.id).join(
            Topic, Topic.id == SlugRedirect.topic_id).where(SlugRedirect.old_slug.in_(chosen), live)
        targets.update({old: tid for old, tid in session.execute(moved)
                        if old not in targets})
    return targets


def _rows(found: list[tuple[Topic, str, str, Mention]], targets: dict[str, int]) -> list[_Row]:
    rows: dict[tuple[int, int, str, str], _Row] = {}
    for topic, lang, name, m in found:
        target = targets.get(m.slug)
        key = (topic.id, target or 0, lang, name)
        if target is None or target == topic.id or key in rows:
            continue
        rows[key] = {
            "from_topic_id": topic.id, "to_topic_id": target, "lang": lang, "field": name,
            "kind": "explicit" if m.explicit else "auto", "mention": m.words[:300],
            "sentence": m.sentence_html,
        }
    return list(rows.values())
