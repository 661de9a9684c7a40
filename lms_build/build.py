"""The pipeline: load -> validate -> resolve -> plan -> render -> package -> write.

Nothing in the output folder is touched until the whole course is valid and planned; then the
jobs run (each target's files, taken from the content-addressed cache when their key is known)
into a staging folder, and the write step moves them into place, owning only what it made
(see output.py). A failed, refused or interrupted build leaves earlier output exactly as it was."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from .authoring import buildable_modules
from .diagnostics import CourseError, Diagnostic, has_errors
from .i18n import _
from .load import CourseSources, load_course
from .load.model_errors import diagnostics_from_validation
from .load.source import SourceDoc
from .output import Artifact, OutputFolder, check_out_folder
from .resolve import Course, resolve
from .runner import JobCache, Produced, run_jobs, user_cache_dir
from .targets import Target, TargetLoadError, target_class, target_names
from .validate import check_course


class UnknownLanguageError(ValueError):
    """A --lang that the course does not have (a usage error, not a course error)."""


@dataclass(frozen=True)
class BuildResult:
    artifacts: list[Artifact]  # everything on disk now, this build's and earlier builds' kept files
    made: list[Produced]  # this build's files, in the order they were made
    changes: dict[str, str]  # path -> "new" | "changed" | "unchanged", for this build's files
    warnings: list[Diagnostic]
    seconds: float


def validate_course(root: Path) -> tuple[Course | None, list[Diagnostic], int]:
    """Load, check and resolve a course. Returns the course only when it has no errors."""
    sources, problems = load_course(root)                           # load
    problems += check_course(sources, set(target_names()))          # validate
    options: dict[str, BaseModel] = {}
    if sources.config is not None:
        options, found = _target_options(sources)
        problems += found
    problems = sorted(set(problems), key=lambda d: (d.file, d.line, d.column, d.code, d.message))
    course = None if has_errors(problems) or sources.config is None else resolve(sources, options)  # resolve
    return course, problems, sources.files_checked


def build(
    root: Path,
    out: Path,
    targets: list[str] | None = None,
    languages: list[str] | None = None,
    progress: Callable[[Produced], None] = lambda _: None,
    include_drafts: bool = False,
) -> BuildResult:
    started = time.perf_counter()
    check_out_folder(out, root, root / "dist")
    course, problems, _ = validate_course(root)
    if course is None:
        raise CourseError(problems)
    course, left_out = buildable_modules(course, include_drafts)
    problems += left_out
    languages = _languages(course, languages)
    selected = [target_class(name)(course, course.options_for(name))
                for name in dict.fromkeys(targets or course.config.build.targets)]
    problems += [d for target in selected for d in target.check()]
    if has_errors(problems):
        raise CourseError(problems)
    planned = [(target.name, job) for target in selected for lang in languages for job in target.plan(lang)]  # plan
    jobs = [job for _, job in planned]
    target_of = {job.path: name for name, job in planned}

    with OutputFolder(out) as output:
        output.check_ownership([job.path for job in jobs])  # refuse before rendering anything
        cache = JobCache(output.cache_dir, [user_cache_dir()])
        made = run_jobs(jobs, cache, output.stage, progress)                  # render + package
        fresh = [Artifact(target_of[p.job.path], p.job.lang, p.job.path, p.size, p.sha256) for p in made]
        changes = {a.path: _change(output.previous.get(a.path), a) for a in fresh}
        header = {"course": course.config.id, "version": course.config.version}
        rebuilt = {(target.name, lang) for target in selected for lang in languages}
        artifacts = output.commit(fresh, rebuilt, header)                    # write
        cache.prune()
    return BuildResult(artifacts, made, changes, problems, time.perf_counter() - started)


def _languages(course: Course, asked: list[str] | None) -> list[str]:
    if unknown := [lang for lang in asked or [] if lang not in course.languages]:
        raise UnknownLanguageError(_("{languages}: the course languages are {course_languages}").format(
            languages=", ".join(unknown), course_languages=", ".join(course.languages)))
    return list(dict.fromkeys(asked or course.languages))


def _change(previous: dict | None, artifact: Artifact) -> str:
    if previous is None:
        return "new"
    return "unchanged" if previous.get("sha256") == artifact.sha256 else "changed"


def _target_options(sources: CourseSources) -> tuple[dict[str, BaseModel], list[Diagnostic]]:
    """Validate each `[build.<target>]` table with that target's own options model, reporting
    problems at their line in course.toml; a table for a target that is not installed is an error."""
    assert sources.config is not None
    doc, build = sources.config.doc, sources.config.model.build
    installed = set(target_names())
    options: dict[str, BaseModel] = {}
    problems: list[Diagnostic] = []
    for name in dict.fromkeys([*build.targets, *build.tables()]):
        if name not in installed:
            if name in build.tables():
                problems.append(doc.diagnostic(("build", name), "unknown-target",
                                               _("[build.{name}]: no target '{name}' is installed; "
                                                 "available: {available}").format(
                                                   name=name, available=", ".join(sorted(installed))), at_key=True))
            continue  # an unknown name in build.targets is reported by check_course
        try:
            target: type[Target] = target_class(name)
        except TargetLoadError as error:
            problems.append(doc.diagnostic(("build", "targets"), "target-unavailable", str(error)))
            continue
        table = build.tables().get(name, {})
        if not isinstance(table, dict):
            problems.append(doc.diagnostic(("build", name), "invalid-value",
                                           _("build.{name} must be a table of options ([build.{name}])").format(
                                               name=name)))
            continue
        try:
            options[name] = target.Options.model_validate(table)
        except ValidationError as error:
            problems += diagnostics_from_validation(_table_doc(doc, name, table), error, target.Options)
    return options, problems


def _table_doc(doc: SourceDoc, name: str, table: dict) -> SourceDoc:
    """A view of one `[build.<name>]` table with its positions, for the generic error mapping."""
    prefix = ("build", name)
    view = SourceDoc(doc.rel_path, table)
    view.value_positions[()] = doc.position(prefix)  # an absent table: point at [build]
    for source, target in ((doc.value_positions, view.value_positions),
                           (doc.key_positions, view.key_positions)):
        for loc, position in source.items():
            if loc[:2] == prefix:
                target[loc[2:]] = position
    return view

