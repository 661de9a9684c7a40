"""Paths corpus: source and asset files that are not what their names promise (FIFOs, devices,
symlink loops, links out of the course, odd names). Each is refused before it is read, with a
diagnostic naming it; nothing blocks, nothing reads without end."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI_COURSE
from tests.hostile.conftest import CONFIG, MODULE, Case, replace
from tests.support.cli import invoke

from .conftest import assert_outcome

ASSET = "course_src/assets/map.svg"


def fifo(file: str):
    def apply(course: Path) -> None:
        (course / file).unlink(missing_ok=True)
        os.mkfifo(course / file)
    return apply


def link(file: str, target: str | Path):
    """Replace `file` with a symlink to `target` (relative targets are kept as written)."""
    def apply(course: Path) -> None:
        path = course / file
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.symlink_to(target.format(course=course, outside=course.parent) if isinstance(target, str) else target)
    return apply


def outside_copy(file: str):
    """`file` moved out of the course and linked back in from there."""
    def apply(course: Path) -> None:
        outside = course.parent / "elsewhere"
        outside.mkdir(exist_ok=True)
        (outside / Path(file).name).write_bytes((MINI_COURSE / file).read_bytes())
        link(file, outside / Path(file).name)(course)
    return apply


def outside_folder(folder: str):
    def apply(course: Path) -> None:
        outside = course.parent / "elsewhere-folder"
        shutil.copytree(course / folder, outside)
        link(folder, outside)(course)
    return apply


def loop(file: str):
    def apply(course: Path) -> None:
        (course / file).unlink(missing_ok=True)
        (course / file).symlink_to(course / (file + ".other"))
        (course / (file + ".other")).symlink_to(course / file)
    return apply


def folder_in_place_of(file: str):
    def apply(course: Path) -> None:
        (course / file).unlink()
        (course / file).mkdir()
    return apply


def named(name: str):
    def apply(course: Path) -> None:
        (course / "modules" / name).write_text("id: x\n", encoding="utf-8")
    return apply


CASES = [
    Case("module is a FIFO", fifo(MODULE), MODULE, "named pipe (FIFO), not a regular file", "not-a-file"),
    Case("course.toml is a FIFO", fifo(CONFIG), CONFIG, "named pipe (FIFO)", "not-a-file"),
    Case("glossary is a FIFO", fifo("course_src/glossary.yaml"), "course_src/glossary.yaml", "named pipe (FIFO)", "not-a-file"),
    Case("extra page is a FIFO", fifo("course_src/pages/saavutettavuus.yaml"), "course_src/pages/saavutettavuus.yaml",
         "named pipe (FIFO)", "not-a-file"),
    Case("module symlinked to /dev/zero", link(MODULE, "/dev/zero"), MODULE, "outside the course folder", "outside-course"),
    Case("module symlinked to /dev/urandom", link(MODULE, "/dev/urandom"), MODULE, "outside the course folder", "outside-course"),
    Case("module symlink loop", loop(MODULE), MODULE, "symlink loop", "symlink-loop"),
    Case("module symlinked from outside the course", outside_copy(MODULE), MODULE, "symlink to a file outside the course folder",
         "outside-course"),
    Case("course.toml symlinked from outside", outside_copy(CONFIG), CONFIG, "outside the course folder", "outside-course"),
    Case("modules folder symlinked from outside", outside_folder("modules"), "modules", "symlink to a folder outside the course",
         "outside-course"),
    Case("broken module symlink", link(MODULE, "{course}/nowhere.yaml"), MODULE, "broken symlink", "missing"),
    Case("course.toml is a folder", folder_in_place_of(CONFIG), CONFIG, "this is a folder, not a regular file", "not-a-file"),
    Case("module is a folder", folder_in_place_of(MODULE), MODULE, "this is a folder", "not-a-file"),
    Case("asset is a FIFO", fifo(ASSET), f"{MODULE}:33:14:", "named pipe (FIFO)", "asset-unsafe"),
    Case("asset symlinked to /dev/zero", link(ASSET, "/dev/zero"), f"{MODULE}:33:14:", "symlink to a file outside course_src/",
         "asset-outside-course"),
    Case("asset symlink loop", loop(ASSET), f"{MODULE}:33:14:", "symlink loop", "asset-unsafe"),
    Case("asset symlinked from outside", outside_copy(ASSET), f"{MODULE}:33:14:", "outside course_src/", "asset-outside-course"),
    Case("asset folder symlinked to /", link("course_src/assets", "/"), f"{MODULE}:33:14:", "outside course_src/",
         "asset-outside-course"),
    Case("course_src symlinked from outside", outside_folder("course_src"), f"{MODULE}:33:14:",
         "course_src/ is a symlink to a folder outside the course", "asset-outside-course"),
    Case("asset is a folder", folder_in_place_of(ASSET), f"{MODULE}:33:14:", "this is a folder", "asset-unsafe"),
    Case("absolute asset path", replace(MODULE, "src: assets/map.svg", "src: /etc/passwd"), f"{MODULE}:33:14:",
         "must be a relative path", "asset-path"),
    Case("Windows asset path", replace(MODULE, "src: assets/map.svg", "src: C:\\\\x\\\\map.svg"), f"{MODULE}:33:14:",
         "must be a relative path", "asset-path"),
    Case("asset path escaping the course", replace(MODULE, "src: assets/map.svg", "src: ../../../../etc/passwd.svg"),
         f"{MODULE}:33:14:", "points outside course_src/", "asset-outside-course"),
    Case("module named with an escape sequence", named("\x1b]0;pwned\x07.yaml"), "modules/\\x1b]0;pwned\\x07.yaml:1:1:",
         "missing required field 'order'", "missing-field"),
    Case("module named with a line break", named("02-a\nb.yaml"), "modules/02-a\\nb.yaml:1:1:", "missing required field 'order'",
         "missing-field"),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_path_is_refused_before_it_is_read(case: Case, mini_course: Path) -> None:
    case.change(mini_course)
    assert_outcome(case, invoke("validate", "-C", mini_course))


def test_a_course_folder_that_is_a_fifo_is_not_a_course(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "course")
    result = invoke("validate", "-C", tmp_path / "course")
    assert result.returncode == 1
    assert "course.toml not found" in result.output


def test_new_module_does_not_block_on_a_fifo_course_toml(mini_course: Path) -> None:
    fifo(CONFIG)(mini_course)
    result = invoke("new", "module", "lisa", "-C", mini_course)
    assert result.returncode == 0, result.output
    assert (mini_course / "modules" / "03-lisa.yaml").is_file()
