"""The search page in a real browser: results update as you type without a page load, matched
words are marked, facets filter, a misspelling gets a "did you mean", and nothing logs an error."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import Tab

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

SEARCH_BOX = 'form[role="search"] input[name="q"]'


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def _wait_for_results(page: Page) -> None:
    """Wait until the results block shows the address bar's query.

    The script moves the URL first and swaps the results in when they arrive, and the old
    block may already hold the card a test looks for (a misspelling finds its word too), so
    a test must wait for the swap before it checks anything else in the block."""
    page.wait_for_function("() => !document.documentElement.classList.contains('searching')")


def test_results_update_as_you_type(tab: Tab) -> None:
    tab.open("/search?lang=en")
    page = tab.page
    box = page.locator(SEARCH_BOX)
    assert box.is_visible()
    assert page.locator(".search-intro").is_visible()
    page.evaluate("window.__sameDocument = true")

    box.click()
    box.press_sequentially("atten", delay=60)

    # The URL follows the box (history.replaceState) and the results block is swapped in.
    page.wait_for_url(re.compile(r"/search\?q=atten(&|$)"))
    _wait_for_results(page)
    titles = page.locator("#search-results .results .card-title")
    titles.filter(has_text=re.compile(r"^Attention$")).first.wait_for()
    assert page.evaluate("window.__sameDocument === true"), "typing must not load a new page"
    assert urlsplit(page.url).path == "/search" and _query(page.url)["q"] == ["atten"]

    # Focus and caret stay in the box while the results change under it.
    assert box.evaluate("el => el === document.activeElement")
    assert box.evaluate("el => el.selectionStart") == len("atten")
    assert box.input_value() == "atten"

    marks = page.locator("#search-results .snippet mark")
    assert marks.count() > 0
    assert marks.first.inner_text().lower().startswith("atten")
    assert "atten" in page.locator("#search-results .result-count").inner_text()
    assert "atten" in page.title()
    tab.screenshot("search-typed")
    tab.assert_clean()


def test_level_facet_filters_the_results(tab: Tab) -> None:
    tab.open("/search?q=attention&lang=en")
    page = tab.page
    cards = page.locator("#search-results .results .card")
    before = page.locator("#search-results .result-count").inner_text()
    levels_before = set(cards.evaluate_all("els => els.map(e => e.dataset.level)"))
    assert len(levels_before) > 1, levels_before
    page.evaluate("window.__sameDocument = true")

    advanced = page.locator('.facets .facet-link[data-key="level=advanced"]')
    expected = int(advanced.locator(".count").inner_text())
    advanced.click()
    page.wait_for_url(re.compile(r"/search\?.*level=advanced"))
    page.locator('.facets .facet-link[aria-current][data-key="level=advanced"]').wait_for()

    assert page.evaluate("window.__sameDocument === true")
    assert page.locator("#search-results .result-count").inner_text() != before
    levels = cards.evaluate_all("els => els.map(e => e.dataset.level)")
    assert levels and set(levels) == {"advanced"}
    assert len(levels) == min(expected, 10)
    # The selected value is marked, can be cleared, and typing keeps the filter.
    chip = page.locator(".active-filters a").first
    assert "Advanced" in chip.inner_text()
    level_input = page.locator('form[role=search] input[name="level"]')
    assert level_input.get_attribute("value") == "advanced"
    tab.screenshot("search-facet")

    chip.click()
    page.wait_for_url(lambda url: "level=" not in url)
    page.locator('.facets .facet-link[data-key="level=advanced"]:not([aria-current])').wait_for()
    assert page.locator('form[role=search] input[name="level"]').count() == 0

    # Back restores the filtered results (the facet click added a history entry).
    page.go_back()
    page.wait_for_url(re.compile(r"level=advanced"))
    page.locator(".facets .facet-link[aria-current]").wait_for()
    tab.assert_clean()


def test_misspelling_offers_did_you_mean(tab: Tab) -> None:
    tab.open("/search?lang=en")
    page = tab.page
    box = page.locator(SEARCH_BOX)
    box.fill("sofmax")
    box.press("Enter")
    page.wait_for_url(re.compile(r"q=sofmax"))
    _wait_for_results(page)
    suggestion = page.locator(".did-you-mean a")
    suggestion.wait_for()
    assert suggestion.inner_text().strip().lower() == "softmax"
    tab.screenshot("search-did-you-mean")

    suggestion.click()
    page.wait_for_url(re.compile(r"q=softmax"))
    _wait_for_results(page)
    page.locator("#search-results .card-title", has_text=re.compile(r"^Softmax$")).first.wait_for()
    assert box.input_value() == "softmax"
    assert page.locator(".did-you-mean").count() == 0

    # Escape clears the box and brings back the suggestions of the empty page.
    box.focus()
    box.press("Escape")
    page.locator(".search-intro").wait_for()
    assert box.input_value() == ""
    assert "q=" not in page.url
    tab.assert_clean()


def test_without_javascript_the_form_and_links_work(
    browser: Browser, base_url: str, tmp_path: Path
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(base_url + "/search?lang=en")
    page.locator(SEARCH_BOX).fill("zzzzqqq")
    page.locator(SEARCH_BOX).press("Enter")
    page.wait_for_url(re.compile(r"q=zzzzqqq"))
    assert page.locator(".search-empty").is_visible()
    page.locator(".search-empty .try-chips a", has_text="attention").click()
    page.wait_for_url(re.compile(r"q=attention"))
    page.locator('.facets .facet-link[data-key="level=beginner"]').click()
    page.wait_for_url(re.compile(r"level=beginner"))
    levels = page.locator(".results .card").evaluate_all("els => els.map(e => e.dataset.level)")
    assert levels and set(levels) == {"beginner"}
    page.screenshot(path=str(tmp_path / "search-nojs-mobile.png"), full_page=True)
    context.close()


def test_dark_theme_and_narrow_screen(browser: Browser, base_url: str, tmp_path: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "/search?q=%E6%B3%A8%E6%84%8F%E5%8A%9B&lang=zh")
    assert page.locator(".results .snippet mark").count() > 0
    # The facets drop below the results on a narrow screen.
    results_box = page.locator(".results").bounding_box()
    facets_box = page.locator(".facets").bounding_box()
    assert results_box and facets_box and facets_box["y"] > results_box["y"]
    assert facets_box["width"] <= 390
    mark = page.locator(".snippet mark").first
    mark_bg = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    body_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert mark_bg != body_bg
    page.screenshot(path=str(tmp_path / "search-dark-zh.png"), full_page=True)
    context.close()
    assert errors == []
