"""Migration 0004: revisions written before it (all by imports) read as kind "import"."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from alembic import command
from sqlalchemy import insert, select

from aiwiki.storage.engine import make_engine
from aiwiki.storage.migrate import alembic_config, upgrade
from aiwiki.storage.tables import Revision, Topic
from tests.conftest import make_database_url


def test_revisions_before_the_migration_are_imports(database_kind: str, tmp_path: Path) -> None:
    url, cleanup = make_database_url(database_kind, tmp_path)
    engine = make_engine(url)
    try:
        command.upgrade(alembic_config(engine), "0002")
        with engine.begin() as connection:
            connection.execute(insert(Topic).values(id=1, slug="gating", kind="concept",
                                                    status="published", current_revision=1))
            connection.execute(insert(Revision.__table__).values(
                id=1, topic_id=1, number=1, author="import", comment="", snapshot={},
                created_at=datetime(2026, 1, 2), generation=1))
        upgrade(engine)
        with engine.connect() as connection:
            assert connection.execute(select(Revision.change)).scalars().all() == ["import"]
    finally:
        engine.dispose()
        cleanup()  # type: ignore[operator]
