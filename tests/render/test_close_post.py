"""What Moodle's SCORM 2004 runtime posts when the window closes: every non-default element, sent
with navigator.sendBeacon, which browsers refuse above 64 KiB. The build computes the worst case
of every SCO and warns with the numbers when one could exceed it."""

from __future__ import annotations

import dataclasses

from lms_build.diagnostics import Severity
from lms_build.render import state
from lms_build.render.state import BEACON_LIMIT, check_close_post, close_post_elements, close_post_size
from lms_build.resolve import questions
from tests.support.courses import mini_course, real_course


def test_the_worst_case_counts_every_element_the_player_can_set():
    course = mini_course()
    final = [m for m in course.modules if m.id == "loppukoe"]
    elements = close_post_elements(course, final, "fi")
    assert elements["cmi.suspend_data"] == state.encode(state.layout(final), state.worst_state(state.layout(final)))
    assert elements["cmi.interactions.0.id"] == "loppukoe-single"
    assert elements["cmi.interactions.0.description"] == "{lang=fi}Montako kuntaa Suomessa on?"
    assert elements["cmi.interactions.1.learner_response"] == "a[,]b[,]c"  # every option chosen
    assert elements["cmi.interactions.5.learner_response"] == "€" * state.SHORT_TEXT_MAX
    assert elements["cmi.interactions.5.correct_responses.1.pattern"] == "kuntatutori"
    # "&" + name with "__" + "=" + encodeURIComponent(value), as Moodle's CollectData writes it
    assert state._posted("cmi.interactions.5.learner_response", "€") == len(
        "&cmi__interactions__N5__learner_response=%E2%82%AC")


def test_every_sco_of_the_real_course_stays_far_below_the_beacon_limit():
    course = real_course()
    sizes = {m.id: close_post_size(course, [m], lang) for m in course.modules for lang in course.languages}
    assert max(sizes.values()) < BEACON_LIMIT / 2
    assert check_close_post(course) == []


def test_a_sco_that_could_exceed_64_kib_is_a_warning_with_the_numbers():
    course = real_course()
    whole = list(course.modules) * 2  # every question twice in one SCO
    count = 2 * sum(len(questions(m)) for m in course.modules)
    found = check_close_post(dataclasses.replace(course, modules=tuple(course.modules)), [whole])
    assert [d.code for d in found] == ["close-post-too-large"] * 2  # fi and sv
    assert all(d.severity is Severity.WARNING for d in found)
    size = close_post_size(course, whole, "fi")
    assert f"can reach {size} bytes ({count} interactions), over the 65536-byte beacon limit" in found[0].message


def test_scorm2004_state_limits_include_the_close_post_check():
    course = real_course()
    whole = list(course.modules) * 2
    codes = {d.code for d in state.check_state_limits(course, "scorm2004", [whole])}
    assert "close-post-too-large" in codes
