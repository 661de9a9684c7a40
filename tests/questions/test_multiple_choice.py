"""multiple-choice: several right options; the learner ticks all of them and no other."""

from __future__ import annotations

import random

from lms_build.questions import QUESTION_TYPES
from tests.support.questions import components, definition, player_data, problems, question, solution_html, title

SPEC = QUESTION_TYPES["multiple-choice"]
YAML = """\
type: multiple-choice
options:
  - {id: a, text: {fi: "Kirjasto", sv: "Biblioteket"}}
  - {id: b, text: {fi: "Verottaja", sv: "Skatteverket"}, feedback: {fi: "Ei.", sv: "Nej."}}
  - {id: c-d, text: {fi: "Kela", sv: "FPA"}}
correct: [c-d, a]
"""


def test_is_a_choice_interaction_answered_with_check_boxes():
    q = question(YAML)
    assert SPEC.interaction_type == "choice"
    assert SPEC.slot_kind(q) == ("multi", 3)
    assert SPEC.option_ids(q) == ["a", "b", "c-d"]


def test_correct_pattern_lists_the_right_options_in_source_order():
    assert SPEC.correct_patterns(question(YAML), "fi") == ["a[,]c_d"]


def test_solution_lists_every_right_option():
    assert solution_html(question(YAML)) == title() + "<ul><li>Kirjasto</li><li>Kela</li></ul>"


def test_player_gets_the_indexes_of_every_right_option():
    assert player_data(question(YAML)) == {"ids": ["a", "b", "c-d"], "ok": [0, 2], "ofb": {"1": "md(Ei.)"},
                                           "pin": []}


def test_worst_case_response_ticks_every_option():
    assert SPEC.worst_response(question(YAML), "fi") == "a[,]b[,]c_d"


def test_xapi_definition_lists_the_options_as_choices():
    found = definition(question(YAML))
    assert components(found, "choices") == [("a", "Kirjasto"), ("b", "Verottaja"), ("c_d", "Kela")]
    assert found["correctResponsesPattern"] == ["a[,]c_d"]


def test_report_joins_the_ticked_options():
    assert SPEC.response_text(definition(question(YAML)), "a[,]b", "fi") == "Kirjasto; Verottaja"


def test_a_correct_answer_must_be_an_option_listed_once_and_one_option_must_be_wrong():
    assert problems(YAML.replace("[c-d, a]", "[a, x]")) == [
        "11:14 answer-not-an-option: correct answer 'x' is not among the options (a, b, c-d): use one of "
        "their ids"]
    assert problems(YAML.replace("[c-d, a]", "[a, a]")) == [
        "11:10 duplicate-answer: a correct answer is listed twice"]
    assert problems(YAML.replace("[c-d, a]", "[a, b, c-d]")) == [
        "11:10 all-correct: every option is correct: add at least one wrong one"]
    assert problems(YAML) == []


def test_a_simulated_wrong_answer_ticks_a_wrong_option_and_one_right_one():
    found = definition(question(YAML))
    assert SPEC.simulated_right(found) == "a[,]c_d"
    assert SPEC.simulated_wrong(found, random.Random(0)) == "a[,]b"
