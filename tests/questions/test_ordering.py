"""ordering: items written in their correct order, shown shuffled."""

from __future__ import annotations

import random

from lms_build.questions import QUESTION_TYPES
from lms_build.questions.ordering import display_order
from tests.support.questions import components, definition, player_data, question, solution_html, title

SPEC = QUESTION_TYPES["ordering"]
YAML = """\
type: ordering
items:
  - {id: kartoita, text: {fi: "Kartoita", sv: "Kartlägg"}}
  - {id: sovi-roolit, text: {fi: "Sovi roolit", sv: "Roller"}}
  - {id: aloita, text: {fi: "Aloita", sv: "Börja"}}
"""


def test_is_a_sequencing_interaction():
    q = question(YAML)
    assert SPEC.interaction_type == "sequencing"
    assert SPEC.slot_kind(q) == ("order", 3)
    assert SPEC.option_ids(q) == ["kartoita", "sovi-roolit", "aloita"]
    assert SPEC.option_fields == ("items",)


def test_correct_pattern_is_the_items_in_the_order_written():
    assert SPEC.correct_patterns(question(YAML), "fi") == ["kartoita[,]sovi_roolit[,]aloita"]


def test_solution_is_a_numbered_list():
    assert solution_html(question(YAML)) == title() + "<ol><li>Kartoita</li><li>Sovi roolit</li><li>Aloita</li></ol>"


def test_player_gets_the_item_ids_and_shows_them_first_in_a_fixed_shuffle():
    q = question(YAML)
    assert player_data(q) == {"ids": ["kartoita", "sovi-roolit", "aloita"]}
    assert SPEC.display_order(q) == display_order(q) != [0, 1, 2]
    assert sorted(SPEC.display_order(q)) == [0, 1, 2]


def test_worst_case_response_lists_every_item():
    assert SPEC.worst_response(question(YAML), "fi") == "kartoita[,]sovi_roolit[,]aloita"


def test_xapi_definition_lists_the_items_as_choices():
    found = definition(question(YAML))
    assert found["interactionType"] == "sequencing"
    assert components(found, "choices") == [("kartoita", "Kartoita"), ("sovi_roolit", "Sovi roolit"),
                                            ("aloita", "Aloita")]


def test_report_shows_the_order_given_with_arrows():
    assert SPEC.response_text(definition(question(YAML)), "aloita[,]kartoita", "fi") == "Aloita → Kartoita"


def test_a_simulated_wrong_answer_swaps_two_items():
    wrong = SPEC.simulated_wrong(definition(question(YAML)), random.Random(0)).split("[,]")
    assert sorted(wrong) == sorted(["kartoita", "sovi_roolit", "aloita"])
    assert wrong != ["kartoita", "sovi_roolit", "aloita"]
