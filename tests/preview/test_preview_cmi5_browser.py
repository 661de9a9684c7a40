"""`lms-build preview --as cmi5` in Chromium: the real player runs as a cmi5 AU launched by the
project's cmi5 launcher, and the inspector lists every statement the LMS received, live, with
the rule a refused one broke."""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Frame, Page

from lms_build.preview import PreviewServer
from lms_build.xapi.statements import Session, StatementSpec, build_statement
from tests.preview.test_preview_browser import PATIENCE, _course_frame, _retitle
from tests.support.browser import wait_until
from tests.support.player import answer, current_page, data, go_to


@pytest.fixture
def cmi5_preview(preview_course: Path) -> Iterator[PreviewServer]:
    with PreviewServer(preview_course, port=0, kind="cmi5") as server:
        yield server


def _open(page: Page, server: PreviewServer) -> Frame:
    page.goto(server.url)
    frame = _course_frame(page)
    wait_until(page, "!!preview.lms && preview.lms.statements.some(s => s.verb === 'initialized')", PATIENCE)
    return frame


def _eventually(check, shown) -> None:
    """Until `check()` is true (a guard against hanging, not a timing requirement)."""
    deadline = time.monotonic() + PATIENCE
    while not check():
        assert time.monotonic() < deadline, shown()
        time.sleep(0.05)


def _verbs(page: Page) -> list[str]:
    return page.locator("#statements li").evaluate_all("items => items.map(i => i.dataset.verb)")


def test_answering_a_question_lists_the_statements_the_lms_received_from_the_real_player(
        page: Page, cmi5_preview: PreviewServer) -> None:
    frame = _open(page, cmi5_preview)
    assert page.locator("#runtime").inner_text().startswith("cmi5")
    question = next(q for q in data(frame)["questions"] if q["id"] == "perusteet-q1")
    go_to(frame, "perusteet-kysely")
    answer(frame, question, correct=True)

    wait_until(page, "[...document.querySelectorAll('#statements li')].some(li => li.dataset.verb === 'answered')",
               PATIENCE)
    verbs = _verbs(page)
    assert verbs[:2] == ["launched", "initialized"]
    assert "experienced" in verbs  # the pages visited
    answered = page.locator("#statements li[data-verb='answered']").first.inner_text()
    assert "success true" in answered and "response" in answered
    assert page.locator("#statements li.refused").count() == 0  # the player keeps every cmi5 rule
    fields = page.locator("#fields").inner_text()
    assert "not completed / unknown" in fields
    assert "perusteet-kysely" in fields  # the location from the player's state document
    assert cmi5_preview.lms is not None
    stored = [s["verb"]["id"].rsplit("/", 1)[-1] for s in cmi5_preview.lms.lrs.statements]
    assert stored[:2] == ["launched", "initialized"] and "answered" in stored


def test_reset_attempt_starts_a_new_registration(page: Page, cmi5_preview: PreviewServer) -> None:
    frame = _open(page, cmi5_preview)
    first = page.evaluate("preview.lms.registration")
    question = next(q for q in data(frame)["questions"] if q["id"] == "perusteet-q1")
    go_to(frame, "perusteet-kysely")
    answer(frame, question, correct=True)
    wait_until(page, "preview.lms.statements.some(s => s.verb === 'answered')", PATIENCE)

    page.locator("#reset").click()
    wait_until(page, f"preview.lms.registration && preview.lms.registration !== {json.dumps(first)}"
                     " && preview.lms.statements.some(s => s.verb === 'initialized')", PATIENCE)
    frame = _course_frame(page)
    assert current_page(frame) == data(frame)["pages"][0]
    assert _verbs(page)[:2] == ["launched", "initialized"] and "answered" not in _verbs(page)
    assert page.evaluate("preview.lms.attempt") == 2
    # the first registration stays in the LRS, its session ended by the player as the page went
    # away (terminated, sent with a keepalive request that may land after the new launch)
    lrs = cmi5_preview.lms.lrs

    def ended() -> list[str]:
        return [s["verb"]["id"].rsplit("/", 1)[-1] for s in lrs.statements if s["context"]["registration"] == first]

    _eventually(lambda: ended()[-1] == "terminated", ended)


def test_a_statement_that_breaks_a_cmi5_rule_is_flagged_in_the_inspector(
        page: Page, cmi5_preview: PreviewServer) -> None:
    _open(page, cmi5_preview)
    lms = cmi5_preview.lms
    assert lms is not None and lms.current is not None
    session = lms.launcher.sessions[lms.current.session]
    # a second initialized in the session, sent to the LMS's endpoint with the session's token
    statement = build_statement(
        Session(lms.launcher.learner, session.registration.id, "fi-FI", session.id, (session.publisher_id,)),
        StatementSpec("initialized", {"id": session.activity_id}, dt.datetime.now(dt.UTC), cmi5_defined=True))
    request = urllib.request.Request(cmi5_preview.url + "lms/xapi/statements", method="POST",
                                     data=json.dumps(statement).encode(), headers={
                                         "Authorization": "Basic " + session.token,
                                         "Content-Type": "application/json", "X-Experience-API-Version": "1.0.3"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400

    wait_until(page, "document.querySelectorAll('#statements li.refused').length === 1", PATIENCE)
    flagged = page.locator("#statements li.refused")
    assert flagged.get_attribute("data-verb") == "initialized"
    assert "9.3.2.0-3 (d)" in flagged.inner_text() and "Refused" in flagged.inner_text()


def test_a_saved_title_relaunches_the_au_in_the_same_registration_on_the_same_page(
        page: Page, cmi5_preview: PreviewServer, preview_course: Path) -> None:
    frame = _open(page, cmi5_preview)
    registration = page.evaluate("preview.lms.registration")
    go_to(frame, "perusteet-tapaus")
    wait_until(page, "preview.lms.location === 'perusteet-tapaus'", PATIENCE)

    frame = _retitle(page, preview_course, "Perusteet cmi5")
    assert current_page(frame) == "perusteet-tapaus"
    assert page.evaluate("preview.lms.registration") == registration
    wait_until(page, "preview.lms.statements.filter(s => s.verb === 'launched').length === 2", PATIENCE)
