"""PDFs built once for the whole test run and shared by every PDF test file: the mini fixture
course (every block and question type) and every handout of the real course.

Once per run, not once per xdist worker: the first worker to ask renders into the run's shared
temporary folder under a file lock, the others wait for it and read the same files."""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from lms_build.authoring import buildable_modules
from lms_build.build import build, validate_course
from lms_build.model import Module
from lms_build.resolve import Course
from lms_build.targets.pdf.documents import EDITIONS, Handout, handouts
from tests.conftest import FIXTURES, REPO

MINI = FIXTURES / "mini"
COMPLETE = "complete.json"


@contextmanager
def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """(folder, ready): a folder shared by the run's workers, held under an exclusive lock;
    ready when an earlier holder finished filling it (it then wrote COMPLETE)."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder = root / f"shared-{name}"
    with (root / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder, (folder / COMPLETE).is_file()


@dataclass
class Built:
    out: Path
    course: Course
    cache: Path
    report: list[dict]

    def path(self, lang: str, edition: str, module: Module | None = None) -> Path:
        return self.out / "pdf" / lang / Handout(lang, edition, module).file_name(self.course)

    def all_paths(self) -> Iterator[tuple[Handout, Path]]:
        for lang in self.course.languages:
            for module in [None, *self.course.modules]:
                for edition in EDITIONS:
                    yield Handout(lang, edition, module), self.path(lang, edition, module)


@pytest.fixture(scope="session")
def pdf_mini(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The mini course built to PDF by the real build, with a cache of its own (never the
    user's)."""
    with shared_folder(tmp_path_factory, "pdf-mini") as (root, ready):
        if not ready:
            with pytest.MonkeyPatch.context() as patch:
                patch.setenv("LMS_BUILD_CACHE_DIR", str(root / "cache"))
                artifacts = build(MINI, root / "dist", ["pdf"]).artifacts
            (root / COMPLETE).write_text(json.dumps(len(artifacts)))
    course, _, _ = validate_course(MINI)
    assert course is not None
    report = json.loads((root / "dist" / "build-report.json").read_text())["artifacts"]
    assert len(report) == json.loads((root / COMPLETE).read_text())
    return Built(root / "dist", course, root / "cache", report)


@dataclass
class RealPdfs:
    """Every handout of the real course (both languages, both editions, course and modules)."""

    course: Course
    folder: Path
    warnings: dict[str, list[str]]  # WeasyPrint's messages by file name

    def path(self, handout: Handout) -> Path:
        return self.folder / handout.lang / handout.file_name(self.course)

    def all(self) -> list[tuple[Handout, Path]]:
        return [(handout, self.path(handout)) for lang in self.course.languages
                for handout in handouts(self.course, lang)]


@pytest.fixture(scope="session")
def real_pdfs(tmp_path_factory: pytest.TempPathFactory) -> RealPdfs:
    """Every handout of the real course, made by the real build through its normal cached path:
    the jobs' keys cover the sources, the tool's code, WeasyPrint, the fonts and Voikko, so a
    handout taken from the per-user cache (scripts/install.sh fills it) has the bytes and the
    WeasyPrint warnings a fresh render gives; what the cache lacks is rendered now. (Rendering
    itself and the cache are tested on the mini course, with a cache of its own.) The real course
    must validate: if it does not, the tests using this fail (they are not skipped)."""
    course, problems, _ = validate_course(REPO)
    assert course is not None, "the real course does not validate:\n" + "\n".join(
        problem.format() for problem in problems)
    course, _ = buildable_modules(course, include_drafts=False)  # what the build makes handouts of
    with shared_folder(tmp_path_factory, "pdf-real") as (root, ready):
        if not ready:
            made = build(REPO, root / "dist", ["pdf"]).made
            warnings = {Path(produced.job.path).name: list(produced.warnings) for produced in made}
            (root / COMPLETE).write_text(json.dumps(warnings))
        result = RealPdfs(course, root / "dist" / "pdf", json.loads((root / COMPLETE).read_text()))
    assert sorted(result.warnings) == sorted(path.name for _, path in result.all())
    return result
