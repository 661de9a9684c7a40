"""Write: the output folder, where a build owns only what it made.

`build-report.json` is the build's own manifest: every file it wrote, with its SHA-256. A build
replaces or deletes only files listed there; any other file in its way stops the build with a
message naming it. New files go to a staging folder first and are moved into place one by one;
if a move fails, the moves already done are undone, so the earlier output and its report stay
byte-identical. Nothing is written through a symbolic link, a lock keeps two builds from mixing
their files, and a staging folder left by a killed build is removed by the next one."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

from .i18n import _

REPORT_NAME = "build-report.json"
STAGING_PREFIX = ".lms-build-staging-"
LOCK_NAME = ".lms-build.lock"
CACHE_DIR = ".lms-build-cache"
REPORT_PARTIAL_PREFIX = ".build-report-"
#: Folders earlier versions of lms-build left behind when killed (theirs, so ours to remove).
OLD_STAGING_PREFIX = ".staging-"


class OutputError(Exception):
    """The output folder cannot be used as asked; the message says what to do."""


class OutFolderNotAllowed(OutputError):
    """--out names a folder a build must never write into (a usage error)."""


@dataclass(frozen=True, order=True)
class Artifact:
    target: str
    lang: str
    path: str  # relative to the output folder, forward slashes
    bytes: int
    sha256: str


def check_out_folder(out: Path, course_root: Path, default: Path) -> None:
    """Refuse output folders where a build could overwrite what is not its own: the course
    folder or a folder inside it (other than the default dist/), the filesystem root and the
    home folder."""
    resolved, root = out.resolve(), course_root.resolve()
    if resolved == Path(resolved.anchor):
        raise OutFolderNotAllowed(_("--out {out}: the filesystem root cannot be the output folder").format(out=out))
    if resolved == Path.home().resolve():
        raise OutFolderNotAllowed(_("--out {out}: your home folder cannot be the output folder; "
                                    "name a folder of its own, e.g. ~/course-packages").format(out=out))
    if resolved == root:
        raise OutFolderNotAllowed(_("--out {out}: that is the course folder; use the default "
                                    "{default}/ or a folder outside the course").format(out=out, default=default.name))
    dist = default.resolve()
    if resolved.is_relative_to(root) and not resolved.is_relative_to(dist):
        raise OutFolderNotAllowed(_("--out {out}: that folder is inside the course, where sources live; "
                                    "use the default {default}/ or a folder outside the course").format(
                                      out=out, default=default.name))


class OutputFolder:
    """An output folder opened for one build (a context manager: lock, staging, cleanup)."""

    def __init__(self, out: Path):
        self.out = out
        self.staging: Path | None = None
        self._lock: int | None = None
        self.previous: dict[str, dict] = {}
        self.previous_report: dict = {}

    @property
    def cache_dir(self) -> Path | None:
        """The job cache kept in the output folder (none if something else sits there)."""
        folder = self.out / CACHE_DIR
        return None if folder.is_symlink() or (folder.exists() and not folder.is_dir()) else folder

    def __enter__(self) -> OutputFolder:
        if self.out.is_symlink() and not self.out.exists():
            raise OutputError(_("{path} is a broken symbolic link").format(path=self.out))
        self.out.mkdir(parents=True, exist_ok=True)
        self.out = self.out.resolve()  # the user may name the folder through a link; below it, never
        self._lock = _open_lock(self.out / LOCK_NAME)
        _remove_leftovers(self.out)
        self.staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=self.out))
        self.previous_report = read_report(self.out)
        self.previous = {entry["path"]: entry for entry in self.previous_report.get("artifacts", [])}
        return self

    def __exit__(self, *_: object) -> None:
        if self.staging is not None:
            shutil.rmtree(self.staging, ignore_errors=True)
        if self._lock is not None:
            os.close(self._lock)  # also releases the lock

    def stage(self, path: str, data: bytes) -> None:
        """Keep a new file in the staging folder until commit()."""
        assert self.staging is not None, "stage() needs an open OutputFolder"
        staged = self.staging / "new" / safe_relative(path)
        staged.parent.mkdir(parents=True, exist_ok=True)
        staged.write_bytes(data)

    def check_ownership(self, paths: list[str]) -> None:
        """Every file a build is about to write must be absent or its own from an earlier build,
        and no folder on the way may be a link or a file."""
        for path in paths:
            relative = safe_relative(path)
            current = self.out
            for part in relative.parts[:-1]:
                current = current / part
                if current.is_symlink():
                    raise OutputError(_("{path} is a symbolic link; lms-build writes no file "
                                        "through a link: remove it or choose another --out").format(path=current))
                if current.exists() and not current.is_dir():
                    raise OutputError(_("{path} is a file that lms-build did not make, where it "
                                        "needs a folder: move it away or choose another --out").format(path=current))
            final = self.out / relative
            if (final.exists() or final.is_symlink()) and path not in self.previous:
                raise OutputError(_("{path} exists and was not made by lms-build (it is not in "
                                    "{report}); move it away or choose another --out").format(
                                      path=final, report=REPORT_NAME))
            if final.is_dir() and not final.is_symlink():
                raise OutputError(_("{path} is a folder where lms-build writes a file: move it away").format(
                    path=final))

    def commit(self, artifacts: list[Artifact], rebuilt: set[tuple[str, str]],
               header: dict[str, object]) -> list[Artifact]:
        """Move the staged files into place, remove this build's own files that the rebuilt
        (target, language) pairs no longer make, and write the report; all or nothing.
        Returns every artifact now on disk (this build's and those kept from earlier builds)."""
        assert self.staging is not None
        new_paths = {a.path for a in artifacts}
        self.check_ownership(sorted(new_paths))
        stale = [path for path, entry in self.previous.items()
                 if (entry.get("target"), entry.get("lang")) in rebuilt and path not in new_paths]
        kept = [recorded_artifact(entry) for path, entry in self.previous.items()
                if path not in new_paths and path not in stale and (self.out / path).is_file()]
        backup = self.staging / "old"
        done: list[tuple[Path, Path | None]] = []  # (final, backup of what was there)
        try:
            for path in sorted(new_paths):
                done.append(self._replace(path, backup))
            for path in stale:
                final = self.out / safe_relative(path)
                if final.is_file() or final.is_symlink():
                    saved = backup / safe_relative(path)
                    saved.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(final, saved)
                    done.append((final, saved))
            everything = sorted([*kept, *artifacts])
            write_report(self.out, header, everything)
        except BaseException:
            _undo(done)
            raise
        for path in stale:
            _remove_empty_parents(self.out / safe_relative(path), self.out)
        return everything

    def _replace(self, path: str, backup: Path) -> tuple[Path, Path | None]:
        assert self.staging is not None
        relative = safe_relative(path)
        final = self.out / relative
        final.parent.mkdir(parents=True, exist_ok=True)
        saved = None
        if final.exists() or final.is_symlink():
            saved = backup / relative
            saved.parent.mkdir(parents=True, exist_ok=True)
            os.replace(final, saved)
        try:
            os.replace(self.staging / "new" / relative, final)
        except BaseException:
            _undo([(final, saved)] if saved else [])
            raise
        return final, saved


def _remove_leftovers(out: Path) -> None:
    """With the lock held no other build is running, so any staging folder is a leftover."""
    for entry in out.iterdir():
        if entry.name.startswith((STAGING_PREFIX, OLD_STAGING_PREFIX, REPORT_PARTIAL_PREFIX)):
            if entry.is_symlink() or not entry.is_dir():
                entry.unlink()
            else:
                shutil.rmtree(entry, ignore_errors=True)


def _undo(done: list[tuple[Path, Path | None]]) -> None:
    for final, saved in reversed(done):
        with contextlib.suppress(OSError):
            if saved is None:
                final.unlink()
            else:
                os.replace(saved, final)


def _remove_empty_parents(path: Path, stop: Path) -> None:
    for folder in path.parents:
        if folder == stop or not folder.is_relative_to(stop):
            return
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return


def safe_relative(path: str) -> PurePosixPath:
    """A job path is relative, with no '..' and no absolute part (a target bug otherwise)."""
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.parts:
        raise ValueError(f"unsafe output path {path!r}")
    return relative


def _open_lock(path: Path) -> int:
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise OutputError(_("cannot use {path}: {reason}").format(path=path, reason=error.strerror)) from error
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise OutputError(_("{path} is not a regular file").format(path=path))
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(handle)
        raise OutputError(_("another lms-build is writing to {folder}; wait for it to finish").format(
            folder=path.parent)) from None
    return handle


@contextlib.contextmanager
def locked_report(out: Path) -> Iterator[tuple[Path | None, dict]]:
    """The output folder (resolved) and the report of its last build, read with the folder's lock
    held until the block ends (a build writing into it at the same time is refused, as always);
    (None, {}) when there is no folder yet."""
    if not out.is_dir():
        yield None, {}
        return
    folder = out.resolve()
    handle = _open_lock(folder / LOCK_NAME)
    try:
        _remove_leftovers(folder)  # what a killed build left, as every build does
        yield folder, read_report(folder)
    finally:
        os.close(handle)


def read_report(out: Path) -> dict:
    path = out / REPORT_NAME
    if path.is_symlink() or not path.is_file():
        return {}
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(report, dict) or not isinstance(report.get("artifacts"), list):
        return {}
    report["artifacts"] = [a for a in report["artifacts"]
                           if isinstance(a, dict) and isinstance(a.get("path"), str)]
    return report


def write_report(out: Path, header: dict[str, object], artifacts: list[Artifact]) -> None:
    """Atomically (a reader never sees half a report) and never through a planted link."""
    report = {**header, "artifacts": [asdict(a) for a in sorted(artifacts)]}
    handle, partial = tempfile.mkstemp(dir=out, prefix=REPORT_PARTIAL_PREFIX, suffix=".partial")
    with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
        stream.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    os.replace(partial, out / REPORT_NAME)


def recorded_artifact(entry: dict) -> Artifact:
    return Artifact(str(entry.get("target", "")), str(entry.get("lang", "")), entry["path"],
                    int(entry.get("bytes", 0)), str(entry.get("sha256", "")))

