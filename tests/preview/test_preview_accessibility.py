"""The preview shell (inspector, overlay) passes axe-core's WCAG 2.1 AA rules: authors who use a
screen reader or a keyboard get the same tool. The course inside is tested by tests/e2e."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Browser

from lms_build.preview import PreviewServer
from tests.support.browser import wait_until
from tests.support.server import NODE_MODULES

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def _violations(page) -> list[dict]:
    if not page.evaluate("!!window.axe"):
        page.add_script_tag(content=(NODE_MODULES / "axe-core" / "axe.min.js").read_text(encoding="utf-8"))
    result = page.evaluate("tags => axe.run({exclude: [['#course']]}, {runOnly: {type: 'tag', values: tags},"
                           " iframes: false})", AXE_TAGS)
    return [{"id": v["id"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


def test_shell_and_error_overlay_have_no_violations(browser: Browser, preview_course: Path) -> None:
    # The shell's CSP allows only its own scripts; axe is injected by the test, so bypass it here.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        with PreviewServer(preview_course, port=0) as server:
            page.goto(server.url)
            wait_until(page, "document.querySelectorAll('#fields dt').length > 1", 30)
            assert (found := _violations(page)) == [], found

            module = preview_course / "modules" / "01-perusteet.yaml"
            module.write_text(module.read_text(encoding="utf-8").replace("id: perusteet", "id: [perusteet", 1),
                              encoding="utf-8")
            wait_until(page, "!document.getElementById('overlay').hidden", 30)
            assert (found := _violations(page)) == [], found
    finally:
        context.close()


def test_cmi5_inspector_with_statements_and_a_refused_one_has_no_violations(
        browser: Browser, preview_course: Path) -> None:
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        with PreviewServer(preview_course, port=0, kind="cmi5") as server:
            page.goto(server.url)
            wait_until(page, "!!preview.lms && preview.lms.statements.some(s => s.verb === 'initialized')", 30)
            lms = server.lms
            assert lms is not None and lms.current is not None
            # a refused statement, recorded as the launcher records one (the way there over HTTP
            # is tested in test_preview_cmi5_browser.py)
            from lms_build.launcher.rules import Violation

            session = lms.launcher.sessions[lms.current.session]
            lms.launcher.refused(session, {"id": "x", "verb": {"id": "http://adlnet.gov/expapi/verbs/initialized"}},
                                 Violation("9.3.2.0-3 (d)", "a second initialized in the session"))
            wait_until(page, "document.querySelectorAll('#statements li.refused').length === 1", 30)
            assert page.locator("#au-choice").is_visible()
            assert (found := _violations(page)) == [], found
    finally:
        context.close()
