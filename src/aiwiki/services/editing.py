"""Use cases that change a topic: create, edit, rename, delete, restore, roll back.

Every change runs the same way (`_change`): take the write lock (`wiki.write()`), check
that the revision the editor started from is still the current one (else EditConflict and
nothing is written), compute the wanted snapshot with the pure rules of
domain/snapshots.py, write nothing if it equals the current one, check it, write it onto
the rows and record exactly one revision through storage/revisions.py, which bumps the
generation. After the commit the derived data follow in the same call: the generation is
re-read (page cache and auto-linker names key on it) and the search index re-indexes the
topic, so the next page and the next search show the change.

Who may do what (roles) is the caller's business: these functions trust their `author`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import ChangeKind, Kind, Status
from aiwiki.domain.names import slugify
from aiwiki.domain.snapshots import (
    Snapshot,
    edited,
    normalized,
    problems,
    renamed,
    rolled_back,
    title_of,
)
from aiwiki.errors import EditConflict, InvalidFields, NotFound
from aiwiki.services import indexing, link_store
from aiwiki.services.edit_requests import (
    CreateRequest,
    EditRequest,
    RenameRequest,
    RevisionRequest,
)
from aiwiki.services.topic_lookup import topic_at
from aiwiki.services.wiki import Wiki, writer_of
from aiwiki.storage.revisions import current_number, record_change, snapshot
from aiwiki.storage.tables import Revision, SlugRedirect, Topic
from aiwiki.storage.topic_writes import alias_owners, category_ids, tag_names, write_snapshot

IMPORT_AUTHORS = frozenset({"import", "starter"})  # the names import runs write as
AUTHOR_MAX = 200
Wanted = Callable[[Session, Topic, Snapshot], Snapshot]


@dataclass(frozen=True)
class Saved:
    """Where the topic is now and at which revision; `changed` is False when the save
    differed in nothing and so wrote nothing."""

    slug: str
    revision: int
    changed: bool


def create(wiki: Wiki, request: CreateRequest, author: str) -> Saved:
    """A new topic and its first revision; its slug is made from its title if not given."""
    _check_author(author)
    with wiki.write() as session:
        wanted = _new_snapshot(request)
        _check(session, None, wanted)
        topic = Topic(slug=wanted["slug"], kind=wanted["kind"], status=wanted["status"])
        session.add(topic)
        session.flush()
        write_snapshot(session, topic, wanted)
        record_change(session, topic, ChangeKind.CREATE, author, request.comment, wanted)
        link_store.rebuild(session, writer_of(session), [topic.id])
        saved, topic_id = Saved(topic.slug, 1, True), topic.id
    _follow(wiki, topic_id)
    return saved


def _new_snapshot(request: CreateRequest) -> Snapshot:
    empty: Snapshot = {"slug": "", "kind": str(Kind.CONCEPT), "level": None,
                       "status": str(Status.PUBLISHED), "texts": {}, "aliases": [],
                       "tags": [], "categories": []}
    wanted = edited(empty, request.changes())
    if not title_of(wanted):
        raise InvalidFields(problems(wanted))
    wanted["slug"] = request.slug or slugify(title_of(wanted))
    return wanted


def edit(wiki: Wiki, slug: str, request: EditRequest, author: str) -> Saved:
    """Change any fields in any languages (those the request leaves out stay)."""
    def wanted(session: Session, topic: Topic, current: Snapshot) -> Snapshot:
        return edited(current, request.changes())

    return _change(wiki, slug, request.base_revision, author, request.comment,
                   ChangeKind.EDIT, wanted)


def rename(wiki: Wiki, slug: str, request: RenameRequest, author: str) -> Saved:
    """A new slug (the old one redirects to it) and/or title (the old one stays an alias
    unless the request says not to), so the topic is found by its new and old names."""
    if request.slug is None and request.title is None:
        raise InvalidFields({"slug": "give a new slug, a new title or both"})

    def wanted(session: Session, topic: Topic, current: Snapshot) -> Snapshot:
        return renamed(current, request.slug or current["slug"], request.lang,
                       request.title, request.keep_old_title)

    return _change(wiki, slug, request.base_revision, author, request.comment,
                   ChangeKind.RENAME, wanted)


def delete_topic(wiki: Wiki, slug: str, request: RevisionRequest, author: str) -> Saved:
    """Soft delete: the topic leaves pages, links and search; its rows and history stay."""
    def wanted(session: Session, topic: Topic, current: Snapshot) -> Snapshot:
        return {**current, "status": str(Status.DELETED)}

    return _change(wiki, slug, request.base_revision, author, request.comment,
                   ChangeKind.DELETE, wanted)


def restore(wiki: Wiki, slug: str, request: RevisionRequest, author: str) -> Saved:
    """Undo a delete: the topic gets back the status it had before it."""
    def wanted(session: Session, topic: Topic, current: Snapshot) -> Snapshot:
        return {**current, "status": _status_before_delete(session, topic.id)}

    return _change(wiki, slug, request.base_revision, author, request.comment,
                   ChangeKind.RESTORE, wanted, deleted_too=True)


def rollback(
    wiki: Wiki, slug: str, number: int, request: RevisionRequest, author: str
) -> Saved:
    """Make the fields (slug included, status not) what revision `number` recorded: a new
    revision, so the rollback itself can be rolled back."""
    def wanted(session: Session, topic: Topic, current: Snapshot) -> Snapshot:
        return rolled_back(current, _snapshot_at(session, topic, number))

    comment = request.comment or f"rollback to revision {number}"
    return _change(wiki, slug, request.base_revision, author, comment,
                   ChangeKind.ROLLBACK, wanted)


def _change(
    wiki: Wiki, slug: str, base: int, author: str, comment: str, change: ChangeKind,
    wanted_of: Wanted, *, deleted_too: bool = False,
) -> Saved:
    """The one path of every change to an existing topic (see the module docstring)."""
    _check_author(author)
    with wiki.write() as session:
        topic = topic_at(session, slug, deleted_too=deleted_too)
        current, number = snapshot(session, topic), current_number(session, topic)
        if base != number:
            raise EditConflict(topic.slug, base, number, current)
        wanted = wanted_of(session, topic, current)
        if write_change(session, topic, current, wanted, change, author, comment) is None:
            return Saved(topic.slug, number, False)
        saved, topic_id = Saved(topic.slug, number + 1, True), topic.id
    _follow(wiki, topic_id)
    return saved


def write_change(
    session: Session, topic: Topic, current: Snapshot, wanted: Snapshot, change: ChangeKind,
    author: str, comment: str,
) -> Revision | None:
    """Inside the caller's write: check `wanted`, move the slug, write the rows, record one
    revision and bring the stored links up to date (its own, and those to it); None (nothing
    written) when it equals `current`. The review workflow writes its merges and renames
    through here too."""
    wanted["tags"] = tag_names(session, wanted["tags"])
    if wanted == normalized(current):
        return None
    _check(session, topic, wanted)
    _move_slug(session, topic, wanted["slug"])
    write_snapshot(session, topic, wanted)
    revision = record_change(session, topic, change, author, comment, wanted)
    link_store.rebuild(session, writer_of(session), [topic.id])
    return revision


def follow(wiki: Wiki, topic_ids: list[int]) -> None:
    """Derived data after a commit that changed these topics (see `_follow`)."""
    wiki.changed()
    indexing.sync(wiki, topic_ids)


def check_author(author: str) -> None:
    """Refuse an author name no human may write as (see `_check_author`)."""
    _check_author(author)


def _follow(wiki: Wiki, topic_id: int) -> None:
    """Derived data after a commit: the generation this process sees (page cache and
    auto-linker names), then the search index."""
    wiki.changed()
    indexing.sync(wiki, [topic_id])


def _check_author(author: str) -> None:
    if not author.strip() or len(author) > AUTHOR_MAX:
        raise InvalidFields({"author": f"needs 1 to {AUTHOR_MAX} characters"})
    if author in IMPORT_AUTHORS:
        raise InvalidFields({"author": f"“{author}” is kept for import runs"})


def _check(session: Session, topic: Topic | None, wanted: Snapshot) -> None:
    """Everything that makes `wanted` unfit, by field, in one InvalidFields."""
    found = problems(wanted)
    topic_id = topic.id if topic else 0
    if topic is None or wanted["slug"] != topic.slug:
        found.update(_slug_problems(session, wanted["slug"], topic_id))
    missing = set(wanted["categories"]) - set(category_ids(session, wanted["categories"]))
    if missing:
        found["categories"] = "no such category: " + ", ".join(sorted(missing))
    for name, owner in alias_owners(session, wanted["aliases"], topic_id).items():
        other = session.get_one(Topic, owner).slug
        found.setdefault("aliases", f"“{name.split(':', 1)[1]}” already names /t/{other}")
    if found:
        raise InvalidFields(found)


def _slug_problems(session: Session, slug: str, topic_id: int) -> dict[str, str]:
    holder = session.scalar(select(Topic).where(Topic.slug == slug))
    if holder is not None:
        deleted = " (a deleted one: restore it instead)" if holder.status == Status.DELETED else ""
        return {"slug": f"“{slug}” is taken by another topic{deleted}"}
    moved = session.get(SlugRedirect, slug)
    if moved is not None and moved.topic_id != topic_id:
        target = session.get_one(Topic, moved.topic_id).slug
        return {"slug": f"“{slug}” is an old name of /t/{target} and redirects there"}
    return {}


def _move_slug(session: Session, topic: Topic, new: str) -> None:
    """The old slug redirects to the topic; the new one stops redirecting (it may have
    been an old slug of this very topic)."""
    if new == topic.slug:
        return
    session.execute(delete(SlugRedirect).where(SlugRedirect.old_slug == new))
    session.add(SlugRedirect(old_slug=topic.slug, topic_id=topic.id))


def _status_before_delete(session: Session, topic_id: int) -> str:
    statuses = session.execute(
        select(Revision.snapshot).where(Revision.topic_id == topic_id)
        .order_by(Revision.number.desc())
    ).scalars()
    for recorded in statuses:
        if recorded.get("status") not in (None, Status.DELETED):
            return str(recorded["status"])
    return str(Status.PUBLISHED)


def _snapshot_at(session: Session, topic: Topic, number: int) -> Snapshot:
    recorded = session.scalar(select(Revision.snapshot).where(
        Revision.topic_id == topic.id, Revision.number == number))
    if recorded is None:
        raise NotFound(f"“{topic.slug}” has no revision {number}.")
    return dict(recorded)
