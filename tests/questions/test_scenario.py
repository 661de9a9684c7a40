"""scenario: a persona's situation and choices that each lead to their own feedback."""

from __future__ import annotations

from lms_build.questions import QUESTION_TYPES
from tests.support.questions import components, definition, player_data, problems, question, solution_html, title

SPEC = QUESTION_TYPES["scenario"]
YAML = """\
type: scenario
situation: {fi: "Aino soittaa.", sv: "Aino ringer."}
choices:
  - {id: a, text: {fi: "Ohjaa pankkiin", sv: "Hänvisa"}, feedback: {fi: "Hyvä.", sv: "Bra."}}
  - {id: b, text: {fi: "Kirjaudu", sv: "Logga in"}, feedback: {fi: "Ei koskaan.", sv: "Aldrig."}}
correct: [a]
"""
TWO_GOOD = YAML.replace("""\
correct: [a]""", """\
  - {id: c, text: {fi: "Soita takaisin", sv: "Ring upp"}, feedback: {fi: "Hyvä.", sv: "Bra."}}
correct: [a, c]""")


def test_one_good_choice_is_a_radio_button_question_several_are_check_boxes():
    assert SPEC.interaction_type == "choice"
    assert SPEC.slot_kind(question(YAML)) == ("single", 2)
    assert SPEC.slot_kind(question(TWO_GOOD)) == ("multi", 3)
    assert SPEC.option_fields == ("choices",)


def test_correct_pattern_lists_the_good_choices():
    assert SPEC.correct_patterns(question(YAML), "fi") == ["a"]
    assert SPEC.correct_patterns(question(TWO_GOOD), "fi") == ["a[,]c"]


def test_solution_lists_the_good_choices():
    assert solution_html(question(TWO_GOOD)) == title() + "<ul><li>Ohjaa pankkiin</li><li>Soita takaisin</li></ul>"


def test_player_gets_every_choice_s_feedback():
    assert player_data(question(YAML)) == {"ids": ["a", "b"], "ok": [0],
                                           "ofb": {"0": "md(Hyvä.)", "1": "md(Ei koskaan.)"}, "pin": []}


def test_xapi_definition_lists_the_choices():
    found = definition(question(YAML))
    assert found["interactionType"] == "choice"
    assert components(found, "choices") == [("a", "Ohjaa pankkiin"), ("b", "Kirjaudu")]


def test_every_choice_needs_feedback():
    assert problems(YAML.replace(', feedback: {fi: "Ei koskaan.", sv: "Aldrig."}', "")) == [
        "10:5 missing-feedback: scenario choice 'b' needs 'feedback': in a scenario every choice leads to "
        "its own consequence"]
    assert problems(YAML.replace("[a]", "[a, b]")) == [
        "11:10 all-correct: every choice is correct: add at least one wrong one"]
    assert problems(YAML) == []
