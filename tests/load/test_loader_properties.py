"""Property: whatever the source text, loading and validating give a model or diagnostics, never
an exception. Hypothesis generates the texts: raw YAML-ish noise, and real module files with
random edits (the near-misses where a traceback would hide)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms_build.build import validate_course
from lms_build.diagnostics import Diagnostic
from lms_build.load.source import SourceDoc
from lms_build.load.toml_source import parse_toml
from lms_build.load.yaml_source import parse_yaml
from tests.conftest import MINI_COURSE

MODULE = "modules/01-perusteet.yaml"
YAML_PIECES = [": ", "- ", "\n", "  ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ", "!x ", "|", ">",
               "'", '"', "#", "? ", "<<: ", "---\n", "...\n", "~", "\t", "\x00", "\ufeff", "\x85", "%YAML 1.2\n",
               "id", "fi", "sv", "type", "text", "1", "0x", "1e9", "yes", ".nan", "2026-01-01", "é", "\\"]

yaml_noise = st.lists(st.sampled_from(YAML_PIECES) | st.text(max_size=3), max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(yaml_noise)
def test_any_yaml_text_gives_a_document_or_one_diagnostic(text: str) -> None:
    result = parse_yaml(text, "m.yaml")
    assert isinstance(result, SourceDoc | Diagnostic)
    if isinstance(result, Diagnostic):
        assert result.line >= 1 and result.column >= 1 and result.message


toml_noise = st.lists(st.sampled_from(["=", "[", "]", "{", "}", "\n", '"', "'", "#", "a", "1", ".", ",",
                                       "\ufeff", "\x00", "[[", "]]", "9" * 70, "x = "]), max_size=60).map("".join)


@settings(max_examples=300, deadline=None)
@given(toml_noise)
def test_any_toml_text_gives_a_document_or_one_diagnostic(text: str) -> None:
    assert isinstance(parse_toml(text, "course.toml"), SourceDoc | Diagnostic)


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("property") / "course"
    shutil.copytree(MINI_COURSE, target)
    return target


edits = st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 40), st.sampled_from(YAML_PIECES) | st.text(max_size=8)),
    min_size=1, max_size=6)


def apply(text: str, changes: list[tuple[float, int, str]]) -> str:
    for where, cut, insert in changes:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut:]
    return text


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=edits)
def test_a_module_with_random_edits_validates_or_gets_diagnostics(course_copy: Path, changes) -> None:
    original = (MINI_COURSE / MODULE).read_text(encoding="utf-8")
    (course_copy / MODULE).write_text(apply(original, changes), encoding="utf-8")
    course, diagnostics, _ = validate_course(course_copy)
    assert (course is None) == any(d.severity == "error" for d in diagnostics)
    for diagnostic in diagnostics:
        assert diagnostic.file and diagnostic.message
        assert diagnostic.format().isprintable() or "\\" in diagnostic.format()
