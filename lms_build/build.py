"""The pipeline: load -> validate -> resolve -> plan -> render -> package -> write.

Nothing in the output folder is touched until the whole course is valid and planned; then the
jobs run (each target's files, taken from the content-addressed cache when their key is known)
into a staging folder, and the write step moves them into place, owning only what it made
(see output.py). A failed, refused or interrupted build leaves earlier output exactly as it was."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import CourseError, Diagnostic, Severity, has_errors
from .i18n import _, current_language
from .output import Artifact, OutputFolder, check_out_folder, locked_report, recorded_artifact, safe_relative
from .runner import Produced, Recorded
from .up_to_date import build_fingerprint, file_matches

# The rest of the pipeline (pydantic models, the loader, the targets) is imported when a build has
# something to do: a build that finds everything up to date never pays for it.
if TYPE_CHECKING:
    from pydantic import BaseModel

    from .load import CourseSources
    from .load.source import SourceDoc
    from .resolve import Course


class UnknownLanguageError(ValueError):
    """A --lang that the course does not have (a usage error, not a course error)."""


@dataclass(frozen=True)
class BuildResult:
    artifacts: list[Artifact]  # everything on disk now, this build's and earlier builds' kept files
    made: list[Produced]  # this build's files, in the order they were made
    changes: dict[str, str]  # path -> "new" | "changed" | "unchanged", for this build's files
    warnings: list[Diagnostic]
    seconds: float


def validate_course(root: Path, cached: bool = True) -> tuple[Course | None, list[Diagnostic], int]:
    """Load, check and resolve a course. Returns the course only when it has no errors.
    `cached`: see `load_course`."""
    from .load import load_course
    from .resolve import resolve
    from .targets import target_names
    from .validate import check_course

    sources, problems = load_course(root, cached)                   # load
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
    # Taken before anything is read: a source edited during the build makes the next one rebuild.
    fingerprint = build_fingerprint(root, targets, languages, include_drafts, current_language())
    if (unchanged := _up_to_date(out, fingerprint, progress, started)) is not None:
        return unchanged
    return _build(root, out, targets, languages, progress, include_drafts, fingerprint, started)


def _build(root: Path, out: Path, targets: list[str] | None, languages: list[str] | None,
           progress: Callable[[Produced], None], include_drafts: bool, fingerprint: str,
           started: float) -> BuildResult:
    from .authoring import buildable_modules
    from .runner import JobCache, run_jobs, user_cache_dir
    from .targets import target_class

    # Uncached: a one-shot build must not keep every parsed file (text, positions) to its end.
    course, problems, _ = validate_course(root, cached=False)
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
        rebuilt = {(target.name, lang) for target in selected for lang in languages}
        cache_keys = _cache_keys(planned, rebuilt, output.previous_report)
        header = {"course": course.config.id, "version": course.config.version,
                  UP_TO_DATE: _record(fingerprint, made, fresh, problems), CACHE_KEYS: cache_keys}
        artifacts = output.commit(fresh, rebuilt, header)                    # write
        on_disk = {f"{a.target}/{a.lang}" for a in artifacts}
        cache.prune(keep={key for pair, keys in cache_keys.items() if pair in on_disk for key in keys})
    return BuildResult(artifacts, made, changes, problems, time.perf_counter() - started)


#: The report's record of what the last build read and made, for the up-to-date check.
UP_TO_DATE = "up_to_date"


#: The report's list of cache entries each (target, language) of the folder uses, so that a
#: build of one language or target does not prune the entries of the others.
CACHE_KEYS = "cache_keys"


def _cache_keys(planned: list, rebuilt: set[tuple[str, str]], previous: dict) -> dict[str, list[str]]:
    """Cache keys by "target/lang": this build's for the pairs it built, the last report's for
    the others."""
    found = previous.get(CACHE_KEYS)
    kept = {pair: keys for pair, keys in found.items()
            if isinstance(keys, list) and tuple(pair.split("/", 1)) not in rebuilt} if isinstance(found, dict) else {}
    mine: dict[str, set[str]] = {}

    def add(pair: str, job) -> None:
        mine.setdefault(pair, set()).add(job.key)
        for member in job.members:
            add(pair, member)

    for name, job in planned:
        add(f"{name}/{job.lang}", job)
    return dict(sorted({**kept, **{pair: sorted(keys) for pair, keys in mine.items()}}.items()))


def _record(fingerprint: str, made: list[Produced], fresh: list[Artifact],
            warnings: list[Diagnostic]) -> dict:
    return {"fingerprint": fingerprint,
            "files": [{"path": a.path, "target": a.target, "lang": a.lang, "key": p.job.key,
                       "bytes": a.bytes, "sha256": a.sha256} for p, a in zip(made, fresh, strict=True)],
            "warnings": [asdict(w) for w in warnings]}


def _up_to_date(out: Path, fingerprint: str, progress: Callable[[Produced], None],
                started: float) -> BuildResult | None:
    """The last build's result again when it read exactly these inputs and every file it made is
    still in place, byte for byte; None when there is anything to do."""
    with locked_report(out) as (folder, report):
        record = report.get(UP_TO_DATE)
        if folder is None or not isinstance(record, dict) or record.get("fingerprint") != fingerprint:
            return None
        try:
            files = [(str(f["path"]), str(f["target"]), str(f["lang"]), str(f["key"]), int(f["bytes"]),
                      str(f["sha256"])) for f in record["files"]]
            warnings = [Diagnostic(str(w["file"]), int(w["line"]), int(w["column"]), str(w["code"]),
                                   str(w["message"]), Severity(w["severity"])) for w in record["warnings"]]
            if not all(file_matches(folder / safe_relative(path), size, sha) for path, *_, size, sha in files):
                return None  # a file was deleted or touched: build (from the cache) to repair it
        except (KeyError, TypeError, ValueError):
            return None  # a record from another version, or edited by hand
        artifacts = [a for a in map(recorded_artifact, report["artifacts"]) if (folder / a.path).is_file()]
    made = []
    for path, _target, lang, key, size, sha in files:
        made.append(Produced(Recorded(path, lang, key), size, sha, cached=True, seconds=0.0))
        progress(made[-1])
    return BuildResult(sorted(artifacts), made, {p.job.path: "unchanged" for p in made}, warnings,
                       time.perf_counter() - started)


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
    from pydantic import ValidationError

    from .load.model_errors import diagnostics_from_validation
    from .targets import Target, TargetLoadError, target_class, target_names

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
    from .load.source import SourceDoc

    prefix = ("build", name)
    view = SourceDoc(doc.rel_path, table)
    view.value_positions[()] = doc.position(prefix)  # an absent table: point at [build]
    for source, target in ((doc.value_positions, view.value_positions),
                           (doc.key_positions, view.key_positions)):
        for loc, position in source.items():
            if loc[:2] == prefix:
                target[loc[2:]] = position
    return view

