"""The Wiki: one object holding the database, the search index and the page cache.

Web app and CLI each open one; every use case takes it as its first argument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from aiwiki.config import Settings
from aiwiki.search.base import SearchBackend
from aiwiki.services.generation import GenerationWatcher
from aiwiki.services.page_cache import PageCache
from aiwiki.storage import migrate
from aiwiki.storage.engine import make_engine, make_sessionmaker
from aiwiki.storage.locking import lock_for_writing
from aiwiki.storage.revisions import current_generation

T = TypeVar("T")
WRITER = "aiwiki.wiki"  # session.info key: which Wiki's write a session is


def writer_of(session: Session) -> int:
    """The key of the Wiki whose `write()` made `session` (what per-wiki caches of derived
    data, such as the auto-linker's names, are keyed by); 0 outside one."""
    return int(session.info.get(WRITER, 0))


@dataclass
class Wiki:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    search: SearchBackend | None = None
    pages: PageCache = field(default_factory=PageCache)
    generation: GenerationWatcher | None = None
    index_checked: int | None = None  # the generation the search index last matched
    embedding: Any = None  # services.embedding.EmbeddingWorker, in a process with a model
    _memo: dict[str, tuple[int, Any]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, settings: Settings, *, with_search: bool = True, repair: bool = True) -> Wiki:
        """Connect, bring the schema to head, open the index and (unless `repair` is
        False: a full rebuild follows) repair it if it lags."""
        engine = make_engine(settings.database_url)
        migrate.upgrade(engine)
        wiki = cls(settings, engine, make_sessionmaker(engine))
        wiki.pages = PageCache(settings.render_cache_size)
        wiki.generation = GenerationWatcher(wiki._read_generation)
        if repair:
            from aiwiki.services import link_store

            link_store.repair_wiki(wiki)
        if with_search:
            from aiwiki.services import indexing

            wiki.search = indexing.open_backend(settings)
            if repair:
                indexing.repair(wiki)
            wiki.generation.on_poll = indexing.IndexFollower(wiki)
            from aiwiki.services import embedding

            if embedding.semantic_backend(wiki) is not None:  # vectors load in the background
                wiki.embedding = embedding.EmbeddingWorker(wiki)
                wiki.generation.on_poll = embedding.both(wiki.generation.on_poll,
                                                         wiki.embedding.poll)
        return wiki

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.sessions() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction, the only writer while it runs (storage/locking.py): committed
        when the block ends, rolled back if it raises; Busy if another write outlasts
        `write_wait_seconds`."""
        with self.sessions.begin() as session:
            lock_for_writing(session, self.settings.write_wait_seconds)
            session.info[WRITER] = id(self)
            yield session

    def _read_generation(self) -> int:
        with self.read() as session:
            return current_generation(session)

    @property
    def current_generation(self) -> int:
        """The last generation seen; call `changed()` after writing to see yours at once."""
        return self.generation.value if self.generation else self._read_generation()

    def per_generation(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()` once per site generation: small data derived from the whole wiki
        that hot paths need (facet labels), recomputed after any write."""
        generation = self.current_generation
        seen = self._memo.get(name)
        if seen is not None and seen[0] == generation:
            value: T = seen[1]
            return value
        value = compute()
        self._memo[name] = (generation, value)
        return value

    def changed(self) -> None:
        if self.generation:
            self.generation.refresh()

    def close(self) -> None:
        if self.generation:
            self.generation.stop()
        if self.embedding:
            self.embedding.stop()
        if self.search:
            self.search.close()
        self.engine.dispose()
