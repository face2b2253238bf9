"""Shared fixtures: a fresh database per test (SQLite always, PostgreSQL when
AIWIKI_TEST_DATABASE_URL is set), a Wiki over it, and an HTTP client for the app."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from aiwiki.config import Settings
from aiwiki.services.wiki import Wiki
from aiwiki.storage.engine import normalize_url

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
PG_ENV = "AIWIKI_TEST_DATABASE_URL"

# Starlette's test client asks for host "testserver": allowed in tests only, where no
# real client reaches the app (tests of the setting itself pass their own value).
os.environ.setdefault("AIWIKI_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
BACKENDS = ["sqlite", "postgresql"]


def seed_files() -> list[Path]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed pages not found at {SEEDS} (they live outside the repository)")
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture
def seeds() -> list[Path]:
    return seed_files()


def _postgres_schema_url(base: str, schema: str) -> str:
    url = make_url(normalize_url(base))
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


@pytest.fixture(scope="module", params=BACKENDS)
def database_kind(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set; PostgreSQL tests run in CI")
    return str(request.param)


def make_database_url(kind: str, directory: Path) -> tuple[str, object]:
    """A URL for a brand-new empty database, and a cleanup callable."""
    directory.mkdir(parents=True, exist_ok=True)
    if kind == "sqlite":
        return f"sqlite:///{directory / 'wiki.db'}", lambda: None
    base = os.environ[PG_ENV]
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalize_url(base))
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    return _postgres_schema_url(base, schema), drop


def open_test_wiki(kind: str, directory: Path) -> tuple[Wiki, object]:
    url, cleanup = make_database_url(kind, directory)
    settings = Settings(database_url=url, index_dir=directory / "index", load_starter=False)
    return Wiki.open(settings), cleanup


@pytest.fixture
def wiki(database_kind: str, tmp_path: Path) -> Iterator[Wiki]:
    opened, cleanup = open_test_wiki(database_kind, tmp_path)
    yield opened
    opened.close()
    cleanup()  # type: ignore[operator]
