"""matching: each prompt paired with its match, picked from a list."""

from __future__ import annotations

import random

from lms_build.questions import QUESTION_TYPES
from tests.support.questions import components, definition, player_data, problems, question, solution_html, title

SPEC = QUESTION_TYPES["matching"]
YAML = """\
type: matching
pairs:
  - {id: kirjasto, prompt: {fi: "Kirjasto", sv: "Biblioteket"}, match: {fi: "Ohjaus", sv: "Handledning"}}
  - {id: kela-x, prompt: {fi: "Kela", sv: "FPA"}, match: {fi: "Etuudet", sv: "Förmåner"}}
"""


def test_is_a_matching_interaction_with_one_choice_per_prompt():
    q = question(YAML)
    assert SPEC.interaction_type == "matching"
    assert SPEC.slot_kind(q) == ("match", 2)
    assert SPEC.option_ids(q) == ["kirjasto", "kela-x"]
    assert SPEC.option_fields == ("pairs",)


def test_correct_pattern_pairs_each_prompt_with_its_own_match():
    assert SPEC.correct_patterns(question(YAML), "fi") == ["kirjasto[.]kirjasto[,]kela_x[.]kela_x"]


def test_solution_shows_each_pair():
    assert solution_html(question(YAML)) == title() + "<ul><li>Kirjasto → Ohjaus</li><li>Kela → Etuudet</li></ul>"


def test_player_gets_the_pair_ids():
    assert player_data(question(YAML)) == {"ids": ["kirjasto", "kela-x"]}


def test_worst_case_response_gives_every_prompt_the_longest_match_id():
    assert SPEC.worst_response(question(YAML), "fi") == "kirjasto[.]kirjasto[,]kela_x[.]kirjasto"


def test_xapi_definition_has_prompts_as_source_and_matches_as_target():
    found = definition(question(YAML))
    assert components(found, "source") == [("kirjasto", "Kirjasto"), ("kela_x", "Kela")]
    assert components(found, "target") == [("kirjasto", "Ohjaus"), ("kela_x", "Etuudet")]
    assert found["correctResponsesPattern"] == ["kirjasto[.]kirjasto[,]kela_x[.]kela_x"]


def test_report_shows_each_pair_as_given():
    response = "kirjasto[.]kela_x[,]kela_x[.]kirjasto"
    assert SPEC.response_text(definition(question(YAML)), response, "fi") == "Kirjasto → Etuudet; Kela → Ohjaus"


def test_two_pairs_with_the_same_match_are_refused():
    assert problems(YAML.replace('"Etuudet", sv: "Förmåner"', '"Ohjaus", sv: "Handledning"')) == [
        "8:3 ambiguous-match: two pairs have the same 'match' text: the answer would be ambiguous"]
    assert problems(YAML) == []


def test_a_simulated_wrong_answer_swaps_two_matches():
    found = definition(question(YAML))
    assert SPEC.simulated_wrong(found, random.Random(0)) == "kirjasto[.]kela_x[,]kela_x[.]kirjasto"
