"""Several app servers on one PostgreSQL database (DESIGN.md §7): an edit made through one
`aiwiki serve` process shows on the other's topic page and in its search, with no restart."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from aiwiki.config import Settings
from aiwiki.domain.accounts import Scope
from aiwiki.services import accounts, api_tokens, audit, importing
from aiwiki.services.wiki import Wiki
from tests.conftest import PG_ENV, make_database_url
from tests.factories import topic, write_jsonl
from tests.web.live import free_port

PASSWORD = "correct horse battery"
SEEN_WITHIN = 20.0  # seconds: a bound on the wait, generous for a loaded machine


def prepared(url: str, folder: Path) -> str:
    """One topic and an editor with a write token; the token's secret."""
    wiki = Wiki.open(Settings(database_url=url, index_dir=folder / "setup-index",
                              load_starter=False, embedding_model="none"))
    try:
        importing.import_files(wiki, [write_jsonl(
            folder / "one.jsonl", topic("kettle", "Kettle", summary="A pot for water."))])
        editor = accounts.create_user(wiki, "ed", PASSWORD, audit.CLI)
        return api_tokens.create(wiki, editor, "two servers", Scope.WRITE, audit.CLI).secret
    finally:
        wiki.close()


@contextmanager
def server(url: str, index: Path) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "AIWIKI_DATABASE_URL": url, "AIWIKI_INDEX_DIR": str(index),
           "AIWIKI_LOAD_STARTER": "false", "AIWIKI_EMBEDDING_MODEL": "none"}
    process = subprocess.Popen(
        [sys.executable, "-c", "from aiwiki.cli.main import run; run()", "serve",
         "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: fetch(f"{base}/api/v1/home") is not None, "the server to start")
        yield base
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode("utf-8", "replace")
        assert "Traceback" not in output, output


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None,
          method: str = "GET") -> str | None:
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return str(answer.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return None


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + SEEN_WITHIN
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"waited {SEEN_WITHIN:g} s for {what}")


def test_an_edit_on_one_server_shows_on_the_other(tmp_path: Path) -> None:
    if not os.environ.get(PG_ENV):
        pytest.skip(f"{PG_ENV} is not set; PostgreSQL tests run in CI")
    url, cleanup = make_database_url("postgresql", tmp_path)
    try:
        secret = prepared(url, tmp_path)
        with (server(url, tmp_path / "index-a") as first,
              server(url, tmp_path / "index-b") as second):
            before = fetch(f"{second}/t/kettle") or ""
            assert "A pot for water." in before
            base = json.loads(fetch(f"{first}/api/v1/topics/kettle") or "{}")["revision_number"]
            body = json.dumps({"base_revision": base, "comment": "clearer",
                               "texts": {"en": {"summary": "Boils water for tea, quickly."}}})
            saved = fetch(f"{first}/api/v1/topics/kettle", body.encode(),
                          {"Authorization": f"Bearer {secret}",
                           "Content-Type": "application/json"}, "PATCH")
            assert saved is not None, "the edit was refused"
            wait_for(lambda: "Boils water for tea" in (fetch(f"{second}/t/kettle") or ""),
                     "the other server's page")
            wait_for(lambda: '"slug":"kettle"' in (
                fetch(f"{second}/api/v1/search?q=quickly") or ""), "the other server's search")
    finally:
        cleanup()  # type: ignore[operator]
