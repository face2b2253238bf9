"""A learning path in a real browser (static/path.js): "next up" is the first step whose
prerequisites are done, stage counts follow, and progress goes to a file and back."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from aiwiki.services import importing
from tests.browser.conftest import Tab
from tests.conftest import open_test_wiki
from tests.factories import topic, write_jsonl
from tests.web.live import serve

expect = pytest.importorskip("playwright.sync_api").expect
PATH = "/paths/order-beginner"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A wiki whose path was imported with a step before the step it builds on."""
    where = tmp_path_factory.mktemp("path-browser")
    wiki, cleanup = open_test_wiki("sqlite", where)
    importing.import_files(wiki, [write_jsonl(
        where / "p.jsonl",
        topic("quokka", "Quokka", summary="A quokka is a small wallaby.", level="beginner"),
        topic("wallaby", "Wallaby", summary="A marsupial that hops.", level="beginner"),
        topic("burrow", "Burrow", summary="A hole in the ground.", level="beginner"),
        {"type": "path", "slug": "order-beginner", "title": "Order", "level": "beginner",
         "description": "", "steps": ["quokka", "wallaby", "burrow"]},
    )])
    try:
        with serve(wiki) as url:
            yield url
    finally:
        wiki.close()
        cleanup()  # type: ignore[operator]


def _next_up(tab: Tab) -> str | None:
    return tab.page.locator(".path-progress .next-up a").get_attribute("href")


def test_teaching_order_puts_what_a_step_mentions_first(tab: Tab) -> None:
    tab.open(PATH)
    slugs = tab.page.locator(".steps .step").evaluate_all("els => els.map(e => e.dataset.slug)")
    assert slugs == ["wallaby", "quokka", "burrow"]
    tab.open(PATH + "?order=imported")
    slugs = tab.page.locator(".steps .step").evaluate_all("els => els.map(e => e.dataset.slug)")
    assert slugs == ["quokka", "wallaby", "burrow"]
    tab.assert_clean()


def test_next_up_waits_for_prerequisites(tab: Tab) -> None:
    tab.open(PATH + "?order=imported")
    page = tab.page
    assert _next_up(tab) == "/t/wallaby?lang=en"  # quokka comes first but needs wallaby
    page.locator('.step[data-slug="wallaby"] .step-done input').check()
    assert _next_up(tab) == "/t/quokka?lang=en"
    assert page.locator(".path-progress progress").get_attribute("value") == "1"
    page.locator('.step[data-slug="quokka"] .step-done input').check()
    page.locator('.step[data-slug="burrow"] .step-done input').check()
    assert page.locator(".path-progress .next-up a").is_hidden()
    tab.assert_clean()


def test_progress_goes_to_a_file_and_comes_back(tab: Tab, tmp_path: Path) -> None:
    tab.open(PATH)
    page = tab.page
    page.locator('.step[data-slug="wallaby"] .step-done input').check()
    with page.expect_download() as download:
        page.locator(".progress-export").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text())
    assert data["format"] == "aiwiki-progress" and data["paths"]["order-beginner"] == ["wallaby"]

    page.evaluate("localStorage.clear()")
    page.reload()
    assert not page.locator('.step[data-slug="wallaby"] .step-done input').is_checked()
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": 1}')
    page.locator(".progress-import input").set_input_files(str(bad))
    expect(page.locator(".progress-status")).to_have_text("That file holds no aiwiki progress.")
    assert not page.locator('.step[data-slug="wallaby"] .step-done input').is_checked()
    page.locator(".progress-import input").set_input_files(str(saved))
    expect(page.locator('.step[data-slug="wallaby"] .step-done input')).to_be_checked()
    assert _next_up(tab) == "/t/quokka?lang=en"
    tab.assert_clean()


def test_a_flashcard_session_by_keyboard_ends_with_when_to_come_back(tab: Tab) -> None:
    tab.open("/learn?path=order-beginner&lang=en")
    page = tab.page
    counter = page.locator(".learn-counter")
    expect(counter).to_have_text("Card 1 of 3")
    page.keyboard.press("Space")  # the answer
    expect(page.locator(".learn-back")).to_be_visible()
    page.keyboard.press("1")  # again: it comes back in this session
    expect(counter).to_have_text("Card 1 of 3")
    for _ in range(3):
        page.keyboard.press("Enter")
        page.keyboard.press("3")  # good
    expect(page.locator(".learn-summary")).to_contain_text("Done: 3 cards reviewed.")
    expect(page.locator(".learn-summary")).to_contain_text("Next review:")
    saved = page.evaluate("JSON.parse(localStorage.getItem('aiwiki:cards'))")
    assert set(saved) == {"quokka:summary", "wallaby:summary", "burrow:summary"}
    assert all(s["n"] == 1 and s["due"] > page.evaluate("Date.now()") for s in saved.values())
    page.reload()
    expect(page.locator(".learn-summary")).to_contain_text("Nothing is due now.")
    tab.assert_clean()
