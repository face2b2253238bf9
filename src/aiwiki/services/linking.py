"""The auto-linker for topic bodies: one compact name index per site, renewed by layers as
the site changes, and the database for the few names each body may mention."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import cast

from sqlalchemy import (
    CompoundSelect,
    Integer,
    Row,
    Select,
    bindparam,
    false,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.rendering import Linker
from aiwiki.rendering.autolink import LayeredNames, NameIndex, NameRow
from aiwiki.storage.engine import IDS_PER_QUERY
from aiwiki.storage.revisions import topics_revised_since
from aiwiki.storage.tables import Alias, Topic, TopicText

BATCH = 20_000  # rows streamed at a time while building
REBUILD_SHARE = 4  # rebuild all when the changed topics' names pass 1/4 of the base's

_lock = threading.Lock()
_building = threading.Lock()
_Key = tuple[int, str]


@dataclass(frozen=True)
class _Names:
    """A site's names as of one generation: every name as of generation ``base_generation``,
    and the names of the topics revised since."""

    base: NameIndex
    base_generation: int
    generation: int
    view: LayeredNames


_cache: dict[_Key, _Names] = {}


def linker(session: Session, wiki_key: int, generation: int) -> Linker:
    """A linker over the names of ``generation`` (read in ``session`` before any name) that
    looks them up through ``session``.

    Every name is read once, by one thread while others wait. After a write, only the
    topics revised since are read again (every write stamps its revisions with the
    generation it commits as); all are read again once those outgrow a quarter of the
    rest. The database is part of the key because ``id(wiki)`` may be reused once a wiki
    is gone."""
    key = (wiki_key, str(session.get_bind().engine.url))
    names = _cached(key, generation)
    if names is None:
        with _building:
            names = _cached(key, generation)
            if names is None:
                names = _renewed(session, _cache.get(key), generation)
                with _lock:
                    _cache.clear()
                    _cache[key] = names
    return Linker.over(names.view, partial(names_of, session))


def writing_linker(
    session: Session, wiki_key: int, changed: Collection[int] = ()
) -> Linker:
    """A linker over the names as ``session`` sees them inside a write, for rebuilding
    stored links before commit: the cached names (never touched: the write may yet roll
    back) with the names of the topics revised since they were read, this write's and
    ``changed`` included, layered over them."""
    key = (wiki_key, str(session.get_bind().engine.url))
    with _lock:
        names = _cache.get(key)
    if names is None:
        view = LayeredNames(NameIndex(_all_names(session)))
    else:
        revised = set(topics_revised_since(session, names.base_generation)) | set(changed)
        view = LayeredNames(names.base, NameIndex(_all_names(session, sorted(revised))))
    return Linker.over(view, partial(names_of, session))


def _cached(key: _Key, generation: int) -> _Names | None:
    """The cached names, if they are as new as ``generation`` (newer serves an older
    request as well: links are checked against the request's own database reads)."""
    with _lock:
        names = _cache.get(key)
    return names if names is not None and names.generation >= generation else None


def _renewed(session: Session, old: _Names | None, generation: int) -> _Names:
    recent = _recent_names(session, old) if old is not None else None
    if old is not None and recent is not None:
        view = LayeredNames(old.base, recent)
        return _Names(old.base, old.base_generation, generation, view)
    base = NameIndex(_all_names(session))
    return _Names(base, generation, generation, LayeredNames(base))


def _recent_names(session: Session, old: _Names) -> NameIndex | None:
    """The names of the topics revised since ``old.base`` was read, or None when they are
    too many to layer over it (checked on topics first: a topic has a name or more)."""
    revised = topics_revised_since(session, old.base_generation)
    if len(revised) * REBUILD_SHARE > len(old.base):
        return None
    recent = NameIndex(_all_names(session, revised))
    return recent if len(recent) * REBUILD_SHARE <= len(old.base) else None


def _all_names(
    session: Session, topic_ids: list[int] | None = None
) -> Iterator[tuple[str, int, bool]]:
    """(name, topic id, is alias) of every title and alias of a published topic, or of the
    published ones among ``topic_ids``, streamed as plain rows."""
    connection = session.connection()  # Core rows: the ORM would cost 4 µs a row
    if topic_ids is None:
        options = {"stream_results": True, "max_row_buffer": BATCH}
        for query in _names_queries():
            yield from _plain(connection.execute(query.execution_options(**options)))
        return
    for at in range(0, len(topic_ids), IDS_PER_QUERY):
        for query in _names_queries(topic_ids[at : at + IDS_PER_QUERY]):
            yield from _plain(connection.execute(query))


def _plain(rows: Iterable[Row[str, int, bool]]) -> Iterable[tuple[str, int, bool]]:
    """Rows as the tuples they unpack like (copying a million of them would cost a second)."""
    return cast("Iterable[tuple[str, int, bool]]", rows)


_NamesQuery = Select[str, int, bool]


def _names_queries(topic_ids: list[int] | None = None) -> tuple[_NamesQuery, _NamesQuery]:
    published = Topic.status == Status.PUBLISHED
    titles = (
        select(TopicText.title, TopicText.topic_id, false())
        .join(Topic, Topic.id == TopicText.topic_id)
        .where(published, TopicText.title != "")
    )
    aliases = (
        select(Alias.name, Alias.topic_id, true())
        .join(Topic, Topic.id == Alias.topic_id)
        .where(published)
    )
    if topic_ids is not None:
        titles = titles.where(TopicText.topic_id.in_(topic_ids))
        aliases = aliases.where(Alias.topic_id.in_(topic_ids))
    return titles, aliases


def names_of(session: Session, topic_ids: Collection[int]) -> list[NameRow]:
    """The titles and aliases of some published topics, in the order that settles a name two
    topics share: titles before aliases, then the oldest topic, then the language (the
    order SQLite reads them in). An alias's tooltip is its topic's English title, else its
    first."""
    ids = sorted(topic_ids)
    connection = session.connection()
    rows = [
        row
        for at in range(0, len(ids), IDS_PER_QUERY)
        for row in connection.execute(_NAMES, {"ids": ids[at : at + IDS_PER_QUERY]})
    ]
    rows.sort(key=lambda r: (r.is_alias, r.topic_id, "" if r.is_alias else r.lang, r.id))
    display: dict[int, str] = {}
    for row in rows:
        if not row.is_alias and (row.lang == "en" or row.topic_id not in display):
            display[row.topic_id] = row.name
    return [
        NameRow(
            row.topic_id,
            row.name,
            row.slug,
            display.get(row.topic_id, row.name) if row.is_alias else row.name,
            bool(row.is_alias),
        )
        for row in rows
    ]


def _names_query() -> CompoundSelect[bool, int, str, int, str, str]:
    published = Topic.status == Status.PUBLISHED
    ids = bindparam("ids", expanding=True, type_=Integer)
    titles = (
        select(
            false().label("is_alias"), TopicText.topic_id, TopicText.lang, TopicText.id,
            TopicText.title.label("name"), Topic.slug,
        )
        .join(Topic, Topic.id == TopicText.topic_id)
        .where(published, TopicText.topic_id.in_(ids), TopicText.title != "")
    )
    aliases = (
        select(true(), Alias.topic_id, Alias.lang, Alias.id, Alias.name, Topic.slug)
        .join(Topic, Topic.id == Alias.topic_id)
        .where(published, Alias.topic_id.in_(ids))
    )
    return union_all(titles, aliases)


_NAMES = _names_query()
