"""The live preview in Chromium: edits on disk reach the open page by themselves, keeping the
learner's place; a broken file shows an overlay naming file and line until it is fixed; the
inspector shows what the simulated LMS received."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Frame, Page

from lms_build.preview import PreviewServer
from tests.support.browser import wait_until
from tests.support.player import READY, answer, current_page, data, go_to

MODULE = "modules/01-perusteet.yaml"
#: A guard against hanging, not a speed requirement (that is benchmarks/preview_latency.py): the
#: machine running the suite may be busy, and a rebuild plus a relaunch must fit in it.
PATIENCE = 30.0


def _open(page: Page, preview: PreviewServer) -> Frame:
    page.goto(preview.url)
    return _course_frame(page)


def _course_frame(page: Page) -> Frame:
    wait_until(page, "!!document.getElementById('course').contentWindow.LmsPlayer"
                     " && document.getElementById('course').contentWindow.LmsPlayer.ready", PATIENCE)
    frame = page.query_selector("#course").content_frame()
    assert frame is not None
    wait_until(frame, READY, PATIENCE)
    return frame


def _retitle(page: Page, course: Path, title: str) -> Frame:
    """Save the module under a new Finnish title and wait until the course frame shows it (in the
    table of contents, which may be folded, and on the module's first page)."""
    _replace(course, '{fi: "Perusteet", sv: "Grunderna"}', f'{{fi: "{title}", sv: "Grunderna"}}')
    wait_until(page, "document.getElementById('course').contentDocument.body"
                     " && document.getElementById('course').contentDocument.body.textContent"
                     f".includes('{title}')", PATIENCE)
    return _course_frame(page)


def _replace(course: Path, old: str, new: str) -> None:
    path = course / MODULE
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_saved_title_appears_without_reloading_and_the_learner_stays_on_the_page(
        page: Page, preview: PreviewServer, preview_course: Path) -> None:
    frame = _open(page, preview)
    go_to(frame, "perusteet-tapaus")
    page.evaluate("window.markerFromTheTest = 1")  # gone if the shell itself were reloaded

    frame = _retitle(page, preview_course, "Perusteet uusiksi")
    assert "Perusteet uusiksi" in frame.locator(".toc-module").first.text_content()
    assert current_page(frame) == "perusteet-tapaus"
    assert page.evaluate("window.markerFromTheTest") == 1


def test_broken_yaml_shows_an_overlay_with_file_and_line_and_fixing_it_removes_it(
        page: Page, preview: PreviewServer, preview_course: Path) -> None:
    _open(page, preview)
    original = (preview_course / MODULE).read_text(encoding="utf-8")
    _replace(preview_course, 'title: {fi: "Perusteet", sv: "Grunderna"}', 'title: {fi: "Perusteet", sv: "Grunderna"')

    wait_until(page, "!document.getElementById('overlay').hidden", PATIENCE)
    errors = page.locator("#overlay-errors li").all_inner_texts()
    assert any(line.startswith(f"{MODULE}:3:") for line in errors), errors

    (preview_course / MODULE).write_text(original, encoding="utf-8")
    wait_until(page, "document.getElementById('overlay').hidden", PATIENCE)
    frame = _course_frame(page)
    assert "Perusteet" in frame.locator(".toc-module").first.text_content()


def test_answering_a_question_shows_the_interaction_in_the_inspector(
        page: Page, preview: PreviewServer) -> None:
    frame = _open(page, preview)
    question = next(q for q in data(frame)["questions"] if q["id"] == "perusteet-q1")
    go_to(frame, "perusteet-kysely")
    answer(frame, question, correct=True)

    wait_until(page, "document.querySelector('#interactions tbody').innerText.includes('perusteet-q1')", PATIENCE)
    row = page.locator("#interactions tbody tr", has_text="perusteet-q1").inner_text()
    assert "correct" in row
    fields = page.locator("#fields").inner_text()
    assert "/ 4096" in fields  # suspend_data against the SCORM 1.2 limit Moodle enforces
    assert "perusteet-kysely" in fields or "incomplete" in fields


def test_reset_attempt_starts_over(page: Page, preview: PreviewServer) -> None:
    frame = _open(page, preview)
    question = next(q for q in data(frame)["questions"] if q["id"] == "perusteet-q1")
    go_to(frame, "perusteet-kysely")
    answer(frame, question, correct=True)
    wait_until(page, "document.querySelector('#interactions tbody').innerText.includes('perusteet-q1')", PATIENCE)

    page.locator("#reset").click()
    wait_until(page, "preview.launches === 2", PATIENCE)
    frame = _course_frame(page)
    assert current_page(frame) == data(frame)["pages"][0]
    wait_until(page, "!document.querySelector('#interactions tbody').innerText.includes('perusteet-q1')", PATIENCE)


def test_scorm2004_inspector_shows_completion_success_and_the_interaction(
        page: Page, preview_course: Path) -> None:
    with PreviewServer(preview_course, port=0, kind="scorm2004") as server:
        frame = _open(page, server)
        question = next(q for q in data(frame)["questions"] if q["id"] == "perusteet-q1")
        go_to(frame, "perusteet-kysely")
        answer(frame, question, correct=False)
        wait_until(page, "document.querySelector('#interactions tbody').innerText.includes('perusteet-q1')",
                   PATIENCE)
        row = page.locator("#interactions tbody tr", has_text="perusteet-q1").inner_text()
        assert "incorrect" in row
        fields = page.locator("#fields").inner_text()
        assert "incomplete / unknown" in fields
        assert "/ 64000" in fields


def test_web_kind_updates_too_and_keeps_the_place_in_browser_storage(page: Page, preview_course: Path) -> None:
    with PreviewServer(preview_course, port=0, kind="web") as server:
        frame = _open(page, server)
        go_to(frame, "perusteet-tapaus")
        assert page.locator("#runtime").inner_text().startswith("Web")
        frame = _retitle(page, preview_course, "Perusteet verkossa")
        assert current_page(frame) == "perusteet-tapaus"
