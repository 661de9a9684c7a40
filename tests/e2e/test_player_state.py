"""The JavaScript state encoding is the Python one: the build's worst-case size check is only worth
something if the real player can never store more than it computed."""

from __future__ import annotations

import json
import random

from lms_build.render.state import (
    SHORT_TEXT_MAX,
    QuestionState,
    State,
    encode,
    layout,
    worst_case_size,
)
from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import mini_course
from tests.support.states import random_state


def store(page, url: str, key: str, value: dict) -> None:
    """Put a saved state in localStorage from another page of the package's origin (the player
    itself would save its own state over it when it unloads)."""
    page.goto(url.replace("index.html", "player/player.css"))
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, json.dumps(value)])


def worst_answer(question: dict) -> list[int] | str:
    """The answer whose encoding is longest (see lms_build/render/state.py)."""
    size = len(question.get("ids", []))
    match question["kind"]:
        case "single":
            return [size - 1]
        case "multi":
            return list(range(size))
        case "match" | "order":
            return list(reversed(range(size)))
        case _:
            return "€" * (SHORT_TEXT_MAX + 5)  # the box takes 40; every character escaped


def test_the_player_driven_to_the_worst_case_stores_exactly_the_python_worst_case(page, package):
    page.goto(package("standalone"))
    wait_until(page, player.READY)
    info = player.data(page)
    page_of = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        'form.question')].map(f => [f.id.slice(2), f.closest('section.page').id]))""")
    for page_id in info["pages"]:
        player.go_to(page, page_id)
        for box in page.locator(f"#{page_id} input[data-check]").all():
            box.check()
        for question in info["questions"]:
            if page_of[question["id"]] == page_id:
                player.give(page, question, worst_answer(question))
                player.check(page, question)
    stored = player.status(page)["data"]

    course = mini_course()
    lay = layout(course.modules)
    answers = {}
    for index, question in enumerate(info["questions"]):
        answer = worst_answer(question)
        answers[index] = QuestionState(1, answer[:SHORT_TEXT_MAX] if isinstance(answer, str) else answer)
    expected = encode(lay, State(set(range(len(lay.pages))), set(range(lay.checklist_items)), answers))
    assert stored == expected
    assert len(stored) == worst_case_size(course.modules)  # the number of checks is one character


def test_the_player_reads_any_state_the_python_encoder_writes_and_writes_it_back_the_same(page, package):
    url = package("standalone")
    page.goto(url)
    wait_until(page, player.READY)
    key = player.data(page)["key"]
    lay = layout(mini_course().modules)
    rng = random.Random(11)
    for _ in range(12):
        state = random_state(lay, rng)
        state.seen.add(0)  # opening the stored location (the first page) makes it seen
        text = encode(lay, state)
        store(page, url, key, {"data": text, "location": lay.pages[0]})
        page.goto(url)
        wait_until(page, player.READY)
        assert player.status(page)["data"] == text
        shown = page.locator("form.question .feedback:not(:empty)").count()
        assert shown == len(state.answers)


def test_state_written_for_another_version_of_the_course_is_ignored(page, package):
    url = package("standalone")
    page.goto(url)
    wait_until(page, player.READY)
    key = player.data(page)["key"]
    other = "1zzzz.F.1........."
    store(page, url, key, {"data": other, "location": "perusteet-kysely"})
    page.goto(url)
    wait_until(page, player.READY)
    status = player.status(page)
    assert status["seen"] == 1 and status["location"] == "perusteet-kysely"  # the page still exists
    assert page.locator("form.question .feedback:not(:empty)").count() == 0
