"""true-false: a statement the learner judges true or false."""

from __future__ import annotations

import random

from lms_build.questions import QUESTION_TYPES
from tests.support.questions import definition, player_data, question, solution_html, title

SPEC = QUESTION_TYPES["true-false"]
TRUE = "type: true-false\ncorrect: true\n"
FALSE = "type: true-false\ncorrect: false\n"


def test_is_two_radio_buttons_true_then_false():
    assert SPEC.interaction_type == "true-false"
    assert SPEC.slot_kind(question(TRUE)) == ("single", 2)
    assert SPEC.option_ids(question(TRUE)) == ["true", "false"]


def test_correct_pattern_is_true_or_false():
    assert SPEC.correct_patterns(question(TRUE), "fi") == ["true"]
    assert SPEC.correct_patterns(question(FALSE), "fi") == ["false"]


def test_solution_is_the_word_in_the_learner_s_language():
    assert solution_html(question(FALSE)) == title() + "<ul><li>Tarua</li></ul>"
    assert solution_html(question(TRUE), "sv") == title("sv") + "<ul><li>Sant</li></ul>"


def test_player_gets_the_index_of_the_right_button():
    assert player_data(question(TRUE)) == {"ids": ["true", "false"], "ok": [0]}
    assert player_data(question(FALSE)) == {"ids": ["true", "false"], "ok": [1]}


def test_worst_case_response_is_false():
    assert SPEC.worst_response(question(TRUE), "fi") == "false"


def test_xapi_definition_has_no_components():
    found = definition(question(FALSE))
    assert found["interactionType"] == "true-false"
    assert found["correctResponsesPattern"] == ["false"]
    assert not {"choices", "source", "target"} & set(found)


def test_report_says_true_or_false_in_the_report_language():
    assert SPEC.response_text(definition(question(TRUE)), "true", "fi") == "tosi"
    assert SPEC.response_text(definition(question(TRUE)), "false", "sv") == "falskt"


def test_a_simulated_wrong_answer_is_the_other_word():
    assert SPEC.simulated_wrong(definition(question(TRUE)), random.Random(0)) == "false"
    assert SPEC.simulated_right(definition(question(TRUE))) == "true"
