"""The review workflow: list what the import flagged, and resolve it: rename a guessed
title, dismiss a doubt with a reason, merge two topics that are one (services/merges.py),
attach a Chinese-only text to its English topic.

Every resolution runs in one write (`wiki.write()`), marks the item resolved and keeps a
`ReviewDecision` keyed by the hash of the source line the item came from: the importer
consults those, so importing the same files again never re-opens what a human decided.
A change to a topic is a revision through the editing service's `write_change`; a dismissal
that changes no topic is an audit record (and a revision only when it settles the status).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import ChangeKind, Status
from aiwiki.domain.review import ACTIONS, Action, ItemKind, kind_of, other_slug
from aiwiki.domain.snapshots import Snapshot, renamed
from aiwiki.errors import Conflict, InvalidFields, NotFound
from aiwiki.services import audit, editing
from aiwiki.services.audit import Origin
from aiwiki.services.cards import card
from aiwiki.services.views import TopicCard
from aiwiki.services.wiki import Wiki
from aiwiki.storage.revisions import snapshot
from aiwiki.storage.tables import ReviewDecision, ReviewItem, Source, Topic, utcnow

NOTE_MAX = 500
DISMISS = "review.dismiss"
RENAME = "review.rename"


class ReviewItemView(BaseModel):
    """One open item: where it came from, what it doubts, and the actions that fit it."""

    id: int
    topic: TopicCard | None
    reason: str
    file: str
    line: int
    kind: ItemKind
    actions: list[Action]
    other: str | None  # for a near name: the slug of the topic it may be


class ReviewPage(BaseModel):
    count: int
    items: list[ReviewItemView]


@dataclass(frozen=True)
class Resolved:
    """What a resolution did: the item, the topic it left (slug), and its revision number
    (None when no topic changed)."""

    item_id: int
    slug: str | None
    revision: int | None


def open_items(wiki: Wiki, lang: str) -> ReviewPage:
    """Every unresolved item, by source file and line."""
    with wiki.read() as session:
        rows = session.execute(
            select(ReviewItem, Topic).outerjoin(Topic, Topic.id == ReviewItem.topic_id)
            .where(ReviewItem.resolved_at.is_(None))
            .order_by(ReviewItem.file, ReviewItem.line, ReviewItem.id)
        )
        items = [_view(item, topic, lang) for item, topic in rows]
    return ReviewPage(count=len(items), items=items)


def _view(item: ReviewItem, topic: Topic | None, lang: str) -> ReviewItemView:
    kind = kind_of(item.reason)
    return ReviewItemView(id=item.id, topic=card(topic, lang) if topic else None,
                          reason=item.reason, file=item.file, line=item.line, kind=kind,
                          actions=list(ACTIONS[kind]), other=other_slug(item.reason))


def dismiss(wiki: Wiki, item_id: int, note: str, author: str, origin: Origin) -> Resolved:
    """Close an item as not needing a change, saying why (the reason is required)."""
    editing.check_author(author)
    note = _note(note)
    with wiki.write() as session:
        item = open_item(session, item_id)
        decide(session, item, Action.DISMISS, author, note)
        topic = session.get(Topic, item.topic_id) if item.topic_id else None
        revision = settle(session, topic, author, f"review item {item.id} dismissed: {note}")
        audit.record(session, DISMISS, origin, target=f"review item {item.id}",
                     detail={"author": author, "note": note, "reason": item.reason})
        done = Resolved(item.id, topic.slug if topic else None, revision)
    if done.revision is not None and topic is not None:
        editing.follow(wiki, [topic.id])
    return done


def rename(wiki: Wiki, item_id: int, title: str, lang: str, keep_old_title: bool,
           author: str, origin: Origin, slug: str | None = None) -> Resolved:
    """Give the item's topic a better title (and slug, if asked); the old title stays an
    alias only when `keep_old_title`. One revision: the new name and the settled status."""
    editing.check_author(author)
    with wiki.write() as session:
        item = open_item(session, item_id)
        topic = live_topic(session, item)
        current = snapshot(session, topic)
        wanted = renamed(current, slug or current["slug"], lang, title, keep_old_title)
        decide(session, item, Action.RENAME, author, title)
        wanted["status"] = settled_status(session, topic, wanted["status"])
        comment = f"review item {item.id}: renamed to “{title}”"
        revision = editing.write_change(session, topic, current, wanted, ChangeKind.RENAME,
                                        author, comment)
        audit.record(session, RENAME, origin, target=f"/t/{topic.slug}",
                     detail={"author": author, "title": title, "item": item.id})
        done = Resolved(item.id, topic.slug, revision.number if revision else None)
        topic_id = topic.id
    editing.follow(wiki, [topic_id])
    return done


def open_item(session: Session, item_id: int) -> ReviewItem:
    """The item, locked in this write: 404 if there is none, 409 if already resolved."""
    item = session.get(ReviewItem, item_id)
    if item is None:
        raise NotFound(f"no review item {item_id}")
    if item.resolved_at is not None:
        raise Conflict(f"review item {item_id} was resolved already; nothing was written")
    return item


def live_topic(session: Session, item: ReviewItem) -> Topic:
    topic = session.get(Topic, item.topic_id) if item.topic_id else None
    if topic is None or topic.status == Status.DELETED:
        raise Conflict(f"review item {item.id} names no live topic; dismiss it instead")
    return topic


def decide(session: Session, item: ReviewItem, action: Action, author: str, note: str,
           merge_id: int | None = None) -> None:
    """Resolve the item and keep the decision under its source line's hash."""
    item.resolved_at = utcnow()
    session.add(ReviewDecision(source_hash=source_hash(session, item), item_id=item.id,
                               action=str(action), reason=item.reason, note=note,
                               author=author, merge_id=merge_id))
    session.flush()


def source_hash(session: Session, item: ReviewItem) -> str:
    """The content hash of the line the item came from (its primary source there first);
    an item of no known line is keyed by its own id, which no import repeats."""
    found = session.scalar(
        select(Source.content_hash).where(Source.topic_id == item.topic_id,
                                          Source.file == item.file, Source.line == item.line)
        .order_by(Source.primary.desc(), Source.id).limit(1))
    return found or f"item-{item.id}"


def settled_status(session: Session, topic: Topic, status: str) -> str:
    """needs_review while the topic has an open item, published once it has none left (a
    deleted topic stays deleted)."""
    if status == Status.DELETED:
        return status
    if has_open_items(session, topic.id):
        return str(Status.NEEDS_REVIEW)
    return str(Status.PUBLISHED) if status == Status.NEEDS_REVIEW else status


def has_open_items(session: Session, topic_id: int) -> bool:
    found = session.scalar(select(ReviewItem.id).where(
        ReviewItem.topic_id == topic_id, ReviewItem.resolved_at.is_(None)).limit(1))
    return found is not None


def settle(session: Session, topic: Topic | None, author: str, comment: str) -> int | None:
    """A REVIEW revision if resolving left the topic nothing to review (its status moves to
    published); None when the status stays."""
    if topic is None or topic.status == Status.DELETED:
        return None
    current: Snapshot = snapshot(session, topic)
    wanted = {**current, "status": settled_status(session, topic, current["status"])}
    revision = editing.write_change(session, topic, current, wanted, ChangeKind.REVIEW,
                                    author, comment[:500])
    return revision.number if revision else None


def _note(note: str) -> str:
    note = " ".join(note.split())
    if not note or len(note) > NOTE_MAX:
        raise InvalidFields({"reason": f"say why, in 1 to {NOTE_MAX} characters"})
    return note
