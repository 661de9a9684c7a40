"""The up-to-date check: a build whose inputs are exactly those of the last build into the same
folder, with every file that build made still in place, does nothing (no validation, no planning,
no target imported) and says so honestly; any change to any input, and any damage to the output,
makes it build again."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import lms_build.build
from lms_build.build import BuildResult, build
from lms_build.diagnostics import CourseError
from lms_build.schemas import find_schemas_dir

TARGETS = ["web", "scorm12", "scorm2004"]


@pytest.fixture
def course(mini_course: Path) -> Path:
    return mini_course  # a writable copy (tests/conftest.py)


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The course folders validated from now on: an up-to-date build validates none."""
    seen: list[Path] = []
    real = lms_build.build.validate_course

    def spy(root: Path, *args, **kwargs):
        seen.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(lms_build.build, "validate_course", spy)
    return seen


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} has no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def is_up_to_date(result: BuildResult) -> bool:
    return all(made.cached for made in result.made) and set(result.changes.values()) == {"unchanged"}


def test_a_build_with_nothing_changed_is_up_to_date_without_validating(
        course: Path, tmp_path: Path, validations: list[Path]) -> None:
    first = build(course, tmp_path / "out", TARGETS)
    again = build(course, tmp_path / "out", TARGETS)
    assert len(validations) == 1  # only the first build read the course
    assert is_up_to_date(again)
    assert [(m.job.path, m.job.lang, m.job.key, m.size, m.sha256) for m in again.made] == \
           [(m.job.path, m.job.lang, m.job.key, m.size, m.sha256) for m in first.made]
    assert again.artifacts == first.artifacts
    assert again.warnings == first.warnings


def test_the_progress_callback_sees_every_file_of_an_up_to_date_build(course: Path, tmp_path: Path) -> None:
    first = build(course, tmp_path / "out", TARGETS)
    seen: list[str] = []
    build(course, tmp_path / "out", TARGETS, progress=lambda made: seen.append(made.job.path))
    assert seen == [made.job.path for made in first.made]


Change = Callable[[Path], None]
INPUT_CHANGES: dict[str, Change] = {
    "a module's text": lambda root: edit(root / "modules" / "01-perusteet.yaml", "Perusteet", "Alkeet"),
    "an asset": lambda root: edit(root / "course_src" / "assets" / "map.svg", "<svg", "<svg data-x='1'"),
    "course.toml": lambda root: edit(root / "course.toml", "mastery_score = 80", "mastery_score = 90"),
    "a glossary": lambda root: edit(root / "course_src" / "glossary.yaml", ":", ": ", ),
    "a new file in modules/": lambda root: (root / "modules" / "notes.txt").write_text("x", encoding="utf-8"),
    "a removed extra page": lambda root: (root / "course_src" / "pages" / "saavutettavuus.yaml").unlink(),
}


@pytest.mark.parametrize("change", INPUT_CHANGES.values(), ids=INPUT_CHANGES.keys())
def test_any_change_to_the_course_builds_again(change: Change, course: Path, tmp_path: Path,
                                               validations: list[Path]) -> None:
    build(course, tmp_path / "out", ["web"])
    change(course)
    with contextlib.suppress(CourseError):  # a change may make the course invalid: it was read again
        build(course, tmp_path / "out", ["web"])
    assert len(validations) == 2


def test_other_options_build_again(course: Path, tmp_path: Path, validations: list[Path]) -> None:
    out = tmp_path / "out"
    build(course, out, ["web"])
    build(course, out, ["web"], ["fi"])
    build(course, out, ["web", "scorm12"], ["fi"])
    build(course, out, ["web", "scorm12"], ["fi"], include_drafts=True)
    assert len(validations) == 4
    build(course, out, ["web", "scorm12"], ["fi"], include_drafts=True)
    assert len(validations) == 4  # the same options again: up to date


def test_drafts_change_what_is_built_and_the_warning_is_shown_again(
        course: Path, tmp_path: Path, validations: list[Path]) -> None:
    edit(course / "modules" / "01-perusteet.yaml", "order: 1\n", "order: 1\ndraft: true\n")
    out = tmp_path / "out"
    without = build(course, out, ["web"])
    again = build(course, out, ["web"])
    assert is_up_to_date(again) and len(validations) == 1
    assert again.warnings == without.warnings and any("draft" in w.message for w in without.warnings)
    with_drafts = build(course, out, ["web"], include_drafts=True)
    assert len(validations) == 2
    assert {m.job.path: m.sha256 for m in with_drafts.made}["web/fi/index.html"] != \
           {m.job.path: m.sha256 for m in without.made}["web/fi/index.html"]


def test_a_setting_from_the_environment_builds_again(course: Path, tmp_path: Path, validations: list[Path],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    build(course, tmp_path / "out", TARGETS)
    schemas = find_schemas_dir(course)
    monkeypatch.setenv("LMS_BUILD_SCHEMAS", f"{schemas}/.")  # the same XSDs, named another way
    build(course, tmp_path / "out", TARGETS)
    assert len(validations) == 2


@pytest.mark.parametrize("damage", ["touched", "deleted", "replaced by a link"])
def test_a_damaged_output_file_is_repaired(damage: str, course: Path, tmp_path: Path,
                                           validations: list[Path]) -> None:
    out = tmp_path / "out"
    first = build(course, out, TARGETS)
    target = out / "scorm12" / "mini-course-fi-scorm12-0.1.0.zip"
    original = target.read_bytes()
    if damage == "touched":
        target.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    elif damage == "deleted":
        target.unlink()
    else:
        (tmp_path / "elsewhere.zip").write_bytes(original)
        target.unlink()
        target.symlink_to(tmp_path / "elsewhere.zip")
    repaired = build(course, out, TARGETS)
    assert len(validations) == 2
    assert not target.is_symlink() and target.read_bytes() == original
    assert [m.sha256 for m in repaired.made] == [m.sha256 for m in first.made]
    assert build(course, out, TARGETS) and len(validations) == 2  # and then up to date again


def test_a_report_edited_by_hand_is_not_trusted(course: Path, tmp_path: Path, validations: list[Path]) -> None:
    out = tmp_path / "out"
    build(course, out, ["web"])
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))
    report["up_to_date"]["files"][0]["path"] = "../../outside.html"
    (out / "build-report.json").write_text(json.dumps(report), encoding="utf-8")
    build(course, out, ["web"])
    assert len(validations) == 2


def test_an_up_to_date_build_imports_neither_the_model_nor_the_targets(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    script = ("import sys; from pathlib import Path; from lms_build.build import build\n"
              f"result = build(Path({str(course)!r}), Path({str(out)!r}), {TARGETS!r})\n"
              "print(all(m.cached for m in result.made), sorted(m for m in sys.modules if m.split('.')[0] in "
              "('pydantic', 'jinja2', 'markdown_it', 'lxml', 'yaml') or m.startswith('lms_build.targets.')))")

    def run() -> str:
        return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout

    assert run().startswith("False [")  # the first build renders: it imports all of that
    assert run().strip() == "True []"


def test_the_fonts_and_hyphenation_of_the_pdf_target_are_inputs_when_it_is_built(
        course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from lms_build.targets.pdf import engine
    from lms_build.up_to_date import build_fingerprint

    def fingerprints() -> tuple[str, str, str]:
        return (build_fingerprint(course, ["pdf"], None, False, "en"),
                build_fingerprint(course, None, None, False, "en"),  # course.toml: web only
                build_fingerprint(course, ["web"], None, False, "en"))

    before = fingerprints()
    monkeypatch.setattr(engine, "engine_fingerprint", lambda: "another font, another Voikko")
    after = fingerprints()
    assert after[0] != before[0]
    assert after[1:] == before[1:]
