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
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from .generate import generate
from .measure import Run, median, paired, run_process, summary

REPO = Path(__file__).resolve().parents[1]
#: The last commit before the targets-as-plugins wave: the build as it was "today" in issue #9.
TODAY_COMMIT = "d8f63cf"
NOT_PDF = ["web", "scorm12", "scorm2004"]


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


def now_build(setup: Setup, course: Path, out: Path, targets: list[str] = NOT_PDF,
              report: Path | None = None, extra: list[str] = ()) -> Run:  # type: ignore[assignment]
    argv = [*python(), "-m", "benchmarks.build_once", str(course), str(out),
            *(arg for name in targets for arg in ("--target", name)), *extra]
    if report is not None:
        argv += ["--report", str(report)]
    return run_process(argv, setup.env, cwd=REPO)


def today_build(setup: Setup, course: Path, out: Path) -> Run:
    """`lms-build build` of the old code: run from its worktree (the current folder comes first on
    sys.path) with PYTHONPATH pointing at it, so this checkout's editable install is not used."""
    assert setup.today is not None
    argv = [*python(), "-m", "lms_build", "build", "-C", str(course), "--out", str(out),
            *(arg for name in NOT_PDF for arg in ("--target", name))]
    return run_process(argv, {**setup.env, "PYTHONPATH": str(setup.today)}, cwd=setup.today)


def cold(build: Callable[[Path], Run], setup: Setup) -> Callable[[], Run]:
    """A step that builds into a new, empty output folder and removes it afterwards (untimed)."""
    def step() -> Run:
        out = setup.fresh("cold")
        try:
            return build(out)
        finally:
            shutil.rmtree(out, ignore_errors=True)
    return step


def add_today(setup: Setup) -> str | None:
    """Check out TODAY_COMMIT into a temporary worktree; the reason when that is not possible."""
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
    """Each call changes one word in one lesson module of a copy of the course (adding a word to
    its Finnish summary, then taking it away again) and rebuilds into the same output folder."""

    WORD = " muutos"

    def __init__(self, setup: Setup, course: Path):
        self.setup = setup
        self.course = setup.fresh("changed-course")
        shutil.copytree(course, self.course, ignore=shutil.ignore_patterns("dist", ".*", "node_modules"))
        modules = sorted((self.course / "modules").glob("*.yaml"))
        self.module = modules[min(2, len(modules) - 1)]
        self.out = setup.fresh("changed-out")
        self.report = setup.scratch / "changed-report.json"
        self.rebuilt: list[list[str]] = []
        now_build(setup, self.course, self.out)  # the build before the change (untimed)

    def __call__(self) -> Run:
        text = self.module.read_text(encoding="utf-8")
        summary_fi = re.search(r"^summary:\n +fi: .*$", text, re.MULTILINE)
        assert summary_fi is not None, f"{self.module}: no Finnish summary on one line"
        line = summary_fi.group(0)
        changed = line[: -len(self.WORD)] if line.endswith(self.WORD) else line + self.WORD
        self.module.write_text(text.replace(line, changed, 1), encoding="utf-8")
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
    steps["cold build"] = cold(lambda out: now_build(setup, course, out), setup)
    if setup.today is not None:
        steps["cold build (today)"] = cold(lambda out: today_build(setup, course, out), setup)
    steps["no-op rebuild"] = lambda: now_build(setup, course, warm)
    steps["one-word change"] = change
    runs = paired(steps, setup.rounds)
    result = {
        "course": str(course.relative_to(REPO) if course.is_relative_to(REPO) else course),
        "targets": NOT_PDF,
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
    result["warm_output"] = str(warm)
    return result


def scale(setup: Setup, sizes: list[int], rounds_for: Callable[[int], int]) -> dict:
    """Generated courses: cold build time and peak memory per size, both languages, with the
    same build at TODAY_COMMIT on the smallest size as a baseline (when available)."""
    rows = {}
    for size in sizes:
        course = generate(size, setup.fresh(f"course-{size}"))
        steps: dict[str, Callable[[], Run]] = {
            "python -c pass": lambda: run_process([*python(), "-c", "pass"], setup.env, cwd=REPO),
            "cold build": cold(lambda out, course=course: now_build(setup, course, out), setup),
        }
        if size == sizes[0] and setup.today is not None:
            steps["cold build (today)"] = cold(lambda out, course=course: today_build(setup, course, out), setup)
        runs = paired(steps, rounds_for(size))
        rows[str(size)] = {name: summary(found) for name, found in runs.items()}
        rows[str(size)]["course"] = str(course)
    smallest, largest = str(sizes[0]), str(sizes[-1])
    growth = None
    if len(sizes) > 1:
        ratio = sizes[-1] / sizes[0]
        growth = round(rows[largest]["cold build"]["cpu"]["median"]
                       / rows[smallest]["cold build"]["cpu"]["median"] / ratio, 4)
    return {"sizes": sizes, "targets": NOT_PDF, "languages": "all", "rows": rows,
            "growth_ratio_cpu": growth, "growth_definition": f"(t{largest}/t{smallest})/{sizes[-1] // sizes[0]}"}


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
