"""Merging two topics that are one (a review action), attaching a Chinese-only text to its
English topic (a merge whose loser has only Chinese), and undoing a merge.

A merge, in one write: the loser's open review items are resolved (decisions keyed by
their source lines' hashes); the loser becomes a deleted tombstone at `merged-<id>` and
hands its names, tags and categories to the survivor, whose empty text fields (per
language) it fills (domain/review.py `merged`); its path steps, sources and old slugs move
to the survivor and its own slug redirects there. Both topics get one MERGE revision, and
a `Merge` row remembers what moved, so that `undo` can put the loser back from the snapshot
it had before and remove the redirect (refused with 409 once either topic changed since).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from aiwiki.domain.enums import ChangeKind
from aiwiki.domain.review import Action, merged, only_chinese, other_slug, tombstone, tombstone_slug
from aiwiki.domain.snapshots import Snapshot
from aiwiki.errors import Conflict, InvalidFields, NotFound
from aiwiki.services import audit, editing
from aiwiki.services.audit import Origin
from aiwiki.services.review import decide, live_topic, open_item, settled_status
from aiwiki.services.topic_lookup import topic_at
from aiwiki.services.wiki import Wiki
from aiwiki.storage.revisions import record_change, snapshot
from aiwiki.storage.tables import (
    Merge,
    PathStep,
    ReviewDecision,
    ReviewItem,
    Revision,
    SlugRedirect,
    Source,
    Topic,
    utcnow,
)
from aiwiki.storage.topic_writes import alias_owners

MERGE = "review.merge"
UNMERGE = "review.unmerge"


@dataclass(frozen=True)
class Merged:
    """A merge done: its id (for undo), the survivor's slug and the loser's old slug."""

    merge_id: int
    survivor: str
    loser: str
    items: list[int]


@dataclass(frozen=True)
class Unmerged:
    merge_id: int
    survivor: str
    loser: str


def merge(wiki: Wiki, item_id: int, into: str | None, author: str, origin: Origin) -> Merged:
    """Fold the item's topic into `into` (by default the topic its reason names)."""
    editing.check_author(author)
    with wiki.write() as session:
        item = open_item(session, item_id)
        target = into or other_slug(item.reason)
        if not target:
            raise InvalidFields({"into": "name the topic to merge into (its slug)"})
        done, ids = _merge(session, item, target, Action.MERGE, author, origin)
    editing.follow(wiki, ids)
    return done


def attach(wiki: Wiki, item_id: int, to: str, author: str, origin: Origin) -> Merged:
    """Fold a topic whose only text is Chinese into the English topic `to`: its Chinese
    fields fill those `to` lacks (none it has are overwritten)."""
    editing.check_author(author)
    with wiki.write() as session:
        item = open_item(session, item_id)
        if not only_chinese(snapshot(session, live_topic(session, item))):
            raise InvalidFields({"to": "attach takes a topic whose only text is Chinese; "
                                       "this one has other languages: merge it instead"})
        done, ids = _merge(session, item, to, Action.ATTACH, author, origin)
    editing.follow(wiki, ids)
    return done


def _merge(session: Session, item: ReviewItem, into: str, action: Action, author: str,
           origin: Origin) -> tuple[Merged, list[int]]:
    loser = live_topic(session, item)
    survivor = topic_at(session, into)
    if survivor.id == loser.id:
        raise InvalidFields({"into": "a topic cannot be merged into itself"})
    record = Merge(survivor_id=survivor.id, loser_id=loser.id, author=author,
                   survivor_revision=0, loser_revision=0, moved={})
    session.add(record)
    session.flush()
    items, repointed = _settle_items(session, item, loser, survivor, action, author,
                                     record.id)
    _decide_lines(session, loser.id, action, author, record.id)
    old_slug = loser.slug
    lost, kept = snapshot(session, loser), snapshot(session, survivor)
    comment = f"review: {action} of /t/{old_slug} into /t/{survivor.slug}"
    l_rev = _write(session, loser, lost, tombstone(lost, tombstone_slug(loser.id)), author,
                   comment)
    wanted = _free_names(session, merged(kept, lost), survivor.id)
    wanted["status"] = settled_status(session, survivor, wanted["status"])
    s_rev = _write(session, survivor, kept, wanted, author, comment)
    record.moved = {**_move(session, loser.id, survivor.id, old_slug), "items": repointed}
    record.loser_revision, record.survivor_revision = l_rev.id, s_rev.id
    audit.record(session, MERGE, origin, target=f"/t/{survivor.slug}",
                 detail={"author": author, "loser": old_slug, "merge": record.id,
                         "action": str(action), "items": items})
    done = Merged(record.id, survivor.slug, old_slug, items)
    return done, [survivor.id, loser.id]


def _settle_items(session: Session, acted: ReviewItem, loser: Topic, survivor: Topic,
                  action: Action, author: str, merge_id: int) -> tuple[list[int], list[int]]:
    """The loser's open items are settled by the merge, but for a near name of a third
    topic: that question still stands, now for the survivor (it moves there). The
    survivor's own near names of the loser are settled too. (resolved ids, moved ids)"""
    resolved, moved = [], []
    for item in _open_of(session, loser.id):
        third = item.id != acted.id and _third(session, item.reason, {loser.id, survivor.id})
        if third:
            item.topic_id = survivor.id
            moved.append(item.id)
        else:
            decide(session, item, action, author, f"merge {merge_id}", merge_id)
            resolved.append(item.id)
    for item in _open_of(session, survivor.id):
        if item.id not in moved and other_slug(item.reason) == loser.slug:
            decide(session, item, action, author, f"merge {merge_id}", merge_id)
            resolved.append(item.id)
    return resolved, moved


def _decide_lines(session: Session, loser: int, action: Action, author: str,
                  merge_id: int) -> None:
    """Every line the loser was imported from is settled too: imported again, its text is
    not folded into the survivor a second time (importers/pipeline.py `_decided`)."""
    hashes = set(session.scalars(select(Source.content_hash).where(
        Source.topic_id == loser, Source.primary.is_(True))))
    hashes -= set(session.scalars(select(ReviewDecision.source_hash).where(
        ReviewDecision.merge_id == merge_id)))
    session.add_all(ReviewDecision(source_hash=h, action=str(action), note=f"merge {merge_id}",
                                   author=author, merge_id=merge_id) for h in sorted(hashes))


def _open_of(session: Session, topic_id: int) -> list[ReviewItem]:
    return list(session.scalars(select(ReviewItem).where(
        ReviewItem.topic_id == topic_id, ReviewItem.resolved_at.is_(None))
        .order_by(ReviewItem.id)))


def _third(session: Session, reason: str, pair: set[int]) -> bool:
    """Whether a near-name reason names a live topic other than the two being merged."""
    slug = other_slug(reason)
    if slug is None:
        return False
    try:
        return topic_at(session, slug).id not in pair
    except NotFound:
        return False


def _write(session: Session, topic: Topic, current: Snapshot, wanted: Snapshot, author: str,
           comment: str, change: ChangeKind = ChangeKind.MERGE) -> Revision:
    """One revision, even when the fields stay (the history must record the event)."""
    revision = editing.write_change(session, topic, current, wanted, change, author, comment)
    return revision or record_change(session, topic, change, author, comment, current)


def _free_names(session: Session, wanted: Snapshot, topic_id: int) -> Snapshot:
    """`wanted` without the aliases a third topic answers to already (they stay its)."""
    taken = alias_owners(session, wanted["aliases"], topic_id)
    wanted["aliases"] = [pair for pair in wanted["aliases"] if f"{pair[0]}:{pair[1]}" not in taken]
    return wanted


def _move(session: Session, loser: int, survivor: int, old_slug: str) -> dict[str, Any]:
    """Hand the loser's path steps, sources and redirects to the survivor; what moved."""
    redirects = list(session.scalars(select(SlugRedirect.old_slug).where(
        SlugRedirect.topic_id == loser, SlugRedirect.old_slug != old_slug)))
    session.execute(update(SlugRedirect).where(SlugRedirect.topic_id == loser)
                    .values(topic_id=survivor))
    sources = list(session.scalars(select(Source.id).where(Source.topic_id == loser)))
    session.execute(update(Source).where(Source.topic_id == loser).values(topic_id=survivor))
    return {"old_slug": old_slug, "redirects": redirects, "sources": sources,
            "steps": _move_steps(session, loser, survivor)}


def _move_steps(session: Session, loser: int, survivor: int) -> list[list[int]]:
    """[path, position, removed]: a step of a path the survivor is on already is removed
    (the later steps close up), any other now names the survivor."""
    moved = []
    steps = session.execute(select(PathStep.path_id, PathStep.position)
                            .where(PathStep.topic_id == loser)).all()
    for path_id, position in steps:
        has_survivor = session.scalar(select(PathStep.position).where(
            PathStep.path_id == path_id, PathStep.topic_id == survivor)) is not None
        if has_survivor:
            session.execute(delete(PathStep).where(PathStep.path_id == path_id,
                                                   PathStep.position == position))
            _shift(session, path_id, position, -1)
        else:
            session.execute(update(PathStep).where(
                PathStep.path_id == path_id, PathStep.position == position)
                .values(topic_id=survivor))
        moved.append([path_id, position, int(has_survivor)])
    return moved


def _shift(session: Session, path_id: int, start: int, by: int) -> None:
    """Move the steps after `start` (by -1) or from `start` on (by +1), one row at a time
    in an order that never lands on a taken position."""
    after = start if by < 0 else start - 1
    positions = sorted(session.scalars(select(PathStep.position).where(
        PathStep.path_id == path_id, PathStep.position > after)), reverse=by > 0)
    for position in positions:
        session.execute(update(PathStep).where(
            PathStep.path_id == path_id, PathStep.position == position)
            .values(position=position + by))


def undo(wiki: Wiki, merge_id: int, author: str, origin: Origin) -> Unmerged:
    """Put both topics back as they were before the merge and re-open its items."""
    editing.check_author(author)
    with wiki.write() as session:
        record = _undoable(session, merge_id)
        survivor = session.get_one(Topic, record.survivor_id)
        loser = session.get_one(Topic, record.loser_id)
        moved = record.moved
        comment = f"review: merge {merge_id} undone"
        _write(session, survivor, snapshot(session, survivor),
               _before(session, record.survivor_revision), author, comment, ChangeKind.UNMERGE)
        session.execute(delete(SlugRedirect).where(SlugRedirect.old_slug == moved["old_slug"]))
        _write(session, loser, snapshot(session, loser), _before(session, record.loser_revision),
               author, comment, ChangeKind.UNMERGE)
        _restore(session, record, moved)
        record.undone_at = utcnow()
        audit.record(session, UNMERGE, origin, target=f"/t/{loser.slug}",
                     detail={"author": author, "merge": merge_id, "survivor": survivor.slug})
        done, ids = Unmerged(merge_id, survivor.slug, loser.slug), [survivor.id, loser.id]
    editing.follow(wiki, ids)
    return done


def _undoable(session: Session, merge_id: int) -> Merge:
    record = session.get(Merge, merge_id)
    if record is None:
        raise NotFound(f"no merge {merge_id}")
    if record.undone_at is not None:
        raise Conflict(f"merge {merge_id} was undone already; nothing was written")
    for topic_id, revision in ((record.survivor_id, record.survivor_revision),
                               (record.loser_id, record.loser_revision)):
        topic = session.get_one(Topic, topic_id)
        if topic.current_revision != revision:
            raise Conflict(f"/t/{topic.slug} changed since merge {merge_id}: roll it back "
                           "from its history instead; nothing was written")
    return record


def _before(session: Session, revision_id: int) -> Snapshot:
    """The snapshot of the revision before `revision_id` of the same topic."""
    merged_at = session.get_one(Revision, revision_id)
    earlier = session.scalar(select(Revision.snapshot).where(
        Revision.topic_id == merged_at.topic_id, Revision.number == merged_at.number - 1))
    if earlier is None:
        raise Conflict("the topic has no revision before the merge to go back to")
    return dict(earlier)


def _restore(session: Session, record: Merge, moved: dict[str, Any]) -> None:
    loser, survivor = record.loser_id, record.survivor_id
    session.execute(delete(SlugRedirect).where(
        SlugRedirect.old_slug == tombstone_slug(loser)))
    if moved["redirects"]:
        session.execute(update(SlugRedirect).where(
            SlugRedirect.old_slug.in_(moved["redirects"])).values(topic_id=loser))
    if moved["sources"]:
        session.execute(update(Source).where(Source.id.in_(moved["sources"]))
                        .values(topic_id=loser))
    for path_id, position, removed in reversed(moved["steps"]):
        if removed:
            _shift(session, path_id, position, +1)
            session.add(PathStep(path_id=path_id, position=position, topic_id=loser))
        else:
            session.execute(update(PathStep).where(
                PathStep.path_id == path_id, PathStep.position == position,
                PathStep.topic_id == survivor).values(topic_id=loser))
        session.flush()
    if moved.get("items"):
        session.execute(update(ReviewItem).where(ReviewItem.id.in_(moved["items"]))
                        .values(topic_id=loser))
    decisions = select(ReviewDecision.item_id).where(ReviewDecision.merge_id == record.id)
    session.execute(update(ReviewItem).where(ReviewItem.id.in_(decisions))
                    .values(resolved_at=None))
    session.execute(delete(ReviewDecision).where(ReviewDecision.merge_id == record.id))
