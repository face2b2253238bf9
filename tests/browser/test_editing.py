"""Editing in a real browser (headless Chromium against uvicorn on loopback): sign in, edit
a topic with math, see the live preview, save, view the diff, roll back; then a second
browser makes a conflicting save and the first sees the merge view with its text kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from aiwiki.domain.accounts import Role
from aiwiki.services import accounts, audit, history, importing
from aiwiki.services.wiki import Wiki
from tests.browser.conftest import Tab
from tests.conftest import open_test_wiki
from tests.web.live import serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Wiki, str]]:
    wiki, cleanup = open_test_wiki("sqlite", tmp_path_factory.mktemp("browser-edit"))
    importing.import_files(wiki, [importing.STARTER])
    accounts.create_user(wiki, "ed", PASSWORD, audit.CLI, display_name="Ed Itor")
    accounts.create_user(wiki, "ad", PASSWORD, audit.CLI, role=Role.ADMIN)
    with serve(wiki) as url:
        yield wiki, url
    wiki.close()
    cleanup()  # type: ignore[operator]


def _tab(browser: Browser, url: str, tmp_path: Path, **options: object) -> Tab:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    page = context.new_page()
    tab = Tab(page=page, base_url=url, shots=tmp_path)
    page.on("pageerror", lambda error: tab.errors.append(f"uncaught: {error}"))
    page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    return tab


def _log_in(tab: Tab, username: str) -> None:
    tab.open("/login")
    tab.page.fill("#f-username", username)
    tab.page.fill("#f-password", PASSWORD)
    tab.page.click("form.stack-form button[type=submit]")
    tab.page.wait_for_url(tab.base_url + "/")


def test_edit_with_math_preview_save_diff_and_roll_back(
        browser: Browser, site: tuple[Wiki, str], tmp_path: Path) -> None:
    wiki, url = site
    tab = _tab(browser, url, tmp_path)
    _log_in(tab, "ed")
    tab.open("/t/attention")
    tab.page.click("a.edit-link")
    before = history.history(wiki, "attention", 1)[0].number
    body = tab.page.locator("#f-en-body")
    original = body.input_value()
    body.fill(original + "\n\nScaled scores: $\\frac{QK^T}{\\sqrt{d_k}}$ then softmax.")
    preview = tab.page.locator('[data-preview="en"][data-ready] .body math')
    preview.first.wait_for()  # the live preview, rendered by the server
    tab.page.click("button[value=preview]")  # the no-JavaScript preview renders it too
    tab.page.locator('[data-preview="en"] .body math').first.wait_for()
    tab.page.fill("#f-comment", "scaled scores")
    tab.page.click("button[value=save]")
    tab.page.wait_for_url("**/t/attention?**saved=**")
    assert tab.page.locator(".topic .body math").count() >= 1
    assert history.history(wiki, "attention", 1)[0].number == before + 1
    tab.page.goto(f"{url}/t/attention/history")
    tab.page.click("#compare ~ p button, button[form=compare]")
    tab.page.wait_for_url("**/t/attention/diff?**")
    assert "softmax" in tab.page.locator(".diff ins").all_inner_texts()[-1] or \
        any("softmax" in t for t in tab.page.locator(".diff ins").all_inner_texts())
    tab.page.goto(f"{url}/t/attention/history")
    tab.page.click(f"form[action='/t/attention/rollback']:has(input[value='{before}']) button")
    tab.page.wait_for_url("**/t/attention/history**")
    latest = history.history(wiki, "attention", 1)[0]
    assert latest.change == "rollback" and latest.number == before + 2
    assert history.revision(wiki, "attention", latest.number).snapshot["texts"]["en"][
        "body"] == original
    tab.assert_clean()
    tab.page.context.close()


def test_a_conflicting_save_shows_the_merge_view(
        browser: Browser, site: tuple[Wiki, str], tmp_path: Path) -> None:
    wiki, url = site
    mine, theirs = _tab(browser, url, tmp_path), _tab(browser, url, tmp_path)
    _log_in(mine, "ed")
    _log_in(theirs, "ad")
    mine.open("/t/transformer/edit")
    theirs.open("/t/transformer/edit")
    theirs.page.fill("#f-en-summary", "Their summary, saved first.")
    theirs.page.click("button[value=save]")
    theirs.page.wait_for_url("**saved=**")
    mine.page.fill("#f-en-summary", "My summary, typed with care.")
    mine.page.click("button[value=save]")
    mine.page.wait_for_selector(".edit-page.merging")
    assert mine.page.locator("#f-en-summary").input_value() == "My summary, typed with care."
    assert "Their summary, saved first." in mine.page.locator(".theirs pre").all_inner_texts()
    assert mine.page.locator(".their-change .diff ins").count() >= 1
    kept = mine.page.evaluate("localStorage.getItem('aiwiki-draft:/t/transformer/edit')")
    assert kept and "My summary, typed with care." in kept
    mine.page.click("button[value=save]")
    mine.page.wait_for_url("**saved=**")
    summary = history.revision(wiki, "transformer", history.history(
        wiki, "transformer", 1)[0].number).snapshot["texts"]["en"]["summary"]
    assert summary == "My summary, typed with care."
    assert mine.page.evaluate(
        "localStorage.getItem('aiwiki-draft:/t/transformer/edit')") is None
    conflict = "the server responded with a status of 409"  # the merge view's own status
    mine.errors = [e for e in mine.errors if conflict not in e]
    mine.assert_clean()
    theirs.assert_clean()
