"""The JavaScript state encoding is the Python one: the build's worst-case size check is only worth
something if the real player can never store more than it computed."""

from __future__ import annotations

import json
import random

from lms_build.render.state import (
    SHORT_TEXT_MAX,
    ExamState,
    QuestionState,
    State,
    encode,
    layout,
    worst_case_size,
)
from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import mini_course
from tests.support.lms import Lms
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
    page_of = {q["id"]: info["pages"][q["page"]] for q in info["questions"]}
    for page_id in info["pages"]:
        player.go_to(page, page_id)
        for box in page.locator(f"#{page_id} input[data-check]").all():
            box.check()
        for question in info["questions"]:
            if page_of[question["id"]] == page_id:
                player.give(page, question, worst_answer(question))
                if not player.in_exam(page, question):
                    player.check(page, question)
        if page.locator(f"#{page_id} .exam-panel").count():
            player.submit_exam(page)
    stored = player.status(page)["state"]

    course = mini_course()
    lay = layout(course.modules)
    answers = {}
    for index, question in enumerate(info["questions"]):
        answer = worst_answer(question)
        answers[index] = QuestionState(1, answer[:SHORT_TEXT_MAX] if isinstance(answer, str) else answer)
    exam = page.evaluate("LmsPlayer.state().exams[0]")
    expected = encode(lay, State(set(range(len(lay.pages))), set(range(lay.checklist_items)), answers,
                                 {0: ExamState(1, True, exam["seed"], exam["last"])}, len(lay.pages) - 1))
    assert stored == expected
    assert len(stored) == worst_case_size(course.modules)  # counts and scores have fixed widths


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
        state.position = 0
        state.exams.setdefault(0, ExamState(0, False, rng.randrange(2 ** 18), None))
        text = encode(lay, state)
        store(page, url, key, {"state": text, "location": lay.pages[0]})
        page.goto(url)
        wait_until(page, player.READY)
        assert player.status(page)["state"] == text


def test_state_of_version_n_restores_in_version_n_plus_1(page, package, tmp_path_factory, server):
    """Two builds of the mini course: version 2 drops a page and a question, changes another
    question's options and adds one. A learner half-way through version 1 opens version 2."""
    old = mini_course()
    url_v1 = package("standalone", course=old)
    new = version_2(old)
    url_v2 = package("standalone", course=new)
    assert url_v1.split("/")[2] == url_v2.split("/")[2]  # one origin: one localStorage
    page.goto(url_v1)
    wait_until(page, player.READY)
    by_id = {q["id"]: q for q in player.data(page)["questions"]}
    player.go_to(page, "perusteet-tapaus")
    page.check("#perusteet-lista-1")
    player.go_to(page, "perusteet-kysely")
    player.answer(page, by_id["perusteet-q1"], correct=False)
    player.answer(page, by_id["perusteet-q2"], correct=True)
    player.go_to(page, "loppukoe-kysymykset")
    for question_id in ("loppukoe-single", "loppukoe-tf", "loppukoe-short"):
        player.fill_answer(page, by_id[question_id], correct=True)  # exam drafts
    player.go_to(page, "perusteet-kysely")  # the learner stops on a page that version 2 removes
    page.goto("about:blank")

    page.goto(url_v2)
    wait_until(page, player.READY)
    assert player.current_page(page) == "loppukoe-kysymykset"  # the next page that still exists
    carried = {q["id"]: a for q, a in zip(player.data(page)["questions"],
                                          page.evaluate("LmsPlayer.state().answers"), strict=True)}
    assert set(by_id) - set(carried) == {"perusteet-q1", "perusteet-q2", "loppukoe-tf"}  # gone in v2
    assert carried == {"loppukoe-single": None,  # its options changed
                       "loppukoe-multi": None, "loppukoe-match": None, "loppukoe-order": None,
                       "loppukoe-short": {"a": 0, "r": "kuntatutor"}, "loppukoe-scenario": None,
                       "loppukoe-uusi": None}  # new: empty
    assert page.inner_text("#progress-text") == "Katsottu 3 / 3 sivua"
    assert player.question_form(page, "loppukoe-short").locator("input").input_value() == "kuntatutor"
    assert not player.question_form(page, "loppukoe-single").locator("input:checked").count()
    player.go_to(page, "perusteet-tapaus")
    assert page.is_checked("#perusteet-lista-1")  # the checklist still exists


def test_an_lms_record_of_version_n_resumes_in_version_n_plus_1(page, package):
    """The same under SCORM 1.2: the LMS keeps the learner's record while the package is updated."""
    old = mini_course()
    lms = Lms.open(page, package("scorm12", course=old), "scorm12", store="update")
    by_id = {q["id"]: q for q in player.data(lms.sco)["questions"]}
    player.go_to(lms.sco, "perusteet-kysely")
    player.answer(lms.sco, by_id["perusteet-q1"], correct=True)
    player.go_to(lms.sco, "loppukoe-kysymykset")
    player.fill_answer(lms.sco, by_id["loppukoe-short"], correct=True)
    player.fill_answer(lms.sco, by_id["loppukoe-tf"], correct=True)
    player.go_to(lms.sco, "perusteet-kysely")
    lms.unload_sco()
    assert lms.stored()["core"]["lesson_location"] == "perusteet-kysely"

    lms = Lms.open(page, package("scorm12", course=version_2(old)), "scorm12", store="update")
    assert player.current_page(lms.sco) == "loppukoe-kysymykset"  # its page is gone: the next one
    carried = {q["id"]: a for q, a in zip(player.data(lms.sco)["questions"],
                                          lms.sco.evaluate("LmsPlayer.state().answers"), strict=True)}
    assert {k for k, v in carried.items() if v} == {"loppukoe-short"}  # tf was removed in v2
    assert lms.sco.inner_text("#progress-text") == "Katsottu 2 / 3 sivua"
    assert lms.errors() == []


def version_2(course):
    """The mini course's next version (see the test above)."""
    import dataclasses

    lesson, final = course.modules
    lesson = lesson.model_copy(update={"pages": [p for p in lesson.pages if p.id != "perusteet-kysely"]})
    page = final.pages[0]
    quiz = page.blocks[0]
    changed = []
    for question in quiz.questions:
        if question.id == "loppukoe-tf":
            continue  # removed
        if question.id == "loppukoe-single":
            option = question.options[1].model_copy(update={"id": "c"})
            question = question.model_copy(update={"options": [question.options[0], option]})
        changed.append(question)
    new_question = changed[0].model_copy(update={"id": "loppukoe-uusi"})
    quiz = quiz.model_copy(update={"questions": [*changed, new_question]})
    final = final.model_copy(update={"pages": [page.model_copy(update={"blocks": [quiz]})]})
    config = course.config.model_copy(update={"version": "0.2.0"})
    return dataclasses.replace(course, config=config, modules=(lesson, final))


def test_state_written_for_another_version_of_the_course_is_ignored(page, package):
    url = package("standalone")
    page.goto(url)
    wait_until(page, player.READY)
    key = player.data(page)["key"]
    other = "1zzzz.F.1........."
    store(page, url, key, {"state": other, "location": "perusteet-kysely"})
    page.goto(url)
    wait_until(page, player.READY)
    status = player.status(page)
    assert status["seen"] == 1 and status["location"] == "perusteet-kysely"  # the page still exists
    assert page.locator("form.question .feedback:not(:empty)").count() == 0
