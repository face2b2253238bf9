"""Writing a snapshot back onto a topic's rows: the one way editing changes a topic.

Rows that stay are updated in place and only the others are deleted or added, with a flush
between: the unit of work inserts before it deletes, and an alias removed and added again
in another spelling ('KV cache' -> 'KV-Cache') would otherwise collide with itself on the
unique (language, normalised name) index.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aiwiki.domain.names import normalize_name, slugify
from aiwiki.domain.snapshots import TEXT_FIELDS, Snapshot
from aiwiki.storage.tables import Alias, Category, Tag, Topic, TopicCategory, TopicTag, TopicText


def write_snapshot(session: Session, topic: Topic, wanted: Snapshot) -> None:
    """Make the topic's rows say exactly what `wanted` says (categories must exist)."""
    topic.slug, topic.kind, topic.level = wanted["slug"], wanted["kind"], wanted["level"]
    topic.status = wanted["status"]
    _write_texts(topic, wanted["texts"])
    _write_aliases(session, topic, wanted["aliases"])
    _write_tags(session, topic.id, tag_ids(session, wanted["tags"]))
    _write_categories(session, topic.id, category_ids(session, wanted["categories"]).values())
    session.flush()


def _write_texts(topic: Topic, texts: dict[str, dict[str, str]]) -> None:
    for text in list(topic.texts):
        if text.lang not in texts:
            topic.texts.remove(text)
    by_lang = {text.lang: text for text in topic.texts}
    for lang, fields in texts.items():
        row = by_lang.get(lang)
        if row is None:
            row = TopicText(lang=lang)
            topic.texts.append(row)
        for field in TEXT_FIELDS:
            setattr(row, field, fields[field])


def _write_aliases(session: Session, topic: Topic, aliases: list[list[str]]) -> None:
    wanted = {(lang, normalize_name(name)): name for lang, name in aliases}
    for alias in list(topic.aliases):
        name = wanted.pop((alias.lang, alias.normalized), None)
        if name is None:
            topic.aliases.remove(alias)
        else:
            alias.name = name
    session.flush()
    for (lang, normalized), name in wanted.items():
        topic.aliases.append(Alias(lang=lang, name=name, normalized=normalized))


def _write_tags(session: Session, topic_id: int, ids: Iterable[int]) -> None:
    wanted = set(ids)
    current = set(session.scalars(select(TopicTag.tag_id).where(TopicTag.topic_id == topic_id)))
    if gone := current - wanted:
        session.execute(delete(TopicTag).where(
            TopicTag.topic_id == topic_id, TopicTag.tag_id.in_(gone)))
    session.add_all(TopicTag(topic_id=topic_id, tag_id=i) for i in sorted(wanted - current))


def _write_categories(session: Session, topic_id: int, ids: Iterable[int]) -> None:
    wanted = set(ids)
    current = set(session.scalars(
        select(TopicCategory.category_id).where(TopicCategory.topic_id == topic_id)))
    if gone := current - wanted:
        session.execute(delete(TopicCategory).where(
            TopicCategory.topic_id == topic_id, TopicCategory.category_id.in_(gone)))
    session.add_all(
        TopicCategory(topic_id=topic_id, category_id=i) for i in sorted(wanted - current))


def tag_ids(session: Session, names: Iterable[str]) -> list[int]:
    """The tags of these names, made when missing; a tag is found by its slug, so a name
    spelt differently ('Deep Learning', 'deep learning') finds the same tag."""
    ids = []
    for name in names:
        slug = slugify(name)
        tag = session.scalar(select(Tag).where(Tag.slug == slug))
        if tag is None:
            tag = Tag(slug=slug, name=name)
            session.add(tag)
            session.flush()
        ids.append(tag.id)
    return ids


def tag_names(session: Session, names: Iterable[str]) -> list[str]:
    """How each name is spelt by the tag it finds (its own spelling for a new tag)."""
    found: dict[str, str] = {}
    for name in names:
        slug = slugify(name)
        found.setdefault(slug, session.scalar(select(Tag.name).where(Tag.slug == slug)) or name)
    return sorted(found.values())


def category_ids(session: Session, slugs: Iterable[str]) -> dict[str, int]:
    """slug -> id of the categories that exist among `slugs`."""
    wanted = list(slugs)
    if not wanted:
        return {}
    rows = session.execute(select(Category.slug, Category.id).where(Category.slug.in_(wanted)))
    return {slug: category_id for slug, category_id in rows}


def alias_owners(session: Session, aliases: list[list[str]], topic_id: int) -> dict[str, int]:
    """'lang:name' -> the other topic that already answers to it, for the aliases that are
    taken (an alias is unique per language after normalisation)."""
    taken: dict[str, int] = {}
    for lang, name in aliases:
        owner = session.scalar(select(Alias.topic_id).where(
            Alias.lang == lang, Alias.normalized == normalize_name(name),
            Alias.topic_id != topic_id))
        if owner is not None:
            taken[f"{lang}:{name}"] = owner
    return taken
