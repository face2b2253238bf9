"""One-line calls of the editing services for tests, and what a test reads back."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from aiwiki.services import editing, searching
from aiwiki.services.edit_requests import CreateRequest, EditRequest, RenameRequest, parse
from aiwiki.services.wiki import Wiki
from aiwiki.storage.revisions import current_generation, snapshot
from aiwiki.storage.tables import Revision, Topic


def create(wiki: Wiki, title: str = "Gizmo net", author: str = "alice", **fields: Any
           ) -> editing.Saved:
    texts = fields.pop("texts", {"en": {"title": title, "summary": f"{title} in brief."}})
    return editing.create(wiki, parse(CreateRequest, {"texts": texts, **fields}), author)


def edit(wiki: Wiki, slug: str, base: int, author: str = "alice", **fields: Any
         ) -> editing.Saved:
    return editing.edit(wiki, slug, parse(EditRequest, {"base_revision": base, **fields}),
                        author)


def rename(wiki: Wiki, slug: str, base: int, /, **fields: Any) -> editing.Saved:
    return editing.rename(wiki, slug, parse(RenameRequest, {"base_revision": base, **fields}),
                          "alice")


def revision_count(wiki: Wiki) -> int:
    with wiki.read() as session:
        return session.scalar(select(func.count()).select_from(Revision)) or 0


def generation(wiki: Wiki) -> int:
    with wiki.read() as session:
        return current_generation(session)


def state(wiki: Wiki, slug: str) -> dict[str, Any]:
    """The topic's snapshot as its rows say it now."""
    with wiki.read() as session:
        return snapshot(session, session.scalars(select(Topic).where(Topic.slug == slug)).one())


def hits(wiki: Wiki, query: str, lang: str = "en") -> list[str]:
    return [hit.slug for hit in searching.search(wiki, query, lang).hits]
