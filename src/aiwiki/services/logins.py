"""Logging in and out: throttled password checks and server-side sessions.

A session is a random 32-byte token in the browser's cookie; the database keeps only its
SHA-256, so reading the database (or a backup) does not let anyone sign in. Sessions slide:
each request moves the end `session_days` ahead, written at most once a minute.

Throttling counts failures in the audit log, so every app server on one database sees the
same count: per username (whether or not it exists) and, four times as lenient, per address.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from aiwiki.domain.accounts import Scope, normalize_username, wait_until
from aiwiki.errors import Busy, InvalidFields, NotAuthenticated, TooManyAttempts
from aiwiki.services import audit
from aiwiki.services.accounts import (
    Account,
    account,
    sign_in_write,
    upgraded_hash,
    verify_password,
)
from aiwiki.services.audit import Origin
from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import LoginSession, User, utcnow

TOKEN_BYTES = 32
TOUCH_EVERY = timedelta(minutes=1)
TOUCH_WAIT = 0.05  # seconds a page view may wait to record that the session is in use
ADDRESS_FACTOR = 4
USER_AGENT_MAX = 300
WRONG = "wrong username or password"


@dataclass(frozen=True)
class Viewer:
    """Who is asking: an account, and how it proved it (a session, or a scoped token)."""

    account: Account
    session_id: str | None = None  # the stored (hashed) id, for a browser session
    scope: Scope = Scope.WRITE  # a browser session may do whatever the role allows

    @property
    def can_write(self) -> bool:
        return self.scope is Scope.WRITE


@dataclass(frozen=True)
class Login:
    token: str  # goes into the cookie; never stored
    viewer: Viewer


def digest(token: str) -> str:
    """The stored form of a random token. SHA-256 suffices: the token has 256 random
    bits, so there is nothing to guess that a slow hash would protect."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _lifetime(wiki: Wiki) -> timedelta:
    return timedelta(days=wiki.settings.session_days)


def retry_after(wiki: Wiki, name: str, origin: Origin, now: datetime) -> int:
    """Seconds until `name` may try to log in from `origin` again; 0 when it may now."""
    settings = wiki.settings
    window = timedelta(minutes=settings.login_window_minutes)
    with wiki.read() as session:
        since = max(now - window, audit.latest(session, audit.LOGIN, name) or now - window)
        by_name = audit.count_since(session, audit.LOGIN_FAILED, since, target=name)
        by_address = audit.count_since(session, audit.LOGIN_FAILED, now - window,
                                       address=origin.address)
    allowed = settings.login_failures_allowed
    moments = [wait_until(by_name[1], by_name[0], allowed, window),
               wait_until(by_address[1], by_address[0], allowed * ADDRESS_FACTOR, window)]
    latest_moment = max((m for m in moments if m is not None), default=now)
    return max(0, math.ceil((latest_moment - now).total_seconds()))


def login(wiki: Wiki, username: str, password: str, origin: Origin) -> Login:
    """Check the password (unless throttled) and open a session. Raises NotAuthenticated
    with the same message for an unknown user, a wrong password and a disabled account."""
    user = _checked(wiki, username, password, origin)
    if user is None:
        raise NotAuthenticated(WRONG)
    return _succeeded(wiki, user, upgraded_hash(user.password_hash, password), origin)


def confirm_password(wiki: Wiki, username: str, password: str, origin: Origin) -> None:
    """Ask a signed-in user for their password again (before changing it): throttled and
    audited like a login, so a borrowed session cannot guess it either."""
    if _checked(wiki, username, password, origin) is None:
        raise InvalidFields({"current_password": "that is not your current password"})


def _checked(wiki: Wiki, username: str, password: str, origin: Origin) -> User | None:
    """The active user whose password this is, or None (the failure is recorded)."""
    name = normalize_username(username)[:audit.TARGET_MAX]
    wait = retry_after(wiki, name, origin, utcnow())
    if wait:
        raise TooManyAttempts(f"too many failed logins; try again in {wait} s", wait)
    with wiki.read() as session:
        user = session.scalar(select(User).where(User.username == name))
    stored = user.password_hash if user is not None else None
    if verify_password(stored, password) and user is not None and not user.disabled:
        return user
    _failed(wiki, name, origin, "disabled" if user is not None and user.disabled else "")
    return None


def _failed(wiki: Wiki, name: str, origin: Origin, reason: str) -> None:
    with sign_in_write(wiki) as session:
        audit.record(session, audit.LOGIN_FAILED, origin, target=name,
                     detail={"reason": reason} if reason else None)


def _succeeded(wiki: Wiki, user: User, new_hash: str | None, origin: Origin) -> Login:
    now = utcnow()
    token = new_token()
    with sign_in_write(wiki) as session:
        if new_hash is not None:
            session.execute(update(User).where(User.id == user.id).values(password_hash=new_hash))
        session.execute(delete(LoginSession).where(LoginSession.user_id == user.id,
                                                   LoginSession.expires_at <= now))
        session.add(LoginSession(id=digest(token), user_id=user.id, created_at=now,
                                 last_seen=now, expires_at=now + _lifetime(wiki),
                                 address=origin.address[:audit.ADDRESS_MAX],
                                 user_agent=origin.user_agent[:USER_AGENT_MAX]))
        audit.record(session, audit.LOGIN, origin, actor_id=user.id, target=user.username,
                     detail={"rehashed": True} if new_hash else None)
    return Login(token, Viewer(account(user), session_id=digest(token)))


@dataclass(frozen=True)
class Resolved:
    viewer: Viewer
    refreshed: bool  # the session's end moved: the cookie should be sent again


def resolve(wiki: Wiki, token: str) -> Resolved | None:
    """The signed-in viewer behind a cookie's token, or None (unknown, expired, disabled)."""
    now = utcnow()
    session_id = digest(token)
    with wiki.read() as session:
        row = session.execute(
            select(LoginSession, User).join(User, User.id == LoginSession.user_id)
            .where(LoginSession.id == session_id, LoginSession.expires_at > now,
                   User.disabled.is_(False))).first()
    if row is None:
        return None
    stored, user = row
    refreshed = now - stored.last_seen >= TOUCH_EVERY and _touch(wiki, session_id, now)
    return Resolved(Viewer(account(user), session_id=session_id), refreshed)


def _touch(wiki: Wiki, session_id: str, now: datetime) -> bool:
    """Slide the session's end; only one of several racing requests does the write. A page
    view never waits for it: while another write holds SQLite, the next request slides."""
    try:
        with sign_in_write(wiki, wait_seconds=TOUCH_WAIT) as session:
            result = session.execute(
                update(LoginSession)
                .where(LoginSession.id == session_id,
                       LoginSession.last_seen <= now - TOUCH_EVERY)
                .values(last_seen=now, expires_at=now + _lifetime(wiki)))
    except Busy:
        return False
    return bool(getattr(result, "rowcount", 0))


def logout(wiki: Wiki, token: str, origin: Origin) -> None:
    """End one session; a token that is no session (any more) changes nothing."""
    with sign_in_write(wiki) as session:
        stored = session.get(LoginSession, digest(token))
        if stored is None:
            return
        user_id = stored.user_id
        session.delete(stored)
        _record_logout(session, user_id, origin)


def _record_logout(session: Session, user_id: int, origin: Origin) -> None:
    name = session.scalar(select(User.username).where(User.id == user_id)) or ""
    audit.record(session, audit.LOGOUT, origin, actor_id=user_id, target=name)


def session_count(wiki: Wiki, user_id: int) -> int:
    with wiki.read() as session:
        return len(session.scalars(select(LoginSession.id).where(
            LoginSession.user_id == user_id)).all())
