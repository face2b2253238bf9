"""Accounts, tokens and clients for the editing tests: an editor and an admin with a
session each, write and read tokens, and small helpers that speak to the real app."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

from fastapi.testclient import TestClient
from httpx import Response

from aiwiki.domain.accounts import Role, Scope
from aiwiki.services import accounts, api_tokens, audit, editing, history
from aiwiki.services.edit_requests import CreateRequest
from aiwiki.services.wiki import Wiki
from aiwiki.web.app import create_app

PASSWORD = "correct horse battery"
FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


@dataclass
class People:
    """Who the tests act as: each role's browser client and bearer headers."""

    anonymous: TestClient
    editor: TestClient
    admin: TestClient
    write: dict[str, str]
    read: dict[str, str]


def csrf_of(page: Response) -> str:
    found = FIELD.search(page.text) or META.search(page.text)
    assert found, "the page has no CSRF token"
    return found.group(1)


def signed_in(wiki: Wiki, username: str) -> TestClient:
    client = TestClient(create_app(wiki), follow_redirects=False)
    token = csrf_of(client.get("/login"))
    done = client.post("/login", data={"username": username, "password": PASSWORD,
                                       "next": "/", "csrf_token": token})
    assert done.status_code == 303, done.text
    return client


def people(wiki: Wiki, suffix: str = "") -> People:
    editor = accounts.create_user(wiki, "ed" + suffix, PASSWORD, audit.CLI)
    accounts.create_user(wiki, "ad" + suffix, PASSWORD, audit.CLI, role=Role.ADMIN)
    write = api_tokens.create(wiki, editor, "w", Scope.WRITE, audit.CLI).secret
    read = api_tokens.create(wiki, editor, "r", Scope.READ, audit.CLI).secret
    return People(TestClient(create_app(wiki), follow_redirects=False),
                  signed_in(wiki, "ed" + suffix), signed_in(wiki, "ad" + suffix),
                  {"Authorization": f"Bearer {write}"}, {"Authorization": f"Bearer {read}"})


def new_topic(wiki: Wiki, slug: str, body: str = "Some words here.") -> int:
    """A fresh topic to act on; returns its revision (1)."""
    request = CreateRequest.model_validate(
        {"slug": slug, "texts": {"en": {"title": slug.replace("-", " ").title(),
                                        "summary": "A summary.", "body": body}}})
    return editing.create(wiki, request, "setup").revision


def latest(wiki: Wiki, slug: str) -> int:
    return history.history(wiki, slug, 1)[0].number


def api_headers(client: TestClient) -> dict[str, str]:
    """The X-CSRF-Token a signed-in browser's script sends with an API write."""
    return {"X-CSRF-Token": csrf_of(client.get("/"))}


def form(client: TestClient, page_url: str, post_url: str, data: dict[str, Any]) -> Response:
    """GET a page for its CSRF token, then POST the form to `post_url`."""
    token = csrf_of(client.get(page_url))
    return client.post(post_url, data={**data, "csrf_token": token})


class _FormReader(HTMLParser):
    """The values a browser would submit for the form with id `form_id`."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.values: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside or "name" not in a:
            if tag == "option" and self._select and "selected" in a:
                self.values[self._select] = a.get("value", "")
            return
        if tag == "input" and a.get("type") not in ("submit", "checkbox", "radio"):
            self.values[a["name"]] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.values[a["name"]] = ""
        elif tag == "select":
            self._select = a["name"]
            self.values.setdefault(a["name"], "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data


def form_values(page: Response, form_id: str = "edit-form") -> dict[str, str]:
    reader = _FormReader(form_id)
    reader.feed(page.text)
    assert reader.values, f"no form #{form_id} on the page"
    # a textarea's first newline belongs to the markup, as browsers read it
    return {k: v[1:] if v.startswith("\n") else v for k, v in reader.values.items()}
