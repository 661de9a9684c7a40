"""A build owns only what it made: other files in the output folder survive or stop the build,
nothing is written through a link, forbidden output folders are refused, and a build that fails
while moving files into place leaves the earlier output and its report byte-identical."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lms_build.build import build
from lms_build.output import REPORT_NAME, OutFolderNotAllowed, OutputError, OutputFolder
from tests.conftest import MINI_COURSE, run_cli


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def own_files(folder: Path) -> dict[str, bytes]:
    """Everything a user would see (the build's cache and lock are hidden files of its own)."""
    return {path: data for path, data in snapshot(folder).items() if not path.startswith(".lms-build")}


@pytest.fixture
def web_out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    build(MINI_COURSE, out, ["web"])
    return out


def test_files_of_the_user_beside_the_build_survive_a_rebuild(web_out: Path) -> None:
    (web_out / "web" / "notes.txt").write_text("mine")
    (web_out / "web" / "fi" / "draft.html").write_text("mine too")
    build(MINI_COURSE, web_out, ["web"])
    assert (web_out / "web" / "notes.txt").read_text() == "mine"
    assert (web_out / "web" / "fi" / "draft.html").read_text() == "mine too"


def test_a_file_of_the_user_where_the_build_would_write_stops_it_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "web" / "fi").mkdir(parents=True)
    (out / "web" / "fi" / "index.html").write_text("my own page")
    with pytest.raises(OutputError, match=r"web/fi/index.html exists and was not made by lms-build"):
        build(MINI_COURSE, out, ["web"])
    assert own_files(out) == {"web/fi/index.html": b"my own page"}


@pytest.mark.parametrize("where", ["course", "inside", "root", "home"])
def test_forbidden_output_folders_are_refused_as_usage_errors(tmp_path: Path, where: str) -> None:
    course = tmp_path / "course"
    course.mkdir()
    out = {"course": course, "inside": course / "modules", "root": Path("/"), "home": Path.home()}[where]
    with pytest.raises(OutFolderNotAllowed):
        build(course, out, ["web"])


def test_the_cli_names_the_forbidden_output_folder_with_a_usage_error() -> None:
    result = run_cli("build", "-C", MINI_COURSE, "--out", MINI_COURSE / "modules")
    assert result.returncode == 2 and "inside the course" in result.output


def test_the_default_dist_folder_inside_the_course_is_allowed(tmp_path: Path) -> None:
    course = tmp_path / "course"
    shutil.copytree(MINI_COURSE, course)
    assert run_cli("build", "-C", course, "--target", "web").returncode == 0
    assert (course / "dist" / "web" / "fi" / "index.html").is_file()


def test_nothing_is_written_through_a_symbolic_link(tmp_path: Path) -> None:
    victim = tmp_path / "elsewhere"
    victim.mkdir()
    (victim / "precious.txt").write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    (out / "web").symlink_to(victim, target_is_directory=True)
    with pytest.raises(OutputError, match="symbolic link"):
        build(MINI_COURSE, out, ["web"])
    assert snapshot(victim) == {"precious.txt": b"keep"}


def test_links_planted_at_the_report_are_replaced_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    out = tmp_path / "out"
    out.mkdir()
    for planted in (REPORT_NAME, "build-report.json.partial", ".build-report-x.partial"):
        (out / planted).symlink_to(victim)
    build(MINI_COURSE, out, ["web"])
    assert victim.read_text() == "keep"
    assert not (out / REPORT_NAME).is_symlink()
    assert json.loads((out / REPORT_NAME).read_text())["artifacts"]


def test_a_build_that_fails_while_moving_files_in_leaves_everything_as_it_was(
        web_out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = snapshot(web_out)
    real_replace = os.replace
    moves = {"count": 0}

    def failing_replace(source: str | Path, target: str | Path) -> None:
        if "new" in Path(source).parts:
            moves["count"] += 1
            if moves["count"] == 5:
                raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", failing_replace)
    changed = web_out.parent / "changed"
    shutil.copytree(MINI_COURSE, changed)
    toml = changed / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('version = "', 'version = "9', 1), encoding="utf-8")
    with pytest.raises(OSError, match="No space left"):
        build(changed, web_out, ["web"])
    after = snapshot(web_out)
    assert {k: v for k, v in after.items() if not k.startswith(".lms-build-cache")} == \
        {k: v for k, v in before.items() if not k.startswith(".lms-build-cache")}
    assert not list(web_out.glob(".lms-build-staging-*"))


def test_a_staging_folder_left_by_a_killed_build_is_removed_by_the_next(web_out: Path) -> None:
    left = web_out / ".lms-build-staging-dead1234" / "new" / "web"
    left.mkdir(parents=True)
    (left / "x.html").write_text("half")
    build(MINI_COURSE, web_out, ["web"])
    assert not list(web_out.glob(".lms-build-staging-*"))


def test_two_builds_cannot_write_into_one_folder_at_once(tmp_path: Path) -> None:
    with OutputFolder(tmp_path / "out"), pytest.raises(OutputError, match="another lms-build"):
        build(MINI_COURSE, tmp_path / "out", ["web"])


def test_a_target_no_longer_making_a_file_removes_only_its_own(web_out: Path) -> None:
    report = json.loads((web_out / REPORT_NAME).read_text())
    ghost = "web/fi/player/removed-in-this-version.js"
    (web_out / ghost).write_text("made by an older lms-build")
    report["artifacts"].append({"target": "web", "lang": "fi", "path": ghost, "bytes": 26, "sha256": "0" * 64})
    (web_out / REPORT_NAME).write_text(json.dumps(report))
    build(MINI_COURSE, web_out, ["web"], ["fi"])
    assert not (web_out / ghost).exists()
    assert ghost not in (web_out / REPORT_NAME).read_text()


# Random trees of the user's own files anywhere in the output folder survive any build: either
# they are left alone, or (where the build must write) the build refuses and changes nothing.
names = st.sampled_from(["web", "fi", "sv", "pdf", "index.html", "notes.txt", "player", "assets", "x"])
trees = st.lists(st.lists(names, min_size=1, max_size=4), min_size=1, max_size=6)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=trees)
def test_any_tree_of_the_users_files_survives_a_build(tmp_path_factory: pytest.TempPathFactory,
                                                       tree: list[list[str]]) -> None:
    out = tmp_path_factory.mktemp("out")
    for parts in tree:
        path = out.joinpath(*parts)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists():
                path.write_text("/".join(parts))
        except (FileExistsError, NotADirectoryError, IsADirectoryError):
            continue  # a file where the tree wants a folder: not a tree a user can have
    before = snapshot(out)
    try:
        build(MINI_COURSE, out, ["web"], ["fi"])
        refused = False
    except OutputError:
        refused = True
    after = snapshot(out)
    for path, data in before.items():
        assert after.get(path) == data, path
    if refused:
        assert own_files(out) == before


# --- killed builds ------------------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait_for(condition: Callable[[], bool], seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


@pytest.mark.parametrize("moment", ["validating", "rendering", "pdf-workers"])
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_build_leaves_the_earlier_output_and_no_process_behind(
        web_out: Path, moment: str, signal_number: int) -> None:
    before = own_files(web_out)
    env = {**os.environ, "LMS_BUILD_CACHE_DIR": "off", "LMS_BUILD_JOBS": "2"}
    process = subprocess.Popen([sys.executable, "-m", "lms_build", "build", "-C", str(MINI_COURSE),
                                "--out", str(web_out), "--target", "web", "--target", "pdf"],
                               env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: list[int] = []
    if moment == "validating":
        time.sleep(0.5)
    elif moment == "rendering":
        assert _wait_for(lambda: any(web_out.glob(".lms-build-staging-*/new"))), "rendering started"
    elif moment == "pdf-workers":
        assert _wait_for(lambda: len(_children(process.pid)) >= 2), "PDF workers started"
        workers = _children(process.pid)
    assert process.poll() is None, "the build was still running when it was killed"
    process.send_signal(signal_number)
    code = process.wait(timeout=60)
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), seconds=10), "workers died with it"
    assert own_files(web_out) == before, "earlier output and report are byte-identical"
    if signal_number == signal.SIGINT:
        # Before Python has installed its handler (interpreter start-up) Ctrl-C simply ends it.
        assert code == 130 or (moment == "validating" and code == -signal.SIGINT)
        assert b"Traceback" not in process.stderr.read()
        assert not list(web_out.glob(".lms-build-staging-*"))
    process.stderr.close()
    build(MINI_COURSE, web_out, ["web"])  # the next build cleans up whatever a SIGKILL left
    assert not list(web_out.glob(".lms-build-staging-*"))
