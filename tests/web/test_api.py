"""The JSON twins of every page, the error shape and the OpenAPI document."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from aiwiki.services import importing
from aiwiki.services.wiki import Wiki
from tests.web.live import serve


@pytest.mark.parametrize(
    ("url", "key", "check"),
    [
        ("/api/v1/home", "topic_count", lambda v: v >= 30),
        ("/api/v1/topics/attention", "title", lambda v: v == "Attention"),
        ("/api/v1/glossary", "letters", lambda v: "A" in v),
        ("/api/v1/tags/transformer", "count", lambda v: v > 0),
        ("/api/v1/categories/foundations", "groups", lambda v: len(v) >= 2),
        ("/api/v1/paths/foundations-beginner", "steps", lambda v: len(v) >= 8),
        ("/api/v1/levels/advanced", "count", lambda v: v > 0),
        ("/api/v1/stats", "topics", lambda v: v >= 30),
    ],
)
def test_api_route(client: TestClient, url: str, key: str, check: object) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert check(response.json()[key])  # type: ignore[operator]


def test_api_lists(client: TestClient) -> None:
    assert any(t["slug"] == "transformer" for t in client.get("/api/v1/tags").json())
    assert len(client.get("/api/v1/categories").json()) == 2
    assert client.get("/api/v1/paths").json()[0]["length"] >= 8


def test_topic_json_fallbacks(client: TestClient) -> None:
    data = client.get("/api/v1/topics/chinese-word-segmentation?lang=en").json()
    assert data["fallbacks"]["title"] == "zh"
    assert data["languages"] == ["zh"]


def test_error_shape(client: TestClient) -> None:
    response = client.get("/api/v1/topics/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"error": {"status": 404, "code": "not_found",
                                         "message": "There is no topic called “nothing-here”."}}
    # a level outside the enum cannot be right for any wiki: 422, not "not found"
    assert client.get("/api/v1/levels/expert").json()["error"]["code"] == "invalid_request"


def test_openapi_document(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/topics/{slug}" in spec["paths"]
    assert "TopicView" in spec["components"]["schemas"]
    assert client.get("/api/docs").status_code == 200


def test_topic_json_is_rendered_once_per_generation(wiki: Wiki, tmp_path: Path) -> None:
    """The topic API is cached like the topic page: a second request is a cache hit (no
    render), and a re-import of changed text makes the next one render the new text."""
    importing.import_files(wiki, [importing.STARTER])
    with serve(wiki) as base, httpx.Client(base_url=base) as http:
        url = "/api/v1/topics/attention?lang=en"
        first = http.get(url)
        hits, misses = wiki.pages.hits, wiki.pages.misses
        second = http.get(url)
        assert (wiki.pages.hits, wiki.pages.misses) == (hits + 1, misses)
        assert second.content == first.content and second.json()["title"] == "Attention"
        etag = second.headers["etag"]
        assert http.get(url, headers={"If-None-Match": etag}).status_code == 304

        edited = shutil.copytree(importing.STARTER, tmp_path / "edited")
        page = edited / "topics" / "attention.md"
        page.write_text(page.read_text("utf-8").replace(
            "Attention lets a model", "Attention, edited, lets a model", 1), "utf-8")
        importing.import_files(wiki, [edited])
        misses = wiki.pages.misses
        third = http.get(url)
        assert wiki.pages.misses == misses + 1
        assert "Attention, edited, lets a model" in third.json()["summary_html"]
        assert third.headers["etag"] != etag
