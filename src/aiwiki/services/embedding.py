"""Sentence embeddings of topics: computed once per revision, stored, loaded into the
vector index, and kept up to date by a background worker so that writes never wait.

Each (topic, language) gets one vector of its title, summary, why-it-matters and body
(cut to `embedding_max_chars`). A row remembers the revision it read and a hash of the
text: a new revision whose text did not change (a tag added) only moves the row's
revision on, without a model call. Until a topic has a vector the keyword and formula
signals find it alone, and search results say how many topics are in that state.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.orm import Session

from aiwiki.config import Settings
from aiwiki.domain.enums import Status
from aiwiki.search.base import SearchBackend
from aiwiki.search.embedding import Embedder, ModelUnavailable, make_embedder
from aiwiki.search.hybrid import FusionSettings, HybridBackend, vector_key
from aiwiki.search.tantivy_backend import TantivyBackend
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Topic, TopicEmbedding, TopicText

BATCH = 32  # texts per model call and per write transaction (a write holds the lock)
LOAD_BATCH = 20_000
MIN_FOR_MEAN = 8  # a language's mean vector is taken from this many of its texts at least
IDLE_SECONDS = 30.0  # the worker looks again this often even when nobody woke it
log = logging.getLogger(__name__)
Record = Any


@dataclass(frozen=True)
class Pending:
    """One (topic, language) whose vector is missing or older than the topic's revision."""

    topic_id: int
    lang: str
    revision: int
    text: str
    stored_hash: str | None  # of the text the stored vector embedded, if any


def hybrid_backend(settings: Settings, keyword: SearchBackend) -> SearchBackend:
    """The keyword backend inside a HybridBackend, with the configured model (without
    one, or with its package missing, formula and keyword search still work)."""
    if not isinstance(keyword, TantivyBackend):
        return keyword
    try:
        embedder = make_embedder(settings.embedding_model)
    except ModelUnavailable as error:
        log.warning("semantic search off: %s", error)
        embedder = None
    fusion = FusionSettings(
        keyword_weight=settings.keyword_weight, semantic_weight=settings.semantic_weight,
        formula_weight=settings.formula_weight, rrf_k=settings.rrf_k,
        min_similarity=settings.semantic_min_similarity, centering=settings.semantic_centering,
    )
    return HybridBackend(keyword, embedder, fusion, settings.vector_ann_threshold)


def semantic_backend(wiki: Wiki) -> HybridBackend | None:
    search = wiki.search
    if isinstance(search, HybridBackend) and search.embedder is not None:
        return search
    return None


def embedding_text(title: str, summary: str, why: str, body: str, limit: int) -> str:
    """What one vector stands for: the name first, then as much of the rest as fits."""
    parts = [p.strip() for p in (title, summary, why, body) if p and p.strip()]
    return " \n".join(parts)[:limit]


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def pending(session: Session, model: str, limit: int, max_chars: int) -> list[Pending]:
    """Up to `limit` texts of live topics without a vector of the current revision."""
    stored = TopicEmbedding
    rows = session.execute(
        select(TopicText.topic_id, TopicText.lang, Topic.current_revision, TopicText.title,
               TopicText.summary, TopicText.why_it_matters, TopicText.body, stored.text_hash)
        .join(Topic, Topic.id == TopicText.topic_id)
        .outerjoin(stored, and_(stored.topic_id == TopicText.topic_id,
                                stored.lang == TopicText.lang, stored.model == model))
        .where(Topic.status != Status.DELETED,
               or_(stored.id.is_(None), stored.revision != Topic.current_revision))
        .order_by(TopicText.topic_id, TopicText.lang)
        .limit(limit)
    ).all()
    return [Pending(r[0], r[1], r[2], embedding_text(r[3], r[4], r[5], r[6], max_chars), r[7])
            for r in rows]


def count_pending(session: Session, model: str) -> int:
    """Topics with at least one text waiting for its vector."""
    stored = TopicEmbedding
    return session.scalar(
        select(func.count(func.distinct(TopicText.topic_id)))
        .join(Topic, Topic.id == TopicText.topic_id)
        .outerjoin(stored, and_(stored.topic_id == TopicText.topic_id,
                                stored.lang == TopicText.lang, stored.model == model))
        .where(Topic.status != Status.DELETED,
               or_(stored.id.is_(None), stored.revision != Topic.current_revision))
    ) or 0


def embed_pending(wiki: Wiki, progress: Callable[[int, int], None] | None = None,
                  stop: threading.Event | None = None) -> int:
    """Embed every text that waits for a vector, BATCH at a time; returns how many texts
    were embedded (unchanged texts only move their revision on and are not counted)."""
    backend = semantic_backend(wiki)
    if backend is None or backend.embedder is None:
        return 0
    embedder, settings = backend.embedder, wiki.settings
    with wiki.read() as session:
        total = count_pending(session, embedder.name)
    backend.pending = total
    done = embedded = 0
    while not (stop and stop.is_set()):
        with wiki.read() as session:
            batch = pending(session, embedder.name, BATCH, settings.embedding_max_chars)
        if not batch:
            break
        embedded += _embed_batch(wiki, backend, embedder, batch)
        done += len({p.topic_id for p in batch})
        backend.pending = max(total - done, 0)
        if progress:
            progress(min(done, total), total)
    backend.pending = 0 if not (stop and stop.is_set()) else backend.pending
    if embedded > len(backend.vectors or ()) // 2:  # language means moved: centre again
        load_vectors(wiki)
    return embedded


def _embed_batch(wiki: Wiki, backend: HybridBackend, embedder: Embedder,
                 batch: list[Pending]) -> int:
    hashes = [text_hash(p.text) for p in batch]
    changed = [i for i, p in enumerate(batch) if p.stored_hash != hashes[i]]
    vectors = embedder.passages([batch[i].text for i in changed])
    with wiki.write() as session:
        for i, p in enumerate(batch):
            if i not in changed:
                _move_on(session, embedder.name, p)
        for row, i in enumerate(changed):
            _store(session, embedder.name, batch[i], hashes[i], vectors[row])
    keys = [vector_key(batch[i].topic_id, batch[i].lang) for i in changed]
    backend.add_vectors(keys, vectors)
    return len(changed)


def _move_on(session: Session, model: str, item: Pending) -> None:
    session.execute(update(TopicEmbedding).where(
        TopicEmbedding.topic_id == item.topic_id, TopicEmbedding.lang == item.lang,
        TopicEmbedding.model == model).values(revision=item.revision))


def _store(session: Session, model: str, item: Pending, digest: str, vector: Any) -> None:
    session.execute(delete(TopicEmbedding).where(
        TopicEmbedding.topic_id == item.topic_id, TopicEmbedding.lang == item.lang,
        TopicEmbedding.model == model))
    session.add(TopicEmbedding(topic_id=item.topic_id, lang=item.lang, model=model,
                               revision=item.revision, text_hash=digest,
                               vector=np.asarray(vector, dtype=np.float16).tobytes()))


def load_vectors(wiki: Wiki) -> int:
    """Fill the vector index from the stored vectors of the configured model (those of
    live topics): at start-up, before the worker embeds what is missing."""
    backend = semantic_backend(wiki)
    if backend is None or backend.embedder is None:
        return 0
    model = backend.embedder.name
    with wiki.read() as session:
        sums: dict[str, Any] = {}
        counts: dict[str, int] = {}
        for rows in _vector_batches(session, model):  # first pass: each language's mean
            for (_, _, lang, _), vector in zip(rows, _matrix(rows), strict=True):
                sums[lang] = sums.get(lang, 0) + vector
                counts[lang] = counts.get(lang, 0) + 1
        backend.set_centers({lang: (sums[lang] / n).astype(np.float32)
                             for lang, n in counts.items() if n >= MIN_FOR_MEAN})
        loaded = 0
        for rows in _vector_batches(session, model):
            backend.add_vectors([vector_key(r[1], r[2]) for r in rows], _matrix(rows))
            loaded += len(rows)
    return loaded


def _matrix(rows: Sequence[Record]) -> Any:
    matrix = np.frombuffer(b"".join(r[3] for r in rows), dtype=np.float16)
    return matrix.reshape(len(rows), -1).astype(np.float32)


def _vector_batches(session: Session, model: str) -> Iterator[Sequence[Record]]:
    last = 0
    while rows := _vector_rows(session, model, last):
        yield rows
        last = rows[-1][0]


def _vector_rows(session: Session, model: str, after: int) -> Sequence[Record]:
    return session.execute(
        select(TopicEmbedding.id, TopicEmbedding.topic_id, TopicEmbedding.lang,
               TopicEmbedding.vector)
        .join(Topic, Topic.id == TopicEmbedding.topic_id)
        .where(TopicEmbedding.model == model, TopicEmbedding.id > after,
               Topic.status != Status.DELETED)
        .order_by(TopicEmbedding.id).limit(LOAD_BATCH)
    ).all()


class EmbeddingWorker:
    """A daemon thread that loads the stored vectors, then embeds whatever waits, and
    again whenever it is woken (every change of the site generation) or every
    IDLE_SECONDS. Started by the first poll of the generation watcher: servers run one,
    one-shot CLI commands do not."""

    def __init__(self, wiki: Wiki) -> None:
        self.wiki = wiki
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._seen: int | None = None
        self.loaded = threading.Event()  # the stored vectors are in the index

    def poll(self, generation: int) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="aiwiki-embedding",
                                            daemon=True)
            self._thread.start()
        if generation != self._seen:
            self._seen = generation
            self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        try:
            load_vectors(self.wiki)
        except Exception:  # a failure leaves keyword search as it was
            log.exception("loading stored vectors failed")
        self.loaded.set()
        while not self._stop.is_set():
            self._wake.clear()
            try:
                embed_pending(self.wiki, stop=self._stop)
            except Exception:
                log.exception("embedding failed; trying again later")
            self._wake.wait(IDLE_SECONDS)


def both(*calls: Callable[[int], object]) -> Callable[[int], None]:
    """One generation-poll callback calling each of `calls`."""
    def call(generation: int) -> None:
        for each in calls:
            each(generation)

    return call

