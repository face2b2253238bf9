"""Keeping the derived search index in step with the database (the source of truth)."""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Executable, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from aiwiki.config import Settings
from aiwiki.domain.enums import Status
from aiwiki.rendering.math import find_formulas
from aiwiki.search import make_backend
from aiwiki.search.base import IndexBusy, SearchBackend, SearchDocument
from aiwiki.services.wiki import Wiki
from aiwiki.storage.engine import IDS_PER_QUERY
from aiwiki.storage.revisions import current_generation, topics_revised_since
from aiwiki.storage.tables import Alias, Category, Tag, Topic, TopicCategory, TopicTag, TopicText

BATCH = 2000
RETRY_SECONDS = 2.0  # first wait before trying again to catch up with a busy index
RETRY_MAX_SECONDS = 60.0
Record = Any  # a result row (sqlalchemy.Row, whose column types mypy cannot follow here)
log = logging.getLogger(__name__)


def open_backend(settings: Settings) -> SearchBackend:
    directory = settings.resolved_index_dir
    directory.mkdir(parents=True, exist_ok=True)
    from aiwiki.services.embedding import hybrid_backend

    return hybrid_backend(settings, make_backend(settings.search_backend, directory))


def documents(session: Session, topic_ids: Iterable[int] | None = None) -> Iterator[SearchDocument]:
    """SearchDocuments for the given topics (all when None), read in batches of plain rows
    (no ORM objects: a rebuild reads every topic, and objects cost more than the index)."""
    for topics, chosen in _topic_batches(session, topic_ids):
        texts = _rows_by_topic(session, select(
            TopicText.topic_id, TopicText.lang, TopicText.title, TopicText.summary,
            TopicText.why_it_matters, TopicText.body,
        ).where(chosen(TopicText.topic_id)))
        aliases = _rows_by_topic(session, select(Alias.topic_id, Alias.name).where(
            chosen(Alias.topic_id)).order_by(Alias.id))
        tags = _rows_by_topic(session, select(TopicTag.topic_id, Tag.slug).join(
            Tag, Tag.id == TopicTag.tag_id).where(chosen(TopicTag.topic_id)))
        cats = _rows_by_topic(session, select(TopicCategory.topic_id, Category.slug).join(
            Category, Category.id == TopicCategory.category_id).where(
            chosen(TopicCategory.topic_id)))
        none: list[Record] = []
        for topic in topics:
            yield _document(topic, texts.get(topic.id, none), aliases.get(topic.id, none),
                            tags.get(topic.id, none), cats.get(topic.id, none))


Chooser = Callable[[InstrumentedAttribute[int]], ColumnElement[bool]]


def _topic_batches(
    session: Session, topic_ids: Iterable[int] | None
) -> Iterator[tuple[Sequence[Record], Chooser]]:
    """Rows of the live topics, BATCH at a time, each with the condition that picks the
    batch's rows from the other tables. Every topic is paged by id (never holding all ids
    at once) and chosen by id range, which the database answers from its index in one pass;
    given ids (some of which may be gone) are chosen by list."""
    columns = select(Topic.id, Topic.slug, Topic.current_revision, Topic.level, Topic.kind,
                     Topic.status).where(Topic.status != Status.DELETED).order_by(Topic.id)
    read = session.connection().execute
    if topic_ids is None:
        last = 0
        while topics := read(columns.where(Topic.id > last).limit(BATCH)).all():
            yield topics, _id_between(last + 1, topics[-1].id)
            last = topics[-1].id
        return
    ids = sorted(set(topic_ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        if topics := read(columns.where(Topic.id.in_(batch))).all():
            yield topics, _id_in(batch)


def _id_between(low: int, high: int) -> Chooser:
    def chosen(column: InstrumentedAttribute[int]) -> ColumnElement[bool]:
        return column.between(low, high)

    return chosen


def _id_in(ids: list[int]) -> Chooser:
    def chosen(column: InstrumentedAttribute[int]) -> ColumnElement[bool]:
        return column.in_(ids)

    return chosen


def _rows_by_topic(session: Session, query: Executable) -> dict[int, list[Record]]:
    """Rows grouped by their first column, the topic id (read on the session's connection,
    all at once: plain Core rows, without the ORM's per-statement or per-row work)."""
    grouped: dict[int, list[Record]] = defaultdict(list)
    for row in session.connection().execute(query).all():
        grouped[row[0]].append(row)
    return grouped


def _document(topic: Record, texts: list[Record], aliases: list[Record],
              tags: list[Record], categories: list[Record]) -> SearchDocument:
    """Rows are unpacked by position: a rebuild makes millions of these, and a row's
    attribute lookup by name costs more than the tuple unpacking."""
    titles: dict[str, str] = {}
    summaries: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for _, lang, title, summary, why_it_matters, body in texts:
        if title:
            titles[lang] = title
        if summary:
            summaries[lang] = summary
        if why_it_matters and body:
            bodies[lang] = f"{why_it_matters}\n\n{body}"
        elif why_it_matters or body:
            bodies[lang] = why_it_matters or body
    topic_id, slug, revision, level, kind, status = topic
    return SearchDocument(
        topic_id=topic_id,
        slug=slug,
        revision=revision,
        titles=titles,
        aliases=[name for _, name in aliases],
        summaries=summaries,
        bodies=bodies,
        level=level,
        kind=kind,
        status=status,
        tags=[slug for _, slug in tags],
        categories=[slug for _, slug in categories],
        formulas=[f for text in (*summaries.values(), *bodies.values()) for f in _formulas(text)],
    )


def _formulas(text: str) -> list[str]:
    """The LaTeX of each formula in a text (most texts have none: a cheap test first)."""
    if "\\" not in text and "$" not in text:
        return []
    return [formula.latex for _, _, formula in find_formulas(text)]


def sync(wiki: Wiki, topic_ids: Iterable[int]) -> bool:
    """Re-index topics after a committed write; deleted topics leave the index. False if
    another process held the index (the server catches it up from the database)."""
    if wiki.search is None:
        return True
    ids = set(topic_ids)
    if not ids:
        return True
    with _syncing:
        return _sync(wiki.search, wiki, ids)


# Reading and indexing happen under one lock: two threads that edit one topic must not
# index in the other order than they read, leaving the older text in the index.
_syncing = threading.Lock()


def _sync(search: SearchBackend, wiki: Wiki, ids: set[int]) -> bool:
    with wiki.read() as session:
        docs = list(documents(session, ids))
    try:
        search.index(docs)
        if gone := ids - {doc.topic_id for doc in docs}:
            search.remove(gone)  # a commit of its own (tens of ms): only when needed
    except IndexBusy:
        log.warning("search index busy in another process; it catches up from the database")
        return False
    finally:
        search.close()  # release the writer so another process (server or CLI) may write
    return True


def repair(wiki: Wiki) -> int:
    """Bring a lagging index up to date (e.g. after a crash between commit and index write):
    compares each topic's revision with the one indexed. Returns how many it fixed."""
    if wiki.search is None:
        return 0
    with wiki.read() as session:
        generation = current_generation(session)  # first: what it covers, at least
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
    if sync(wiki, stale + gone):  # ids no longer in the database are removed by sync
        wiki.index_checked = generation
    return len(stale) + len(gone)


class IndexFollower:
    """Told the site generation on every poll: catches the index up when the site moved on
    (another process wrote), and after a failure (another process held the index, e.g.
    for a long `aiwiki reindex`) tries again, waiting twice as long each time up to
    ``RETRY_MAX_SECONDS``."""

    def __init__(self, wiki: Wiki) -> None:
        self.wiki = wiki
        self.retry_at = 0.0
        self.delay = RETRY_SECONDS

    def __call__(self, generation: int) -> None:
        checked = self.wiki.index_checked
        if checked is not None and checked >= generation:
            return
        if time.monotonic() < self.retry_at:
            return
        if catch_up(self.wiki):
            self.delay = RETRY_SECONDS
        else:
            self.retry_at = time.monotonic() + self.delay
            self.delay = min(2 * self.delay, RETRY_MAX_SECONDS)


def catch_up(wiki: Wiki) -> bool:
    """Compare only the topics revised since the index last matched the database (all of
    them if it never did), and index those that differ. False if the index was busy.

    Reading a million revisions from each side, as `repair` does, took seconds of the
    server's time and a hundred MB on every write made elsewhere."""
    if wiki.search is None:
        return True
    if wiki.index_checked is None:
        repair(wiki)
        return wiki.index_checked is not None
    with wiki.read() as session:
        generation = current_generation(session)
        revised = topics_revised_since(session, wiki.index_checked)
        current = {
            topic_id: revision
            for at in range(0, len(revised), IDS_PER_QUERY)
            for topic_id, revision in session.execute(
                select(Topic.id, Topic.current_revision).where(
                    Topic.id.in_(revised[at : at + IDS_PER_QUERY]),
                    Topic.status != Status.DELETED,
                )
            )
        }
    wiki.search.refresh()
    indexed = wiki.search.indexed_revisions(revised)
    stale = [tid for tid in revised if indexed.get(tid) != current.get(tid)]
    if not sync(wiki, stale):
        return False
    wiki.index_checked = generation
    return True


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
