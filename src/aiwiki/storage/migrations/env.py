"""Alembic environment: uses the engine handed over by aiwiki.storage.migrate."""

from alembic import context

from aiwiki.storage.locking import lock_for_migrating
from aiwiki.storage.tables import Base

engine = context.config.attributes["engine"]
with engine.begin() as connection:
    lock_for_migrating(connection)  # one process migrates; the others wait, then see head
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
