"""The auto-linker for topic bodies: one compact name index per site generation, and the
database for the few names each body may mention."""

from __future__ import annotations

import threading
from collections.abc import Collection, Iterator
from functools import partial

from sqlalchemy import CompoundSelect, Integer, bindparam, false, select, true, union_all
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.rendering import Linker
from aiwiki.rendering.autolink import NameIndex, NameRow
from aiwiki.storage.tables import Alias, Topic, TopicText

BATCH = 20_000  # rows streamed at a time while building
IDS_PER_QUERY = 2_000  # topic ids bound in one lookup query

_lock = threading.Lock()
_building = threading.Lock()
_Key = tuple[int, str, int]
_cache: dict[_Key, NameIndex] = {}


def linker(session: Session, wiki_key: int, generation: int) -> Linker:
    """A linker over this generation's names that looks them up through ``session``.

    The index is built once per (wiki, database, generation), by one thread while others
    wait, and reads every title and alias once. The database is part of the key because
    ``id(wiki)`` may be reused once a wiki is gone."""
    key = (wiki_key, str(session.get_bind().engine.url), generation)
    index = _cached(key)
    if index is None:
        with _building:
            index = _cached(key)
            if index is None:
                index = NameIndex(_all_names(session))
                with _lock:
                    _cache.clear()
                    _cache[key] = index
    return Linker.over(index, partial(names_of, session))


def _cached(key: _Key) -> NameIndex | None:
    with _lock:
        return _cache.get(key)


def _all_names(session: Session) -> Iterator[tuple[str, int, bool]]:
    """(name, topic id, is alias) of every title and alias of a published topic, streamed
    as plain rows."""
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
    connection = session.connection()  # Core rows: the ORM would cost 4 µs a row
    for query in (titles, aliases):
        options = {"stream_results": True, "max_row_buffer": BATCH}
        yield from connection.execute(query.execution_options(**options))


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
