"""Accounts: create users, change passwords and roles, disable; argon2 password hashes.

The CLI calls these with full power (an operator at the server's shell); the web checks
who may call what before it does. Every change is audited in its own transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from pydantic import BaseModel
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from aiwiki.domain.accounts import (
    Role,
    display_name_problem,
    normalize_username,
    password_problem,
    username_problem,
)
from aiwiki.errors import Conflict, InvalidFields, NotFound
from aiwiki.services import audit
from aiwiki.services.audit import Origin
from aiwiki.services.views import UtcDatetime
from aiwiki.services.wiki import Wiki
from aiwiki.storage.locking import lock_for_writing
from aiwiki.storage.tables import LoginSession, User, utcnow

# argon2id with the library's defaults (RFC 9106's low-memory profile). When they change,
# a login with the right password stores a fresh hash (see `verify_and_upgrade`).
HASHER = PasswordHasher()


class Account(BaseModel):
    """A user as the rest of the code sees one: never the password hash."""

    id: int
    username: str
    display_name: str
    role: Role
    disabled: bool
    created_at: UtcDatetime
    password_changed_at: UtcDatetime

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


@contextmanager
def sign_in_write(wiki: Wiki, wait_seconds: float | None = None) -> Iterator[Session]:
    """A transaction for what signing in writes: sessions, token use, audit rows.

    Unlike `Wiki.write` it does not queue behind content writers on PostgreSQL: a login
    must not wait for an import of a million topics, and these rows belong to one session
    or token each. SQLite has one writer whatever we do; there it takes the write lock
    first (as `Wiki.write` does), waiting `wait_seconds` (default: the writers' wait).
    Changes to the accounts themselves use `Wiki.write`: they are rare, and checks such as
    "is this the last admin" must not race."""
    with wiki.sessions.begin() as session:
        if session.get_bind().dialect.name == "sqlite":
            wait = wiki.settings.write_wait_seconds if wait_seconds is None else wait_seconds
            lock_for_writing(session, wait)
        yield session


def account(user: User) -> Account:
    return Account(id=user.id, username=user.username, display_name=user.display_name,
                   role=Role(user.role), disabled=user.disabled, created_at=user.created_at,
                   password_changed_at=user.password_changed_at)


def hash_password(password: str) -> str:
    return HASHER.hash(password)


@cache
def _stand_in_hash() -> str:
    """Verified against when the username is unknown, so that an unknown name costs the
    same time as a wrong password and the answer's timing does not tell them apart."""
    return HASHER.hash("no such user: a stand-in password")


def verify_password(stored: str | None, password: str) -> bool:
    """True when `password` matches; a missing account still pays for one verification."""
    try:
        return HASHER.verify(stored or _stand_in_hash(), password) and stored is not None
    except (VerificationError, InvalidHashError):
        return False


def upgraded_hash(stored: str, password: str) -> str | None:
    """A new hash when `stored` was made with other parameters than today's, else None.
    Only callable right after `password` was verified: only then is it at hand."""
    return hash_password(password) if HASHER.check_needs_rehash(stored) else None


def checked_username(name: str) -> str:
    normal = normalize_username(name)
    problem = username_problem(normal)
    if problem:
        raise InvalidFields({"username": problem})
    return normal


def checked_password(password: str) -> str:
    problem = password_problem(password)
    if problem:
        raise InvalidFields({"password": problem})
    return password


def _checked_display_name(name: str) -> str:
    problem = display_name_problem(name)
    if problem:
        raise InvalidFields({"display_name": problem})
    return name.strip()


def _user(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == normalize_username(username)))
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def create_user(wiki: Wiki, username: str, password: str, origin: Origin, *,
                role: Role = Role.EDITOR, display_name: str | None = None,
                actor_id: int | None = None, only_if_first: bool = False) -> Account:
    """Add an account. `only_if_first` (the first-run page) refuses once any user exists."""
    name = checked_username(username)
    shown = _checked_display_name(display_name if display_name is not None else name)
    hashed = hash_password(checked_password(password))  # before the transaction: ~50 ms
    with wiki.write() as session:
        if only_if_first and session.scalar(select(func.count()).select_from(User)):
            raise Conflict("the first account exists already; sign in instead")
        if session.scalar(select(User.id).where(User.username == name)) is not None:
            raise Conflict(f"the username {name!r} is taken")
        user = User(username=name, display_name=shown, password_hash=hashed, role=role.value)
        session.add(user)
        session.flush()
        audit.record(session, audit.USER_ADD, origin, actor_id=actor_id or user.id,
                     target=name, detail={"role": role.value})
        return account(user)


def has_users(wiki: Wiki) -> bool:
    with wiki.read() as session:
        return session.scalar(select(User.id).limit(1)) is not None


def get_account(wiki: Wiki, username: str) -> Account:
    with wiki.read() as session:
        return account(_user(session, username))


def list_accounts(wiki: Wiki) -> list[Account]:
    with wiki.read() as session:
        return [account(user) for user in session.scalars(select(User).order_by(User.username))]


def revoke_sessions(session: Session, user_id: int, keep: str | None = None) -> None:
    """End every signed-in browser of a user (but `keep`, a session id, if given)."""
    query = delete(LoginSession).where(LoginSession.user_id == user_id)
    if keep is not None:
        query = query.where(LoginSession.id != keep)
    session.execute(query)


def change_password(wiki: Wiki, username: str, password: str, origin: Origin, *,
                    actor_id: int | None = None, keep_session: str | None = None) -> None:
    """Set a new password and sign the user out everywhere (but `keep_session`)."""
    hashed = hash_password(checked_password(password))
    with wiki.write() as session:
        user = _user(session, username)
        user.password_hash = hashed
        user.password_changed_at = utcnow()
        revoke_sessions(session, user.id, keep_session)
        audit.record(session, audit.PASSWORD_CHANGE, origin, actor_id=actor_id,
                     target=user.username)


def _active_admins(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.disabled.is_(False))) or 0


def _keep_an_admin(session: Session, user: User) -> None:
    """Refuse to take away the last active admin: nobody could manage accounts again."""
    if user.role == Role.ADMIN.value and not user.disabled and _active_admins(session) <= 1:
        raise Conflict(f"{user.username!r} is the only active admin; make another admin first")


def set_role(wiki: Wiki, username: str, role: Role, origin: Origin, *,
             actor_id: int | None = None) -> None:
    with wiki.write() as session:
        user = _user(session, username)
        if user.role == role.value:
            return
        if role is not Role.ADMIN:
            _keep_an_admin(session, user)
        audit.record(session, audit.ROLE_CHANGE, origin, actor_id=actor_id,
                     target=user.username, detail={"from": user.role, "to": role.value})
        user.role = role.value


def disable(wiki: Wiki, username: str, origin: Origin, *, actor_id: int | None = None) -> None:
    """Lock an account out: its sessions end now and its API tokens stop working."""
    with wiki.write() as session:
        user = _user(session, username)
        if user.disabled:
            return
        _keep_an_admin(session, user)
        user.disabled = True
        revoke_sessions(session, user.id)
        audit.record(session, audit.DISABLE, origin, actor_id=actor_id, target=user.username)
