"""The API answers as its OpenAPI document says: RFC 3339 date-times, enums for closed
vocabularies (422 for any other value, on every route and its HTML twin), 404 for names
the wiki lacks, and every error status documented with the one error body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from aiwiki.domain.enums import LANGUAGES, Kind, Level
from aiwiki.services.wiki import Wiki
from aiwiki.web.errors import error_body
from aiwiki.web.responses import ErrorBody
from tests.web.live import serve

# A path segment naming something the wiki may lack: 404 when it does.
NAMES = re.compile(r"\{(slug|\w+_id)\}")


@pytest.fixture(scope="module")
def http(starter_wiki: Wiki) -> Iterator[httpx.Client]:
    with serve(starter_wiki) as base, httpx.Client(base_url=base) as client:
        yield client


@pytest.fixture(scope="module")
def spec(http: httpx.Client) -> dict[str, Any]:
    document: dict[str, Any] = http.get("/api/v1/openapi.json").json()
    return document


def test_updated_at_is_an_rfc3339_date_time(http: httpx.Client) -> None:
    stamp = http.get("/api/v1/topics/attention").json()["updated_at"]
    parsed = datetime.fromisoformat(stamp)
    assert parsed.utcoffset() == timedelta(0), stamp  # stored as UTC, now said so


@pytest.mark.parametrize(("url", "where"), [
    ("/api/v1/glossary?level=expert", "query.level"),
    ("/api/v1/search?q=attention&level=expert", "query.level"),
    ("/api/v1/search?q=attention&kind=robot", "query.kind"),
    ("/api/v1/search?q=attention&language=xx", "query.language"),
    ("/api/v1/search?q=attention&lang=xx", "query.lang"),
    ("/api/v1/search?q=attention&level=", "query.level"),
    ("/api/v1/home?lang=xx-evil", "query.lang"),
    ("/api/v1/topics/attention?lang=fr", "query.lang"),
    ("/api/v1/levels/expert", "path.level"),
])
def test_a_value_outside_its_enum_is_422_naming_the_parameter(
        http: httpx.Client, url: str, where: str) -> None:
    response = http.get(url)
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"].startswith(f"{where}: Input should be "), error["message"]


@pytest.mark.parametrize("url", [
    "/glossary?level=expert", "/search?q=attention&level=expert",
    "/search?q=attention&kind=robot", "/search?q=attention&language=xx",
    "/search?q=attention&page=1000000",
])
def test_the_html_twins_check_filters_alike(http: httpx.Client, url: str) -> None:
    response = http.get(url)
    assert response.status_code == 422, url
    assert response.headers["content-type"].startswith("text/html")


def test_an_empty_form_field_is_still_no_filter_on_pages(http: httpx.Client) -> None:
    assert http.get("/glossary?level=&category=").status_code == 200
    assert http.get("/search?q=attention&level=&kind=&language=").status_code == 200


@pytest.mark.parametrize(("url", "message"), [
    ("/api/v1/glossary?category=nope", "There is no category called “nope”."),
    ("/api/v1/search?q=attention&category=nope", "There is no category called “nope”."),
    ("/api/v1/search?q=attention&tag=nope", "There is no tag called “nope”."),
    ("/search?q=attention&tag=nope", None),
    ("/api/v1/topics/..%2F..%2Fescape", None),
    ("/api/v1/topics/Not%20A%20Slug", "There is no topic called “Not A Slug”."),
    ("/api/v1/tags/" + "x" * 5000, "There is no tag called “" + "x" * 60 + "…”."),
    ("/api/v1/paths/a--b", "There is no learning path called “a--b”."),
])
def test_a_name_the_wiki_lacks_is_404(http: httpx.Client, url: str, message: str | None) -> None:
    """Whatever its shape: a slug that could never have been made names nothing either."""
    response = http.get(url)
    assert response.status_code == 404, response.text[:300]
    if message is not None:
        assert response.json() == error_body(404, "not_found", message)


def test_filters_are_declared_as_the_domain_enums(spec: dict[str, Any]) -> None:
    def enum(path: str, name: str) -> list[str]:
        parameters = spec["paths"][path]["get"]["parameters"]
        schema = next(p["schema"] for p in parameters if p["name"] == name)
        if "$ref" in schema:
            schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        return list(schema["enum"])

    levels, kinds, languages = list(Level), list(Kind), list(LANGUAGES)
    assert enum("/api/v1/search", "level") == levels
    assert enum("/api/v1/search", "kind") == kinds
    assert enum("/api/v1/search", "language") == languages
    assert enum("/api/v1/search", "lang") == languages
    assert enum("/api/v1/glossary", "level") == levels
    assert enum("/api/v1/levels/{level}", "level") == levels
    for path in ("/api/v1/home", "/api/v1/topics/{slug}", "/api/v1/glossary",
                 "/api/v1/categories", "/api/v1/review"):
        assert enum(path, "lang") == languages, path


# The one error shape; the write API's 422 adds each field's message, its 409 the current
# revision (web/edit_errors.py).
ERROR_BODIES = [{"$ref": f"#/components/schemas/{name}"}
                for name in ("ErrorBody", "FieldErrorBody", "ConflictBody")]


def test_every_error_status_is_documented_with_the_error_body(spec: dict[str, Any]) -> None:
    operations = [(path, op) for path, item in spec["paths"].items() for op in item.values()]
    for path, operation in operations:
        responses = operation["responses"]
        has_parameters = bool(operation.get("parameters") or operation.get("requestBody"))
        names = NAMES.search(path) is not None or any(
            p["name"] in ("tag", "category", "topic") for p in operation.get("parameters", []))
        assert ("422" in responses) == has_parameters, path
        assert ("404" in responses) == names, path
        for status, response in responses.items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema in ERROR_BODIES, (path, status)
    assert "HTTPValidationError" not in spec["components"]["schemas"]


def test_the_error_body_is_what_the_handler_sends(http: httpx.Client) -> None:
    """The documented model forbids other keys, so it cannot drift from web/errors.py."""
    for url in ("/api/v1/topics/nothing-here", "/api/v1/levels/expert"):
        body = http.get(url).content
        parsed = ErrorBody.model_validate_json(body)
        assert parsed.error.status in (404, 422)
    assert ErrorBody.model_validate(error_body(404, "not_found", "x")).error.code == "not_found"
