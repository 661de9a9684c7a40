"""Exam mode in real Chromium under scorm-again (SCORM 1.2 and 2004): the assessment is answered,
submitted once, scored, can be failed, retaken while attempts remain, and reveals answers only as
the policy says. The LMS record is complete even when the close-time request is lost."""

from __future__ import annotations

import json

import pytest

from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import mini_course, with_assessment
from tests.support.lms import Lms

RUNTIMES = ["scorm12", "scorm2004"]


def outcome(lms: Lms, record: dict) -> tuple[str, str]:
    """(status, raw score) as the LMS stored them."""
    if lms.api == "scorm12":
        return record["core"]["lesson_status"], record["core"]["score"]["raw"]
    return record["success_status"], record["score"]["raw"]


def exam_questions(target) -> list[dict]:
    info = player.data(target)
    [module] = [m for m in info["modules"] if m["exam"] >= 0]
    return [info["questions"][i] for i in module["questions"]]


def answer_all(target, correct: bool) -> None:
    """Answer every exam question (going to its page), ending on the page with the submit button."""
    for question in exam_questions(target):
        page_id = player.data(target)["pages"][question["page"]]
        if player.current_page(target) != page_id:
            player.go_to(target, page_id)
        player.fill_answer(target, question, correct)


def axe_violations(frame, server) -> list:
    if not frame.evaluate("!!window.axe"):  # from the package's origin, which its CSP allows
        frame.add_script_tag(url=server.url("/node_modules/axe-core/axe.min.js"))
    result = frame.evaluate("""() => axe.run(document, {runOnly: {type: 'tag', values:
        ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})""")
    return [(v["id"], [n["target"] for n in v["nodes"]]) for v in result["violations"]]


@pytest.mark.parametrize("api", RUNTIMES)
def test_an_all_wrong_exam_ends_failed_with_its_score(page, package, api):
    lms = Lms.open(page, package(api, "fi", "loppukoe"), api)
    answer_all(lms.sco, correct=False)
    player.submit_exam(lms.sco)
    assert outcome(lms, lms.stored()) == ("failed", "0")  # committed at submit, before any close
    lms.unload_sco()
    assert outcome(lms, lms.stored()) == ("failed", "0")
    assert lms.errors() == []


@pytest.mark.parametrize("api", RUNTIMES)
def test_a_retake_with_right_answers_ends_passed(page, package, api):
    lms = Lms.open(page, package(api, "fi", "loppukoe"), api)
    answer_all(lms.sco, correct=False)
    player.submit_exam(lms.sco)
    results = lms.sco.locator(".exam-results")
    assert "Yrityksiä käytetty: 1 / 2." in results.inner_text()
    player.retake_exam(lms.sco)
    assert lms.sco.locator("form.question input:checked").count() == 0  # answers cleared
    answer_all(lms.sco, correct=True)
    player.submit_exam(lms.sco)
    assert "✓ Hyväksytty" in results.inner_text() and results.locator(".exam-retake").is_hidden()
    record = lms.stored()
    assert outcome(lms, record) == ("passed", "100")
    lms.unload_sco()
    assert outcome(lms, lms.stored()) == ("passed", "100")
    assert lms.errors() == []


def test_nothing_can_be_checked_before_the_exam_is_submitted(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12")
    assert lms.sco.locator("form.question button.check").count() == 0
    answer_all(lms.sco, correct=True)
    short = lms.sco.locator("#q-loppukoe-short input[type=text]")
    short.press("Enter")  # submitting the form by keyboard checks nothing either
    assert lms.sco.locator("form.question .feedback:not(:empty)").count() == 0
    assert lms.set_values().get("cmi.core.score.raw") is None
    assert not any(k.startswith("cmi.interactions") for k in lms.set_values())
    assert lms.sco.inner_text(".exam-answered") == "Olet vastannut 7 / 7 kysymykseen."


def test_the_confirmation_can_be_cancelled_and_nothing_is_submitted(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12")
    lms.sco.locator(".exam-submit").click()
    dialog = lms.sco.locator(".exam-confirm[open]")
    assert "Olet vastannut 1 / 7 kysymykseen." in dialog.inner_text()  # the ordering list as shown
    dialog.locator(".exam-confirm-no").click()
    assert lms.sco.locator(".exam-confirm[open]").count() == 0
    assert lms.sco.locator(".exam-results").is_hidden()
    assert lms.sco.evaluate("document.activeElement.className") == "exam-submit"


@pytest.mark.parametrize(("reveal", "shown_after"), [
    ("after-last-attempt", [False, True]),  # wrong, wrong: shown once no attempts are left
    ("after-pass", [False, False]),  # never passed: never shown
    ("never", [False, False]),
])
def test_right_answers_are_revealed_only_as_the_policy_says(page, package, reveal, shown_after):
    course = with_assessment(mini_course(), reveal=reveal)
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe", course=course), "scorm12")
    for attempt, shown in enumerate(shown_after):
        if attempt:
            player.retake_exam(lms.sco)
        answer_all(lms.sco, correct=False)
        player.submit_exam(lms.sco)
        solutions = lms.sco.locator("form.question .solution").count()
        assert (solutions > 0) == shown, (reveal, attempt)
    assert lms.sco.locator(".exam-retake").is_hidden()  # no attempts left


def test_after_pass_reveals_to_a_learner_who_passed(page, package):
    course = with_assessment(mini_course(), reveal="after-pass")
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe", course=course), "scorm12")
    questions = exam_questions(lms.sco)
    for question in questions:
        player.fill_answer(lms.sco, question, question["id"] != "loppukoe-tf")
    player.submit_exam(lms.sco)
    assert "✓ Hyväksytty" in lms.sco.inner_text(".exam-results")  # 7 / 8 = 87.5 %
    assert "Oikea vastaus" in player.feedback(lms.sco, questions[2])  # the one missed, revealed


def test_the_shuffled_order_is_the_same_after_reload_and_pinned_options_keep_their_place(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12")
    questions = {q["id"]: q for q in exam_questions(lms.sco)}
    multi = questions["loppukoe-multi"]
    before = player.shown_options(lms.sco, multi)
    assert before[2] == "c"  # pin: true
    player.fill_answer(lms.sco, multi, correct=True)
    seed = lms.sco.evaluate("LmsPlayer.state().exams[0].seed")
    lms.close_and_return()
    assert lms.sco.evaluate("LmsPlayer.state().exams[0].seed") == seed
    assert player.shown_options(lms.sco, multi) == before
    assert player.question_form(lms.sco, "loppukoe-multi").locator("input:checked").count() == 2  # draft kept
    assert lms.errors() == []


def test_interactions_report_option_ids_not_screen_positions(page, package):
    lms = Lms.open(page, package("scorm2004", "fi", "loppukoe"), "scorm2004")
    answer_all(lms.sco, correct=True)
    player.submit_exam(lms.sco)
    found = {i["id"]: i for i in lms.stored()["interactions"].values()}
    assert found["loppukoe-multi"]["learner_response"] == "a[,]b"
    assert found["loppukoe-match"]["learner_response"] == "a[.]a[,]b[.]b"
    assert found["loppukoe-order"]["learner_response"] == "a[,]b[,]c"


def test_the_results_view_links_missed_objectives_to_the_module_that_teaches_them(page, package):
    lms = Lms.open(page, package("scorm12"), "scorm12")
    player.go_to(lms.sco, "loppukoe-kysymykset")
    answer_all(lms.sco, correct=False)
    player.submit_exam(lms.sco)
    missed = lms.sco.locator(".exam-missed")
    assert "Osaat asiat." in missed.inner_text()
    missed.locator("a").click()
    assert player.current_page(lms.sco) == "perusteet-johdanto"


def test_the_last_page_tells_the_truth_and_finish_ends_the_session_while_the_page_lives(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12")
    ending = lms.sco.locator(".course-end-status")
    assert ending.inner_text() == "Et ole vielä tehnyt loppukoetta."
    answer_all(lms.sco, correct=False)
    player.submit_exam(lms.sco)
    assert ending.inner_text() == ("Loppukoe ei mennyt läpi: 0 % (hyväksyntään tarvitaan 80 %). "
                                   "Yrityksiä jäljellä: 1.")
    player.retake_exam(lms.sco)
    answer_all(lms.sco, correct=False)
    player.submit_exam(lms.sco)
    assert ending.inner_text().endswith("eikä yrityksiä ole enää jäljellä.")
    lms.sco.locator(".course-end .finish").click()
    wait_until(lms.sco, "document.querySelector('.finish-done').textContent !== ''")
    assert lms.sco.inner_text(".finish-done") == "Tietosi on tallennettu. Voit nyt sulkea ikkunan."
    assert lms.finished() and lms.count("LMSFinish") == 1
    assert lms.stored()["core"]["lesson_status"] == "failed"


@pytest.mark.parametrize("api", RUNTIMES)
def test_the_lms_record_is_complete_when_every_close_time_request_is_lost(page, package, api):
    lms = Lms.open(page, package(api), api)
    player.complete(lms.sco, correct=True)
    player.go_to(lms.sco, "perusteet-tapaus")  # a page change: committed within 1.5 s
    wait_until(lms.page, "JSON.stringify(harness.stored).includes('perusteet-tapaus')")
    page.evaluate("harness.losing = true")
    lms.unload_sco()
    record = lms.stored()
    if api == "scorm12":
        core = record["core"]
        assert (core["lesson_status"], core["score"]["raw"], core["lesson_location"]) == (
            "passed", "100", "perusteet-tapaus")
    else:
        assert (record["completion_status"], record["success_status"], record["score"]["raw"],
                record["location"]) == ("completed", "passed", "100", "perusteet-tapaus")
    assert record["suspend_data"].startswith("2.")
    assert len(record["interactions"]) >= 7


def test_the_confirmation_and_the_results_view_pass_axe_and_work_by_keyboard(page, package, server):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12")
    answer_all(lms.sco, correct=False)
    submit = lms.sco.locator(".exam-submit")
    submit.focus()
    page.keyboard.press("Enter")
    assert lms.sco.evaluate("document.activeElement.className") == "exam-confirm-no"
    assert axe_violations(lms.sco, server) == []
    page.keyboard.press("Shift+Tab")
    assert lms.sco.evaluate("document.activeElement.className") == "exam-confirm-yes"
    page.keyboard.press("Enter")
    assert lms.sco.evaluate("document.activeElement.textContent") == "Kokeen tulos"
    assert axe_violations(lms.sco, server) == []
    lms.sco.locator(".exam-retake").focus()
    page.keyboard.press("Enter")
    assert lms.sco.evaluate("document.activeElement.closest('form') !== null")
    assert lms.sco.locator(".exam-results").is_hidden()
    assert json.loads(json.dumps(lms.errors())) == []


@pytest.mark.parametrize(("api", "module_ids"), [("scorm12", ()), ("scorm2004", ("m8-loppukoe",))])
def test_the_real_course_exam_fails_all_wrong_then_passes_on_retake(page, package, api, module_ids):
    """Each target's default SCO layout: the whole course in 1.2, the assessment's SCO in 2004."""
    from tests.support.courses import real_course

    lms = Lms.open(page, package(api, "fi", *module_ids, course=real_course()), api)
    player.complete(lms.sco, correct=False)  # every page; practice wrong; the exam all wrong
    failed = outcome(lms, lms.stored())
    player.retake_exam(lms.sco)
    answer_all(lms.sco, correct=True)
    player.submit_exam(lms.sco)
    player.go_to(lms.sco, "m8-lopuksi")
    ending = lms.sco.inner_text(".course-end-status")
    lms.sco.locator(".course-end .finish").click()
    wait_until(lms.page, "harness.finished")
    record = lms.stored()
    core = record["core"] if api == "scorm12" else record
    print(api, "all wrong:", failed, "retake:", outcome(lms, record), "ending:", ending,
          "interactions:", len(record["interactions"]), "suspend_data:", len(record["suspend_data"]),
          "recorded:", {k: core.get(k) for k in ("lesson_status", "completion_status", "success_status",
                                                 "score", "exit", "lesson_location", "location")
                        if core.get(k) not in (None, "")})
    assert failed == ("failed", "0")
    assert outcome(lms, record) == ("passed", "100")
    assert ending == "Olet suorittanut loppukokeen hyväksytysti: 100 %."
    assert lms.errors() == []
    if api == "scorm2004":  # what Moodle would post at close stays within the build's worst case
        from lms_build.render.state import POST_OVERHEAD, _posted, close_post_size

        sent = POST_OVERHEAD + sum(_posted(e, v) for e, v in lms.set_values().items())
        course = real_course()
        worst = close_post_size(course, [m for m in course.modules if m.id == "m8-loppukoe"], "fi")
        print("2004 m8 close-time post:", sent, "bytes; computed worst case:", worst)
        assert sent <= worst


def test_a_drawn_exam_asks_n_questions_and_scores_only_those(page, package):
    course = with_assessment(mini_course(), draw=3)
    lms = Lms.open(page, package("scorm2004", "fi", "loppukoe", course=course), "scorm2004")
    asked = [q for q in exam_questions(lms.sco) if player.question_form(lms.sco, q["id"]).is_visible()]
    assert len(asked) == 3
    for question in asked:
        player.fill_answer(lms.sco, question, correct=True)
    assert lms.sco.inner_text(".exam-answered") == "Olet vastannut 3 / 3 kysymykseen."
    player.submit_exam(lms.sco)
    record = lms.stored()
    assert outcome(lms, record) == ("passed", "100")
    assert sorted(i["id"] for i in record["interactions"].values()) == sorted(q["id"] for q in asked)
    lms.close_and_return()  # the same questions after a reload
    assert [q["id"] for q in exam_questions(lms.sco)
            if player.question_form(lms.sco, q["id"]).is_visible()] == [q["id"] for q in asked]
