"""Builds of everything but PDF, timed as whole processes: the real course cold, a no-op rebuild
and a one-word change (with the list of files made again), the same build at the commit before
this wave ("today"), and generated courses of growing size, each beside its baselines."""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from .generate import generate
from .measure import Run, median, paired, run_process, summary

REPO = Path(__file__).resolve().parents[1]
#: The last commit before the targets-as-plugins wave: the build as it was "today" in issue #9.
TODAY_COMMIT = "d8f63cf"
NOT_PDF = ("web", "scorm12", "scorm2004")


@dataclass
class Setup:
    scratch: Path  # a temporary folder for courses and output folders
    env: dict[str, str]  # environment of every child (LMS_BUILD_CACHE_DIR=off, LMS_BUILD_SCHEMAS)
    rounds: int
    today: Path | None = None  # a worktree at TODAY_COMMIT, when the repository has that commit
    counter: itertools.count = field(default_factory=itertools.count)

    def fresh(self, name: str) -> Path:
        return self.scratch / f"{name}-{next(self.counter)}"


def python() -> list[str]:
    return [sys.executable]


def now_build(setup: Setup, course: Path, out: Path, targets: Sequence[str] = NOT_PDF,
              report: Path | None = None, extra: Sequence[str] = ()) -> Run:
    """This checkout's build in a child process (benchmarks/build_once.py: `build()` as
    `lms-build build` calls it), optionally writing what it made to `report`."""
    argv = [*python(), "-m", "benchmarks.build_once", str(course), str(out),
            *(arg for name in targets for arg in ("--target", name)), *extra]
    if report is not None:
        argv += ["--report", str(report)]
    return run_process(argv, setup.env, cwd=REPO)


def today_build(setup: Setup, course: Path, out: Path) -> Run:
    """`lms-build build` of the old code: run from its worktree (the current folder comes first on
    sys.path) with PYTHONPATH pointing at it, so this checkout's editable install is not used."""
    assert setup.today is not None
    # The old code cannot read this wave's course format (sources catalogue, [assessment], ...),
    # so "today" builds the course as it was then: the same course folder in the old checkout.
    if course.is_relative_to(REPO):
        course = setup.today / course.relative_to(REPO)
    argv = [*python(), "-m", "lms_build", "build", "-C", str(course), "--out", str(out),
            *(arg for name in NOT_PDF for arg in ("--target", name))]
    return run_process(argv, {**setup.env, "PYTHONPATH": str(setup.today)}, cwd=setup.today)


class Cold:
    """A step that builds into a new, empty output folder each time. The folder of the latest run
    is kept (`last`) for the benchmarks that look at built output; earlier ones are removed."""

    def __init__(self, build: Callable[[Path], Run], setup: Setup):
        self.build = build
        self.setup = setup
        self.last: Path | None = None

    def __call__(self) -> Run:
        if self.last is not None:
            shutil.rmtree(self.last, ignore_errors=True)  # untimed
        self.last = self.setup.fresh("cold")
        return self.build(self.last)


def add_today(setup: Setup) -> str | None:
    """Check out TODAY_COMMIT into a temporary worktree; the reason when that is not possible."""
    if shutil.which("git") is None:
        return "git is not installed: no 'today' baseline"
    if subprocess.run(["git", "-C", str(REPO), "cat-file", "-e", f"{TODAY_COMMIT}^{{commit}}"],
                      capture_output=True).returncode != 0:
        return f"commit {TODAY_COMMIT} is not in this clone (shallow?): no 'today' baseline"
    folder = setup.scratch / "today"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "-q", str(folder), TODAY_COMMIT],
                   check=True, capture_output=True)
    setup.today = folder
    return None


def remove_today(setup: Setup) -> None:
    if setup.today is not None:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(setup.today)],
                       capture_output=True)
        setup.today = None


class OneWordChange:
    """Each call changes one word in one lesson module of a copy of the course (adds a word to the
    first line of the first Finnish text block of its pages, then takes it away again), the
    commonest edit an author makes, and rebuilds into the same output folder."""

    WORD = " muutos"
    #: The first line of a `fi: |` block after `pages:`.
    FIRST_BODY_LINE = re.compile(r"^ +fi: \|\n +(\S.*)$", re.MULTILINE)

    def __init__(self, setup: Setup, course: Path):
        self.setup = setup
        self.course = setup.fresh("changed-course")
        shutil.copytree(course, self.course, ignore=shutil.ignore_patterns("dist", ".*", "node_modules"))
        lessons = [path for path in sorted((self.course / "modules").glob("*.yaml"))
                   if not re.search(r"^kind: *assessment", path.read_text(encoding="utf-8"), re.MULTILINE)]
        self.module = lessons[min(2, len(lessons) - 1)]
        self.out = setup.fresh("changed-out")
        self.report = setup.scratch / "changed-report.json"
        self.rebuilt: list[list[str]] = []
        self.total = 0
        now_build(setup, self.course, self.out)  # the build before the change (untimed)

    def __call__(self) -> Run:
        text = self.module.read_text(encoding="utf-8")
        body = self.FIRST_BODY_LINE.search(text, text.index("\npages:"))
        assert body is not None, f"{self.module}: no Finnish text block in its pages"
        line = body.group(1)
        changed = line.removesuffix(self.WORD) if line.endswith(self.WORD) else line + self.WORD
        self.module.write_text(text[: body.start(1)] + changed + text[body.end(1):], encoding="utf-8")
        run = now_build(self.setup, self.course, self.out, report=self.report)
        made = json.loads(self.report.read_text(encoding="utf-8"))["made"]
        self.rebuilt.append(sorted(item["path"] for item in made if not item["cached"]))
        self.total = len(made)
        return run


def real_course(setup: Setup, course: Path) -> dict:
    """The course cold, no-op and after a one-word change, with baselines, in paired rounds."""
    today_missing = add_today(setup)
    warm = setup.fresh("warm")
    now_build(setup, course, warm)  # the no-op steps rebuild this folder (first build untimed)
    change = OneWordChange(setup, course)
    steps: dict[str, Callable[[], Run]] = {
        "python -c pass": lambda: run_process([*python(), "-c", "pass"], setup.env, cwd=REPO),
        "lms-build --help": lambda: run_process([*python(), "-m", "lms_build", "--help"], setup.env, cwd=REPO),
    }
    if setup.today is not None:
        today = setup.today
        steps["lms-build --help (today)"] = lambda: run_process(
            [*python(), "-m", "lms_build", "--help"], {**setup.env, "PYTHONPATH": str(today)}, cwd=today)
    cold_now = steps["cold build"] = Cold(lambda out: now_build(setup, course, out), setup)
    cold_today = Cold(lambda out: today_build(setup, course, out), setup)
    if setup.today is not None:
        steps["cold build (today)"] = cold_today
    steps["no-op rebuild"] = lambda: now_build(setup, course, warm)
    steps["one-word change"] = change
    runs = paired(steps, setup.rounds)
    result = {
        "course": str(course.relative_to(REPO) if course.is_relative_to(REPO) else course),
        "targets": list(NOT_PDF),
        "today_commit": TODAY_COMMIT,
        "today_missing": today_missing,
        "commands": {name: summary(found) for name, found in runs.items()},
        "noop_share_of_cold": round(median(runs["no-op rebuild"]) / median(runs["cold build"]), 4),
        "change_share_of_cold": round(median(runs["one-word change"]) / median(runs["cold build"]), 4),
        "changed_module": change.module.name,
        "rebuilt_after_change": change.rebuilt[-1],
        "files_after_change": change.total,
        "rebuilt_same_every_run": all(paths == change.rebuilt[0] for paths in change.rebuilt),
    }
    if setup.today is not None:
        result["cold_vs_today"] = round(median(runs["cold build"]) / median(runs["cold build (today)"]), 4)
    result["_output"] = str(cold_now.last)  # "_": for later sections, not written to results.json
    result["_today_output"] = str(cold_today.last) if cold_today.last else None
    return result


def scale(setup: Setup, sizes: list[int], rounds_for: Callable[[int], int], today_baseline: bool = True) -> dict:
    """Generated courses: cold build time and peak memory per size, both languages, with the
    same build at TODAY_COMMIT on the smallest size as a baseline (when available)."""
    rows = {}
    for size in sizes:
        course = generate(size, setup.fresh(f"course-{size}"))
        steps: dict[str, Callable[[], Run]] = {
            "python -c pass": lambda: run_process([*python(), "-c", "pass"], setup.env, cwd=REPO),
            "cold build": Cold(lambda out, course=course: now_build(setup, course, out), setup),
        }
        if size == sizes[0] and setup.today is not None and today_baseline:
            steps["cold build (today)"] = Cold(lambda out, course=course: today_build(setup, course, out), setup)
        runs = paired(steps, rounds_for(size))
        rows[str(size)] = {name: summary(found) for name, found in runs.items()}
        if size != sizes[-1]:
            for step in steps.values():
                if isinstance(step, Cold) and step.last is not None:
                    shutil.rmtree(step.last, ignore_errors=True)
        shutil.rmtree(course, ignore_errors=True)
        largest_output = steps["cold build"].last  # type: ignore[attr-defined]
    smallest, largest = str(sizes[0]), str(sizes[-1])
    growth = None
    ratio = sizes[-1] / sizes[0]
    if len(sizes) > 1:
        growth = round(rows[largest]["cold build"]["cpu"]["median"]
                       / rows[smallest]["cold build"]["cpu"]["median"] / ratio, 4)
    return {"sizes": sizes, "targets": list(NOT_PDF), "languages": "all", "rows": rows,
            "_largest_output": str(largest_output),
            "growth_ratio_cpu": growth, "growth_definition": f"(t{largest}/t{smallest})/{ratio:g}"}


def pdf_peak(setup: Setup, sizes: list[int]) -> dict:
    """Peak memory of the PDF target's largest job (the whole-course facilitator handout, in
    Finnish) on generated courses, produced alone in one process: PDF jobs run one at a time in
    each worker process, so this is the most any one process of the PDF target holds."""
    rows = {}
    for size in sizes:
        course = generate(size, setup.fresh(f"pdf-course-{size}"))
        course_id = tomllib.loads((course / "course.toml").read_text(encoding="utf-8"))["id"]
        out = setup.fresh("pdf-out")
        document = f"pdf/fi/{course_id}-fi-facilitator.pdf"
        run = now_build(setup, course, out, targets=["pdf"], extra=["--lang", "fi", "--job-path", document])
        rows[str(size)] = {**summary([run]), "document": document,
                           "pages": len(PdfReader(out / document).pages)}
        shutil.rmtree(course, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
    return {"sizes": sizes, "rows": rows}
