"""Alembic migrations and the SQLAlchemy tables describe the same schema."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select

from aiwiki.services.wiki import Wiki
from aiwiki.storage.engine import make_engine
from aiwiki.storage.migrate import alembic_config, upgrade
from aiwiki.storage.tables import Base, Revision, Topic
from tests.conftest import make_database_url


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


def test_upgrade_from_the_first_schema_keeps_every_row(database_kind: str, tmp_path: Path) -> None:
    """A wiki made before revisions carried their generation opens with its rows intact."""
    url, cleanup = make_database_url(database_kind, tmp_path)
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "0001")
        with engine.begin() as connection:
            connection.execute(insert(Topic).values(id=1, slug="gating", kind="concept",
                                                    status="published", current_revision=1))
            connection.execute(insert(Revision.__table__).values(
                id=1, topic_id=1, number=1, author="a", comment="", snapshot={"slug": "gating"},
                created_at=datetime(2026, 1, 2)))
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(select(Revision.id, Revision.snapshot, Revision.generation))
            assert [tuple(row) for row in rows] == [(1, {"slug": "gating"}, None)]
            diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert diff == []
    finally:
        engine.dispose()
        cleanup()  # type: ignore[operator]
