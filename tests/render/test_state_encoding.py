"""The compact learner state (suspend_data) and the build's worst-case size check."""

from __future__ import annotations

import dataclasses
import random

from lms_build.model import Module
from lms_build.render import state
from lms_build.render.state import (
    SHORT_TEXT_MAX,
    QuestionState,
    State,
    check_state_limits,
    decode,
    encode,
    layout,
    worst_case_size,
    worst_state,
)
from tests.support.courses import mini_course, modules, real_course
from tests.support.states import random_state


def test_a_state_survives_encoding_and_decoding():
    lay = layout(mini_course().modules)
    rng = random.Random(4)
    for _ in range(200):
        original = random_state(lay, rng)
        assert decode(lay, encode(lay, original)) == original


def test_the_encoding_is_ascii_without_separators_inside_fields():
    lay = layout(mini_course().modules)
    text = encode(lay, worst_state(lay))
    assert text.isascii() and text.isprintable()
    assert text.count(".") == 2 + len(lay.slots)


def test_short_text_keeps_plain_letters_and_escapes_the_rest_in_four_characters():
    assert state.encode_text("Kuntatutor 2") == "Kuntatutor 2"
    assert len(state.encode_text("ä")) == 4 and len(state.encode_text(".")) == 4
    assert len(state.encode_text("😀")) == 8  # two UTF-16 code units, as JavaScript counts
    for text in ["Åbo Akademi", "a.b*c", "😀 ok", "kunta\u2011tutor"]:
        assert state.decode_text(state.encode_text(text)) == text


def test_the_worst_case_is_all_pages_all_checks_and_the_longest_answers():
    lay = layout(mini_course().modules)
    rng = random.Random(7)
    worst = worst_case_size(mini_course().modules)
    assert worst == len(encode(lay, worst_state(lay)))
    assert all(len(encode(lay, random_state(lay, rng))) <= worst for _ in range(300))
    # "1" + 4-character fingerprint, 4 pages and 1 checklist item in 1 character each, then
    # 9 questions (checks + answer): single 2, true/false 2 | single 2, multiple 2, true/false 2,
    # matching 1 + 2, ordering 1 + 3, short text 1 + 4 * 40, scenario 2; 11 separators
    assert worst == 5 + 1 + 1 + (2 + 2) + (2 + 2 + 2 + 3 + 4 + 161 + 2) + 11


def test_state_from_another_version_of_the_course_is_not_misread():
    course = mini_course()
    lay = layout(course.modules)
    text = encode(lay, worst_state(lay))
    lesson_only = layout(modules(course, "perusteet"))
    assert lesson_only.fingerprint != lay.fingerprint
    assert decode(lesson_only, text) is None
    renamed = dataclasses.replace(lay, pages=(*lay.pages[:-1], "uusi-sivu"))
    assert renamed.fingerprint != lay.fingerprint and decode(renamed, text) is None
    assert decode(lay, text.replace(".", "", 1)) is None
    order = next(i for i, slot in enumerate(lay.slots) if slot.kind == "order")
    damaged = encode(lay, State(answers={order: QuestionState(1, [0, 0, 1])}))
    assert decode(lay, damaged) is None  # not a permutation of the items


def test_the_mini_course_fits_every_target():
    course = mini_course()
    assert check_state_limits(course, "scorm12") == []
    assert check_state_limits(course, "scorm2004") == []


def short_text_module(count: int, module_id: str = "tekstit", accepted: str = "vastaus") -> Module:
    return Module.model_validate({
        "id": module_id, "order": 9, "title": {"fi": "T", "sv": "T"},
        "summary": {"fi": "T", "sv": "T"}, "estimated_minutes": 5,
        "objectives": [{"id": f"{module_id}-o", "text": {"fi": "T", "sv": "T"}}],
        "pages": [{"id": f"{module_id}-p", "title": {"fi": "T", "sv": "T"}, "blocks": [{
            "type": "quiz", "id": f"{module_id}-quiz", "questions": [{
                "id": f"{module_id}-q{n}", "type": "short-text", "prompt": {"fi": "?", "sv": "?"},
                "accepted": {"fi": [accepted], "sv": [accepted]},
                "feedback": {"correct": {"fi": "k", "sv": "k"}, "incorrect": {"fi": "e", "sv": "e"}},
            } for n in range(count)]}]}],
    })


def test_a_sco_whose_state_could_exceed_4096_characters_fails_the_scorm12_build():
    course = mini_course()
    big = dataclasses.replace(course, modules=(*course.modules, short_text_module(30)))
    problems = check_state_limits(big, "scorm12")
    assert [p.code for p in problems] == ["state-too-large"]
    assert problems[0].file == "course.toml"  # one SCO for the whole course
    assert "4096" in problems[0].message and "31 short-text" in problems[0].message
    assert 'sco_layout = "module"' in problems[0].message
    assert check_state_limits(big, "scorm2004") == []  # 64000 characters


def test_the_size_check_follows_the_sco_layout():
    course = mini_course()
    big = dataclasses.replace(course, modules=(*course.modules, short_text_module(30)))
    assert [len(s) for s in state.sco_modules(big, "scorm12")] == [3]  # course layout
    assert [len(s) for s in state.sco_modules(big, "scorm2004")] == [1, 1, 1]
    per_module = check_state_limits(big, "scorm12", scos=[[m] for m in big.modules])
    assert [p.code for p in per_module] == ["state-too-large"]
    assert "tekstit" in per_module[0].message


def test_an_accepted_answer_longer_than_the_answer_box_is_an_error():
    course = mini_course()
    module = short_text_module(1, accepted="x" * (SHORT_TEXT_MAX + 1))
    problems = check_state_limits(dataclasses.replace(course, modules=(module,)), "scorm2004")
    assert [p.code for p in problems] == ["answer-too-long"] * 2  # fi and sv


def test_the_real_course_worst_case_state_fits_scorm12():
    course = real_course()
    for target in ("scorm12", "scorm2004"):
        errors = check_state_limits(course, target)
        assert errors == [], [e.format() for e in errors]
    sizes = [worst_case_size(sco) for sco in state.sco_modules(course, "scorm12")]
    assert max(sizes) <= 4096
