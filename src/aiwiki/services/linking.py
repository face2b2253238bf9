"""The auto-linker for topic bodies, rebuilt only when the site's names change."""

from __future__ import annotations

import threading

from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.rendering import Linker
from aiwiki.storage.tables import Alias, Topic, TopicText

_lock = threading.Lock()
_cache: dict[tuple[int, int], Linker] = {}


def linker(session: Session, wiki_key: int, generation: int) -> Linker:
    """One Linker per (wiki, generation); building it reads every title and alias once."""
    key = (wiki_key, generation)
    with _lock:
        found = _cache.get(key)
    if found is not None:
        return found
    names: dict[str, tuple[str, str]] = {}
    rows = session.execute(
        select(TopicText.title, Topic.slug, TopicText.lang)
        .join(Topic, Topic.id == TopicText.topic_id)
        .where(Topic.status == Status.PUBLISHED, TopicText.title != "")
    )
    titles: dict[str, str] = {}
    for title, slug, lang in rows:
        if lang == "en" or slug not in titles:
            titles[slug] = title
        names.setdefault(title, (slug, title))
    for name, slug in session.execute(
        select(Alias.name, Topic.slug)
        .join(Topic, Topic.id == Alias.topic_id)
        .where(Topic.status == Status.PUBLISHED)
    ):
        names.setdefault(name, (slug, titles.get(slug, name)))
    built = Linker(names)
    with _lock:
        _cache.clear()
        _cache[key] = built
    return built
