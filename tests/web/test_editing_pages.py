"""The editing pages through the real app: the permission matrix of the HTML forms, CSRF,
the merge view of a stale save, the server-side preview, history, diff, recent changes
and their feed, and what readers no longer see of the import."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from aiwiki.services import editing, history, importing
from aiwiki.services.edit_requests import EditRequest, RevisionRequest
from aiwiki.services.wiki import Wiki
from tests.factories import topic, write_jsonl
from tests.web.editing_support import (
    People,
    csrf_of,
    form_values,
    latest,
    new_topic,
)


def token_for(client: TestClient) -> str:
    """A CSRF token from a page the client may see (any page for a signed-in one)."""
    return csrf_of(client.get("/login" if "aiwiki_session" not in client.cookies else "/"))


def _edit(c: TestClient, wiki: Wiki, slug: str) -> Response:
    page = c.get(f"/t/{slug}/edit")
    values = form_values(page) if page.status_code == 200 else {
        "base_revision": str(latest(wiki, slug)), "texts.en.title": "X"}
    values["texts.en.body"] = "Edited through the form."
    return c.post(f"/t/{slug}/edit", data={**values, "csrf_token": token_for(c),
                                           "action": "save"})


def _create(c: TestClient, wiki: Wiki, slug: str) -> Response:
    return c.post("/new", data={"slug": slug + "-made", "texts.en.title": f"Made {slug}",
                                "texts.en.body": "New.", "kind": "concept",
                                "csrf_token": token_for(c), "action": "save"})


def _rename(c: TestClient, wiki: Wiki, slug: str) -> Response:
    return c.post(f"/t/{slug}/rename", data={
        "base_revision": latest(wiki, slug), "new_slug": slug + "-moved",
        "csrf_token": token_for(c)})


def _delete(c: TestClient, wiki: Wiki, slug: str) -> Response:
    return c.post(f"/t/{slug}/delete", data={"base_revision": latest(wiki, slug),
                                             "csrf_token": token_for(c)})


def _restore(c: TestClient, wiki: Wiki, slug: str) -> Response:
    editing.delete_topic(wiki, slug, RevisionRequest(base_revision=latest(wiki, slug)), "setup")
    return c.post(f"/t/{slug}/restore", data={"base_revision": latest(wiki, slug),
                                              "csrf_token": token_for(c)})


def _rollback(c: TestClient, wiki: Wiki, slug: str) -> Response:
    editing.edit(wiki, slug, EditRequest.model_validate(
        {"base_revision": 1, "texts": {"en": {"body": "Second."}}}), "setup")
    return c.post(f"/t/{slug}/rollback", data={"base_revision": 2, "to": 1,
                                               "csrf_token": token_for(c)})


def _read(c: TestClient, wiki: Wiki, slug: str) -> Response:
    return c.get(f"/t/{slug}/history")


ACTIONS: dict[str, Callable[[TestClient, Wiki, str], Response]] = {
    "read": _read, "create": _create, "edit": _edit, "rename": _rename, "delete": _delete,
    "restore": _restore, "rollback": _rollback}
WRITES = ["create", "edit", "rename", "delete", "restore", "rollback"]
MATRIX = {
    "anonymous": {"read": 200, **dict.fromkeys(WRITES, 303)},  # to the login form
    "editor": {"read": 200, **dict.fromkeys(WRITES, 303), "restore": 403},
    "admin": {"read": 200, **dict.fromkeys(WRITES, 303)},
}
CASES = [(role, action, status) for role, row in MATRIX.items() for action, status in row.items()]


@pytest.mark.parametrize(("role", "action", "status"), CASES)
def test_permission_matrix_through_the_forms(edit_wiki: Wiki, who: People, role: str,
                                             action: str, status: int) -> None:
    slug = f"fm-{role}-{action}"
    new_topic(edit_wiki, slug)
    client = getattr(who, role)
    before = len(history.history(edit_wiki, slug))
    answer = ACTIONS[action](client, edit_wiki, slug)
    assert answer.status_code == status, answer.text[:500]
    setup_writes = 1 if action in ("restore", "rollback") else 0
    wrote = len(history.history(edit_wiki, slug)) - before - setup_writes
    if action == "read":
        assert wrote == 0
    elif role == "anonymous":
        assert answer.headers["location"].startswith("/login")
        assert wrote == 0
    elif status == 403:
        assert wrote == 0
    elif action not in ("read", "create"):
        assert wrote == 1 and not answer.headers["location"].startswith("/login")


def test_a_form_without_its_csrf_token_writes_nothing(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "csrf-form")
    values = form_values(who.editor.get("/t/csrf-form/edit"))
    values["texts.en.body"] = "Forged."
    for sent in ({k: v for k, v in values.items() if k != "csrf_token"},
                 {**values, "csrf_token": "0" * 64}):
        assert who.editor.post("/t/csrf-form/edit", data=sent).status_code == 403
    assert latest(edit_wiki, "csrf-form") == 1


def test_every_field_in_every_language_is_on_the_form(edit_wiki: Wiki, who: People) -> None:
    values = form_values(who.editor.get("/t/attention/edit"))
    for lang in ("en", "zh"):
        for field in ("title", "summary", "why_it_matters", "body"):
            assert f"texts.{lang}.{field}" in values
        assert f"aliases.{lang}" in values
    assert {"tags", "categories", "level", "kind", "comment", "base_revision",
            "csrf_token"} <= set(values)
    assert values["texts.zh.title"] and values["base_revision"] == str(
        latest(edit_wiki, "attention"))


def test_a_saved_form_changes_every_field_it_shows(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "all-fields")
    values = form_values(who.editor.get("/t/all-fields/edit"))
    values.update({"texts.zh.title": "全部字段", "texts.zh.body": "中文正文",
                   "texts.en.why_it_matters": "It shows all.", "aliases.en": "Every Field\nAF",
                   "tags": "alpha, beta", "level": "advanced", "kind": "term",
                   "comment": "the lot", "action": "save"})
    saved = who.editor.post("/t/all-fields/edit", data=values)
    assert saved.status_code == 303 and "saved=2" in saved.headers["location"]
    snapshot = history.revision(edit_wiki, "all-fields", 2).snapshot
    assert snapshot["texts"]["zh"]["title"] == "全部字段"
    assert snapshot["level"] == "advanced" and snapshot["kind"] == "term"
    assert ["en", "AF"] in snapshot["aliases"] and snapshot["tags"] == ["alpha", "beta"]
    assert history.revision(edit_wiki, "all-fields", 2).comment == "the lot"
    page = who.editor.get(saved.headers["location"])
    assert 'data-clear-draft="/t/all-fields/edit"' in page.text


def test_a_stale_save_shows_the_merge_view(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "merge-me", body="The original sentence stays.")
    values = form_values(who.editor.get("/t/merge-me/edit"))
    theirs = form_values(who.admin.get("/t/merge-me/edit"))
    theirs.update({"texts.en.body": "The original sentence moved elsewhere.", "action": "save"})
    assert who.admin.post("/t/merge-me/edit", data=theirs).status_code == 303
    values.update({"texts.en.body": "My own careful words.", "action": "save",
                   "texts.en.summary": "A summary.\r\n"[:-2]})
    values["texts.en.why_it_matters"] = "Line one.\r\nLine two."  # as browsers send it
    merge = who.editor.post("/t/merge-me/edit", data=values)
    assert merge.status_code == 409
    assert merge.text.count('class="theirs"') == 2  # the body and the why: what differs
    refilled = form_values(merge)
    assert refilled["texts.en.body"] == "My own careful words."  # never lost
    assert refilled["base_revision"] == "2"
    assert "The original sentence moved elsewhere." in merge.text  # the current text
    assert "<del>stays</del>" in merge.text.replace("\n", "")  # the other change's diff
    assert "<ins>moved elsewhere</ins>" in merge.text or "<ins>moved" in merge.text
    assert latest(edit_wiki, "merge-me") == 2
    again = who.editor.post("/t/merge-me/edit", data={**refilled, "action": "save"})
    assert again.status_code == 303
    assert history.revision(edit_wiki, "merge-me", 3).snapshot["texts"]["en"]["body"] == \
        "My own careful words."


def test_the_preview_button_renders_on_the_server(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "preview-me")
    values = form_values(who.editor.get("/t/preview-me/edit"))
    values.update({"texts.en.body": "A formula $a^2 + b^2 = c^2$ here.", "action": "preview"})
    shown = who.editor.post("/t/preview-me/edit", data=values)
    assert shown.status_code == 200 and "<math" in shown.text
    assert form_values(shown)["texts.en.body"] == "A formula $a^2 + b^2 = c^2$ here."
    assert latest(edit_wiki, "preview-me") == 1


def test_refused_fields_come_back_beside_their_input(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "refuse-me")
    values = form_values(who.editor.get("/t/refuse-me/edit"))
    values.update({"texts.en.title": "T" * 301, "texts.en.body": "Kept text.",
                   "action": "save"})
    answer = who.editor.post("/t/refuse-me/edit", data=values)
    assert answer.status_code == 422
    assert 'aria-describedby="e-texts-en-title"' in answer.text
    assert 'class="field-error" id="e-texts-en-title"' in answer.text
    assert form_values(answer)["texts.en.body"] == "Kept text."


def test_history_diff_changes_and_feed(edit_wiki: Wiki, who: People) -> None:
    new_topic(edit_wiki, "chronicle", body="Old words.")
    values = form_values(who.editor.get("/t/chronicle/edit"))
    values.update({"texts.en.body": "New words.", "comment": "fresher", "action": "save"})
    who.editor.post("/t/chronicle/edit", data=values)
    page = who.anonymous.get("/t/chronicle/history")
    assert "fresher" in page.text and 'action="/t/chronicle/rollback"' not in page.text
    assert 'action="/t/chronicle/rollback"' in who.editor.get("/t/chronicle/history").text
    diff = who.anonymous.get("/t/chronicle/diff?from=1&to=2").text
    assert "<del>Old</del>" in diff and "<ins>New</ins>" in diff
    changes = who.anonymous.get("/changes?user=ed&kind=edit").text
    assert "/t/chronicle" in changes
    assert "/t/attention?" not in who.anonymous.get("/changes?kind=human").text
    feed = who.anonymous.get("/changes.atom?topic=chronicle")
    assert feed.headers["content-type"].startswith("application/atom+xml")
    assert "<entry>" in feed.text and "fresher" in feed.text


def test_readers_see_no_import_internals(edit_wiki: Wiki, who: People) -> None:
    flagged = who.editor.get("/review")
    assert flagged.status_code == 200
    anonymous = who.anonymous.get("/")
    assert 'href="/review' not in anonymous.text and 'href="/review' in who.editor.get("/").text
    assert who.anonymous.get("/review").status_code == 303
    assert "/edit" not in who.anonymous.get("/t/attention").text
    assert 'href="/t/attention/edit' in who.editor.get("/t/attention").text


def test_home_shows_human_edits_first(edit_wiki: Wiki, who: People, tmp_path: Path) -> None:
    """An import run after the human edit is newer, yet the human change comes first."""
    new_topic(edit_wiki, "human-touch")
    later = write_jsonl(tmp_path / "later.jsonl", topic("imported-later", "Imported later"))
    importing.import_files(edit_wiki, [later])
    home = who.anonymous.get("/").text
    recent = home[home.index('id="recent-h"'):]
    slugs = re.findall(r'class="card-title" href="/t/([a-z0-9-]+)', recent)
    assert slugs and slugs[0] == "human-touch"  # not imported-later, the newest row
    human = [{r.change for r in history.history(edit_wiki, slug)} != {"import"}
             for slug in slugs]
    assert human == sorted(human, reverse=True)  # every human-changed topic first
