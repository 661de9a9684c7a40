"""The pipeline: load -> validate -> resolve -> export -> write.

Nothing in the output folder is touched until every target has been exported into a staging
folder beside it; then each rebuilt target's folder is swapped in and build-report.json is
rewritten. A failed or refused build leaves earlier output exactly as it was."""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from .diagnostics import CourseError, Diagnostic, has_errors
from .load import load_course
from .packaging import sha256
from .resolve import Course, resolve
from .targets import EXPORTERS
from .validate import check_course

REPORT_NAME = "build-report.json"


class UnknownLanguageError(ValueError):
    """A --lang that the course does not have (a usage error, not a course error)."""


@dataclass(frozen=True, order=True)
class Artifact:
    target: str
    lang: str
    path: str  # relative to the output folder, forward slashes
    bytes: int
    sha256: str


def validate_course(root: Path) -> tuple[Course | None, list[Diagnostic], int]:
    """Load and check a course. Returns the resolved course only when it has no errors."""
    sources, problems = load_course(root)
    problems += check_course(sources, set(EXPORTERS))
    problems = sorted(set(problems), key=lambda d: (d.file, d.line, d.column, d.code, d.message))
    course = None if has_errors(problems) or sources.config is None else resolve(sources)
    return course, problems, sources.files_checked


def build(
    root: Path,
    out: Path,
    targets: list[str] | None = None,
    languages: list[str] | None = None,
    progress: Callable[[str], None] = lambda _: None,
) -> tuple[list[Artifact], list[Diagnostic]]:
    course, problems, _ = validate_course(root)
    if course is None:
        raise CourseError(problems)
    targets = targets or list(course.config.build.targets)
    languages = languages or list(course.languages)
    if unknown := [lang for lang in languages if lang not in course.languages]:
        raise UnknownLanguageError(f"{', '.join(unknown)}: the course languages are "
                                   f"{', '.join(course.languages)}")
    exporters = [EXPORTERS[name](course) for name in targets]
    problems += [d for exporter in exporters for d in exporter.check()]
    if has_errors(problems):
        raise CourseError(problems)

    out.mkdir(parents=True, exist_ok=True)
    artifacts: list[Artifact] = []
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out) as staging_name:
        staging = Path(staging_name)
        for exporter in exporters:
            for lang in languages:
                progress(f"{exporter.name} [{lang}]")
                for relative in exporter.export(lang, staging / exporter.name):
                    file = staging / exporter.name / relative
                    artifacts.append(Artifact(exporter.name, lang,
                                              f"{exporter.name}/{relative.as_posix()}",
                                              file.stat().st_size, sha256(file)))
        _swap_in(staging, out, targets)
    _write_report(out, course, targets, artifacts)
    return sorted(artifacts), problems


def _swap_in(staging: Path, out: Path, targets: list[str]) -> None:
    for target in targets:
        final, fresh = out / target, staging / target
        if final.exists():
            shutil.rmtree(final)
        if fresh.exists():
            fresh.rename(final)


def _write_report(out: Path, course: Course, targets: list[str], artifacts: list[Artifact]) -> None:
    """Keep the entries of targets not rebuilt this time, so the report lists what is on disk."""
    report_path = out / REPORT_NAME
    kept: list[dict] = []
    if report_path.is_file():
        try:
            previous = json.loads(report_path.read_text(encoding="utf-8"))
            kept = [a for a in previous.get("artifacts", [])
                    if a.get("target") not in targets and (out / a.get("path", "")).is_file()]
        except (json.JSONDecodeError, AttributeError):
            kept = []
    entries = sorted([*kept, *(asdict(a) for a in artifacts)],
                     key=lambda a: (a["target"], a["lang"], a["path"]))
    report = {"course": course.config.id, "version": course.config.version, "artifacts": entries}
    partial = report_path.with_suffix(".json.partial")
    partial.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    partial.replace(report_path)  # atomic: a reader never sees half a report
