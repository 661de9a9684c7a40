"""pytest fixtures for browser tests. Use them from a conftest.py:

    from tests.support.fixtures import *  # noqa: F403

browser  one headless Chromium per test session (per xdist worker)
server   one local HTTP server per session (harness at /lms, node_modules at /node_modules)
page     a fresh browser context and page per test; uncaught JavaScript errors fail the test
"""

from __future__ import annotations

import atexit
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from .browser import launch_chromium
from .server import Server, serve

__all__ = ["browser", "page", "server"]


_shared: dict[str, object] = {}


def shared_browser() -> Browser:
    """One Chromium per test process, however many conftest or test modules import these
    fixtures (two Playwright sync instances cannot run in one process)."""
    if "browser" not in _shared:
        playwright = sync_playwright().start()
        _shared["playwright"], _shared["browser"] = playwright, launch_chromium(playwright)
        atexit.register(_stop)
    return _shared["browser"]  # type: ignore[return-value]


def _stop() -> None:
    _shared.pop("browser").close()  # type: ignore[union-attr]
    _shared.pop("playwright").stop()  # type: ignore[union-attr]


@pytest.fixture(scope="session")
def browser() -> Browser:
    return shared_browser()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    with serve() as running:
        yield running


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)  # a local page answers at once: fail fast, not in 30 s
    page = context.new_page()
    crashes: list[str] = []
    page.on("pageerror", lambda error: crashes.append(str(error)))
    page.crashes = crashes  # type: ignore[attr-defined]
    yield page
    context.close()
    assert not crashes, f"uncaught JavaScript errors: {crashes}"
