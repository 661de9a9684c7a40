"""The player under a real SCORM 1.2 runtime (scorm-again as the LMS): what the LMS receives."""

from __future__ import annotations

import re

from lms_build.render.state import worst_case_size
from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import as_practice, mini_course, modules
from tests.support.lms import Lms

# SCORM 1.2 data types as the spec (and Moodle's validator) define them; scorm-again is laxer.
FORMATS = {
    "cmi.core.lesson_status": r"passed|completed|failed|incomplete|browsed",
    "cmi.core.lesson_location": r"[\s\S]{0,255}",
    "cmi.core.score.raw": r"(100|[0-9]{1,2})(\.[0-9]{1,2})?",
    "cmi.core.score.min": r"0", "cmi.core.score.max": r"100",
    "cmi.core.exit": r"time-out|suspend|logout|",
    "cmi.core.session_time": r"[0-9]{4}:[0-5][0-9]:[0-5][0-9]\.[0-9]{2}",  # HHHH:MM:SS.SS
    "cmi.suspend_data": r"[\x20-\x7e]{0,4096}",
    r"cmi.interactions.\d+.id": r"[A-Za-z0-9_-]{1,255}",
    r"cmi.interactions.\d+.objectives.0.id": r"[A-Za-z0-9_-]{1,255}",
    r"cmi.interactions.\d+.type": r"true-false|choice|fill-in|matching|sequencing",
    r"cmi.interactions.\d+.time": r"([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]",
    r"cmi.interactions.\d+.weighting": r"[0-9]{1,3}(\.[0-9]+)?",
    r"cmi.interactions.\d+.student_response": r"[\s\S]{0,255}",
    r"cmi.interactions.\d+.correct_responses.\d+.pattern": r"[\s\S]{0,255}",
    r"cmi.interactions.\d+.result": r"correct|wrong",
    r"cmi.interactions.\d+.latency": r"[0-9]{4}:[0-5][0-9]:[0-5][0-9]\.[0-9]{2}",
}
RESPONSES = {  # SCORM 1.2 response formats per interaction type
    "true-false": r"[tf]", "choice": r"[0-9a-z](,[0-9a-z])*", "sequencing": r"[0-9a-z](,[0-9a-z])*",
    "matching": r"[0-9a-z]\.[0-9a-z](,[0-9a-z]\.[0-9a-z])*", "fill-in": r"[\s\S]{1,255}",
}
ALL_RIGHT = {  # question: (type, student_response, correct patterns)
    "loppukoe-single": ("choice", "a", ["a"]),
    "loppukoe-multi": ("choice", "a,b", ["a,b"]),
    "loppukoe-tf": ("true-false", "f", ["f"]),
    "loppukoe-match": ("matching", "a.a,b.b", ["a.a,b.b"]),
    "loppukoe-order": ("sequencing", "a,b,c", ["a,b,c"]),
    "loppukoe-short": ("fill-in", "kuntatutor", ["kuntatutor", "kuntatutori"]),
    "loppukoe-scenario": ("choice", "a", ["a"]),
}


def assert_spec_formats(values: dict[str, str]) -> None:
    for element, value in values.items():
        rule = next((r for pattern, r in FORMATS.items() if re.fullmatch(pattern, element)), None)
        assert rule is not None, f"unexpected element {element}"
        assert re.fullmatch(rule, value), f"{element} = {value!r} is not a SCORM 1.2 {rule}"
    for key, value in values.items():
        if key.endswith(".student_response") or key.endswith(".pattern"):
            kind = values[re.sub(r"\.(student_response|correct_responses\.\d+\.pattern)$", ".type", key)]
            assert re.fullmatch(RESPONSES[kind], value), f"{key} = {value!r} ({kind})"


def interactions(record: dict) -> dict[str, dict]:
    return {i["id"]: i for i in record["interactions"].values()}


def finish(lms: Lms) -> dict:
    """Close the SCO (pagehide) and return what the LMS stored."""
    lms.unload_sco()
    assert lms.finished()
    return lms.stored()


def test_all_right_answers_pass_with_the_exact_score_and_one_interaction_per_question(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12")
    player.complete(lms.sco, correct=True)
    record = finish(lms)

    assert record["core"]["lesson_status"] == "passed"
    assert record["core"]["score"] == {"raw": "100", "min": "0", "max": "100"}
    assert record["core"]["exit"] == ""  # finished: no resume needed
    assert record["core"]["lesson_location"] == "loppukoe-kysymykset"
    found = interactions(record)
    assert len(record["interactions"]) == len(ALL_RIGHT) == len(found)
    for question_id, (kind, response, patterns) in ALL_RIGHT.items():
        item = found[question_id]
        assert (item["type"], item["student_response"], item["result"]) == (kind, response, "correct")
        assert [p["pattern"] for p in item["correct_responses"].values()] == patterns
    assert found["loppukoe-multi"]["weighting"] == "2"

    values = lms.set_values()
    assert_spec_formats(values)
    assert re.fullmatch(r"0000:00:[0-9]{2}\.[0-9]{2}", values["cmi.core.session_time"])
    assert lms.errors() == []
    assert page.crashes == []
    assert [lms.count(f) for f in ("LMSInitialize", "LMSFinish")] == [1, 1]
    assert lms.count("LMSCommit") >= 1  # at the submission, before the window closes


def test_a_whole_course_sco_passes_only_when_every_page_is_seen_and_the_assessment_passed(page, package):
    lms = Lms.open(page, package("scorm12"), "scorm12")
    info = player.data(lms.sco)
    player.go_to(lms.sco, "loppukoe-kysymykset")
    for question in info["questions"][2:]:
        player.fill_answer(lms.sco, question)
    player.submit_exam(lms.sco)
    assert lms.record()["core"]["lesson_status"] == "incomplete"  # passed, but pages unseen
    assert lms.record()["core"]["score"]["raw"] == "100"
    player.go_to(lms.sco, "perusteet-tapaus")
    player.go_to(lms.sco, "perusteet-kysely")
    player.go_to(lms.sco, "perusteet-johdanto")
    record = finish(lms)
    assert record["core"]["lesson_status"] == "passed"
    assert lms.errors() == []


def test_wrong_answers_fail_with_the_lower_score(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12")
    player.complete(lms.sco, correct={"loppukoe-multi": False, "loppukoe-tf": False})
    record = finish(lms)
    assert record["core"]["lesson_status"] == "failed"
    assert record["core"]["score"]["raw"] == "62.5"  # (8 - 2 - 1) / 8 points
    assert record["core"]["exit"] == "suspend"  # the learner may come back and retry
    results = {i["id"]: i["result"] for i in record["interactions"].values()}
    assert results == {q: ("wrong" if q in ("loppukoe-multi", "loppukoe-tf") else "correct")
                       for q in ALL_RIGHT}
    assert interactions(record)["loppukoe-multi"]["student_response"] == "c"
    assert lms.errors() == []


def test_interactions_are_a_journal_one_record_per_submitted_answer(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12")
    player.complete(lms.sco, correct={"loppukoe-tf": False, "loppukoe-multi": False})  # 62.5 %: failed
    player.retake_exam(lms.sco)
    player.complete(lms.sco, correct=True)
    record = finish(lms)
    journal = [(i["id"], i["student_response"], i["result"]) for i in record["interactions"].values()]
    assert len(journal) == 2 * len(ALL_RIGHT)  # two attempts of the whole exam
    assert [j for j in journal if j[0] == "loppukoe-tf"] == [("loppukoe-tf", "t", "wrong"),
                                                               ("loppukoe-tf", "f", "correct")]


def test_leaving_mid_module_and_coming_back_resumes_the_same_page_with_the_answers(page, package):
    lms = Lms.open(page, package("scorm12", course=as_practice(mini_course())), "scorm12")
    info = player.data(lms.sco)
    by_id = {q["id"]: q for q in info["questions"]}
    player.go_to(lms.sco, "loppukoe-kysymykset")
    for question_id in ("loppukoe-single", "loppukoe-match", "loppukoe-short"):
        player.answer(lms.sco, by_id[question_id], correct=question_id != "loppukoe-match")
    player.fill_answer(lms.sco, by_id["loppukoe-tf"])  # chosen but not checked: not kept
    before = player.status(lms.sco)
    assert lms.errors() == []

    lms.close_and_return()  # reload the LMS page: pagehide, LMSFinish, a new session
    first_calls = lms.calls()[:4]
    assert first_calls[0]["fn"] == "LMSInitialize"
    assert lms.stored()["core"]["exit"] == "suspend"
    assert player.current_page(lms.sco) == "loppukoe-kysymykset"
    assert player.status(lms.sco) == before
    form = player.question_form(lms.sco, "loppukoe-match")
    assert form.locator("select").evaluate_all("s => s.map(x => x.value)") == ["1", "0"]
    assert player.feedback(lms.sco, by_id["loppukoe-match"]).startswith("✗ Ei aivan")
    assert player.question_form(lms.sco, "loppukoe-short").locator("input").input_value() == "kuntatutor"
    assert player.question_form(lms.sco, "loppukoe-single").locator("fieldset").evaluate("f => f.disabled")
    assert not player.question_form(lms.sco, "loppukoe-tf").locator("input:checked").count()
    assert lms.sco.inner_text("#progress-text") == "Katsottu 2 / 4 sivua"
    assert lms.errors() == []


def test_the_state_the_player_stores_fits_the_build_s_worst_case(page, package):
    lms = Lms.open(page, package("scorm12"), "scorm12")
    player.complete(lms.sco, correct=False)
    data = finish(lms)["suspend_data"]
    assert 0 < len(data) <= worst_case_size(modules(mini_course()))


def test_pending_data_is_committed_when_the_page_is_hidden(page, package):
    lms = Lms.open(page, package("scorm12"), "scorm12")
    player.next_page(lms.sco)  # a page view: committed later, in a batch
    commits = lms.count("LMSCommit")
    lms.sco.evaluate("""() => {
        Object.defineProperty(document, 'visibilityState', {value: 'hidden', configurable: true});
        document.dispatchEvent(new Event('visibilitychange'));
    }""")
    assert lms.count("LMSCommit") == commits + 1
    assert lms.stored()["core"]["lesson_location"] == "perusteet-tapaus"
    assert lms.count("LMSFinish") == 0


def test_an_lms_error_is_shown_to_the_learner_but_does_not_stop_the_course(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe"), "scorm12",
                   reject="cmi.core.score.raw")
    player.complete(lms.sco, correct=True)
    assert lms.sco.inner_text(".lms-status") == (
        "Edistymistä ei voitu tallentaa oppimisympäristöön (virhe 405). Voit silti jatkaa.")
    errors = lms.sco.evaluate("LmsPlayer.errors")
    assert errors[0]["element"] == "cmi.core.score.raw" and errors[0]["code"] == "405"
    assert player.status(lms.sco)["success"] == "passed"
    assert finish(lms)["core"]["lesson_status"] == "passed"


def test_a_sco_opened_in_a_new_window_finds_the_api_through_its_opener(page, package):
    lms = Lms.open(page, package("scorm12", "fi", "loppukoe", course=as_practice(mini_course())), "scorm12",
                   popup=True)
    window = lms.open_popup()
    question = player.data(window)["questions"][0]
    player.answer(window, question)
    assert lms.stored()["interactions"]["0"]["id"] == "loppukoe-single"
    window.close(run_before_unload=True)
    wait_until(page, "harness.finished")
    assert [lms.count(f) for f in ("LMSInitialize", "LMSFinish")] == [1, 1]
    assert lms.errors() == []


def test_without_an_lms_the_course_still_works_and_says_progress_is_not_saved(page, package):
    page.goto(package("scorm12", "fi", "loppukoe", course=as_practice(mini_course())))  # no LMS around it
    wait_until(page, player.READY)
    assert "ei tallenneta" in page.inner_text(".lms-status")
    question = player.data(page)["questions"][0]
    player.answer(page, question)
    assert player.feedback(page, question).startswith("✓ Oikein")


def test_the_real_course_passes_when_every_answer_is_right(page, package):
    from tests.support.courses import real_course

    course = real_course()
    lms = Lms.open(page, package("scorm12", "fi", course=course), "scorm12")
    player.complete(lms.sco, correct=True)
    record = finish(lms)
    assert (record["core"]["lesson_status"], record["core"]["score"]["raw"]) == ("passed", "100")
    assert len(record["suspend_data"]) <= worst_case_size(list(course.modules)) <= 4096
    assert_spec_formats(lms.set_values())
    assert lms.errors() == []
