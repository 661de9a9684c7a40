"""Unfinished work stays out of learners' hands: placeholders, drafts and a lesson after the exam."""

from __future__ import annotations

from pathlib import Path

import pytest
from ruamel.yaml import YAML

from lms_build.authoring import buildable_modules
from lms_build.build import validate_course
from lms_build.diagnostics import Severity
from tests.conftest import run_cli

yaml = YAML()


def _edit_module(path: Path, change) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"))
    change(data)
    with path.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def _codes(course: Path) -> list[tuple[str, Severity, str]]:
    _course, diagnostics, _ = validate_course(course)
    return [(d.code, d.severity, f"{d.file}:{d.line}") for d in diagnostics]


def test_a_todo_placeholder_in_a_finished_module_is_an_error_at_its_line(mini_course: Path) -> None:
    module = mini_course / "modules" / "01-perusteet.yaml"
    _edit_module(module, lambda m: m["title"].update(sv="TODO rubrik"))
    title_line = next(n for n, line in enumerate(module.read_text().splitlines(), 1) if "TODO rubrik" in line)
    assert ("placeholder", Severity.ERROR, f"modules/01-perusteet.yaml:{title_line}") in _codes(mini_course)
    result = run_cli("validate", "-C", mini_course)
    assert result.returncode == 1
    assert "placeholder 'TODO' left in the 'sv' text" in result.output


def test_a_todo_placeholder_in_a_draft_is_only_a_warning(mini_course: Path) -> None:
    _edit_module(mini_course / "modules" / "01-perusteet.yaml",
                 lambda m: (m["title"].update(sv="TODO rubrik"), m.insert(3, "draft", True)))
    found = [(code, severity) for code, severity, _ in _codes(mini_course)]
    assert found == [("placeholder", Severity.WARNING)]


def test_todo_inside_a_word_is_not_a_placeholder(mini_course: Path) -> None:
    _edit_module(mini_course / "modules" / "01-perusteet.yaml",
                 lambda m: m["title"].update(fi="TODOLLINEN otsikko"))
    assert _codes(mini_course) == []


def test_the_untouched_new_module_template_is_a_draft_with_warnings_only(mini_course: Path) -> None:
    assert run_cli("new", "module", "etatuki", "-C", mini_course).returncode == 0
    course, diagnostics, _ = validate_course(mini_course)
    assert course is not None
    assert {d.code for d in diagnostics} >= {"placeholder"}
    assert all(d.severity is Severity.WARNING for d in diagnostics)
    _edit_module(mini_course / "modules" / "03-etatuki.yaml", lambda m: m.update(draft=False))
    _course, diagnostics, _ = validate_course(mini_course)
    assert any(d.code == "placeholder" and d.severity is Severity.ERROR for d in diagnostics)


def test_new_module_after_the_exam_warns_and_validation_warns_too(mini_course: Path) -> None:
    result = run_cli("new", "module", "etatuki", "-C", mini_course)
    assert "comes after the assessment modules/02-loppukoe.yaml" in result.stderr
    text = (mini_course / "modules" / "03-etatuki.yaml").read_text()
    order_line = next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith("order:"))
    assert ("lesson-after-assessment", Severity.WARNING, f"modules/03-etatuki.yaml:{order_line}") in _codes(mini_course)


def test_a_lesson_before_the_assessment_gives_no_order_warning(mini_course: Path) -> None:
    assert all(code != "lesson-after-assessment" for code, _, _ in _codes(mini_course))


@pytest.mark.parametrize("include_drafts", [False, True])
def test_drafts_are_left_out_of_builds_unless_asked_for(mini_course: Path, include_drafts: bool) -> None:
    _edit_module(mini_course / "modules" / "01-perusteet.yaml", lambda m: m.insert(3, "draft", True))
    course, _diagnostics, _ = validate_course(mini_course)
    built, notes = buildable_modules(course, include_drafts)
    if include_drafts:
        assert [m.id for m in built.modules] == ["perusteet", "loppukoe"]
        assert notes == []
    else:
        assert [m.id for m in built.modules] == ["loppukoe"]
        assert [(n.file, n.code, n.severity) for n in notes] == [
            ("modules/01-perusteet.yaml", "draft-left-out", Severity.WARNING)]


def test_a_course_of_drafts_only_has_nothing_to_build(mini_course: Path) -> None:
    for name in ("01-perusteet.yaml", "02-loppukoe.yaml"):
        _edit_module(mini_course / "modules" / name, lambda m: m.insert(3, "draft", True))
    course, _diagnostics, _ = validate_course(mini_course)
    built, notes = buildable_modules(course, include_drafts=False)
    assert built.modules == ()
    assert any(n.code == "only-drafts" and n.severity is Severity.ERROR for n in notes)
