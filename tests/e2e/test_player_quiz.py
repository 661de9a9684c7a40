"""The practice quiz engine: every question type checked one by one, feedback, retry policy and
scores (standalone runtime). The mini course's assessment questions are used as a practice quiz
here (as_practice); exam mode has its own tests (test_player_exam.py)."""

from __future__ import annotations

import pytest

from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import as_practice, mini_course

ASSESSMENT = ["loppukoe-single", "loppukoe-multi", "loppukoe-tf", "loppukoe-match",
              "loppukoe-order", "loppukoe-short", "loppukoe-scenario"]


def practice():
    return as_practice(mini_course())


def open_quiz(page, url: str) -> dict[str, dict]:
    page.goto(url)
    wait_until(page, player.READY)
    return {q["id"]: q for q in player.data(page)["questions"]}


def focused_feedback(page) -> str | None:
    return page.evaluate("document.activeElement.classList.contains('feedback') ? "
                         "document.activeElement.id : null")


@pytest.mark.parametrize("question_id", ASSESSMENT)
def test_a_right_answer_is_confirmed_in_the_live_region_and_locks_the_question(page, package, question_id):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice()))
    question = questions[question_id]
    player.answer(page, question, correct=True)
    form = player.question_form(page, question_id)
    assert focused_feedback(page) == f"q-{question_id}-feedback"
    assert player.feedback(page, question).startswith("✓ Oikein")
    assert form.locator("fieldset").evaluate("f => f.disabled") and form.locator(".check").is_hidden()


@pytest.mark.parametrize("question_id", ASSESSMENT)
def test_a_wrong_answer_says_so_in_words_and_invites_another_try(page, package, question_id):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice()))
    question = questions[question_id]
    player.answer(page, question, correct=False)
    text = player.feedback(page, question)
    assert text.startswith("✗ Ei aivan") and "Väärin." in text
    assert "Voit muuttaa vastaustasi ja tarkistaa sen uudelleen." in text  # max_attempts = 0
    assert not player.question_form(page, question_id).locator("fieldset").evaluate("f => f.disabled")
    player.answer(page, question, correct=True)  # unlimited attempts: right on the second try
    assert player.feedback(page, question).startswith("✓ Oikein")


def test_feedback_for_the_chosen_option_is_shown_with_the_option(page, package):
    questions = open_quiz(page, package("standalone", "fi", "perusteet"))
    player.go_to(page, "perusteet-kysely")
    player.answer(page, questions["perusteet-q1"], correct=False)  # option b has feedback
    text = player.feedback(page, questions["perusteet-q1"])
    assert "Vain IT-tuki\nIT-tuki ei ole ainoa." in text


def test_checking_without_an_answer_asks_for_one_and_costs_no_attempt(page, package):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice(), max_attempts=1))
    question = questions["loppukoe-match"]
    player.check(page, question)
    assert player.feedback(page, question) == "Vastaa ensin: valitse tai kirjoita vastaus ja tarkista sitten."
    assert focused_feedback(page) == "q-loppukoe-match-feedback"
    player.answer(page, question, correct=True)
    assert player.feedback(page, question).startswith("✓ Oikein")


def test_when_attempts_run_out_the_correct_answer_is_revealed(page, package):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice(), max_attempts=2))
    question = questions["loppukoe-order"]
    player.answer(page, question, correct=False)
    assert "Yrityksiä jäljellä: 1." in player.feedback(page, question)
    player.check(page, question)
    text = player.feedback(page, question)
    assert "Yrityksiä ei ole enää jäljellä." in text
    assert "Oikea vastaus:\nKartoita\nSuunnittele\nToteuta" in text
    assert player.question_form(page, "loppukoe-order").locator("fieldset").evaluate("f => f.disabled")


def test_the_correct_answer_stays_hidden_when_the_course_says_so(page, package):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice(), max_attempts=1,
                                        show_correct_answer=False))
    question = questions["loppukoe-short"]
    player.answer(page, question, correct=False)
    text = player.feedback(page, question)
    assert "Yrityksiä ei ole enää jäljellä." in text and "Oikea vastaus" not in text


def test_short_text_ignores_case_and_extra_spaces(page, package):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice()))
    player.answer(page, questions["loppukoe-short"], text="  KuntaTutor ")
    assert player.feedback(page, questions["loppukoe-short"]).startswith("✓ Oikein")


def test_ordering_items_move_with_buttons_and_their_new_place_is_announced(page, package):
    open_quiz(page, package("standalone", "fi", "loppukoe", course=practice()))
    form = player.question_form(page, "loppukoe-order")
    items = form.locator(".order-list li")
    order = items.evaluate_all("li => li.map(x => +x.dataset.item)")
    first = items.nth(0)
    name = first.locator(".order-text").inner_text()
    assert first.locator("button[data-move='-1']").get_attribute("aria-disabled") == "true"
    first.locator("button[data-move='1']").click()
    assert items.evaluate_all("li => li.map(x => +x.dataset.item)") == [order[1], order[0], order[2]]
    assert form.locator(".order-status").inner_text() == f"{name}: paikka 2 / 3"
    assert page.evaluate("document.activeElement.dataset.move") == "1"  # focus stays on it
    last_down = items.nth(2).locator("button[data-move='1']")
    assert last_down.get_attribute("aria-disabled") == "true"
    last_down.focus()  # still focusable and pressable: it explains why nothing moves
    page.keyboard.press("Enter")
    assert form.locator(".order-status").inner_text().endswith("on jo viimeisenä.")


def test_a_quiz_shows_its_points_once_every_question_is_checked(page, package):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice()))
    result = page.locator(".module-result[data-module='loppukoe'] .module-result-text")
    assert result.inner_text() == "Vastaa kaikkiin kysymyksiin, niin näet tuloksesi."
    for question_id in ASSESSMENT:
        player.answer(page, questions[question_id], correct=question_id != "loppukoe-multi")
    assert result.inner_text() == "Pisteet: 6 / 8 (75 %)"


def test_the_feedback_never_says_right_twice(page, package):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice()))
    player.answer(page, questions["loppukoe-single"], correct=True)
    assert player.feedback(page, questions["loppukoe-single"]) == "✓ Oikein."  # not "✓ Oikein / Oikein."


def test_matching_and_ordering_feedback_name_what_is_wrong(page, package):
    questions = open_quiz(page, package("standalone", "fi", "loppukoe", course=practice()))
    player.give(page, questions["loppukoe-match"], [1, 0])
    player.check(page, questions["loppukoe-match"])
    text = player.feedback(page, questions["loppukoe-match"])
    assert "Väärä pari: kuntatutor" in text and "Väärä pari: digilähettiläs" in text
    player.give(page, questions["loppukoe-order"], [0, 2, 1])
    player.check(page, questions["loppukoe-order"])
    text = player.feedback(page, questions["loppukoe-order"])
    assert "Väärällä paikalla: Toteuta (paikka 2)" in text and "Väärällä paikalla: Suunnittele (paikka 3)" in text
    assert "Kartoita" not in text.split("Väärin.")[1].split("Voit")[0]


def test_a_lesson_module_shows_its_points_without_pass_or_fail(page, package):
    questions = open_quiz(page, package("standalone", "fi", "perusteet"))
    player.go_to(page, "perusteet-kysely")
    player.answer(page, questions["perusteet-q1"], correct=True)
    player.answer(page, questions["perusteet-q2"], correct=False)
    box = page.locator(".module-result[data-module='perusteet']")
    assert box.locator("h2").inner_text() == "Tuloksesi"
    assert box.locator(".module-result-text").inner_text() == "Pisteet: 1 / 2 (50 %)"


def test_the_swedish_player_speaks_swedish(page, package):
    questions = open_quiz(page, package("standalone", "sv", "loppukoe", course=practice()))
    assert page.get_attribute("html", "lang") == "sv"
    assert page.inner_text("#q-loppukoe-tf button.check") == "Kontrollera svaret"
    player.answer(page, questions["loppukoe-tf"], correct=False)
    assert player.feedback(page, questions["loppukoe-tf"]).startswith("✗ Inte riktigt\nFel.")
    assert page.inner_text(".pager-position") == "Sida 1 / 1"
    assert page.inner_text("label[for='q-loppukoe-tf-true']") == "Sant"
