"""A real uvicorn server over a temporary wiki with the starter content, and headless Chromium.

The browser is Debian's chromium (never a downloaded one); without it these tests skip."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from aiwiki.services import importing
from tests.conftest import open_test_wiki
from tests.web.live import serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Error, Page

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    default = Path("/usr/bin/chromium")
    return str(default) if default.exists() else shutil.which("chromium")


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site at http://127.0.0.1:<free port>, served by uvicorn in a background thread."""
    wiki, cleanup = open_test_wiki("sqlite", tmp_path_factory.mktemp("browser"))
    importing.import_files(wiki, [importing.STARTER])
    try:
        with serve(wiki) as url:
            yield url
    finally:
        wiki.close()
        cleanup()  # type: ignore[operator]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed (apt-get install chromium); browser tests need it")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Tab:
    """One browser page that remembers every console error and uncaught exception."""

    page: Page
    base_url: str
    shots: Path
    errors: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None and response.status == 200, path

    def screenshot(self, name: str) -> Path:
        target = self.shots / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 0
        return target

    def assert_clean(self) -> None:
        assert self.errors == [], "console errors:\n" + "\n".join(self.errors)


@pytest.fixture
def tab(browser: Browser, base_url: str, tmp_path: Path) -> Iterator[Tab]:
    """A fresh context per test (its own localStorage), 1280x900, light system theme."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    opened = Tab(page=page, base_url=base_url, shots=tmp_path)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            opened.errors.append(f"{page.url}: console: {message.text}")

    def on_page_error(error: Error) -> None:
        opened.errors.append(f"{page.url}: uncaught: {error}")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    yield opened
    context.close()
