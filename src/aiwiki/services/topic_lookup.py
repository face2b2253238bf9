"""Finding the topic a write or a history page names: by its slug or by an old slug of it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from aiwiki.domain.enums import Status
from aiwiki.domain.names import is_valid_slug
from aiwiki.services.slugs import not_found
from aiwiki.storage.tables import SlugRedirect, Topic


def topic_at(session: Session, slug: str, *, deleted_too: bool = False) -> Topic:
    """The topic at `slug` or renamed from it; a deleted one only if `deleted_too`. A slug
    of a shape no slug has names nothing and costs no read."""
    found = _at_slug(session, slug) if is_valid_slug(slug) else None
    if found is None or (found.status == Status.DELETED and not deleted_too):
        raise not_found("topic", slug)
    return found


def _at_slug(session: Session, slug: str) -> Topic | None:
    found = session.scalar(select(Topic).where(Topic.slug == slug))
    if found is None and (moved := session.get(SlugRedirect, slug)) is not None:
        found = session.get(Topic, moved.topic_id)
    return found
