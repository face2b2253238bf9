"""Every page type in Chromium with the Content-Security-Policy the server sends: nothing the
site itself ships is refused (no "Refused to …" in the console, no securitypolicyviolation
event), and what the policy exists for is refused (an injected inline script does not run).

The listener is added before any page script runs (an init script: the DevTools protocol puts
it there, outside the policy), so it sees a violation from the first line of a page on.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import Tab

if TYPE_CHECKING:
    from playwright.sync_api import Route

pytestmark = pytest.mark.browser

LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
}, true);
"""

PAGES = [
    "/", "/t/attention", "/t/attention?lang=zh", "/t/kv-cache", "/glossary",
    "/glossary?level=advanced", "/tags/transformer", "/categories/foundations",
    "/paths/foundations-beginner", "/levels/beginner", "/review", "/search",
    "/search?q=attention", "/api/docs",
]


def _violations(tab: Tab) -> list[str]:
    found: list[str] = tab.page.evaluate("window.__violations")
    refused = [error for error in tab.errors if "Content Security Policy" in error
               or "Refused to" in error]
    return found + refused


@pytest.fixture
def watched(tab: Tab) -> Tab:
    """The tab, listening for violations, and offline: a request to any other origin is
    refused and counted as an error (Swagger UI used to come from a CDN)."""
    tab.page.add_init_script(LISTEN)

    def local_only(route: Route) -> None:
        if route.request.url.startswith(tab.base_url + "/"):
            route.continue_()
        else:
            tab.errors.append(f"request to another site: {route.request.url}")
            route.abort()

    tab.page.route("**/*", local_only)
    return tab


@pytest.mark.parametrize("path", PAGES)
def test_no_page_breaks_the_policy(watched: Tab, path: str) -> None:
    response = watched.page.goto(watched.base_url + path)
    assert response is not None and response.status == 200, path
    assert "script-src 'self'" in response.headers["content-security-policy"]
    watched.page.wait_for_load_state("networkidle")
    if path == "/api/docs":  # Swagger UI drew the operations from the local bundle
        watched.page.locator(".opblock").first.wait_for()
    assert _violations(watched) == []
    watched.assert_clean()


def test_the_error_page_breaks_it_neither(watched: Tab) -> None:
    response = watched.page.goto(watched.base_url + "/no/such/page")
    assert response is not None and response.status == 404
    assert "script-src 'self'" in response.headers["content-security-policy"]
    watched.page.wait_for_load_state("networkidle")
    assert _violations(watched) == []


def test_an_injected_inline_script_is_refused(watched: Tab) -> None:
    """The control: the same listener does see a violation, and the script does not run."""
    watched.open("/t/attention")
    watched.page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__ran = true";
        document.body.append(script);
        const button = document.createElement("button");
        button.setAttribute("onclick", "window.__clicked = true");
        document.body.append(button);
        button.click();
    }""")
    watched.page.wait_for_function("window.__violations.length >= 2")
    assert watched.page.evaluate("window.__ran === undefined && window.__clicked === undefined")
    assert all(v.startswith("script-src") for v in watched.page.evaluate("window.__violations"))


def test_theme_and_search_as_you_type_work_under_the_policy(watched: Tab) -> None:
    page = watched.page
    watched.open("/search?lang=en")
    page.evaluate("window.__sameDocument = true")
    page.locator('form[role="search"] input[name="q"]').press_sequentially("atten", delay=60)
    page.wait_for_url(re.compile(r"/search\?q=atten(&|$)"))
    page.wait_for_function("() => !document.documentElement.classList.contains('searching')")
    titles = page.locator("#search-results .results .card-title")
    titles.filter(has_text=re.compile(r"^Attention$")).first.wait_for()
    assert page.evaluate("window.__sameDocument === true"), "typing must not load a page"

    for _ in range(3):  # the switch steps through the themes: on to dark
        if page.evaluate("document.documentElement.dataset.theme") == "dark":
            break
        page.locator(".theme-toggle").click()
    page.reload()  # theme.js, loaded in <head>, applies the saved choice before first paint
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    assert _violations(watched) == []
    watched.assert_clean()


def test_screenshots_of_the_api_docs_and_a_topic(watched: Tab) -> None:
    """For a person to look at: Swagger UI drawn from local files, and a topic page."""
    watched.open("/api/docs")
    watched.page.locator(".opblock").first.wait_for()
    assert watched.page.locator(".opblock").count() >= 14
    watched.screenshot("api-docs")
    watched.open("/t/attention")
    watched.screenshot("topic-attention")
    assert _violations(watched) == []
