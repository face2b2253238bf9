"""The site in a real browser: math renders, the glossary filters without a reload, path
progress survives a reload, the theme switch sticks, and no page logs an error."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Tab

pytestmark = pytest.mark.browser


def _is_dark(tab: Tab) -> bool:
    rgb = tab.page.evaluate("getComputedStyle(document.body).backgroundColor")
    red, green, blue = (int(n) for n in re.findall(r"\d+", rgb)[:3])
    return red + green + blue < 3 * 80


def test_home_and_topic_with_math(tab: Tab) -> None:
    tab.open("/")
    page = tab.page
    assert page.get_by_role("search").locator("input[type=search]").is_visible()
    tab.screenshot("home")

    tab.open("/t/attention")
    assert page.locator("math").first.is_visible()
    assert page.locator('math[display="block"]').first.is_visible()
    assert page.locator(".callout.why").is_visible()
    tab.screenshot("topic")
    tab.assert_clean()


def test_glossary_level_filter_runs_without_reload(tab: Tab) -> None:
    tab.open("/glossary")
    page = tab.page
    entries = page.locator(".entry")
    total = entries.count()
    others = page.locator('.entry:not([data-level="advanced"])')
    assert others.count() > 0 and others.first.is_visible()
    page.evaluate("window.__sameDocument = true")

    page.locator('.filters a[data-level="advanced"]').click()
    page.wait_for_url(re.compile(r"/glossary\?.*level=advanced"))

    assert page.evaluate("window.__sameDocument === true")
    visible = page.locator(".entry:visible")
    assert 0 < visible.count() < total
    assert all(
        level == "advanced"
        for level in visible.evaluate_all("els => els.map(e => e.dataset.level)")
    )
    assert others.evaluate_all("els => els.every(e => e.offsetParent === null)")
    current = page.locator(".filters a[aria-current]")
    assert current.get_attribute("data-level") == "advanced"
    tab.screenshot("glossary-advanced")
    tab.assert_clean()


def test_path_progress_persists(tab: Tab) -> None:
    tab.open("/paths/foundations-beginner")
    page = tab.page
    first = page.locator("#step-1 .step-done input")
    assert first.is_visible() and not first.is_checked()
    first.check()
    assert page.locator(".path-progress progress").get_attribute("value") == "1"

    page.reload()
    assert page.locator("#step-1 .step-done input").is_checked()
    assert "done" in (page.locator("#step-1").get_attribute("class") or "").split()
    assert page.locator(".path-progress .done-count").inner_text() == "1"
    second = page.locator("#step-2 .card-title").get_attribute("href")
    assert page.locator(".path-progress .next-up a").get_attribute("href") == second
    tab.screenshot("path")
    tab.assert_clean()


def test_theme_toggle_switches_to_dark_and_remembers(tab: Tab) -> None:
    tab.open("/t/softmax")
    page = tab.page
    toggle = page.locator(".theme-toggle")
    assert toggle.is_visible() and not _is_dark(tab)
    for _ in range(3):
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        toggle.click()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _is_dark(tab)

    tab.open("/glossary")
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _is_dark(tab)
    tab.screenshot("glossary-dark")
    tab.assert_clean()
