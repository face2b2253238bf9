"""API tokens: made by a user, shown once, kept only as a SHA-256, scoped read or write,
revocable. A token's use is recorded (last_used_at and an audit entry) at most once a minute,
so that a script calling the API in a loop does not cost a write per request."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from pydantic import BaseModel
from sqlalchemy import or_, select, update

from aiwiki.domain.accounts import Scope, token_name_problem
from aiwiki.errors import Busy, InvalidFields, NotFound
from aiwiki.services import audit
from aiwiki.services.accounts import Account, account, sign_in_write
from aiwiki.services.audit import Origin
from aiwiki.services.logins import Viewer, digest
from aiwiki.services.views import UtcDatetime
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import ApiToken, User, utcnow

PREFIX = "aiw_"  # recognisable in a leaked config file or a secret scanner's rules
USE_RECORDED_EVERY = timedelta(minutes=1)
USE_WAIT = 0.05  # seconds a request may wait to record the use


class TokenView(BaseModel):
    id: int
    name: str
    scope: Scope
    created_at: UtcDatetime
    last_used_at: UtcDatetime | None
    revoked_at: UtcDatetime | None


class NewToken(BaseModel):
    secret: str  # shown to its owner once; only its hash is stored
    token: TokenView


def _view(row: ApiToken) -> TokenView:
    return TokenView(id=row.id, name=row.name, scope=Scope(row.scope), created_at=row.created_at,
                     last_used_at=row.last_used_at, revoked_at=row.revoked_at)


def create(wiki: Wiki, owner: Account, name: str, scope: Scope, origin: Origin) -> NewToken:
    problem = token_name_problem(name)
    if problem:
        raise InvalidFields({"name": problem})
    secret = PREFIX + secrets.token_urlsafe(32)
    with sign_in_write(wiki) as session:
        row = ApiToken(user_id=owner.id, name=name.strip(), token_hash=digest(secret),
                       scope=scope.value, created_at=utcnow())
        session.add(row)
        session.flush()
        audit.record(session, audit.TOKEN_CREATE, origin, actor_id=owner.id,
                     target=f"token {row.id}", detail={"name": row.name, "scope": scope.value})
        return NewToken(secret=secret, token=_view(row))


def tokens_of(wiki: Wiki, owner: Account) -> list[TokenView]:
    with wiki.read() as session:
        rows = session.scalars(select(ApiToken).where(ApiToken.user_id == owner.id)
                               .order_by(ApiToken.id.desc()))
        return [_view(row) for row in rows]


def revoke(wiki: Wiki, owner: Account, token_id: int, origin: Origin) -> None:
    """Revoke one of `owner`'s tokens; someone else's is as unknown as a missing one."""
    with sign_in_write(wiki) as session:
        row = session.get(ApiToken, token_id)
        if row is None or row.user_id != owner.id:
            raise NotFound(f"no token {token_id}")
        if row.revoked_at is not None:
            return
        row.revoked_at = utcnow()
        audit.record(session, audit.TOKEN_REVOKE, origin, actor_id=owner.id,
                     target=f"token {row.id}", detail={"name": row.name})


def authenticate(wiki: Wiki, secret: str, origin: Origin) -> Viewer | None:
    """The viewer a bearer token speaks for, or None (unknown, revoked, owner disabled)."""
    with wiki.read() as session:
        row = session.execute(
            select(ApiToken, User).join(User, User.id == ApiToken.user_id)
            .where(ApiToken.token_hash == digest(secret), ApiToken.revoked_at.is_(None),
                   User.disabled.is_(False))).first()
    if row is None:
        return None
    token, user = row
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at >= USE_RECORDED_EVERY:
        _record_use(wiki, token.id, user.id, origin, now)
    return Viewer(account(user), scope=Scope(token.scope))


def _record_use(wiki: Wiki, token_id: int, user_id: int, origin: Origin, now: datetime) -> None:
    """Of several servers or threads racing here, the one whose update matched audits. A
    request never waits long for it: while another write holds SQLite, a later use records."""
    try:
        with sign_in_write(wiki, wait_seconds=USE_WAIT) as session:
            result = session.execute(
                update(ApiToken).where(ApiToken.id == token_id, or_(
                    ApiToken.last_used_at.is_(None),
                    ApiToken.last_used_at <= now - USE_RECORDED_EVERY))
                .values(last_used_at=now))
            if getattr(result, "rowcount", 0):
                audit.record(session, audit.TOKEN_USE, origin, actor_id=user_id,
                             target=f"token {token_id}")
    except Busy:
        pass
