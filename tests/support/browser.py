"""Debian's Chromium driven by Playwright (never `playwright install`: no download is possible)."""

from __future__ import annotations

import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
#: Without the background-networking flags Chromium floods the closed network with connections.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


def launch_chromium(playwright, **options):
    """A headless Chromium browser (about 0.5-0.8 s to start)."""
    if not Path(CHROMIUM).exists():
        raise RuntimeError(f"{CHROMIUM} not found: install Debian's chromium package")
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                      args=CHROMIUM_ARGS, **options)


def wait_until(target, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression in a page or frame until it is truthy. Unlike Playwright's
    wait_for_function this works under the player's Content-Security-Policy (no 'unsafe-eval')."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if target.evaluate(expression):
                return
        except Exception as error:  # the document is being replaced: try again
            if "context was destroyed" not in str(error) and "navigat" not in str(error):
                raise
        if time.monotonic() > deadline:
            raise TimeoutError(f"not true after {timeout} s: {expression}")
        time.sleep(0.02)
