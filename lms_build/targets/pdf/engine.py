"""HTML to PDF with WeasyPrint: fixed options, no network, a content-hash cache, a process pool.

Determinism: the PDF's dates come from the course (<meta> in the HTML), its file identifier from
the content hash, and WeasyPrint's font subsets are named by hashes of their content, so the same
HTML gives the same bytes on the same WeasyPrint and fonts. Both of those are part of the cache
key, so a cached PDF is exactly what a fresh render would give."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import shutil
import subprocess
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ...diagnostics import Diagnostic, Severity

LOG = logging.getLogger("lms_build.pdf")

#: WeasyPrint options of every handout: tagged PDF/UA-1 (structure tree, /Lang, title shown
#: instead of the file name) with the worksheets' form fields.
RENDER_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_forms": True}
#: Bump when the rendering changes in a way the HTML does not show (e.g. new options).
CACHE_FORMAT = "1"
CACHE_MAX_AGE_DAYS = 30
#: The font families handout.css asks for, resolved through fontconfig as WeasyPrint does.
FONT_PATTERNS = ("Noto Sans:style=Regular", "Noto Sans:style=Bold", "Noto Sans:style=Italic",
                 "Noto Sans:style=Bold Italic", "DejaVu Sans:style=Book")


@dataclass(frozen=True)
class RenderJob:
    html: str
    target: Path
    key: str  # hash of everything that decides the PDF's bytes

    @classmethod
    def for_html(cls, html: str, target: Path) -> RenderJob:
        return cls(html, target, cache_key(html))


def cache_key(html: str) -> str:
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, engine_fingerprint(), repr(sorted(RENDER_OPTIONS.items())), html):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


@cache
def engine_fingerprint() -> str:
    """Versions of the PDF stack and the font files it will use: a change to any of them may
    change the bytes, so it must invalidate cached PDFs."""
    parts = []
    for package in ("weasyprint", "pydyf", "fonttools", "pyphen", "tinycss2"):
        try:
            parts.append(f"{package}={version(package)}")
        except PackageNotFoundError:
            parts.append(f"{package}=?")
    for path in font_files().values():
        stat = path.stat() if path.is_file() else None
        parts.append(f"{path}:{stat.st_size if stat else 0}:{stat.st_mtime_ns if stat else 0}")
    parts.append(f"voikko={voikko_version()}")
    return ";".join(parts)


def voikko_version() -> str:
    """Voikko's library and Finnish dictionary ("missing" without them): installing, removing
    or upgrading it changes where Finnish handouts break, so cached ones must not be reused."""
    from .hyphenation import voikko_problem

    if voikko_problem() is not None:
        return "missing"
    from libvoikko import Voikko

    dictionaries = [f"{d.language}/{d.script}/{d.variant}/{d.description}" for d in Voikko.listDicts()]
    return f"{Voikko.getVersion()}:{','.join(sorted(dictionaries))}"


@cache
def font_files() -> dict[str, Path]:
    """What fontconfig picks for each pattern of FONT_PATTERNS (empty without fc-match)."""
    found: dict[str, Path] = {}
    for pattern in FONT_PATTERNS:
        try:
            result = subprocess.run(["fc-match", "--format=%{family}\t%{file}", pattern],
                                    capture_output=True, text=True, check=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            return {}
        family, _, file = result.stdout.partition("\t")
        found[pattern] = Path(file) if pattern.split(":")[0] in family.split(",") else Path()
    return found


def check_environment(languages: Iterable[str] = ("fi",)) -> list[Diagnostic]:
    """The PDF target needs WeasyPrint's system libraries and the fonts: say so before building
    rather than render with a fallback font. Finnish hyphenation needs Voikko; without it the
    handouts are still built, unhyphenated, with a warning (see hyphenation.py)."""
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi: fails without the libraries)
    except (ImportError, OSError) as error:
        return [Diagnostic("course.toml", 0, 0, "pdf-engine-missing",
                           f"the pdf target needs WeasyPrint and its system libraries ({error}); "
                           "run scripts/install.sh")]
    problems = _hyphenation_problems(languages)
    fonts = font_files()
    if not fonts:
        return problems  # no fc-match to ask: WeasyPrint will still use fontconfig
    missing = [pattern for pattern, path in fonts.items() if not path.is_file()]
    return problems + [Diagnostic("course.toml", 0, 0, "pdf-font-missing",
                                  f"font '{pattern}' is not installed (Debian: fonts-noto-core, "
                                  "fonts-dejavu-core; run scripts/install.sh)") for pattern in missing]


def _hyphenation_problems(languages: Iterable[str]) -> list[Diagnostic]:
    from .hyphenation import voikko_problem

    if "fi" not in languages or (problem := voikko_problem()) is None:
        return []
    return [Diagnostic("course.toml", 0, 0, "pdf-hyphenation-missing",
                       f"Finnish handouts will not be hyphenated: Voikko is not available ({problem}); "
                       "install Debian libvoikko1 and voikko-fi (scripts/install.sh)",
                       Severity.WARNING)]


class PdfCache:
    """Rendered PDFs by content hash, shared by every build on the machine (or CI runner).

    Location: $LMS_BUILD_CACHE_DIR, else $XDG_CACHE_HOME/lms-build, else ~/.cache/lms-build;
    LMS_BUILD_CACHE_DIR=off disables it. Entries unused for CACHE_MAX_AGE_DAYS are removed."""

    def __init__(self, folder: Path | None):
        self.folder = folder

    @classmethod
    def default(cls) -> PdfCache:
        configured = os.environ.get("LMS_BUILD_CACHE_DIR")
        if configured == "off":
            return cls(None)
        if configured:
            return cls(Path(configured) / "pdf")
        base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
        return cls(Path(base) / "lms-build" / "pdf")

    def _path(self, key: str) -> Path | None:
        return self.folder / f"{key}.pdf" if self.folder else None

    def copy_to(self, key: str, target: Path) -> bool:
        """Copy a cached PDF to `target`; False when there is none (or it is damaged)."""
        path = self._path(key)
        if path is None or not path.is_file() or not _looks_complete(path):
            return False
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        os.utime(path)  # recently used: keep it through pruning
        return True

    def store(self, key: str, pdf: bytes) -> None:
        path = self._path(key)
        if path is None:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(pdf)
            partial.replace(path)  # atomic: a parallel build never reads half a file
        except OSError as error:
            LOG.warning("cannot write the PDF cache %s: %s", path.parent, error)

    def prune(self, now: float | None = None) -> None:
        if self.folder is None or not self.folder.is_dir():
            return
        oldest = (now or time.time()) - CACHE_MAX_AGE_DAYS * 86400
        for entry in self.folder.iterdir():
            try:
                if entry.stat().st_mtime < oldest:
                    entry.unlink()
            except OSError:
                pass  # another build removed or is using it


def _looks_complete(path: Path) -> bool:
    with path.open("rb") as handle:
        if handle.read(5) != b"%PDF-":
            return False
        handle.seek(max(path.stat().st_size - 32, 0))
        return b"%%EOF" in handle.read()


def render_all(jobs: list[RenderJob], pdf_cache: PdfCache, label: str = "") -> int:
    """Write every job's PDF, from the cache when possible; returns how many were rendered."""
    pending = [job for job in jobs if not pdf_cache.copy_to(job.key, job.target)]
    for job, (pdf, messages) in zip(pending, _render_many(pending), strict=True):
        job.target.parent.mkdir(parents=True, exist_ok=True)
        job.target.write_bytes(pdf)
        pdf_cache.store(job.key, pdf)
        for message in messages:
            LOG.warning("%s%s: %s", label, job.target.name, message)
    pdf_cache.prune()
    return len(pending)


def _render_many(jobs: list[RenderJob]) -> list[tuple[bytes, list[str]]]:
    return render_many([(job.html, job.key) for job in jobs])


def render_many(arguments: list[tuple[str, str]]) -> list[tuple[bytes, list[str]]]:
    """render_pdf() for each (html, key), in parallel when there are several PDFs and cores
    (layout is CPU-bound pure Python) and forking is safe."""
    workers = min(worker_count(), len(arguments))
    if workers < 2 or not _safe_to_fork():
        return [render_pdf(*argument) for argument in arguments]
    return render_in_pool(arguments, workers)


def render_in_pool(arguments: list[tuple[str, str]], workers: int,
                   start_method: str = "fork") -> list[tuple[bytes, list[str]]]:
    """Forked workers inherit the imported WeasyPrint (no 0.5 s import each) and, unlike spawn or
    forkserver, do not re-import the caller's __main__ (which breaks unguarded scripts).
    A caller that runs threads and knows its __main__ is guarded (a test runner) may ask for
    "forkserver" instead: each worker then imports WeasyPrint itself."""
    import weasyprint  # noqa: F401  (imported once here, inherited by every forked worker)

    context = multiprocessing.get_context(start_method)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return list(pool.map(_render_arguments, arguments))


def _safe_to_fork() -> bool:
    """Forking a process that runs other threads (an embedding app, pytest-xdist's channel) can
    deadlock the child on a lock some thread held: render serially there."""
    try:
        return len(os.listdir("/proc/self/task")) == 1  # native threads too (Linux)
    except OSError:
        return threading.active_count() == 1


def worker_count() -> int:
    configured = os.environ.get("LMS_BUILD_PDF_JOBS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _render_arguments(arguments: tuple[str, str]) -> tuple[bytes, list[str]]:
    return render_pdf(*arguments)


def render_pdf(html: str, key: str) -> tuple[bytes, list[str]]:
    """The PDF of one handout and WeasyPrint's warnings about it."""
    with collected_warnings() as messages:
        document = layout(html)
        pdf = document.write_pdf(pdf_identifier=key[:32].encode("ascii"), **RENDER_OPTIONS)
    return pdf, messages


def layout(html: str) -> Any:
    """The laid-out weasyprint.Document (pages and boxes), e.g. for checking positions."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # Images arrive as data URIs and fonts come from the system: a handout fetches nothing
    # (no file:, no http:), so a Markdown image pointing elsewhere is refused with a warning.
    fetcher = URLFetcher(allowed_protocols=("data",))
    return HTML(string=html, url_fetcher=fetcher).render(**RENDER_OPTIONS)


@contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's log messages instead of printing them from a worker process."""
    messages: list[str] = []
    logger = logging.getLogger("weasyprint")
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
