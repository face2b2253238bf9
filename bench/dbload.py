"""Bulk-load benchmark topics into a fresh aiwiki SQLite database, as the product stores them.

The schema comes from the project's own migration (what `aiwiki init` runs); rows go in
through SQLAlchemy Core executemany in big batches, one transaction per batch, with no ORM
objects, so a million topics load in minutes. The rows follow the product's rules where they
matter to search and to the pages: aliases are normalised with `normalize_name` and, as
`importers.merging.add_alias` does, an alias already owned by another topic (or equal to the
topic's own title) is skipped; every topic gets one Revision and points at it through
`current_revision`, which is what start-up repair compares with the index; tags and
categories are keyed by `slugify`d names, which is what the index stores as facet values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert

from aiwiki.domain.names import normalize_name, slugify
from aiwiki.search.base import SearchDocument
from aiwiki.storage import migrate
from aiwiki.storage.engine import make_engine
from aiwiki.storage.tables import (
    Alias,
    Category,
    Revision,
    SiteState,
    Tag,
    Topic,
    TopicCategory,
    TopicTag,
    TopicText,
    utcnow,
)

BATCH = 20_000  # topics per transaction
AUTHOR = "bench"


@dataclass
class LoadReport:
    topics: int = 0
    texts: int = 0
    aliases: int = 0
    aliases_skipped: int = 0  # owned by an earlier topic (aliases are unique per language)
    tag_links: int = 0
    category_links: int = 0


def create_database(path: Path) -> str:
    """A new SQLite database at `path`, brought to the schema head by the project's migration;
    returns its URL."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        migrate.upgrade(engine)
    finally:
        engine.dispose()
    return url


def load(
    url: str,
    documents: Iterable[SearchDocument],
    on_batch: Callable[[int], None] | None = None,
    batch_size: int = BATCH,
) -> LoadReport:
    """Insert the documents as topics; `on_batch(n)` is called after each committed batch."""
    engine = _bulk_engine(url)
    loader = _Loader()
    try:
        with engine.connect() as conn:
            batch: list[SearchDocument] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= batch_size:
                    loader.write(conn, batch)
                    if on_batch:
                        on_batch(len(batch))
                    batch = []
            if batch:
                loader.write(conn, batch)
                if on_batch:
                    on_batch(len(batch))
            with conn.begin():
                conn.execute(insert(SiteState.__table__), [{"id": 1, "generation": 1}])
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")  # what the product runs in
    finally:
        engine.dispose()
    return loader.report


def _bulk_engine(url: str) -> Engine:
    """A plain engine tuned for one writer that may lose everything on a crash: no fsync,
    rollback journal in memory, a big page cache. Foreign keys stay off (parents go first)."""
    engine = create_engine(url)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=MEMORY")
        cursor.execute("PRAGMA synchronous=OFF")
        cursor.execute("PRAGMA cache_size=-262144")  # 256 MB
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    return engine


class _Loader:
    """Turns SearchDocuments into rows; remembers tags, categories and alias owners across
    batches."""

    def __init__(self) -> None:
        self.report = LoadReport()
        self.now = utcnow()
        self.tags: dict[str, int] = {}  # slug -> id
        self.categories: dict[str, int] = {}
        self.alias_owners: dict[tuple[str, str], int] = {}
        self.next_revision = 1

    def write(self, conn: Connection, documents: list[SearchDocument]) -> None:
        topics: list[dict[str, Any]] = []
        revisions: list[dict[str, Any]] = []
        texts: list[dict[str, Any]] = []
        aliases: list[dict[str, Any]] = []
        tag_links: list[dict[str, Any]] = []
        category_links: list[dict[str, Any]] = []
        new_tags: list[dict[str, Any]] = []
        new_categories: list[dict[str, Any]] = []
        for d in documents:
            revision = self.next_revision
            self.next_revision += 1
            topics.append(
                {
                    "id": d.topic_id,
                    "slug": d.slug,
                    "kind": d.kind,
                    "level": d.level,
                    "status": d.status,
                    "created_at": self.now,
                    "updated_at": self.now,
                    "current_revision": revision,
                }
            )
            revisions.append(
                {
                    "id": revision,
                    "topic_id": d.topic_id,
                    "number": 1,
                    "author": AUTHOR,
                    "created_at": self.now,
                    "comment": "bulk load by bench/dbload.py",
                    "snapshot": _snapshot(d),
                }
            )
            texts.extend(_texts(d))
            aliases.extend(self._aliases(d))
            for name in d.tags:
                tag_id = self._member(self.tags, name, new_tags, name)
                tag_links.append({"topic_id": d.topic_id, "tag_id": tag_id})
            for name in dict.fromkeys(d.categories):
                category_id = self._member(self.categories, name, new_categories, None)
                category_links.append({"topic_id": d.topic_id, "category_id": category_id})
        with conn.begin():
            for table, rows in (
                (Tag.__table__, new_tags),
                (Category.__table__, new_categories),
                (Topic.__table__, topics),
                (Revision.__table__, revisions),
                (TopicText.__table__, texts),
                (Alias.__table__, aliases),
                (TopicTag.__table__, tag_links),
                (TopicCategory.__table__, category_links),
            ):
                if rows:
                    conn.execute(insert(table), rows)
        report = self.report
        report.topics += len(topics)
        report.texts += len(texts)
        report.aliases += len(aliases)
        report.tag_links += len(tag_links)
        report.category_links += len(category_links)

    def _member(
        self, known: dict[str, int], name: str, new: list[dict[str, Any]], tag_name: str | None
    ) -> int:
        """The id of a tag or category by slug, queueing a row for one not seen before."""
        slug = slugify(name)
        if slug not in known:
            known[slug] = len(known) + 1
            row: dict[str, Any] = {"id": known[slug], "slug": slug}
            if tag_name is not None:
                row.update(name=tag_name, declared_count=None)
            else:
                row.update(name=name.replace("-", " ").capitalize(), descriptions={})
            new.append(row)
        return known[slug]

    def _aliases(self, d: SearchDocument) -> list[dict[str, Any]]:
        titles = {normalize_name(t) for t in d.titles.values()}
        rows = []
        for name in d.aliases:
            key = normalize_name(name)
            if not key or key in titles:
                continue
            owner = self.alias_owners.setdefault(("en", key), d.topic_id)
            if owner != d.topic_id:
                self.report.aliases_skipped += 1
                continue
            titles.add(key)
            rows.append({"topic_id": d.topic_id, "lang": "en", "name": name, "normalized": key})
        return rows


def _texts(d: SearchDocument) -> list[dict[str, Any]]:
    langs = dict.fromkeys([*d.titles, *d.summaries, *d.bodies])
    return [
        {
            "topic_id": d.topic_id,
            "lang": lang,
            "title": d.titles.get(lang, ""),
            "summary": d.summaries.get(lang, ""),
            "why_it_matters": "",
            "body": d.bodies.get(lang, ""),
        }
        for lang in langs
    ]


def _snapshot(d: SearchDocument) -> dict[str, Any]:
    """A small stand-in for storage.revisions.build_snapshot: nothing reads a revision's
    snapshot back on the paths this benchmark exercises, and full texts would double the
    database."""
    return {"slug": d.slug, "kind": d.kind, "level": d.level, "status": d.status}
