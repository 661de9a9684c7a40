"""Render and package: run the planned jobs, taking bytes from a content-addressed cache when a
job's key is known, and hand each file to a sink (the output folder's staging area).

A job's key is a hash of everything it reads, so same key means same bytes: the cache never needs
to be invalidated, only pruned. Heavy jobs (PDF layout) run in forked worker processes that die
with the build, whatever kills it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import CourseError, has_errors
from .interrupts import stop_if_interrupted

if TYPE_CHECKING:  # the targets (pydantic, the course model) are not imported by an up-to-date build
    from .targets.base import Job


@dataclass(frozen=True)
class Recorded:
    """A file the last build made, as its report records it: what an up-to-date build returns
    in place of the job (it plans none)."""

    path: str
    lang: str
    key: str

#: Jobs log their warnings (e.g. WeasyPrint's) under this logger; the runner collects them per job.
LOG = logging.getLogger("lms_build")
#: A job's warnings are kept next to its bytes in the cache, in a file named KEY + this suffix.
WARNINGS_SUFFIX = ".warnings.json"


@dataclass(frozen=True)
class Produced:
    """One output file of a build, made or taken from the cache."""

    job: Job | Recorded
    size: int
    sha256: str
    cached: bool
    seconds: float
    warnings: tuple[str, ...] = ()  # what the job logged when it was made (the same when cached)


class JobCache:
    """Bytes by job key in content-addressed folders (`ab/abcdef…`), written atomically, with the
    warnings the job logged when it was made (`abcdef….warnings.json`, only when there were any),
    so a file taken from the cache reports the same warnings as a fresh one.

    The first folder (in the output folder) holds every job of that output; `shared` folders (a
    per-user cache) hold only heavy jobs, so PDFs are not rendered again for another output
    folder. None disables a folder."""

    def __init__(self, folder: Path | None, shared: Iterable[Path | None] = ()):
        self.folder = folder
        self.shared = [path for path in shared if path is not None]
        self.used: set[str] = set()

    def _paths(self, key: str, heavy: bool) -> list[Path]:
        folders = [self.folder] if self.folder else []
        folders += self.shared if heavy else []
        return [folder / key[:2] / key for folder in folders]

    def get(self, key: str, heavy: bool = False) -> bytes | None:
        entry = self.entry(key, heavy)
        return None if entry is None else entry[0]

    def entry(self, key: str, heavy: bool = False) -> tuple[bytes, tuple[str, ...]] | None:
        """(bytes, warnings) of a known key, else None."""
        for path in self._paths(key, heavy):
            try:
                if path.is_symlink() or not path.is_file():
                    continue
                data = path.read_bytes()
                warnings = _read_warnings(path.with_name(key + WARNINGS_SUFFIX))
            except (OSError, ValueError):
                continue
            self.used.add(key)
            if path.parent.parent != self.folder:
                self._put(self.folder, key, data, warnings)  # keep it next to the output from now on
            return data, warnings
        return None

    def put(self, key: str, data: bytes, heavy: bool = False, warnings: Iterable[str] = ()) -> None:
        self.used.add(key)
        for folder in [self.folder, *(self.shared if heavy else [])]:
            self._put(folder, key, data, tuple(warnings))

    @staticmethod
    def _put(folder: Path | None, key: str, data: bytes, warnings: tuple[str, ...] = ()) -> None:
        if folder is None:
            return
        target = folder / key[:2] / key
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            if warnings:  # before the bytes, which make the entry exist
                _write_atomic(target.with_name(key + WARNINGS_SUFFIX), json.dumps(list(warnings)).encode())
            _write_atomic(target, data)
        except OSError:
            pass  # a cache that cannot be written only makes the next build slower

    def prune(self, keep: Iterable[str] = ()) -> int:
        """Remove entries of the output folder's cache that neither this build used nor `keep`
        names (the entries of the languages and targets another build of the folder made)."""
        removed = 0
        if self.folder is None or not self.folder.is_dir():
            return 0
        wanted = self.used | set(keep)
        for entry in self.folder.glob("*/*"):
            if entry.name.removesuffix(WARNINGS_SUFFIX) not in wanted and not entry.is_dir():
                with contextlib.suppress(OSError):
                    entry.unlink()
                    removed += 1
        return removed


def _write_atomic(target: Path, data: bytes) -> None:
    handle, partial = tempfile.mkstemp(dir=target.parent, prefix=".part-")
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)
    os.replace(partial, target)  # atomic, and never follows a link planted at target


def _read_warnings(path: Path) -> tuple[str, ...]:
    if path.is_symlink() or not path.exists():
        return ()
    warnings = json.loads(path.read_bytes())
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise ValueError(f"not a list of warnings: {path}")
    return tuple(warnings)


def user_cache_dir() -> Path | None:
    """The per-user cache for heavy jobs, shared by every output folder: $LMS_BUILD_CACHE_DIR
    (`off` disables it), else $XDG_CACHE_HOME/lms-build, else ~/.cache/lms-build."""
    configured = os.environ.get("LMS_BUILD_CACHE_DIR")
    if configured == "off":
        return None
    if configured:
        return Path(configured) / "jobs"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "lms-build" / "jobs"


Sink = Callable[[str, bytes], None]
Progress = Callable[[Produced], None]


def run_jobs(jobs: list[Job], cache: JobCache, sink: Sink, progress: Progress = lambda _: None) -> list[Produced]:
    """Produce every job's bytes (cache first), verify fresh ones, and pass them to `sink`. The
    warnings a job logged when it was made are logged again here, whether it was made now or
    taken from the cache."""
    light = [job for job in jobs if not job.heavy]
    heavy = [job for job in jobs if job.heavy]
    done: list[Produced] = []

    def finish(job: Job, data: bytes, cached: bool, seconds: float, warnings: tuple[str, ...]) -> None:
        stop_if_interrupted()  # a Ctrl-C whose exception C code swallowed (see interrupts.py)
        if not cached:
            if job.verify and has_errors(problems := job.verify(data)):
                raise CourseError(problems)
            cache.put(job.key, data, job.heavy, warnings)
        for message in warnings:
            LOG.warning("%s", message)
        sink(job.path, data)
        produced = Produced(job, len(data), hashlib.sha256(data).hexdigest(), cached, seconds, warnings)
        done.append(produced)
        progress(produced)

    for job in light:
        start = time.perf_counter()
        entry = cache.entry(job.key)
        data, warnings = entry if entry is not None else _make(job, cache)
        finish(job, data, entry is not None, time.perf_counter() - start, warnings)

    pending: list[Job] = []
    for job in heavy:
        start = time.perf_counter()
        if (entry := cache.entry(job.key, heavy=True)) is not None:
            finish(job, entry[0], True, time.perf_counter() - start, entry[1])
        else:
            pending.append(job)
    for job, data, seconds, warnings in _run_heavy(pending):
        finish(job, data, False, seconds, warnings)
    stop_if_interrupted()
    return done


def _make(job: Job, cache: JobCache) -> tuple[bytes, tuple[str, ...]]:
    """A job's bytes and the warnings logged while making them (a zip: its members' warnings)."""
    if not job.members:
        return _produce(job)
    from .packaging import zip_stream  # here: an up-to-date build never zips

    by_name = {member.path: member for member in job.members}  # the last of a name wins, as before
    warnings: list[str] = []

    def members() -> Iterable[tuple[str, bytes]]:
        for name in sorted(by_name):  # one at a time: each is compressed, then let go
            member = by_name[name]
            entry = cache.entry(member.key)
            if entry is None:
                entry = _make(member, cache)
                cache.put(member.key, entry[0], warnings=entry[1])
            warnings.extend(entry[1])
            yield name, entry[0]

    data = zip_stream(members())
    return data, tuple(warnings)


def _produce(job: Job) -> tuple[bytes, tuple[str, ...]]:
    assert job.produce is not None
    with collected_warnings() as warnings:
        data = job.produce()
    return data, tuple(warnings)


@contextlib.contextmanager
def collected_warnings(logger_name: str = "lms_build") -> Iterator[list[str]]:
    """Warnings logged under `logger_name` while the block runs, collected instead of printed
    (run_jobs logs the `lms_build` ones again, in the build process, next to the job's cached
    bytes; the PDF target collects WeasyPrint's this way and logs them under lms_build)."""
    logger = logging.getLogger(logger_name)
    messages: list[str] = []
    handler = _ListHandler(messages)
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


class _ListHandler(logging.Handler):
    def __init__(self, messages: list[str]):
        super().__init__(logging.WARNING)
        self.messages = messages

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# Heavy jobs run in forked workers: they inherit the jobs (closures cannot be pickled) and the
# imported libraries. Only the job's index goes in and its bytes and warnings come back.
_INHERITED: list[Job] = []
_PR_SET_PDEATHSIG = 1


#: Signals held while the heavy-job workers are forked (see _run_heavy).
HELD_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def _run_heavy(jobs: list[Job]) -> Iterable[tuple[Job, bytes, float, tuple[str, ...]]]:
    workers = min(worker_count(), len(jobs))
    if workers < 2 or not _safe_to_fork():
        for job in jobs:
            start = time.perf_counter()
            data, warnings = _produce(job)
            yield job, data, time.perf_counter() - start, warnings
        return
    import multiprocessing  # here: a build with no heavy job to run never needs it

    _INHERITED[:] = jobs
    # A Ctrl-C landing inside fork()'s own handlers (logging's lock) is printed as "Exception
    # ignored" and lost: hold Ctrl-C and SIGTERM while the workers are forked (they arrive right
    # after); each worker lets them through again once it has set its own handlers.
    signal.pthread_sigmask(signal.SIG_BLOCK, HELD_SIGNALS)
    try:
        pool = multiprocessing.get_context("fork").Pool(workers, initializer=_die_with_parent)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)
    try:
        for index, (data, seconds, warnings) in enumerate(pool.imap(_run_inherited, range(len(jobs)))):
            yield jobs[index], data, seconds, warnings
        pool.close()
    finally:
        pool.terminate()  # on an error or Ctrl-C: stop the workers now, not after their queue
        pool.join()
        _INHERITED.clear()


def _run_inherited(index: int) -> tuple[bytes, float, tuple[str, ...]]:
    start = time.perf_counter()
    data, warnings = _produce(_INHERITED[index])
    return data, time.perf_counter() - start, warnings


def _die_with_parent() -> None:
    """A worker must not outlive a build that was killed (SIGKILL gives no chance to clean up):
    ask Linux to send it SIGKILL when its parent dies, and let SIGINT reach only the parent."""
    import ctypes

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # Pool.terminate() must simply end a worker
    signal.pthread_sigmask(signal.SIG_UNBLOCK, HELD_SIGNALS)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the parent died before prctl took effect
        os._exit(1)


def _safe_to_fork() -> bool:
    """Forking a process that runs other threads (an embedding app, pytest-xdist's channel) can
    deadlock the child on a lock some thread held: run serially there."""
    try:
        return len(os.listdir("/proc/self/task")) == 1  # native threads too (Linux)
    except OSError:
        return threading.active_count() == 1


def worker_count() -> int:
    configured = os.environ.get("LMS_BUILD_JOBS", os.environ.get("LMS_BUILD_PDF_JOBS", ""))
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

