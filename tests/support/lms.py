"""Python side of the LMS harness (harness/lms.html): open a SCO under scorm-again and read what
the LMS received. Works for any launch URL, e.g. a SCORM zip extracted and mounted on the test
server.

    lms = Lms.open(page, server.url("/pkg/index.html"), "scorm12")
    ...drive lms.sco...
    lms.close_and_return()        # reload the LMS page: the SCO gets pagehide, finishes, relaunches
    record = lms.stored()         # the CMI data as the LMS stored it (cmi.core..., interactions)
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Frame, Page

from .browser import wait_until
from .player import READY


class Lms:
    def __init__(self, page: Page, api: str):
        self.page = page
        self.api = api

    @classmethod
    def open(cls, page: Page, launch_url: str, api: str, *, reject: str | None = None,
             harness_url: str | None = None, wait_for: str | None = READY,
             popup: bool = False, store: str | None = None) -> Lms:
        """Open the harness with `api` ("scorm12" or "scorm2004") and launch `launch_url` in its
        frame. `wait_for` is a JavaScript condition evaluated in the SCO frame (default: the
        lms-build player has started; None: only wait for the frame to load). With `popup`
        nothing is launched yet: open_popup() launches the SCO in a window of its own. `store`
        names the learner's record (default: the launch URL), so another package can resume it."""
        query = {"api": api, "launch": launch_url, **({"reject": reject} if reject else {}),
                 **({"window": "popup"} if popup else {}), **({"store": store} if store else {})}
        base = harness_url or _origin(launch_url) + "/lms/lms.html"
        page.goto(f"{base}?{urlencode(query)}")
        lms = cls(page, api)
        if popup:
            wait_until(page, "!!(window.harness && window.harness.api)")
        else:
            lms.wait_for_sco(wait_for)
        return lms

    def open_popup(self, wait_for: str | None = READY) -> Page:
        """Launch the SCO in a new window (it finds the API through window.opener)."""
        with self.page.expect_popup() as opened:
            self.page.evaluate("harness.openPopup()")
        window = opened.value
        window.wait_for_load_state()
        if wait_for:
            wait_until(window, wait_for)
        return window

    @property
    def sco(self) -> Frame:
        """The SCO's frame (a new one after each relaunch)."""
        frame = self.page.query_selector("#sco").content_frame()
        assert frame is not None
        return frame

    def wait_for_sco(self, condition: str | None = READY) -> None:
        wait_until(self.page, "!!(window.harness && window.harness.api)")
        self.sco.wait_for_load_state()
        if condition:
            wait_until(self.sco, condition)

    def calls(self) -> list[dict[str, Any]]:
        """Every API call of the SCO in this page load: {fn, args, result, error}."""
        return self.page.evaluate("harness.calls")

    def errors(self) -> list[dict[str, Any]]:
        """Calls that failed. Reading an optional SCORM 2004 value the LMS never set (403, e.g.
        cmi.scaled_passing_score without a mastery score) is how 2004 says "not set", not an error."""
        return [c for c in self.page.evaluate("harness.errors()")
                if not (c["fn"] == "GetValue" and c["error"] == "403")]

    def set_values(self) -> dict[str, str]:
        """The last value the SCO set for each element (as sent, before the LMS normalises it)."""
        setter = "LMSSetValue" if self.api == "scorm12" else "SetValue"
        return {c["args"][0]: c["args"][1] for c in self.calls()
                if c["fn"] == setter and c["result"] == "true"}

    def record(self) -> dict[str, Any]:
        """The data model now."""
        return self.page.evaluate("harness.record()")

    def stored(self) -> dict[str, Any] | None:
        """The data model as the LMS stored it at the last commit or LMSFinish/Terminate."""
        return self.page.evaluate("harness.stored")

    def finished(self) -> bool:
        return self.page.evaluate("harness.finished")

    def count(self, fn: str) -> int:
        return sum(c["fn"] == fn for c in self.calls())

    def unload_sco(self) -> None:
        """Close the SCO as closing its window does (pagehide), without relaunching it."""
        self.page.evaluate("document.getElementById('sco').src = 'about:blank'")
        wait_until(self.page, "harness.finished || document.getElementById('sco')"
                              ".contentWindow.location.href === 'about:blank'")

    def relaunch(self, wait_for: str | None = READY) -> None:
        """Close the SCO and launch it again in the same LMS page (a new session)."""
        self.page.evaluate("harness.relaunch()")
        self.wait_for_sco(wait_for)

    def close_and_return(self, wait_for: str | None = READY) -> None:
        """Reload the whole LMS page: the learner closes the window and comes back."""
        self.page.reload()
        self.wait_for_sco(wait_for)


def _origin(url: str) -> str:
    scheme, rest = url.split("://", 1)
    return f"{scheme}://{rest.split('/', 1)[0]}"
