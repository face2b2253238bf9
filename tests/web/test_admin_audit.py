"""/admin/audit and its API twin: admins only, filtered, paged, every value escaped."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from aiwiki.domain.accounts import Role
from aiwiki.services import accounts, audit
from aiwiki.services.wiki import Wiki
from aiwiki.web import admin
from aiwiki.web.app import create_app
from tests.web.test_auth import PASSWORD, log_in


@pytest.fixture
def client(wiki: Wiki) -> Iterator[TestClient]:
    with TestClient(create_app(wiki), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def people(wiki: Wiki) -> None:
    accounts.create_user(wiki, "root", PASSWORD, audit.CLI, role=Role.ADMIN)
    accounts.create_user(wiki, "ed", PASSWORD, audit.CLI)


def test_only_admins_read_the_log(client: TestClient, people: None) -> None:
    assert client.get("/admin/audit").status_code == 303  # to the login page
    assert client.get("/api/v1/admin/audit").status_code == 401
    log_in(client, "ed")
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/api/v1/admin/audit").status_code == 403


def test_the_log_filters_by_action_and_actor(client: TestClient, people: None) -> None:
    log_in(client, "ed", "wrong password!")
    log_in(client, "root")
    every = client.get("/api/v1/admin/audit").json()
    assert {"user.add", "login.failed", "login"} <= {row["action"] for row in every}
    failed = client.get("/api/v1/admin/audit", params={"action": "login.failed"}).json()
    assert [row["target"] for row in failed] == ["ed"]
    by_root = client.get("/api/v1/admin/audit", params={"actor": "root"}).json()
    assert by_root and all(row["actor"] == "root" for row in by_root)
    page = client.get("/admin/audit", params={"action": "login.failed"})
    assert page.status_code == 200 and 'class="failed"' in page.text
    assert page.headers["cache-control"] == "no-store"


def test_an_unknown_action_is_422_naming_the_parameter(client: TestClient,
                                                       people: None) -> None:
    log_in(client, "root")
    answer = client.get("/api/v1/admin/audit", params={"action": "drop.tables"})
    assert answer.status_code == 422 and "action" in answer.json()["error"]["message"]


def test_older_entries_page_back_by_id(client: TestClient, wiki: Wiki, people: None,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(admin, "PAGE_SIZE", 2)
    log_in(client, "root")
    first = client.get("/api/v1/admin/audit").json()
    older = client.get("/api/v1/admin/audit", params={"before": first[-1]["id"]}).json()
    assert len(first) == 2 and older and older[0]["id"] < first[-1]["id"]
    assert f"before={first[-1]['id']}" in client.get("/admin/audit").text


def test_a_hostile_name_in_the_log_is_escaped(client: TestClient, people: None) -> None:
    log_in(client, '<img src=x onerror=alert(1)>', "whatever it is")
    log_in(client, "root")
    page = client.get("/admin/audit").text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
