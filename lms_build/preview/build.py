"""The preview's in-memory build: the course loaded, checked and rendered for one language and
runtime, as a table of URL paths -> bytes. Nothing is written to disk.

Loading is cached per file by content (lms_build.load), so after a save only the changed file is
parsed and validated again; then the cross-file checks run and the files are planned as jobs,
the way the targets plan them (`Target.plan`): only jobs whose key changed are produced again
(after a text edit, the one player page; the player's files and unchanged images never), and
only for the one language and runtime the preview shows."""

from __future__ import annotations

import mimetypes
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..build import validate_course
from ..diagnostics import Diagnostic, Severity
from ..i18n import _
from ..resolve import Course
from ..targets import Job, Target, target_class
from ..targets.assets import asset_members, player_members, sco_members

#: `--as` choices -> the player runtime they run. Each has an LMS side in the preview: scorm-again
#: in the page for SCORM, the project's cmi5 launcher with an in-memory LRS for cmi5 (preview.cmi5).
PREVIEW_KINDS = {"web": "standalone", "scorm12": "scorm12", "scorm2004": "scorm2004", "cmi5": "cmi5"}
COURSE_PREFIX = "course/"


@dataclass(frozen=True)
class Snapshot:
    """One consistent state of the preview: the files to serve and the problems to show."""

    version: int
    files: dict[str, bytes] = field(default_factory=dict)
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    course: Course | None = None


def content_type(path: str) -> str:
    if path.endswith(".js"):
        return "text/javascript; charset=utf-8"
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


class PreviewBuild:
    """Rebuilds on demand; `snapshot` is always the latest complete state (never half-built).

    When a save breaks the course, the files of the last good build stay (the page under the
    error overlay keeps working) and `errors` lists every problem."""

    def __init__(self, root: Path, lang: str | None, kind: str):
        self.root = root
        self.requested_lang = lang
        self.runtime = PREVIEW_KINDS[kind]
        self.kind = kind
        self._lock = threading.Lock()
        self._made: dict[str, bytes] = {}  # job key -> bytes, for the jobs of the latest plan
        self.produced = 0  # jobs made so far (the rest were reused): for tests and curiosity
        self.last_seconds = 0.0  # how long the latest rebuild took (benchmarks/preview_latency.py)
        self.snapshot = Snapshot(version=0)

    @property
    def lang(self) -> str:
        course = self.snapshot.course
        return self.requested_lang or (course.languages[0] if course else "fi")

    def rebuild(self) -> Snapshot:
        with self._lock:
            started = time.perf_counter()
            previous = self.snapshot
            try:
                course, diagnostics, _files = validate_course(self.root)
            except Exception as error:  # a bug must not stop the preview: show it like an error
                course, diagnostics = None, [Diagnostic("", 0, 0, "internal-error", repr(error))]
            errors = [d.format() for d in diagnostics if d.severity is Severity.ERROR]
            warnings = [d.format() for d in diagnostics if d.severity is Severity.WARNING]
            files = previous.files
            if course is not None:
                files, problems = self._render(course)
                errors += problems
            self.snapshot = Snapshot(previous.version + 1, files, tuple(errors), tuple(warnings),
                                     course if course is not None and not errors else previous.course)
            self.last_seconds = time.perf_counter() - started
            return self.snapshot

    def _render(self, course: Course) -> tuple[dict[str, bytes], list[str]]:
        lang = self.requested_lang or course.languages[0]
        if lang not in course.languages:
            return self.snapshot.files, [_("--lang {lang}: the course languages are {languages}").format(
                lang=lang, languages=", ".join(course.languages))]
        try:
            jobs = preview_jobs(course, lang, self.runtime)
            files = {f"{COURSE_PREFIX}{path}": self._produce(job) for path, job in jobs.items()}
        except OSError as error:
            return self.snapshot.files, [f"{error.filename}: {error.strerror}"]
        self._made = {job.key: self._made[job.key] for job in jobs.values() if job.key in self._made}
        return files, []

    def _produce(self, job: Job) -> bytes:
        """A job's bytes, made again only when its key changed (the page after a text edit; the
        player's files and unchanged images never)."""
        if job.key not in self._made:
            assert job.produce is not None
            self._made[job.key] = job.produce()
            self.produced += 1
        return self._made[job.key]


def preview_jobs(course: Course, lang: str, runtime: str) -> dict[str, Job]:
    """The files of a one-SCO package of the whole course for `runtime`, by path inside it, as
    the targets plan them (the web target's own plan for the standalone runtime; for cmi5 the
    members of the cmi5 target's own zip: one AU page per module, cmi5.xml, the catalogue)."""
    if runtime == "standalone":
        target = target_class("web")(course, course.options_for("web"))
        prefix = f"web/{lang}/"
        return {job.path.removeprefix(prefix): job for job in target.plan(lang)}
    if runtime == "cmi5":
        (package,) = target_class("cmi5")(course, course.options_for("cmi5")).plan(lang)
        return {member.path: member for member in package.members}
    return {job.path: job for job in _PreviewTarget(course, runtime).plan(lang)}


class _PreviewTarget(Target):
    """The player page of the whole course as one SCO under `runtime`, with its files."""

    name = "preview"
    description = "In-memory files of lms-build preview"

    def __init__(self, course: Course, runtime: str):
        super().__init__(course)
        self.runtime = runtime

    def plan(self, lang: str) -> list[Job]:
        modules = list(self.course.modules)
        return [*sco_members(self, lang, modules, self.runtime, "index.html"),
                *player_members(), *asset_members(self.course)]
