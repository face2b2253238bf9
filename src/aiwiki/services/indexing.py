"""Keeping the derived search index in step with the database (the source of truth)."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aiwiki.config import Settings
from aiwiki.domain.enums import Status
from aiwiki.search import make_backend
from aiwiki.search.base import IndexBusy, SearchBackend, SearchDocument
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Category, Tag, Topic, TopicCategory, TopicTag

BATCH = 2000
log = logging.getLogger(__name__)


def open_backend(settings: Settings) -> SearchBackend:
    directory = settings.resolved_index_dir
    directory.mkdir(parents=True, exist_ok=True)
    return make_backend(settings.search_backend, directory)


def documents(session: Session, topic_ids: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    """SearchDocuments for the given topics (all when None), read in batches."""
    query = select(Topic).where(Topic.status != Status.DELETED).order_by(Topic.id)
    ids = None if topic_ids is None else sorted(set(topic_ids))
    chunks = [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)] if ids is not None else [None]
    for chunk in chunks:
        scoped = query if chunk is None else query.where(Topic.id.in_(chunk))
        topics = list(session.scalars(scoped))
        tags = _names_by_topic(session, Tag, TopicTag, [t.id for t in topics])
        cats = _names_by_topic(session, Category, TopicCategory, [t.id for t in topics])
        for topic in topics:
            yield _document(topic, tags.get(topic.id, []), cats.get(topic.id, []))


def _names_by_topic(
    session: Session, table: type[Tag] | type[Category],
    link: type[TopicTag] | type[TopicCategory], topic_ids: list[int],
) -> dict[int, list[str]]:
    key = TopicTag.tag_id if link is TopicTag else TopicCategory.category_id
    rows = session.execute(
        select(link.topic_id, table.slug).join(table, table.id == key).where(
            link.topic_id.in_(topic_ids)
        )
    )
    names: dict[int, list[str]] = defaultdict(list)
    for topic_id, slug in rows:
        names[topic_id].append(slug)
    return names


def _document(topic: Topic, tags: list[str], categories: list[str]) -> SearchDocument:
    texts = {text.lang: text for text in topic.texts}
    return SearchDocument(
        topic_id=topic.id,
        slug=topic.slug,
        revision=topic.current_revision,
        titles={lang: t.title for lang, t in texts.items() if t.title},
        aliases=[alias.name for alias in topic.aliases],
        summaries={lang: t.summary for lang, t in texts.items() if t.summary},
        bodies={
            lang: "\n\n".join(part for part in (t.why_it_matters, t.body) if part)
            for lang, t in texts.items()
            if t.why_it_matters or t.body
        },
        level=topic.level,
        kind=topic.kind,
        status=topic.status,
        tags=tags,
        categories=categories,
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
