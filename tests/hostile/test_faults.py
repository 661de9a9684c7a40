"""Faults corpus: what happens when lms-build itself fails, is interrupted, or is given a course
that validates in an unusual way. A bug is exit 3 with a short request for a report (never exit
1, which means "your course has errors"); a course that validates builds."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import lms_build.build
import lms_build.inspect
from lms_build.cli import EXIT_BUG, EXIT_INTERRUPTED
from tests.conftest import REPO, run_cli
from tests.support.cli import invoke

#: Where each command finds the function a test breaks (the CLI imports them when it runs).
MODULES = {"validate_course": lms_build.build, "inspect_zip": lms_build.inspect}


def explode(*args, **kwargs):
    raise KeyError("en")  # the kind of bug the issue found in the build


def interrupt(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize(("command", "function"), [
    (("validate",), "validate_course"),
    (("stats",), "validate_course"),
    (("inspect", "PACKAGE"), "inspect_zip"),
])
def test_a_bug_is_exit_3_with_a_request_for_a_report(command, function, monkeypatch, mini_course: Path,
                                                       tmp_path: Path) -> None:
    monkeypatch.setattr(MODULES[function], function, explode)
    package = tmp_path / "p.zip"
    zipfile.ZipFile(package, "w").close()
    args = [str(package) if part == "PACKAGE" else part for part in command]
    result = invoke(*args, *(["-C", str(mini_course)] if function == "validate_course" else []))
    assert result.returncode == EXIT_BUG == 3
    assert "Traceback" not in result.output
    assert "internal error in lms-build" in result.stderr
    assert "KeyError" in result.stderr and "This is a bug in lms-build, not a problem in your course" in result.stderr


def test_lms_build_debug_shows_the_traceback(monkeypatch, mini_course: Path) -> None:
    monkeypatch.setattr(lms_build.build, "validate_course", explode)
    with pytest.raises(KeyError):
        invoke("validate", "-C", mini_course, env={"LMS_BUILD_DEBUG": "1"})


def test_an_interrupt_is_exit_130_not_a_course_error(monkeypatch, mini_course: Path) -> None:
    monkeypatch.setattr(lms_build.build, "validate_course", interrupt)
    result = invoke("validate", "-C", mini_course)
    assert result.returncode == EXIT_INTERRUPTED
    assert "Traceback" not in result.output


def test_the_console_entry_point_turns_a_bug_into_exit_3(mini_course: Path) -> None:
    """Through main() in a real process, as the installed `lms-build` script runs it."""
    script = ("import sys, lms_build.cli as cli, lms_build.build as build\n"
              "def boom(*a, **k): raise RuntimeError('boom')\n"
              "build.validate_course = boom\n"
              f"sys.argv = ['lms-build', 'validate', '-C', {str(mini_course)!r}]\n"
              "cli.main()\n")
    completed = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True,
                               timeout=120, check=False)
    assert completed.returncode == 3, completed.stderr
    assert "Traceback" not in completed.stderr
    assert "internal error in lms-build" in completed.stderr


def test_the_console_entry_point_reports_a_fifo_module_without_hanging(mini_course: Path) -> None:
    import os
    module = mini_course / "modules" / "01-perusteet.yaml"
    module.unlink()
    os.mkfifo(module)
    result = run_cli("validate", "-C", mini_course)  # a real process: a hang would hit the timeout
    assert result.returncode == 1
    assert "modules/01-perusteet.yaml: this is a named pipe (FIFO)" in result.stdout


def test_an_unknown_language_on_the_command_line_is_a_usage_error(mini_course: Path, tmp_path: Path) -> None:
    result = invoke("build", "-C", mini_course, "--lang", "xx", "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "Traceback" not in result.output


def test_an_output_path_that_is_a_file_is_a_usage_error(mini_course: Path, tmp_path: Path) -> None:
    (tmp_path / "out").write_text("x")
    result = invoke("build", "-C", mini_course, "--out", tmp_path / "out")
    assert result.returncode == 2
    assert "Traceback" not in result.output


def test_a_course_in_english_validates_and_builds_every_package(mini_course: Path, tmp_path: Path) -> None:
    """Any language code with interface strings builds: this used to crash with KeyError: 'en'."""
    for path in [mini_course / "course.toml", *mini_course.rglob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("fi:", "en:").replace("\nfi = ", "\nen = ")
                        .replace('languages = ["fi", "sv"]', 'languages = ["en", "sv"]'), encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("build", "-C", mini_course, "--out", out, "--target", "web", "--target", "scorm12",
                    "--target", "scorm2004")
    assert result.returncode == 0, result.output
    page = (out / "web" / "en" / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in page and "Skip to content" in page
    assert sorted(p.name for p in (out / "scorm12").iterdir()) == [
        "mini-course-en-scorm12-0.1.0.zip", "mini-course-sv-scorm12-0.1.0.zip"]


def test_a_course_copied_with_symlinks_inside_it_builds(mini_course: Path, tmp_path: Path) -> None:
    """Links that stay inside the course are fine (only links out of it are refused)."""
    assets = mini_course / "course_src" / "assets"
    shutil.move(assets / "map.svg", assets / "real-map.svg")
    (assets / "map.svg").symlink_to("real-map.svg")
    result = invoke("validate", "-C", mini_course)
    assert result.returncode == 0, result.output
