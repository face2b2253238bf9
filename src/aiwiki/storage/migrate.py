"""Alembic, driven from code: `aiwiki init` and start-up bring the schema to head."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Apply every pending migration. An up-to-date database is only read: migrating takes
    the write lock (migrations/env.py), which must not make a start-up wait for an import."""
    config = alembic_config(engine)
    if not is_at_head(engine, config):
        command.upgrade(config, "head")


def is_at_head(engine: Engine, config: Config) -> bool:
    heads = set(ScriptDirectory.from_config(config).get_heads())
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads()) == heads
