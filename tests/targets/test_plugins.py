"""A target added by a package outside lms-build, found through the `lms_build.targets` entry
point group like the built-in ones, with its own `[build.<name>]` options validated with
positions, and incremental through its job keys."""

from __future__ import annotations

import json
import re
import shutil
import sys
import textwrap
from pathlib import Path

import pytest

from lms_build.targets import target_names
from tests.conftest import MINI_COURSE, run_cli

PLUGIN = '''
"""A third party's target: one text file per language with a greeting and the module titles."""
from pydantic import BaseModel, ConfigDict, Field

from lms_build.targets import Job, Target


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")
    greeting: str = Field("Hei", description="First line of the file.")
    repeat: int = Field(1, ge=1, le=3, description="How many times the greeting is written.")


class HelloTarget(Target):
    name = "hello"
    description = "A greeting per language (a test plugin)"
    Options = Options

    def plan(self, lang):
        titles = [m.title.get(lang) for m in self.course.modules]
        text = "\\n".join([self.options.greeting] * self.options.repeat + titles) + "\\n"
        return [Job(f"hello/{lang}/hello.txt", lang, self.key(lang, titles), lambda: text.encode())]
'''


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An installed distribution outside the project: a module and its .dist-info metadata with
    the entry point, on a folder that goes on PYTHONPATH (as `pip install` would leave it)."""
    site = tmp_path_factory.mktemp("site")
    (site / "hello_target.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    info = site / "hello_target-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hello-target\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text("[lms_build.targets]\nhello = hello_target:HelloTarget\n")
    return site


def course_with(tmp_path: Path, build_table: str) -> Path:
    course = tmp_path / "course"
    shutil.copytree(MINI_COURSE, course)
    config = course / "course.toml"
    config.write_text(config.read_text(encoding="utf-8") + build_table, encoding="utf-8")
    return course


def test_built_in_targets_come_through_the_entry_point_group() -> None:
    assert {"web", "scorm12", "scorm2004", "pdf"} <= set(target_names())


def test_a_target_from_another_package_builds_with_its_own_options(
        plugin_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(plugin_path))
    course = course_with(tmp_path, '\n[build.hello]\ngreeting = "Moi"\nrepeat = 2\n')
    out = tmp_path / "out"
    result = run_cli("build", "-C", course, "--out", out, "--target", "hello")
    assert result.returncode == 0, result.output
    assert (out / "hello/fi/hello.txt").read_text(encoding="utf-8").startswith("Moi\nMoi\n")
    report = json.loads((out / "build-report.json").read_text())
    assert {(a["target"], a["path"]) for a in report["artifacts"]} == {
        ("hello", "hello/fi/hello.txt"), ("hello", "hello/sv/hello.txt")}
    again = run_cli("build", "-C", course, "--out", out, "--target", "hello")
    assert re.search(r"hello/fi/hello\.txt\s+fi\s+.*\bunchanged\b", again.output), again.output


def test_a_plugins_options_are_validated_at_their_line_in_course_toml(
        plugin_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTHONPATH", str(plugin_path))
    course = course_with(tmp_path, '\n[build.hello]\ngreeting = "Moi"\nrepeat = 7\n')
    line = course.joinpath("course.toml").read_text(encoding="utf-8").splitlines().index("repeat = 7") + 1
    result = run_cli("validate", "-C", course)
    assert result.returncode == 1
    assert f"course.toml:{line}:10: " in result.output and "[invalid-value]" in result.output


def test_a_table_for_a_target_that_is_not_installed_is_an_error(tmp_path: Path) -> None:
    course = course_with(tmp_path, '\n[build.xapi]\nendpoint = "x"\n')
    line = course.joinpath("course.toml").read_text(encoding="utf-8").splitlines().index("[build.xapi]") + 1
    result = run_cli("validate", "-C", course)
    assert result.returncode == 1
    assert f"course.toml:{line}:" in result.output and "no target 'xapi' is installed" in result.output


def test_help_does_not_import_any_target() -> None:
    code = ("import sys; from lms_build.cli import cli; "
            "from click.testing import CliRunner; CliRunner().invoke(cli, ['--help']); "
            "print(sorted(m for m in sys.modules if m.startswith(('lms_build.targets.', 'weasyprint', 'lxml'))))")
    import subprocess

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
