"""Hover previews in a real browser (static/hovercard.js): by mouse and by keyboard, the
card beside the link and never over it, nothing on the page moving, Escape closing it."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Tab

expect = pytest.importorskip("playwright.sync_api").expect
LINK = "main .body a.autolink"


def _box(tab: Tab, selector: str) -> dict[str, float]:
    box = tab.page.locator(selector).first.bounding_box()
    assert box is not None
    return box


def _apart(a: dict[str, float], b: dict[str, float]) -> bool:
    return (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
            or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])


def test_hovering_a_topic_link_shows_its_card_beside_it(tab: Tab) -> None:
    tab.open("/t/transformer?lang=en")
    page = tab.page
    link = page.locator(LINK).first
    slug = (link.get_attribute("href") or "").split("/t/")[1].split("?")[0]
    before = _box(tab, LINK), page.evaluate("document.documentElement.scrollHeight")
    link.hover()
    card = page.locator(".hovercard")
    expect(card).to_be_visible()
    api = page.request.get(f"{tab.base_url}/api/v1/topics/{slug}/preview?lang=en").json()
    expect(card.locator(".hovercard-head strong")).to_have_text(api["title"])
    assert _apart(_box(tab, ".hovercard"), _box(tab, LINK))  # never over the link
    after = _box(tab, LINK), page.evaluate("document.documentElement.scrollHeight")
    assert after == before  # nothing moved
    assert link.get_attribute("aria-describedby") == "hovercard"
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    tab.assert_clean()


def test_focusing_a_topic_link_by_keyboard_shows_its_card(tab: Tab) -> None:
    tab.open("/t/transformer?lang=en")
    page = tab.page
    link = page.locator(LINK).first
    link.focus()
    card = page.locator(".hovercard")
    expect(card).to_be_visible()
    assert card.locator(".hovercard-summary").count() == 1
    page.keyboard.press("Escape")
    expect(card).to_be_hidden()
    expect(link).to_be_focused()  # Escape closes the card, the focus stays
    page.locator(".skip").focus()  # focus on something that is no topic link
    expect(card).to_be_hidden()
    tab.assert_clean()


def test_a_formula_in_a_summary_is_rendered_in_the_card(tab: Tab) -> None:
    tab.open("/t/attention?lang=en")
    page = tab.page
    link = page.locator('main a[href^="/t/softmax"]').first
    link.hover()
    card = page.locator(".hovercard")
    expect(card).to_be_visible()
    expect(card.locator(".hovercard-summary math")).to_have_count(1)  # softmax's formula
    assert card.locator(".hovercard-summary math").bounding_box() is not None
    tab.assert_clean()
