"""Alembic migrations and the SQLAlchemy tables describe the same schema."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from aiwiki.services.wiki import Wiki
from aiwiki.storage.tables import Base


def test_migrated_schema_matches_tables(wiki: Wiki) -> None:
    with wiki.engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == []


def test_sqlite_pragmas(wiki: Wiki) -> None:
    if wiki.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas only")
    with wiki.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
