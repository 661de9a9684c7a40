"""Property: everything that validates, builds. Hypothesis puts arbitrary Unicode text into a
title, a Markdown body, an option and an accepted answer; the CLI either refuses the course with
diagnostics (exit 1) or builds the web player and a SCORM 2004 zip (exit 0), never exit 3."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI_COURSE
from tests.support.cli import invoke

from .conftest import ASSESSMENT, MODULE

# No surrogates: a YAML file is UTF-8 text, which cannot hold them.
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("build-property")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=texts, body=texts, option=texts, answer=texts)
def test_a_course_that_validates_builds(workspace: Path, title: str, body: str, option: str, answer: str) -> None:
    course = workspace / "course"
    shutil.rmtree(workspace, ignore_errors=True)
    shutil.copytree(MINI_COURSE, course)
    module = course / MODULE
    text = module.read_text(encoding="utf-8")
    text = text.replace('fi: "Johdanto"', f"fi: {json.dumps(title)}")
    text = text.replace('fi: "Viranomaisen on tuettava palvelujensa käyttöä."', f"fi: {json.dumps(body)}")
    text = text.replace('fi: "Vain IT-tuki"', f"fi: {json.dumps(option)}")
    module.write_text(text, encoding="utf-8")
    assessment = course / ASSESSMENT
    assessment.write_text(assessment.read_text(encoding="utf-8").replace(
        '"kuntatutori"]', f'"kuntatutori", {json.dumps(answer)}]'), encoding="utf-8")

    result = invoke("build", "-C", course, "--out", workspace / "out", "--target", "web",
                    "--target", "scorm2004", "--lang", "fi")

    assert result.returncode in (0, 1), result.output
    if result.returncode == 1:
        assert any(line.startswith(("modules/", "course.toml", "course_src/")) and "[" in line
                   for line in result.output.splitlines()), result.output
    else:
        assert (workspace / "out" / "web" / "fi" / "index.html").is_file()
