"""The preview's in-memory build: the course loaded, checked and rendered for one language and
runtime, as a table of URL paths -> bytes. Nothing is written to disk.

Loading is cached per file by content (lms_build.load), so after a save only the changed file is
parsed and validated again; then the cross-file checks run and the one player page the preview
shows is rendered (no other language, target or package is touched)."""

from __future__ import annotations

import mimetypes
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..build import validate_course
from ..diagnostics import Diagnostic, Severity
from ..i18n import _
from ..render.player import RUNTIMES, render_sco, static_files
from ..resolve import Course
from ..targets.assets import course_assets

#: `--as` choices -> the player runtime they run (cmi5 once the project has its adapter).
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
        self._static = {f"{COURSE_PREFIX}{name}": data for name, data in static_files().items()}
        self.snapshot = Snapshot(version=0)

    @property
    def lang(self) -> str:
        course = self.snapshot.course
        return self.requested_lang or (course.languages[0] if course else "fi")

    def rebuild(self) -> Snapshot:
        with self._lock:
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
            return self.snapshot

    def _render(self, course: Course) -> tuple[dict[str, bytes], list[str]]:
        lang = self.requested_lang or course.languages[0]
        if lang not in course.languages:
            return self.snapshot.files, [_("--lang {lang}: the course languages are {languages}").format(
                lang=lang, languages=", ".join(course.languages))]
        if self.runtime not in RUNTIMES:
            return self.snapshot.files, [_("--as {kind}: this version of lms-build has no {kind} player "
                                           "runtime yet").format(kind=self.kind)]
        try:
            page = render_sco(course, lang, list(course.modules), self.runtime).encode("utf-8")
            assets = {f"{COURSE_PREFIX}{name}": data for name, data in course_assets(course).items()}
        except OSError as error:
            return self.snapshot.files, [f"{error.filename}: {error.strerror}"]
        return {**self._static, **assets, f"{COURSE_PREFIX}index.html": page}, []
