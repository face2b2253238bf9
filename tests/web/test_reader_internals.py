"""Readers never see the import's internals: the topic API gives its review notes (reason,
file and line) to signed-in editors only, and the page shows no review box to readers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aiwiki.services import accounts, audit, importing
from aiwiki.services.wiki import Wiki
from aiwiki.web.app import create_app
from tests.factories import topic, write_jsonl
from tests.web.test_auth import PASSWORD, log_in


@pytest.fixture
def client(wiki: Wiki, tmp_path: Path) -> Iterator[TestClient]:
    importing.import_files(wiki, [write_jsonl(
        tmp_path / "flagged.jsonl",
        topic("guessed", "A guessed title", status="needs_review",
              review=["the title was guessed from the definition"]))])
    accounts.create_user(wiki, "ed", PASSWORD, audit.CLI)
    with TestClient(create_app(wiki), follow_redirects=False) as test_client:
        yield test_client


def test_the_topic_api_keeps_review_notes_for_editors(client: TestClient) -> None:
    anonymous = client.get("/api/v1/topics/guessed")
    assert anonymous.status_code == 200 and anonymous.json()["review"] == []
    assert "flagged.jsonl" not in anonymous.text
    log_in(client, "ed")
    editor = client.get("/api/v1/topics/guessed").json()["review"]
    assert [note["reason"] for note in editor] == ["the title was guessed from the definition"]
    assert editor[0]["file"].endswith("flagged.jsonl")


def test_the_topic_page_shows_readers_no_review_box(client: TestClient) -> None:
    page = client.get("/t/guessed").text
    assert "guessed from the definition" not in page and "flagged.jsonl" not in page
    log_in(client, "ed")
    assert "guessed from the definition" in client.get("/t/guessed").text


def test_readers_see_a_quiet_unverified_mark_not_needs_review(client: TestClient) -> None:
    page = client.get("/t/guessed").text
    assert 'class="badge unverified"' in page and "Needs review" not in page
    assert 'class="badge unverified"' in client.get("/glossary").text
