"""One writer at a time: the lock a write transaction takes before it reads anything.

Two imports that both create the slug `attention` used to read "no such topic" side by
side and then collide on a unique index (a raw IntegrityError), or, on SQLite in WAL mode,
fail at once when the reader snapshot of one could no longer become a writer. Taking the
write lock as the first statement makes writers queue: the second starts only after the
first committed, and so reads what the first wrote. Readers never wait for it.

* SQLite: `BEGIN IMMEDIATE`, waiting up to the given time (busy_timeout).
* PostgreSQL: `LOCK TABLE site_state IN EXCLUSIVE MODE` (readers keep reading it; every
  write bumps the site generation there anyway), waiting up to the given time
  (lock_timeout). The table lock is local to the schema, so two wikis in one database do
  not wait for each other.
"""

from __future__ import annotations

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from aiwiki.errors import Busy

BUSY_MESSAGE = (
    "another write (an import or an edit) has held the wiki for over {seconds:g} s; "
    "nothing was written: try again when it ends"
)


def lock_for_writing(session: Session, wait_seconds: float) -> None:
    """Make `session`'s transaction the only writer, or raise Busy after `wait_seconds`."""
    connection = session.connection()
    wait_ms = max(1, round(wait_seconds * 1000))
    try:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {wait_ms}")
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")
            connection.exec_driver_sql("LOCK TABLE site_state IN EXCLUSIVE MODE")
    except OperationalError as exc:
        if not _is_lock_timeout(exc):
            raise
        raise Busy(BUSY_MESSAGE.format(seconds=wait_seconds)) from None


def _is_lock_timeout(exc: OperationalError) -> bool:
    """SQLite's "database is locked" or PostgreSQL's lock_not_available (55P03)."""
    code = getattr(exc.orig, "sqlstate", None)
    return code == "55P03" or "database is locked" in str(exc.orig)


# Any fixed number: the key of the advisory lock that PostgreSQL migrations hold.
_MIGRATION_LOCK_KEY = 0x616977696B69  # "aiwiki"


def lock_for_migrating(connection: Connection) -> None:
    """Two processes starting on a new database must not both create its tables: the
    second waits, then finds the schema at head. (No site_state table to lock yet.)"""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK_KEY})")
