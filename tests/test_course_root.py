"""Every command finds the course folder by walking up from the current directory, like git."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cli


def test_validate_inside_modules_finds_the_course_above(mini_course: Path) -> None:
    result = run_cli("validate", cwd=mini_course / "modules")
    assert result.returncode == 0, result.output
    assert "course is valid" in result.output


def test_status_two_levels_down_finds_the_course(mini_course: Path) -> None:
    result = run_cli("status", cwd=mini_course / "course_src" / "pages")
    assert result.returncode == 0, result.output
    assert "01 perusteet" in result.stdout


def test_new_module_from_a_subfolder_writes_into_the_course(mini_course: Path) -> None:
    assert run_cli("new", "module", "etatuki", cwd=mini_course / "course_src").returncode == 0
    assert (mini_course / "modules" / "03-etatuki.yaml").is_file()


def test_an_explicit_course_option_wins_over_the_walk(mini_course: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "empty"
    elsewhere.mkdir()
    result = run_cli("validate", "-C", elsewhere, cwd=mini_course / "modules")
    assert result.returncode == 1
    assert "course.toml not found" in result.output


def test_outside_any_course_the_message_says_so(tmp_path: Path) -> None:
    result = run_cli("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "course.toml not found" in result.output
