"""One question at a time, as an author writes it: parsed from YAML with positions, so the
question type specs of lms_build.questions can be tested on their own."""

from __future__ import annotations

from textwrap import dedent
from typing import Any

from lms_build.load.yaml_source import parse_yaml
from lms_build.questions import QUESTION_TYPES, QuestionType
from lms_build.render.player import ui_strings
from lms_build.xapi.activities import interaction_definition
from tests.support.courses import mini_course

#: Every question below shares these lines; a test writes only what its type adds.
COMMON = """\
id: q1
prompt: {fi: "Kysymys?", sv: "Fråga?"}
feedback:
  correct: {fi: "Oikein.", sv: "Rätt."}
  incorrect: {fi: "Väärin.", sv: "Fel."}
"""


def parse(yaml_text: str) -> tuple[Any, Any]:
    """The question model and its source document (positions of every value)."""
    doc = parse_yaml(COMMON + dedent(yaml_text), "modules/01-test.yaml")
    assert not hasattr(doc, "code"), doc
    return QUESTION_TYPES[doc.data["type"]].model.model_validate(doc.data), doc


def question(yaml_text: str) -> Any:
    return parse(yaml_text)[0]


def spec_of(question: Any) -> QuestionType:
    return QUESTION_TYPES[question.type]


def problems(yaml_text: str) -> list[str]:
    """The spec's own checks, as `line:column code: message` (lines count from COMMON's first)."""
    model, doc = parse(yaml_text)
    return [f"{d.line}:{d.column} {d.code}: {d.message}" for d in spec_of(model).check(doc, (), model)]


def strings(lang: str = "fi") -> dict[str, str]:
    return {key: value[lang] for key, value in ui_strings().items()}


def solution_html(question: Any, lang: str = "fi") -> str:
    return spec_of(question).solution_html(question, lang, strings(lang))


def markdown_marker(value: Any) -> str:
    """Stands in for the player's Markdown renderer: shows which text went where."""
    return f"md({value.get('fi')})"


def player_data(question: Any, lang: str = "fi") -> dict[str, Any]:
    return spec_of(question).player_data(question, lang, markdown_marker)


def definition(question: Any, lang: str = "fi") -> dict[str, Any]:
    """The xAPI activity definition (as the catalogue carries it)."""
    return interaction_definition(mini_course(), question, lang)


def components(definition: dict[str, Any], part: str) -> list[tuple[str, str]]:
    return [(c["id"], c["description"]["fi-FI"]) for c in definition[part]]


def title(lang: str = "fi") -> str:
    return f'<p class="solution-title">{strings(lang)["correct_answer"]}:</p>'
