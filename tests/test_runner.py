"""Incremental builds: a job whose key is known is taken from the cache, byte for byte; a change
rebuilds exactly the files that depend on it; the cache keeps only what the last build used."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from lms_build import interrupts, runner
from lms_build.build import build
from lms_build.diagnostics import CourseError, Diagnostic
from lms_build.runner import JobCache, run_jobs
from lms_build.targets import Job

TARGETS = ["web", "scorm12", "scorm2004"]


@pytest.fixture
def course(mini_course: Path) -> Path:
    return mini_course  # a writable copy (tests/conftest.py)


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


def warning_job(path: str, key: str, message: str, heavy: bool = False) -> Job:
    """A job that logs a warning while it makes its bytes, as a PDF handout logs WeasyPrint's."""
    def produce() -> bytes:
        logging.getLogger("lms_build.test").warning("%s: %s", path, message)
        return message.encode()
    return Job(path, "fi", key, produce, heavy=heavy)


@pytest.mark.parametrize("heavy", [False, True], ids=["light", "heavy"])
def test_a_job_taken_from_the_cache_reports_the_warnings_it_logged_when_it_was_made(
        heavy: bool, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    job = warning_job("t/a.pdf", "kw" + str(heavy), "image refused", heavy)
    quiet = Job("t/b.pdf", "fi", "kq" + str(heavy), lambda: b"quiet", heavy=heavy)
    runs = []
    for folders in ((tmp_path / "out", [tmp_path / "user"]), (tmp_path / "other", [tmp_path / "user"])):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="lms_build"):
            runs.append(run_jobs([job, quiet], JobCache(*folders), lambda path, data: None))
        assert [record.getMessage() for record in caplog.records] == ["t/a.pdf: image refused"]
    fresh, cached = runs
    assert [(p.cached, p.warnings) for p in fresh] == [(False, ("t/a.pdf: image refused",)), (False, ())]
    # A heavy job comes from the per-user cache into another output folder; a light one is made again.
    assert [(p.cached, p.warnings) for p in cached] == [(heavy, ("t/a.pdf: image refused",)), (heavy, ())]


def test_a_pooled_heavy_job_brings_its_warnings_back_from_the_worker(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "_safe_to_fork", lambda: True)
    monkeypatch.setenv("LMS_BUILD_JOBS", "2")
    jobs = [warning_job(f"t/{n}.pdf", f"kp{n}", f"warning {n}", heavy=True) for n in range(3)]
    made = run_jobs(jobs, JobCache(tmp_path / "cache"), lambda path, data: None)
    assert [p.warnings for p in made] == [(f"t/{n}.pdf: warning {n}",) for n in range(3)]


def test_a_zip_carries_the_warnings_of_its_members_made_or_cached(tmp_path: Path) -> None:
    cache = JobCache(tmp_path / "cache")
    member = warning_job("a.txt", "km", "odd text")
    first, second = (Job("p/a.zip", "fi", key, members=(member, Job("b.txt", "", key + "b", lambda: b"b")))
                     for key in ("z1", "z2"))
    (made,) = run_jobs([first], cache, lambda path, data: None)
    (again,) = run_jobs([second], cache, lambda path, data: None)  # the member from the cache
    assert made.warnings == again.warnings == ("a.txt: odd text",)


def test_pruning_keeps_the_warnings_of_the_entries_it_keeps(tmp_path: Path) -> None:
    cache = JobCache(tmp_path / "cache")
    run_jobs([warning_job("t/a.pdf", "kept", "w"), warning_job("t/b.pdf", "gone", "w")], cache,
             lambda path, data: None)
    later = JobCache(tmp_path / "cache")
    run_jobs([warning_job("t/a.pdf", "kept", "w")], later, lambda path, data: None)
    later.prune()
    assert sorted(p.name for p in (tmp_path / "cache").glob("*/*")) == ["kept", "kept.warnings.json"]
    assert later.entry("kept") == (b"w", ("t/a.pdf: w",))


def test_a_ctrl_c_whose_exception_was_swallowed_still_stops_the_run_before_the_next_file(tmp_path: Path) -> None:
    """C code that runs a Python callback (cffi, lxml) may drop the KeyboardInterrupt a Ctrl-C
    raised there; the handler's flag stops the run at the next job, before its bytes are kept."""
    sunk: list[str] = []

    def swallowed() -> bytes:
        interrupts.INTERRUPTED.set()  # the handler ran; its exception was lost in C code
        return b"a"

    jobs = [Job("t/a.txt", "fi", "ka", swallowed), Job("t/b.txt", "fi", "kb", lambda: b"b")]
    try:
        with pytest.raises(KeyboardInterrupt):
            run_jobs(jobs, JobCache(tmp_path / "cache"), lambda path, data: sunk.append(path))
    finally:
        interrupts.INTERRUPTED.clear()
    assert sunk == []
