"""The write API and the record of changes under /api/v1, through the real app: who may do
what (anonymous, read token, editor by session or write token, admin), a stale base is 409
with the current snapshot, refused fields 422 each with its message, 413, 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from aiwiki.services import editing, history
from aiwiki.services.edit_requests import EditRequest, RevisionRequest
from aiwiki.services.wiki import Wiki
from tests.web.editing_support import People, api_headers, latest, new_topic

Action = Callable[[TestClient, dict[str, str], Wiki, str], Response]


def _create(c: TestClient, h: dict[str, str], wiki: Wiki, slug: str) -> Response:
    return c.post("/api/v1/topics", headers=h, json={
        "slug": slug + "-new", "texts": {"en": {"title": f"New {slug}", "body": "x"}}})


def _edit(c: TestClient, h: dict[str, str], wiki: Wiki, slug: str) -> Response:
    return c.patch(f"/api/v1/topics/{slug}", headers=h, json={
        "base_revision": latest(wiki, slug), "texts": {"en": {"body": "Changed."}}})


def _rename(c: TestClient, h: dict[str, str], wiki: Wiki, slug: str) -> Response:
    return c.post(f"/api/v1/topics/{slug}/rename", headers=h,
                  json={"base_revision": latest(wiki, slug), "slug": slug + "-moved"})


def _delete(c: TestClient, h: dict[str, str], wiki: Wiki, slug: str) -> Response:
    return c.delete(f"/api/v1/topics/{slug}", headers=h,
                    params={"base_revision": latest(wiki, slug)})


def _restore(c: TestClient, h: dict[str, str], wiki: Wiki, slug: str) -> Response:
    editing.delete_topic(wiki, slug, RevisionRequest(base_revision=latest(wiki, slug)), "setup")
    return c.post(f"/api/v1/topics/{slug}/restore", headers=h,
                  json={"base_revision": latest(wiki, slug)})


def _rollback(c: TestClient, h: dict[str, str], wiki: Wiki, slug: str) -> Response:
    editing.edit(wiki, slug, EditRequest.model_validate(
        {"base_revision": 1, "texts": {"en": {"body": "Second."}}}), "setup")
    return c.post(f"/api/v1/topics/{slug}/rollback", headers=h,
                  json={"base_revision": 2, "to": 1})


def _read(c: TestClient, h: dict[str, str], wiki: Wiki, slug: str) -> Response:
    return c.get(f"/api/v1/topics/{slug}/history", headers=h)


ACTIONS: dict[str, Action] = {"read": _read, "create": _create, "edit": _edit,
                              "rename": _rename, "delete": _delete, "restore": _restore,
                              "rollback": _rollback}
# role -> action -> expected status (200/201 allowed)
MATRIX: dict[str, dict[str, int]] = {
    "anonymous": {"read": 200, **dict.fromkeys(
        ["create", "edit", "rename", "delete", "restore", "rollback"], 401)},
    "read_token": {"read": 200, **dict.fromkeys(
        ["create", "edit", "rename", "delete", "restore", "rollback"], 403)},
    "editor_session": {"read": 200, "create": 201, "edit": 200, "rename": 200, "delete": 200,
                       "restore": 403, "rollback": 200},
    "editor_token": {"read": 200, "create": 201, "edit": 200, "rename": 200, "delete": 200,
                     "restore": 403, "rollback": 200},
    "admin_session": {"read": 200, "create": 201, "edit": 200, "rename": 200, "delete": 200,
                      "restore": 200, "rollback": 200},
}
CASES = [(role, action, status) for role, row in MATRIX.items() for action, status in row.items()]


def _client(who: People, role: str) -> tuple[TestClient, dict[str, str]]:
    if role == "anonymous":
        return who.anonymous, {}
    if role == "read_token":
        return who.anonymous, who.read
    if role == "editor_token":
        return who.anonymous, who.write
    client = who.editor if role == "editor_session" else who.admin
    return client, api_headers(client)


@pytest.mark.parametrize(("role", "action", "status"), CASES)
def test_permission_matrix_over_the_api(edit_wiki: Wiki, who: People, role: str, action: str,
                                        status: int) -> None:
    slug = f"pm-{role.replace('_', '-')}-{action}"
    new_topic(edit_wiki, slug)
    before = len(history.history(edit_wiki, slug))
    client, headers = _client(who, role)
    answer = ACTIONS[action](client, headers, edit_wiki, slug)
    assert answer.status_code == status, answer.text
    if status >= 400:
        assert set(answer.json()["error"]) >= {"status", "code", "message"}
        setup_writes = 1 if action in ("restore", "rollback") else 0
        assert len(history.history(edit_wiki, slug)) == before + setup_writes


def test_a_session_write_without_its_csrf_header_is_refused(edit_wiki: Wiki,
                                                            who: People) -> None:
    new_topic(edit_wiki, "csrf-api")
    answer = who.editor.patch("/api/v1/topics/csrf-api", json={
        "base_revision": 1, "texts": {"en": {"body": "Sneaky."}}})
    assert answer.status_code == 403
    assert latest(edit_wiki, "csrf-api") == 1


def test_a_stale_base_is_409_with_the_current_snapshot(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "stale-api")
    first = who.anonymous.patch("/api/v1/topics/stale-api", headers=who.write, json={
        "base_revision": 1, "texts": {"en": {"body": "First writer."}}})
    assert first.json() == {"slug": "stale-api", "revision": 2, "changed": True}
    second = who.anonymous.patch("/api/v1/topics/stale-api", headers=who.write, json={
        "base_revision": 1, "texts": {"en": {"body": "Second writer."}}})
    assert second.status_code == 409
    error = second.json()["error"]
    assert error["code"] == "edit_conflict" and error["current_revision"] == 2
    assert error["current"]["texts"]["en"]["body"] == "First writer."
    assert latest(edit_wiki, "stale-api") == 2


def test_refused_fields_are_422_each_with_a_message(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "bad-fields")
    answer = who.anonymous.patch("/api/v1/topics/bad-fields", headers=who.write, json={
        "base_revision": 1, "level": "expert",
        "texts": {"en": {"title": "x" * 400}, "xx": {"title": "y"}}})
    assert answer.status_code == 422
    fields = answer.json()["error"]["fields"]
    assert {"level", "texts.en.title"} <= set(fields) and any("xx" in f for f in fields)
    empty = who.anonymous.patch("/api/v1/topics/bad-fields", headers=who.write, json={
        "base_revision": 1, "texts": {"en": {"title": ""}}})
    assert empty.status_code == 422 and empty.json()["error"]["fields"]
    assert latest(edit_wiki, "bad-fields") == 1


def test_unknown_topics_are_404_and_huge_bodies_413(edit_wiki: Wiki, who: People) -> None:
    for answer in (
        who.anonymous.patch("/api/v1/topics/no-such-topic", headers=who.write,
                            json={"base_revision": 1}),
        who.anonymous.get("/api/v1/topics/no-such-topic/history"),
        who.anonymous.get("/api/v1/topics/attention/revisions/999"),
    ):
        assert answer.status_code == 404, answer.text
    limit = edit_wiki.settings.max_body_bytes
    huge = who.anonymous.post("/api/v1/topics", headers={**who.write,
                              "content-type": "application/json"},
                              content=b'{"texts": {"en": {"body": "' + b"a" * limit + b'"}}}')
    assert huge.status_code == 413


def test_history_revision_diff_and_changes(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "told-story", body="The cat sat.")
    who.anonymous.patch("/api/v1/topics/told-story", headers=who.write, json={
        "base_revision": 1, "comment": "dog now", "texts": {"en": {"body": "The dog sat."}}})
    revisions = who.anonymous.get("/api/v1/topics/told-story/history").json()
    assert [r["number"] for r in revisions] == [2, 1] and revisions[0]["author"] == "ed"
    one = who.anonymous.get("/api/v1/topics/told-story/revisions/1").json()
    assert one["snapshot"]["texts"]["en"]["body"] == "The cat sat."
    diff = who.anonymous.get("/api/v1/topics/told-story/diff?from=1&to=2").json()
    body = next(f for f in diff["fields"] if f["field"] == "body")
    assert {"kind": "delete", "text": "cat"} in body["old"]
    assert {"kind": "insert", "text": "dog"} in body["new"]
    mine = who.anonymous.get("/api/v1/changes", params={"user": "ed", "kind": "edit"}).json()
    assert mine["changes"][0]["slug"] == "told-story"
    assert all(c["author"] == "ed" and c["change"] == "edit" for c in mine["changes"])
    assert who.anonymous.get("/api/v1/changes?kind=nonsense").status_code == 422


def test_preview_renders_math_and_sanitizes(edit_wiki: Wiki, who: People) -> None:
    answer = who.anonymous.post("/api/v1/preview", headers=who.write, json={
        "title": "<b>T</b>", "body": "Energy $E = mc^2$ <script>alert(1)</script>"})
    view: dict[str, Any] = answer.json()
    assert "<math" in view["body_html"] and "<script" not in view["body_html"]
    assert who.anonymous.post("/api/v1/preview", json={"body": "x"}).status_code == 401


def test_every_write_route_is_in_the_openapi_document(who: People) -> None:
    paths = who.anonymous.get("/api/v1/openapi.json").json()["paths"]
    assert {"post"} <= set(paths["/api/v1/topics"])
    assert {"get", "patch", "delete"} <= set(paths["/api/v1/topics/{slug}"])
    for path in ("rename", "restore", "rollback"):
        assert "post" in paths[f"/api/v1/topics/{{slug}}/{path}"]
    for path in ("/api/v1/topics/{slug}/history", "/api/v1/topics/{slug}/diff",
                 "/api/v1/changes", "/api/v1/topics/{slug}/revisions/{number}"):
        assert "get" in paths[path]
    assert "409" in paths["/api/v1/topics/{slug}"]["patch"]["responses"]
