"""/review and /api/v1/review through the real app: who may see and act (anonymous,
read token, editor), the one-click forms with their CSRF token, and the API's statuses
with the standard error body. Real database, real argon2."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from aiwiki.domain.accounts import Scope
from aiwiki.services import accounts, api_tokens, audit, importing, review
from aiwiki.services.wiki import Wiki
from aiwiki.web.app import create_app
from tests.factories import topic, write_jsonl
from tests.web.test_auth import PASSWORD, csrf_from, log_in

SEEDLIKE = Path(__file__).parents[1] / "fixtures" / "seedlike"


@pytest.fixture
def flagged(wiki: Wiki, tmp_path: Path) -> Wiki:
    base = write_jsonl(tmp_path / "base.jsonl", topic("colander-strainer", "Colander (Strainer)"))
    importing.import_files(wiki, [base, SEEDLIKE / "glossary.txt", SEEDLIKE / "category.txt"])
    return wiki


@pytest.fixture
def client(flagged: Wiki) -> Iterator[TestClient]:
    with TestClient(create_app(flagged), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def ada(flagged: Wiki) -> accounts.Account:
    return accounts.create_user(flagged, "ada", PASSWORD, audit.CLI)


def token(wiki: Wiki, owner: accounts.Account, scope: Scope) -> dict[str, str]:
    made = api_tokens.create(wiki, owner, f"{scope.value} token", scope, audit.CLI)
    return {"authorization": f"Bearer {made.secret}"}


def item_id(wiki: Wiki, slug: str) -> int:
    return next(i.id for i in review.open_items(wiki, "en").items
                if i.topic and i.topic.slug == slug)


def test_anonymous_readers_see_no_review(client: TestClient, flagged: Wiki) -> None:
    page = client.get("/review")
    assert page.status_code == 303 and page.headers["location"] == "/login?next=/review"
    answer = client.get("/api/v1/review")
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "not_authenticated"
    act = client.post(f"/api/v1/review/{item_id(flagged, 'cheap')}/dismiss",
                      json={"reason": "fine"})
    assert act.status_code == 401
    assert client.post(f"/review/{item_id(flagged, 'cheap')}/dismiss",
                       data={"reason": "fine"}).status_code == 303
    assert review.open_items(flagged, "en").count == 6  # nothing was resolved


def test_a_read_token_may_list_but_not_act(client: TestClient, flagged: Wiki,
                                           ada: accounts.Account) -> None:
    headers = token(flagged, ada, Scope.READ)
    listed = client.get("/api/v1/review", headers=headers)
    assert listed.status_code == 200 and listed.json()["count"] == 6
    refused = client.post(f"/api/v1/review/{item_id(flagged, 'cheap')}/dismiss",
                          json={"reason": "fine"}, headers=headers)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"


def test_the_api_resolves_and_answers_each_status(client: TestClient, flagged: Wiki,
                                                  ada: accounts.Account) -> None:
    headers = token(flagged, ada, Scope.WRITE)
    near = item_id(flagged, "colander")
    merged = client.post(f"/api/v1/review/{near}/merge", json={}, headers=headers)
    assert merged.status_code == 200, merged.text
    assert merged.json()["survivor"] == "colander-strainer"
    again = client.post(f"/api/v1/review/{near}/merge", json={}, headers=headers)
    assert again.status_code == 409 and again.json()["error"]["status"] == 409
    missing = client.post("/api/v1/review/999999/dismiss", json={"reason": "x"},
                          headers=headers)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    blank = client.post(f"/api/v1/review/{item_id(flagged, 'cheap')}/dismiss",
                        json={"reason": "  "}, headers=headers)
    assert blank.status_code == 422 and "reason" in blank.json()["error"]["message"]
    renamed = client.post(f"/api/v1/review/{item_id(flagged, 'grouping')}/rename",
                          json={"title": "Ingredient grouping"}, headers=headers)
    assert renamed.status_code == 200 and renamed.json()["revision"] >= 2
    undo = client.post(f"/api/v1/merges/{merged.json()['merge_id']}/undo", headers=headers)
    assert undo.status_code == 200 and undo.json()["loser"] == "colander"
    assert client.post(f"/api/v1/merges/{merged.json()['merge_id']}/undo",
                       headers=headers).status_code == 409


def test_an_editor_resolves_with_one_click(client: TestClient, flagged: Wiki,
                                           ada: accounts.Account) -> None:
    log_in(client)
    page = client.get("/review")
    assert page.status_code == 200
    near = item_id(flagged, "colander")
    assert f'action="/review/{near}/merge"' in page.text
    assert 'name="into" value="colander-strainer"' in page.text
    csrf = csrf_from(page)
    forged = client.post(f"/review/{near}/merge", data={"into": "colander-strainer"})
    assert forged.status_code == 403 and review.open_items(flagged, "en").count == 6
    done = client.post(f"/review/{near}/merge",
                       data={"into": "colander-strainer", "csrf_token": csrf})
    assert done.status_code == 303 and done.headers["location"].startswith("/review?merged=")
    after = client.get(done.headers["location"])
    undo = re.search(r'action="/merges/(\d+)/undo"', after.text)
    assert undo, "the page offers to undo the merge"
    wrong = client.post(f"/review/{item_id(flagged, 'cheap')}/dismiss",
                        data={"reason": "", "csrf_token": csrf})
    assert wrong.status_code == 422 and 'role="alert"' in wrong.text
    back = client.post(f"/merges/{undo.group(1)}/undo", data={"csrf_token": csrf})
    assert back.status_code == 303
    assert review.open_items(flagged, "en").count == 6
