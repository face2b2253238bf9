"""Keeping the derived search index in step with the database (the source of truth)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Executable, func, select
from sqlalchemy.orm import Session

from aiwiki.config import Settings
from aiwiki.domain.enums import Status
from aiwiki.search import make_backend
from aiwiki.search.base import IndexBusy, SearchBackend, SearchDocument
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Alias, Category, Tag, Topic, TopicCategory, TopicTag, TopicText

BATCH = 2000
Record = Any  # a result row (sqlalchemy.Row, whose column types mypy cannot follow here)
log = logging.getLogger(__name__)


def open_backend(settings: Settings) -> SearchBackend:
    directory = settings.resolved_index_dir
    directory.mkdir(parents=True, exist_ok=True)
    return make_backend(settings.search_backend, directory)


def documents(session: Session, topic_ids: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    """SearchDocuments for the given topics (all when None), read in batches of plain rows
    (no ORM objects: a rebuild reads every topic, and objects cost more than the index)."""
    for topics in _topic_batches(session, topic_ids):
        batch = [t.id for t in topics]
        texts = _rows_by_topic(session, select(
            TopicText.topic_id, TopicText.lang, TopicText.title, TopicText.summary,
            TopicText.why_it_matters, TopicText.body,
        ).where(TopicText.topic_id.in_(batch)))
        aliases = _rows_by_topic(session, select(Alias.topic_id, Alias.name).where(
            Alias.topic_id.in_(batch)).order_by(Alias.id))
        tags = _rows_by_topic(session, select(TopicTag.topic_id, Tag.slug).join(
            Tag, Tag.id == TopicTag.tag_id).where(TopicTag.topic_id.in_(batch)))
        cats = _rows_by_topic(session, select(TopicCategory.topic_id, Category.slug).join(
            Category, Category.id == TopicCategory.category_id).where(
            TopicCategory.topic_id.in_(batch)))
        for topic in topics:
            yield _document(topic, texts.get(topic.id, []), aliases.get(topic.id, []),
                            tags.get(topic.id, []), cats.get(topic.id, []))


def _topic_batches(session: Session, topic_ids: Iterable[int] | None) -> Iterator[list[Record]]:
    """Rows of the live topics, BATCH at a time: every topic paged by id (never holding all
    ids at once), or the given ones (some of which may be gone)."""
    columns = select(Topic.id, Topic.slug, Topic.current_revision, Topic.level, Topic.kind,
                     Topic.status).where(Topic.status != Status.DELETED).order_by(Topic.id)
    if topic_ids is None:
        last = 0
        read = session.connection().execute
        while topics := list(read(columns.where(Topic.id > last).limit(BATCH))):
            yield topics
            last = topics[-1].id
        return
    ids = sorted(set(topic_ids))
    for start in range(0, len(ids), BATCH):
        chosen = columns.where(Topic.id.in_(ids[start:start + BATCH]))
        if topics := list(session.connection().execute(chosen)):
            yield topics


def _rows_by_topic(session: Session, query: Executable) -> dict[int, list[Record]]:
    """Rows grouped by their first column, the topic id (read on the session's connection:
    plain Core rows, without the ORM's per-statement work)."""
    grouped: dict[int, list[Record]] = defaultdict(list)
    for row in session.connection().execute(query):
        grouped[row[0]].append(row)
    return grouped


def _document(topic: Record, texts: list[Record], aliases: list[Record],
              tags: list[Record], categories: list[Record]) -> SearchDocument:
    return SearchDocument(
        topic_id=topic.id,
        slug=topic.slug,
        revision=topic.current_revision,
        titles={t.lang: t.title for t in texts if t.title},
        aliases=[a.name for a in aliases],
        summaries={t.lang: t.summary for t in texts if t.summary},
        bodies={
            t.lang: "\n\n".join(part for part in (t.why_it_matters, t.body) if part)
            for t in texts
            if t.why_it_matters or t.body
        },
        level=topic.level,
        kind=topic.kind,
        status=topic.status,
        tags=[t.slug for t in tags],
        categories=[c.slug for c in categories],
    )


def sync(wiki: Wiki, topic_ids: Iterable[int]) -> None:
    """Re-index topics after a committed write; deleted topics leave the index."""
    if wiki.search is None:
        return
    ids = set(topic_ids)
    if not ids:
        return
    with wiki.read() as session:
        docs = list(documents(session, ids))
    try:
        wiki.search.index(docs)
        wiki.search.remove(ids - {doc.topic_id for doc in docs})
    except IndexBusy:
        log.warning("search index busy in another process; it catches up from the database")
    finally:
        wiki.search.close()  # release the writer so another process (server or CLI) may write


def repair(wiki: Wiki) -> int:
    """Bring a lagging index up to date (e.g. after a crash between commit and index write):
    compares each topic's revision with the one indexed. Returns how many it fixed."""
    if wiki.search is None:
        return 0
    wiki.search.refresh()
    indexed = wiki.search.indexed_revisions()
    with wiki.read() as session:
        current = dict(
            session.execute(
                select(Topic.id, Topic.current_revision).where(Topic.status != Status.DELETED)
            ).all()
        )
    stale = [tid for tid, rev in current.items() if indexed.get(tid) != rev]
    gone = [tid for tid in indexed if tid not in current]
    sync(wiki, stale + gone)  # ids no longer in the database are removed by sync
    return len(stale) + len(gone)


def rebuild(wiki: Wiki, progress: Callable[[int, int], None] | None = None) -> int:
    """Build the index again from the database, in one swap: searches keep seeing the
    old index until the new one is complete."""
    if wiki.search is None:
        return 0
    with wiki.read() as session:
        total = session.scalar(
            select(func.count()).select_from(Topic).where(Topic.status != Status.DELETED)
        ) or 0

        def reported() -> Iterator[SearchDocument]:
            for done, document in enumerate(documents(session), 1):
                yield document
                if progress and done % BATCH == 0:
                    progress(done, total)

        written = wiki.search.replace_all(reported())
    if progress:
        progress(written, total)
    wiki.search.close()
    return written
