"""single-choice: one right option among several, answered with radio buttons."""

from __future__ import annotations

import random

from lms_build.questions import QUESTION_TYPES
from tests.support.questions import components, definition, player_data, problems, question, solution_html, title

SPEC = QUESTION_TYPES["single-choice"]
YAML = """\
type: single-choice
options:
  - {id: a, text: {fi: "Kirjasto", sv: "Biblioteket"}, feedback: {fi: "Kyllä.", sv: "Ja."}}
  - {id: b-c, text: {fi: "*Kela*", sv: "FPA"}}
  - {id: d, text: {fi: "Ei kumpikaan", sv: "Ingen"}, pin: true}
correct: b-c
"""


def test_is_a_choice_interaction_answered_with_one_radio_button_per_option():
    q = question(YAML)
    assert SPEC.interaction_type == "choice"
    assert SPEC.slot_kind(q) == ("single", 3)
    assert SPEC.option_ids(q) == ["a", "b-c", "d"]
    assert SPEC.option_fields == ("options",)


def test_correct_pattern_is_the_option_id_in_scorm_short_identifier_form():
    assert SPEC.correct_patterns(question(YAML), "fi") == ["b_c"]


def test_solution_shows_the_right_option_as_written():
    assert solution_html(question(YAML)) == title() + "<ul><li><em>Kela</em></li></ul>"


def test_player_gets_option_ids_the_right_index_option_feedback_and_pinned_options():
    assert player_data(question(YAML)) == {"ids": ["a", "b-c", "d"], "ok": [1], "ofb": {"0": "md(Kyllä.)"},
                                           "pin": [2]}


def test_worst_case_response_is_the_longest_option_id():
    assert SPEC.worst_response(question(YAML), "fi") == "b_c"


def test_xapi_definition_lists_the_options_as_choices():
    found = definition(question(YAML))
    assert found["interactionType"] == "choice"
    assert components(found, "choices") == [("a", "Kirjasto"), ("b_c", "Kela"), ("d", "Ei kumpikaan")]
    assert found["correctResponsesPattern"] == ["b_c"]


def test_report_shows_a_response_as_the_option_text():
    assert SPEC.response_text(definition(question(YAML)), "b_c", "fi") == "Kela"


def test_a_correct_answer_that_is_no_option_is_refused_where_it_is_written():
    assert problems(YAML.replace("correct: b-c", "correct: e")) == [
        "11:10 answer-not-an-option: correct answer 'e' is not among the options (a, b-c, d): use one of "
        "their ids"]
    assert problems(YAML) == []


def test_a_simulated_learner_answers_right_with_the_pattern_and_wrong_with_another_option():
    found = definition(question(YAML))
    assert SPEC.simulated_right(found) == "b_c"
    assert {SPEC.simulated_wrong(found, random.Random(seed)) for seed in range(20)} == {"a", "d"}
