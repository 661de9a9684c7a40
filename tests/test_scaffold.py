"""`lms-build new question --type TYPE` prints a commented skeleton that is valid in a draft."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from lms_build.build import validate_course
from lms_build.diagnostics import Severity
from lms_build.model import QUESTION_TYPES
from tests.conftest import run_cli

yaml = YAML()


def _add_question(course: Path, question_text: str, draft: bool) -> None:
    path = course / "modules" / "01-perusteet.yaml"
    module = yaml.load(path.read_text(encoding="utf-8"))
    module["draft"] = draft
    quiz = next(b for page in module["pages"] for b in page["blocks"] if b["type"] == "quiz")
    quiz["questions"].extend(yaml.load(question_text))
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(module, handle)


@pytest.mark.parametrize("question_type", QUESTION_TYPES)
def test_new_question_is_valid_in_a_draft_and_refused_in_a_finished_module(
        mini_course: Path, question_type: str) -> None:
    result = run_cli("new", "question", "--type", question_type, "-C", mini_course)
    assert result.returncode == 0, result.output
    assert result.stdout.count("#") >= 4, "the skeleton explains its fields"
    assert f"type: {question_type}" in result.stdout

    _add_question(mini_course, result.stdout, draft=True)
    course, diagnostics, _ = validate_course(mini_course)
    assert course is not None, [d.format() for d in diagnostics]
    assert diagnostics and {d.code for d in diagnostics} == {"placeholder"}
    assert all(d.severity is Severity.WARNING for d in diagnostics)

    _add_question(mini_course, "[]", draft=False)
    course, diagnostics, _ = validate_course(mini_course)
    assert course is None
    assert any(d.code == "placeholder" and d.severity is Severity.ERROR for d in diagnostics)


def test_ordering_skeleton_says_items_are_written_in_the_correct_order(mini_course: Path) -> None:
    result = run_cli("new", "question", "--type", "ordering", "-C", mini_course)
    assert "CORRECT order" in result.stdout


def test_new_question_uses_the_course_languages(mini_course: Path) -> None:
    toml = mini_course / "course.toml"
    toml.write_text(toml.read_text().replace('languages = ["fi", "sv"]', 'languages = ["fi"]'))
    result = run_cli("new", "question", "--type", "true-false", "-C", mini_course)
    assert 'prompt: {fi: "TODO question?"}' in result.stdout


def test_new_question_refuses_an_unknown_type_and_a_bad_id(mini_course: Path) -> None:
    assert run_cli("new", "question", "--type", "essay", "-C", mini_course).returncode == 2
    assert run_cli("new", "question", "--type", "true-false", "--id", "Kysymys 1",
                   "-C", mini_course).returncode == 2
