"""An app over a wiki holding the starter content, shared by the page tests of a module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from aiwiki.web.app import create_app
from tests.conftest import open_test_wiki
from tests.web.editing_support import People, people


@pytest.fixture(scope="module")
def starter_wiki(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Wiki]:
    wiki, cleanup = open_test_wiki(database_kind, tmp_path_factory.mktemp("web"))
    importing.import_files(wiki, [importing.STARTER])
    yield wiki
    wiki.close()
    cleanup()  # type: ignore[operator]


@pytest.fixture(scope="module")
def client(starter_wiki: Wiki) -> Iterator[TestClient]:
    with TestClient(create_app(starter_wiki)) as test_client:
        yield test_client


def starter_dir() -> Path:
    return importing.STARTER


@pytest.fixture(scope="module")
def edit_wiki(starter_wiki: Wiki) -> Wiki:
    """The module's starter wiki, named for the tests that edit it."""
    return starter_wiki


@pytest.fixture(scope="module")
def who(edit_wiki: Wiki) -> People:
    """Each role's browser client and bearer headers (tests/web/editing_support.py)."""
    return people(edit_wiki)
