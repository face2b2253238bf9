"""The audit log: who did what to what, and from where. Every use case that changes an
account, a token, or (later) deletes, merges or rolls back content writes one entry here, in
the same transaction as the change, so the log never claims what did not happen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from aiwiki.services.views import UtcDatetime
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import AuditEntry, User, utcnow


class AuditAction(StrEnum):
    """What an entry records (names, not secrets, whatever a linter reads into them)."""

    LOGIN = "login"
    LOGIN_FAILED = "login.failed"
    LOGOUT = "logout"
    USER_ADD = "user.add"
    PASSWORD_CHANGE = "user.password"  # noqa: S105
    ROLE_CHANGE = "user.role"
    DISABLE = "user.disable"
    TOKEN_CREATE = "token.create"  # noqa: S105
    TOKEN_REVOKE = "token.revoke"  # noqa: S105
    TOKEN_USE = "token.use"  # noqa: S105


LOGIN = AuditAction.LOGIN
LOGIN_FAILED = AuditAction.LOGIN_FAILED
LOGOUT = AuditAction.LOGOUT
USER_ADD = AuditAction.USER_ADD
PASSWORD_CHANGE = AuditAction.PASSWORD_CHANGE
ROLE_CHANGE = AuditAction.ROLE_CHANGE
DISABLE = AuditAction.DISABLE
TOKEN_CREATE = AuditAction.TOKEN_CREATE
TOKEN_REVOKE = AuditAction.TOKEN_REVOKE
TOKEN_USE = AuditAction.TOKEN_USE

ADDRESS_MAX = 64
TARGET_MAX = 200


@dataclass(frozen=True)
class Origin:
    """Where a request came from: kept with sessions and audit entries. The CLI is `cli`."""

    address: str = ""
    user_agent: str = ""


CLI = Origin(address="cli", user_agent="aiwiki cli")


class AuditView(BaseModel):
    id: int
    at: UtcDatetime
    actor: str | None
    action: str
    target: str
    address: str
    detail: dict[str, Any]


def record(session: Session, action: str, origin: Origin, *, actor_id: int | None = None,
           target: str = "", detail: dict[str, Any] | None = None) -> None:
    """Add one entry to the caller's transaction."""
    session.add(AuditEntry(at=utcnow(), actor_user_id=actor_id, action=action,
                           target=target[:TARGET_MAX], address=origin.address[:ADDRESS_MAX],
                           detail=detail or {}))


def count_since(session: Session, action: str, since: datetime, *, target: str | None = None,
                address: str | None = None) -> tuple[int, datetime | None]:
    """How many `action` entries (for one target or one address) since `since`, and the
    newest one's time: what login throttling decides on."""
    query = select(func.count(), func.max(AuditEntry.at)).where(
        AuditEntry.action == action, AuditEntry.at > since)
    if target is not None:
        query = query.where(AuditEntry.target == target[:TARGET_MAX])
    if address is not None:
        query = query.where(AuditEntry.address == address[:ADDRESS_MAX])
    count, newest = session.execute(query).one()
    return int(count), newest


def latest(session: Session, action: str, target: str) -> datetime | None:
    """When `action` last happened to `target`, if ever."""
    return session.scalar(select(func.max(AuditEntry.at)).where(
        AuditEntry.action == action, AuditEntry.target == target[:TARGET_MAX]))


def entries(wiki: Wiki, *, action: str | None = None, actor: str | None = None,
            before: int | None = None, limit: int = 100) -> list[AuditView]:
    """The newest entries first, optionally of one action or one actor's username; `before`
    (an entry id) pages back through older ones."""
    query = (select(AuditEntry, User.username)
             .outerjoin(User, User.id == AuditEntry.actor_user_id)
             .order_by(AuditEntry.id.desc()).limit(limit))
    if action is not None:
        query = query.where(AuditEntry.action == action)
    if actor is not None:
        query = query.where(User.username == actor)
    if before is not None:
        query = query.where(AuditEntry.id < before)
    with wiki.read() as session:
        return [AuditView(id=entry.id, at=entry.at, actor=username, action=entry.action,
                          target=entry.target, address=entry.address, detail=entry.detail)
                for entry, username in session.execute(query)]
