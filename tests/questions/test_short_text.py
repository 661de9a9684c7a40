"""short-text: a typed answer compared with the accepted answers of the learner's language."""

from __future__ import annotations

import random

from lms_build.questions import QUESTION_TYPES
from lms_build.render.state import SHORT_TEXT_MAX
from tests.support.questions import definition, player_data, problems, question, solution_html, title

SPEC = QUESTION_TYPES["short-text"]
YAML = """\
type: short-text
accepted:
  fi: [" kirjasto ", "kirjastot", "a[,]b"]
  sv: ["biblioteket"]
"""


def test_is_a_fill_in_interaction_with_one_text_slot():
    q = question(YAML)
    assert SPEC.interaction_type == "fill-in"
    assert SPEC.slot_kind(q) == ("text", 1)
    assert SPEC.option_ids(q) == []


def test_correct_patterns_are_the_accepted_answers_without_outer_spaces_or_response_syntax():
    assert SPEC.correct_patterns(question(YAML), "fi") == ["kirjasto", "kirjastot", "a b"]
    assert SPEC.correct_patterns(question(YAML), "sv") == ["biblioteket"]


def test_solution_is_the_first_accepted_answer():
    assert solution_html(question(YAML)) == title() + "<ul><li>kirjasto</li></ul>"


def test_player_gets_the_accepted_answers_of_its_language():
    assert player_data(question(YAML), "sv") == {"accept": ["biblioteket"]}


def test_worst_case_response_is_a_full_box_of_escaped_characters():
    assert SPEC.worst_response(question(YAML), "fi") == "€" * SHORT_TEXT_MAX


def test_xapi_patterns_say_case_does_not_matter():
    assert definition(question(YAML), "sv")["correctResponsesPattern"] == ["{case_matters=false}biblioteket"]


def test_report_shows_the_typed_text():
    assert SPEC.response_text(definition(question(YAML)), "Kirjasto", "fi") == "Kirjasto"


def test_blank_answers_and_response_syntax_are_refused_where_they_are_written():
    assert problems(YAML) == [
        "8:35 answer-syntax: accepted answer 'a[,]b' contains '[,]': answers are sent to the LMS as plain "
        "text patterns; remove it"]
    assert problems(YAML.replace('"a[,]b"', '"  "')) == [
        "8:35 blank-answer: an accepted answer is blank: a learner could never type it (answers are "
        "compared without surrounding spaces); remove it"]


def test_a_simulated_learner_types_the_first_accepted_answer_or_a_guess():
    found = definition(question(YAML))
    assert SPEC.simulated_right(found) == "kirjasto"
    assert SPEC.simulated_wrong(found, random.Random(0)) in {"en tiedä", "vet inte", "kunta", "?"}
