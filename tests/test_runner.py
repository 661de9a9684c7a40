"""Incremental builds: a job whose key is known is taken from the cache, byte for byte; a change
rebuilds exactly the files that depend on it; the cache keeps only what the last build used."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lms_build.build import build
from lms_build.diagnostics import CourseError, Diagnostic
from lms_build.runner import JobCache, run_jobs
from lms_build.targets import Job
from tests.conftest import MINI_COURSE

TARGETS = ["web", "scorm12", "scorm2004"]


@pytest.fixture
def course(tmp_path: Path) -> Path:
    copy = tmp_path / "course"
    shutil.copytree(MINI_COURSE, copy)
    return copy


def rebuilt(result) -> list[str]:
    return sorted(made.job.path for made in result.made if not made.cached)


def test_a_rebuild_without_changes_takes_every_file_from_the_cache(course: Path, tmp_path: Path) -> None:
    first = build(course, tmp_path / "out", TARGETS)
    again = build(course, tmp_path / "out", TARGETS)
    assert rebuilt(again) == []
    assert [(m.job.path, m.sha256) for m in again.made] == [(m.job.path, m.sha256) for m in first.made]
    assert set(again.changes.values()) == {"unchanged"}


def test_a_one_word_change_in_finnish_rebuilds_only_the_finnish_files_that_show_it(
        course: Path, tmp_path: Path) -> None:
    build(course, tmp_path / "out", TARGETS)
    module = course / "modules" / "01-perusteet.yaml"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace('fi: "', 'fi: "Uusi ', 1), encoding="utf-8")
    result = build(course, tmp_path / "out", TARGETS)
    # the module title: on the launch page (its first page opens the module) and in the course
    # data (the table of contents); the module's other pages are kept
    assert rebuilt(result) == ["scorm12/mini-course-fi-scorm12-0.1.0.zip",
                               "scorm2004/mini-course-fi-scorm2004-0.1.0.zip", "web/fi/index.html",
                               "web/fi/pages/index/course.data.js"]
    assert {path for path, change in result.changes.items() if change == "changed"} == set(rebuilt(result))


def test_a_changed_setting_rebuilds_what_reads_it(course: Path, tmp_path: Path) -> None:
    build(course, tmp_path / "out", TARGETS)
    config = course / "course.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("mastery_score = 80", "mastery_score = 90"),
                      encoding="utf-8")
    result = build(course, tmp_path / "out", TARGETS)
    assert {p for p in rebuilt(result) if p.endswith((".zip", ".html"))} == {
        f"{t}/mini-course-{lang}-{t}-0.1.0.zip" for t in ("scorm12", "scorm2004") for lang in ("fi", "sv")
    } | {"web/fi/index.html", "web/sv/index.html"}


def test_the_cache_keeps_only_what_the_last_build_used(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(course, out, ["web"])
    entries = {p.name for p in (out / ".lms-build-cache").glob("*/*")}
    module = course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace('fi: "', 'fi: "Uusi ', 1), encoding="utf-8")
    result = build(course, out, ["web"])
    now = {p.name for p in (out / ".lms-build-cache").glob("*/*")}
    assert now == {m.job.key for m in result.made}
    # the old Finnish index.html and course data
    assert len(entries - now) == len(rebuilt(result)) == 2


def test_a_fresh_file_that_fails_its_check_stops_the_build_and_is_not_cached(tmp_path: Path) -> None:
    bad = Job("t/x.bin", "fi", "k1", lambda: b"bad",
              verify=lambda data: [Diagnostic("t/x.bin", 0, 0, "broken", "broken package")])
    cache = JobCache(tmp_path / "cache")
    sink: dict[str, bytes] = {}
    with pytest.raises(CourseError):
        run_jobs([bad], cache, sink.__setitem__)
    assert sink == {} and cache.get("k1") is None


def test_a_zip_is_assembled_from_members_taken_from_the_cache(tmp_path: Path) -> None:
    made: list[str] = []

    def member(name: str, key: str) -> Job:
        return Job(name, "", key, lambda: made.append(name) or name.encode())

    cache = JobCache(tmp_path / "cache")
    first = Job("p/a.zip", "fi", "zip1", members=(member("a.txt", "ka"), member("b.txt", "kb")))
    second = Job("p/a.zip", "fi", "zip2", members=(member("a.txt", "ka"), member("b.txt", "kb2")))
    outputs: dict[str, bytes] = {}
    run_jobs([first], cache, outputs.__setitem__)
    run_jobs([second], cache, outputs.__setitem__)
    assert made == ["a.txt", "b.txt", "b.txt"]  # a.txt came from the cache the second time


def test_a_build_of_one_language_or_target_keeps_the_cache_of_the_others(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"

    def entries() -> set[str]:
        return {p.name for p in (out / ".lms-build-cache").glob("*/*")}

    build(course, out, TARGETS)
    everything = entries()
    build(course, out, TARGETS, ["fi"])
    build(course, out, ["web"])
    assert entries() == everything
    again = build(course, out, TARGETS, ["sv"])
    assert rebuilt(again) == []  # Swedish came from the cache, untouched by the builds between

