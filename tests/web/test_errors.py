"""Unexpected failures: a plain error page or the JSON error shape, never a traceback."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from aiwiki.services import listings
from aiwiki.services.wiki import Wiki
from aiwiki.web.app import create_app


def test_unexpected_error_hides_the_traceback(
    starter_wiki: Wiki, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(listings, "home", broken)
    with TestClient(create_app(starter_wiki), raise_server_exceptions=False) as client:
        page = client.get("/")
        api = client.get("/api/v1/home")
    assert page.status_code == 500 and "secret internals" not in page.text
    assert "Traceback" not in page.text
    assert api.json() == {"error": {"status": 500, "code": "internal_error",
                                    "message": "Something went wrong on our side."}}


def test_bad_parameters_are_clear_4xx(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "x", "page": "zero"})
    assert response.status_code == 422
    assert "page" in response.json()["error"]["message"]
    # a value outside a declared enum or range is 422 naming it, on the API and its HTML twin
    level = client.get("/api/v1/search", params={"q": "x", "level": "expert"})
    assert level.status_code == 422 and level.json()["error"]["message"].startswith("query.level")
    html = client.get("/search", params={"q": "x", "page": 0})
    assert html.status_code == 422 and "query.page" in html.text
