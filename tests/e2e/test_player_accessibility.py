"""WCAG 2.1 AA with axe-core (node_modules/axe-core) in Chromium: every page of both languages,
quiz pages also with answers filled in and with feedback shown. Zero violations allowed."""

from __future__ import annotations

import pytest

from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import as_practice, mini_course, real_course

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def axe(target, server) -> list[dict]:
    """Violations on what is visible now (axe loaded from the package's own origin, which the
    page's Content-Security-Policy allows; inline injection would be blocked)."""
    if not target.evaluate("!!window.axe"):
        target.add_script_tag(url=server.url("/node_modules/axe-core/axe.min.js"))
    # Let appear-animations end: axe would measure contrast through their opacity.
    wait_until(target, "document.getAnimations().every(a => a.playState !== 'running')")
    result = target.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"]]


def open_player(page, url: str):
    page.goto(url)
    wait_until(page, player.READY)


def quiz_pages(page) -> dict[str, list[dict]]:
    """The questions of each page (every page loaded through the player's own navigation)."""
    for page_id in player.data(page)["pages"]:
        player.go_to(page, page_id)
    info = player.data(page)
    page_of = {q["id"]: info["pages"][q["page"]] for q in info["questions"]}
    found: dict[str, list[dict]] = {}
    for question in info["questions"]:
        found.setdefault(page_of[question["id"]], []).append(question)
    return found


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_page_has_no_violations(page, package, server, lang):
    open_player(page, package("standalone", lang))
    problems = {}
    for page_id in player.data(page)["pages"]:
        player.go_to(page, page_id)
        problems[page_id] = axe(page, server)
    page.click("footer a[data-extra]")
    player.settled(page)
    problems["saavutettavuus"] = axe(page, server)
    assert problems == {name: [] for name in problems}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_quiz_pages_have_no_violations_answered_and_with_feedback(page, package, server, lang):
    open_player(page, package("standalone", lang, course=as_practice(mini_course()), max_attempts=2))
    problems = {}
    for page_id, questions in quiz_pages(page).items():
        player.go_to(page, page_id)
        player.check(page, questions[0])  # "answer first" notice
        for question in questions:
            player.fill_answer(page, question, correct=True)
        problems[f"{page_id} answered"] = axe(page, server)
        for number, question in enumerate(questions):
            player.answer(page, question, correct=number % 2 == 1)  # right, and wrong: try again
        problems[f"{page_id} feedback"] = axe(page, server)
        for question in questions[::2]:
            player.answer(page, question, correct=False)  # out of attempts: the correct answer
        problems[f"{page_id} final"] = axe(page, server)
    assert problems == {name: [] for name in problems}


@pytest.mark.parametrize("width", [320])
def test_a_quiz_with_feedback_has_no_violations_on_a_phone(browser, package, server, width):
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    open_player(page, package("standalone", "fi", "loppukoe", course=as_practice(mini_course()), max_attempts=1))
    for number, question in enumerate(player.data(page)["questions"]):
        player.answer(page, question, correct=number % 2 == 0)
    assert axe(page, server) == []
    context.close()


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_page_of_the_real_course_has_no_violations(page, package, server, lang):
    """The real course is large: each page is loaded through the player's own navigation (the
    table of contents), then all are revealed at once (the player shows one at a time) so one
    axe run checks every page, before and after every question is answered."""
    course = real_course()
    open_player(page, package("standalone", lang, course=course, max_attempts=1))
    for page_id in player.data(page)["pages"]:
        player.go_to(page, page_id)
    assert page.evaluate("LmsPlayer.pagesLoaded.length") == len(player.data(page)["pages"]) - 1
    page.evaluate("document.querySelectorAll('main > .page').forEach(p => { p.hidden = false; })")
    problems = {"all pages": axe(page, server)}
    questions = player.data(page)["questions"]
    for number, question in enumerate(questions):
        if player.in_exam(page, question):
            player.fill_answer(page, question, correct=number % 2 == 0)
        else:
            player.answer(page, question, correct=number % 2 == 0)
    problems["all pages, every question answered"] = axe(page, server)
    for attempt in range(2):  # two failed attempts: the results view and the revealed answers
        if attempt:
            player.retake_exam(page)
            page.evaluate("document.querySelectorAll('main > .page').forEach(p => { p.hidden = false; })")
            for question in questions:
                if player.in_exam(page, question):
                    player.fill_answer(page, question, correct=False)
        player.submit_exam(page)
    assert page.locator("form.question .solution").count() > 0
    problems["the exam submitted twice, answers revealed"] = axe(page, server)
    assert problems == {name: [] for name in problems}
