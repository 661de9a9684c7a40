"""The compact learner state (suspend_data) and the build's worst-case size check."""

from __future__ import annotations

import dataclasses
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lms_build.model import Module
from lms_build.render import state
from lms_build.render.state import (
    SHORT_TEXT_MAX,
    ExamState,
    QuestionState,
    State,
    check_state_limits,
    decode,
    encode,
    layout,
    worst_case_size,
    worst_state,
)
from tests.support.courses import mini_course, real_course
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
    assert text.count(".") == 5 + len(lay.slots)


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
    # "2", position 2, 4 page keys of 3, seen 1, one checklist (key 3 + count 1 + 1), one exam
    # (key 3 + 7), then 9 questions (key 3 + checks 1 + answer): single 1, true/false 1 | single 1,
    # multiple 1, true/false 1, matching 2, ordering 3, short text 4 * 40, scenario 1; 14 separators
    assert worst == 1 + 2 + 12 + 1 + 5 + 10 + 9 * 4 + (1 + 1 + 1 + 1 + 1 + 2 + 3 + 160 + 1) + 14


def test_state_of_the_previous_format_or_damaged_is_not_misread():
    lay = layout(mini_course().modules)
    assert decode(lay, "1zzzz.F.1.........") is None
    text = encode(lay, worst_state(lay))
    assert decode(lay, text.replace(".", "", 1)) is None
    order = next(i for i, slot in enumerate(lay.slots) if slot.kind == "order")
    damaged = encode(lay, State(answers={order: QuestionState(1, [0, 0, 1])}))
    assert order not in decode(lay, damaged).answers  # not a permutation of the items: dropped


def test_state_of_version_n_carries_over_to_version_n_plus_1():
    course = mini_course()
    old = layout(course.modules)
    state_ = worst_state(old)
    state_.position = old.pages.index("perusteet-kysely")
    # version N+1: a page removed, a question removed, one question's options changed, one new
    new = dataclasses.replace(
        old, pages=tuple(p for p in old.pages if p != "perusteet-kysely"),
        slots=(*(s for s in old.slots if s.id != "loppukoe-tf"),
               state.Slot("uusi", "single", 2, state.key("question", "uusi", "single", "a,b"))))
    changed = next(i for i, s in enumerate(new.slots) if s.id == "loppukoe-single")
    new = dataclasses.replace(new, slots=tuple(
        dataclasses.replace(s, key=state.key("question", s.id, "single", "a,b,c")) if i == changed else s
        for i, s in enumerate(new.slots)))
    carried = decode(new, encode(old, state_))
    kept = {new.slots[i].id for i in carried.answers}
    assert kept == {s.id for s in old.slots} - {"loppukoe-tf", "loppukoe-single"}
    assert carried.seen == set(range(len(new.pages)))
    assert new.pages[carried.position] == old.pages[old.pages.index("perusteet-kysely") + 1]
    assert carried.ticked == state_.ticked and carried.exams == state_.exams


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



# --- property-based: any state round-trips, and the worst case bounds every state ------------

def states(lay: state.Layout):
    """Hypothesis strategy: any learner state of `lay`."""
    def answer(slot_: state.Slot):
        if slot_.kind == "text":
            return st.text(max_size=SHORT_TEXT_MAX).filter(
                lambda t: len(t.encode("utf-16-le")) // 2 <= SHORT_TEXT_MAX)
        if slot_.kind == "single":
            return st.integers(0, slot_.size - 1).map(lambda v: [v])
        if slot_.kind == "multi":
            return st.sets(st.integers(0, slot_.size - 1)).map(sorted)
        if slot_.kind == "match":
            return st.lists(st.integers(-1, slot_.size - 1), min_size=slot_.size, max_size=slot_.size)
        return st.permutations(list(range(slot_.size)))

    answers = st.fixed_dictionaries({}, optional={
        i: st.builds(QuestionState, st.integers(0, 63), answer(s)) for i, s in enumerate(lay.slots)})
    exams = st.fixed_dictionaries({}, optional={
        i: st.builds(ExamState, st.integers(0, 63), st.booleans(), st.integers(0, 2 ** 18 - 1),
                     st.one_of(st.none(), st.integers(0, 1000))) for i in range(len(lay.exams))})
    ticked = st.sets(st.integers(0, lay.checklist_items - 1)) if lay.checklist_items else st.just(set())
    return st.builds(State, st.sets(st.integers(0, len(lay.pages) - 1)), ticked,
                     answers, exams, st.integers(0, len(lay.pages) - 1))


MINI = layout(mini_course().modules)
REAL = layout(real_course().modules)


@settings(max_examples=150, deadline=None)
@given(states(MINI))
def test_any_state_round_trips(original):
    assert decode(MINI, encode(MINI, original)) == original


@settings(max_examples=60, deadline=None)
@given(states(REAL))
def test_no_state_of_the_real_course_exceeds_the_worst_case_or_the_scorm12_limit(any_state):
    text = encode(REAL, any_state)
    assert len(text) <= len(encode(REAL, worst_state(REAL))) <= state.LIMITS["scorm12"]["suspend_data"]
    assert text.isascii() and decode(REAL, text) == any_state
