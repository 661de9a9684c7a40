"""The player under a real SCORM 2004 runtime (scorm-again as the LMS): what the LMS receives."""

from __future__ import annotations

import re

import pytest

from tests.support import player
from tests.support.courses import as_practice, mini_course
from tests.support.lms import Lms

# SCORM 2004 4th edition data types, as strict as Moodle's validator (scorm-again is laxer).
SHORT_ID = r"[\w.]{1,250}"  # Moodle: no hyphens in choice/matching/sequencing identifiers
FORMATS = {
    "cmi.completion_status": r"completed|incomplete",
    "cmi.success_status": r"passed|failed",
    "cmi.score.scaled": r"(0(\.[0-9]{1,7})?|1)", "cmi.score.raw": r"[0-9]{1,3}(\.[0-9]{1,2})?",
    "cmi.score.min": r"0", "cmi.score.max": r"100",
    "cmi.progress_measure": r"(0(\.[0-9]{1,7})?|1)",
    "cmi.location": r"[\s\S]{0,1000}", "cmi.suspend_data": r"[\s\S]{0,64000}",
    "cmi.exit": r"suspend|normal",
    "cmi.session_time": r"PT[0-9]+H[0-9]+M[0-9]+(\.[0-9]{1,2})?S",
    r"cmi.interactions.\d+.id": r"\S{1,4000}",
    r"cmi.interactions.\d+.type": r"true-false|choice|fill-in|matching|sequencing",
    r"cmi.interactions.\d+.objectives.0.id": r"\S{1,4000}",
    r"cmi.interactions.\d+.timestamp": r"20[0-3][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]",
    r"cmi.interactions.\d+.weighting": r"[0-9]{1,5}(\.[0-9]{1,18})?",
    r"cmi.interactions.\d+.description": r"(\{lang=[a-z]{2,3}\})?([^{].{0,249})?",
    r"cmi.interactions.\d+.learner_response": r"[\s\S]*",
    r"cmi.interactions.\d+.correct_responses.\d+.pattern": r"[\s\S]*",
    r"cmi.interactions.\d+.result": r"correct|incorrect",
    r"cmi.interactions.\d+.latency": r"PT[0-9]+H[0-9]+M[0-9]+(\.[0-9]{1,2})?S",
}
RESPONSES = {
    "true-false": r"true|false",
    "choice": rf"{SHORT_ID}(\[,\]{SHORT_ID})*",
    "sequencing": rf"{SHORT_ID}(\[,\]{SHORT_ID})*",
    "matching": rf"{SHORT_ID}\[\.\]{SHORT_ID}(\[,\]{SHORT_ID}\[\.\]{SHORT_ID})*",
    "fill-in": r"[^{\[][^\[]{0,249}",
}
ALL_RIGHT = {
    "loppukoe-single": ("choice", "a", ["a"]),
    "loppukoe-multi": ("choice", "a[,]b", ["a[,]b"]),
    "loppukoe-tf": ("true-false", "false", ["false"]),
    "loppukoe-match": ("matching", "a[.]a[,]b[.]b", ["a[.]a[,]b[.]b"]),
    "loppukoe-order": ("sequencing", "a[,]b[,]c", ["a[,]b[,]c"]),
    "loppukoe-short": ("fill-in", "kuntatutor", ["kuntatutor", "kuntatutori"]),
    "loppukoe-scenario": ("choice", "a", ["a"]),
}


def assert_spec_formats(values: dict[str, str]) -> None:
    for element, value in values.items():
        rule = next((r for pattern, r in FORMATS.items() if re.fullmatch(pattern, element)), None)
        assert rule is not None, f"unexpected element {element}"
        assert re.fullmatch(rule, value), f"{element} = {value!r} is not a SCORM 2004 {rule}"
        if element.endswith((".learner_response", ".pattern")):
            kind = values[re.sub(r"\.(learner_response|correct_responses\.\d+\.pattern)$", ".type",
                                 element)]
            assert re.fullmatch(RESPONSES[kind], value), f"{element} = {value!r} ({kind})"


def finish(lms: Lms) -> dict:
    lms.unload_sco()
    assert lms.finished()
    return lms.stored()


def interactions(record: dict) -> dict[str, dict]:
    return {i["id"]: i for i in record["interactions"].values()}


def test_all_right_answers_complete_and_pass_with_the_exact_score(page, package):
    lms = Lms.open(page, package("scorm2004", "fi", "loppukoe"), "scorm2004")
    player.complete(lms.sco, correct=True)
    record = finish(lms)

    assert (record["completion_status"], record["success_status"]) == ("completed", "passed")
    assert record["score"] == {"scaled": "1", "raw": "100", "min": "0", "max": "100"}
    assert record["progress_measure"] == "1" and record["exit"] == "normal"
    found = interactions(record)
    assert len(record["interactions"]) == len(found) == len(ALL_RIGHT)
    for question_id, (kind, response, patterns) in ALL_RIGHT.items():
        item = found[question_id]
        assert (item["type"], item["learner_response"], item["result"]) == (kind, response, "correct")
        assert [p["pattern"] for p in item["correct_responses"].values()] == patterns
    assert found["loppukoe-single"]["description"] == "{lang=fi}Montako kuntaa Suomessa on?"

    values = lms.set_values()
    assert_spec_formats(values)
    assert re.fullmatch(r"PT0H0M[0-9]+\.[0-9]{2}S", values["cmi.session_time"])
    assert lms.errors() == []
    assert [lms.count(f) for f in ("Initialize", "Terminate")] == [1, 1]


def test_wrong_answers_fail_with_the_lower_score_and_leave_the_sco_incomplete(page, package):
    lms = Lms.open(page, package("scorm2004", "sv", "loppukoe"), "scorm2004")
    player.complete(lms.sco, correct={"loppukoe-match": False, "loppukoe-tf": False})
    record = finish(lms)
    assert (record["completion_status"], record["success_status"]) == ("incomplete", "failed")
    assert (record["score"]["scaled"], record["score"]["raw"]) == ("0.75", "75")  # 6 / 8 points
    item = interactions(record)["loppukoe-match"]
    assert (item["learner_response"], item["result"]) == ("a[.]b[,]b[.]a", "incorrect")
    assert item["description"] == "{lang=sv}Para ihop."
    assert record["exit"] == "suspend" and lms.errors() == []


def test_a_retaken_exam_updates_its_one_interaction_per_question(page, package):
    lms = Lms.open(page, package("scorm2004", "fi", "loppukoe"), "scorm2004")
    player.complete(lms.sco, correct=False)
    player.retake_exam(lms.sco)
    player.complete(lms.sco, correct=True)
    record = finish(lms)
    found = [(i["id"], i["learner_response"], i["result"]) for i in record["interactions"].values()]
    assert len(found) == 7  # one per question, however many attempts: Moodle posts them all
    assert ("loppukoe-order", "a[,]b[,]c", "correct") in found


def test_leaving_and_coming_back_resumes_and_keeps_updating_the_same_interactions(page, package):
    lms = Lms.open(page, package("scorm2004", course=as_practice(mini_course())), "scorm2004")
    by_id = {q["id"]: q for q in player.data(lms.sco)["questions"]}
    player.go_to(lms.sco, "loppukoe-kysymykset")
    player.answer(lms.sco, by_id["loppukoe-multi"], correct=False)
    player.answer(lms.sco, by_id["loppukoe-order"], correct=False)
    before = player.status(lms.sco)
    lms.close_and_return()
    assert lms.calls()[0]["fn"] == "Initialize"
    assert player.current_page(lms.sco) == "loppukoe-kysymykset"
    assert player.status(lms.sco) == before
    assert player.question_form(lms.sco, "loppukoe-multi").locator("input:checked").count() == 1
    assert lms.errors() == []
    player.answer(lms.sco, by_id["loppukoe-multi"], correct=True)
    record = finish(lms)
    results = {i["id"]: i["result"] for i in record["interactions"].values()}
    assert results == {"loppukoe-multi": "correct", "loppukoe-order": "incorrect"}


def test_a_lesson_sco_completes_by_its_pages_and_reports_no_pass_or_fail(page, package):
    lms = Lms.open(page, package("scorm2004", "fi", "perusteet"), "scorm2004")
    player.next_page(lms.sco)
    assert lms.record()["progress_measure"] == "0.67"
    player.complete(lms.sco, correct={"perusteet-q1": True, "perusteet-q2": False})
    record = finish(lms)
    assert record["completion_status"] == "completed" and record["success_status"] == "unknown"
    assert record["score"]["raw"] == "50"
    assert "cmi.success_status" not in lms.set_values()
    assert lms.errors() == []


@pytest.mark.parametrize("lang", ["sv"])
def test_the_real_course_modules_complete_and_the_assessment_passes(page, package, lang):
    from tests.support.courses import real_course

    course = real_course()
    assessment = course.assessment
    assert assessment is not None
    lms = Lms.open(page, package("scorm2004", lang, assessment.id, course=course), "scorm2004")
    player.complete(lms.sco, correct=True)
    record = finish(lms)
    assert (record["completion_status"], record["success_status"]) == ("completed", "passed")
    assert record["score"]["scaled"] == "1"
    assert_spec_formats(lms.set_values())
    assert lms.errors() == []
