"""Use cases that read the record of changes: a topic's history, one revision, the
difference between any two, and recent changes across the wiki.

Import runs stay apart from human edits: their revisions are of kind "import" (written by
the authors "import" or "starter"), so a page can leave them out or show them last.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from aiwiki.domain.diffing import FieldDiff, diff_snapshots
from aiwiki.domain.enums import DEFAULT_LANGUAGE, ChangeKind
from aiwiki.domain.snapshots import Snapshot
from aiwiki.errors import InvalidFields, NotFound
from aiwiki.services.topic_lookup import topic_at
from aiwiki.services.views import UtcDatetime
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Revision, Topic, TopicText

MAX_LIMIT = 200
EMPTY: Snapshot = {"slug": "", "kind": "", "level": None, "status": "", "texts": {},
                   "aliases": [], "tags": [], "categories": []}


class RevisionInfo(BaseModel):
    number: int = Field(description="1, 2, … per topic; what edits name as base_revision.")
    id: int = Field(description="Grows across the wiki.")
    author: str
    created_at: UtcDatetime = Field(description="With its offset (UTC).")
    comment: str
    change: ChangeKind

    @property
    def is_import(self) -> bool:
        return self.change == ChangeKind.IMPORT


class RevisionDetail(RevisionInfo):
    slug: str = Field(description="The topic's slug now (the snapshot's may be older).")
    snapshot: dict[str, Any]


class DiffView(BaseModel):
    slug: str
    old: RevisionInfo | None = Field(description="None: the topic before it existed.")
    new: RevisionInfo
    fields: list[FieldDiff]

    @property
    def changed(self) -> list[FieldDiff]:
        return [field for field in self.fields if field.changed]


class RecentChange(RevisionInfo):
    slug: str
    title: str


class RecentPage(BaseModel):
    changes: list[RecentChange]
    next_before: int | None = Field(description="Pass as `before` for the next page.")


_INFO = (Revision.number, Revision.id, Revision.author, Revision.created_at,
         Revision.comment, Revision.change)


def _info(row: Any) -> dict[str, Any]:
    return {"number": row.number, "id": row.id, "author": row.author,
            "created_at": row.created_at, "comment": row.comment, "change": row.change}


def history(
    wiki: Wiki, slug: str, limit: int = 50, before: int | None = None
) -> list[RevisionInfo]:
    """A topic's revisions, newest first; `before` (a revision number) pages back."""
    _check_page(limit, before)
    with wiki.read() as session:
        topic = topic_at(session, slug, deleted_too=True)
        query = select(*_INFO).where(Revision.topic_id == topic.id)
        if before is not None:
            query = query.where(Revision.number < before)
        rows = session.execute(query.order_by(Revision.number.desc()).limit(limit))
        return [RevisionInfo(**_info(row)) for row in rows]


def revision(wiki: Wiki, slug: str, number: int) -> RevisionDetail:
    """One revision with the full snapshot it recorded."""
    with wiki.read() as session:
        topic = topic_at(session, slug, deleted_too=True)
        row = _revision_row(session, topic, number)
        return RevisionDetail(**_info(row), slug=topic.slug, snapshot=row.snapshot)


def _revision_row(session: Session, topic: Topic, number: int) -> Any:
    row = session.execute(select(*_INFO, Revision.snapshot).where(
        Revision.topic_id == topic.id, Revision.number == number)).first()
    if row is None:
        raise NotFound(f"“{topic.slug}” has no revision {number}.")
    return row


def diff(wiki: Wiki, slug: str, old: int, new: int) -> DiffView:
    """Every field of two revisions side by side, word by word (`old` 0: before the
    topic existed, to show what its creation wrote)."""
    with wiki.read() as session:
        topic = topic_at(session, slug, deleted_too=True)
        before = _revision_row(session, topic, old) if old else None
        after = _revision_row(session, topic, new)
        fields = diff_snapshots(before.snapshot if before else EMPTY, after.snapshot)
        return DiffView(slug=topic.slug, old=RevisionInfo(**_info(before)) if before else None,
                        new=RevisionInfo(**_info(after)), fields=fields)


def recent_changes(
    wiki: Wiki, *, author: str | None = None, topic: str | None = None,
    changes: Collection[str] | None = None, limit: int = 50, before: int | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> RecentPage:
    """Changes across the wiki, newest first, filtered by author, topic (slug) and kinds
    of change (e.g. all but "import" for human edits only); `before` (a revision id, the
    `next_before` of the page before) pages back without counting what it skips."""
    _check_page(limit, before)
    kinds = _kinds(changes)
    with wiki.read() as session:
        query = _recent_query(session, author, topic, kinds, before)
        rows = session.execute(query.limit(limit + 1)).all()
        titles = _titles(session, {row.topic_id for row in rows[:limit]}, lang)
        page = [RecentChange(**_info(row), slug=row.slug, title=titles.get(row.topic_id, ""))
                for row in rows[:limit]]
    return RecentPage(changes=page, next_before=page[-1].id if len(rows) > limit else None)


_RecentQuery = Select[int, int, str, datetime, str, str, int, str]


def _recent_query(
    session: Session, author: str | None, slug: str | None, kinds: list[str] | None,
    before: int | None,
) -> _RecentQuery:
    query = select(*_INFO, Revision.topic_id, Topic.slug).join(
        Topic, Topic.id == Revision.topic_id)
    if author is not None:
        query = query.where(Revision.author == author)
    if slug is not None:
        query = query.where(Revision.topic_id == topic_at(session, slug, deleted_too=True).id)
    if kinds is not None:
        query = query.where(Revision.change.in_(kinds))
    if before is not None:
        query = query.where(Revision.id < before)
    return query.order_by(Revision.id.desc())


def _kinds(changes: Collection[str] | None) -> list[str] | None:
    if changes is None:
        return None
    known = {str(kind) for kind in ChangeKind}
    unknown = sorted(set(changes) - known)
    if unknown:
        raise InvalidFields({"change": f"unknown kind of change {unknown[0][:30]!r} "
                                       f"(known: {', '.join(sorted(known))})"})
    return sorted(set(changes))


def _check_page(limit: int, before: int | None) -> None:
    found = {}
    if not 1 <= limit <= MAX_LIMIT:
        found["limit"] = f"must be between 1 and {MAX_LIMIT}"
    if before is not None and before < 1:
        found["before"] = "must be 1 or more"
    if found:
        raise InvalidFields(found)


def _titles(session: Session, topic_ids: set[int], lang: str) -> dict[int, str]:
    """Each topic's title now: in `lang` if it has one there, else in another language."""
    rows = session.execute(select(TopicText.topic_id, TopicText.lang, TopicText.title).where(
        TopicText.topic_id.in_(sorted(topic_ids)), TopicText.title != ""))
    titles: dict[int, str] = {}
    for row in sorted(rows, key=lambda r: (r.lang != lang, r.lang != DEFAULT_LANGUAGE, r.lang)):
        titles.setdefault(row.topic_id, row.title)
    return titles
