"""The assessment policy: course.toml [assessment] with a per-module override, and what
`validate` says about mistakes in it (file, line and a message that says how to fix it)."""

from __future__ import annotations

from pathlib import Path

from lms_build.build import validate_course
from lms_build.render.player import assessment_policy
from tests.conftest import run_cli

ASSESSMENT = "modules/02-loppukoe.yaml"


def edit(course: Path, name: str, old: str, new: str) -> None:
    path = course / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def policy_of(course: Path) -> dict:
    loaded, problems, _ = validate_course(course)
    assert loaded is not None, problems
    [final] = [m for m in loaded.modules if m.kind == "assessment"]
    return assessment_policy(loaded, final)


def test_the_defaults_are_two_attempts_revealed_after_the_last_shuffled(mini_course: Path) -> None:
    assert policy_of(mini_course) == {"attempts": 2, "reveal": "after-last-attempt", "shuffle": True,
                                      "draw": None}


def test_a_module_overrides_only_what_it_sets(mini_course: Path) -> None:
    (mini_course / "course.toml").write_text(
        (mini_course / "course.toml").read_text("utf-8") + '\n[assessment]\nattempts = 3\nreveal = "never"\n',
        encoding="utf-8")
    edit(mini_course, ASSESSMENT, "kind: assessment\n", "kind: assessment\nassessment: {draw: 5, shuffle: false}\n")
    assert policy_of(mini_course) == {"attempts": 3, "reveal": "never", "shuffle": False, "draw": 5}


def test_drawing_more_questions_than_the_pool_holds_is_an_error(mini_course: Path) -> None:
    edit(mini_course, ASSESSMENT, "kind: assessment\n", "kind: assessment\nassessment: {draw: 9}\n")
    result = run_cli("validate", cwd=mini_course)
    assert result.returncode == 1
    assert f"{ASSESSMENT}:4:" in result.output
    assert "draw = 9, but the assessment module has only 7 questions [draw-too-many]" in result.output


def test_an_unknown_reveal_rule_names_the_choices(mini_course: Path) -> None:
    (mini_course / "course.toml").write_text(
        (mini_course / "course.toml").read_text("utf-8") + '\n[assessment]\nreveal = "always"\n', encoding="utf-8")
    result = run_cli("validate", cwd=mini_course)
    assert result.returncode == 1
    assert "after-last-attempt" in result.output and "course.toml:" in result.output


def test_an_objective_taught_in_an_unknown_module_is_an_error(mini_course: Path) -> None:
    edit(mini_course, ASSESSMENT, "taught_in: [perusteet]", "taught_in: [perusteet, perustet]")
    result = run_cli("validate", cwd=mini_course)
    assert result.returncode == 1
    assert "unknown module 'perustet'" in result.output and "did you mean 'perusteet'?" in result.output
