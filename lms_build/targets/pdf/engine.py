"""HTML to PDF with WeasyPrint: fixed options, no network; what the PDF jobs' keys must cover.

Determinism: the PDF's dates come from the course (<meta> in the HTML), its file identifier from
the job key, and WeasyPrint's font subsets are named by hashes of their content, so the same
HTML gives the same bytes on the same WeasyPrint, fonts and Voikko. All of those are part of
`engine_fingerprint()`, which every PDF job's key includes, so a cached PDF is exactly what a
fresh render would give. Caching and parallel rendering are the build runner's (runner.py)."""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import subprocess
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from ...diagnostics import Diagnostic, Severity
from ...i18n import _
from ...runner import collected_warnings

LOG = logging.getLogger("lms_build.pdf")

#: WeasyPrint options of every handout: tagged PDF/UA-1 (structure tree, /Lang, title shown
#: instead of the file name) with the worksheets' form fields.
RENDER_OPTIONS: dict[str, Any] = {"pdf_variant": "pdf/ua-1", "pdf_forms": True}
#: Bump when the rendering changes in a way the HTML does not show (e.g. new options).
CACHE_FORMAT = "1"
#: The font families handout.css asks for, resolved through fontconfig as WeasyPrint does.
FONT_PATTERNS = ("Noto Sans:style=Regular", "Noto Sans:style=Bold", "Noto Sans:style=Italic",
                 "Noto Sans:style=Bold Italic", "DejaVu Sans:style=Book")


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
                           _("the pdf target needs WeasyPrint and its system libraries ({problem}); "
                             "run scripts/install.sh").format(problem=error))]
    problems = _hyphenation_problems(languages)
    fonts = font_files()
    if not fonts:
        return problems  # no fc-match to ask: WeasyPrint will still use fontconfig
    missing = [pattern for pattern, path in fonts.items() if not path.is_file()]
    return problems + [Diagnostic("course.toml", 0, 0, "pdf-font-missing",
                                  _("font '{font}' is not installed (Debian: fonts-noto-core, "
                                    "fonts-dejavu-core; run scripts/install.sh)").format(font=pattern))
                       for pattern in missing]


def _hyphenation_problems(languages: Iterable[str]) -> list[Diagnostic]:
    from .hyphenation import voikko_problem

    if "fi" not in languages or (problem := voikko_problem()) is None:
        return []
    return [Diagnostic("course.toml", 0, 0, "pdf-hyphenation-missing",
                       _("Finnish handouts will not be hyphenated: Voikko is not available ({problem}); "
                         "install Debian libvoikko1 and voikko-fi (scripts/install.sh)").format(problem=problem),
                       Severity.WARNING)]


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


def _render_arguments(arguments: tuple[str, str]) -> tuple[bytes, list[str]]:
    return render_pdf(*arguments)


def render_pdf(html: str, key: str) -> tuple[bytes, list[str]]:
    """The PDF of one handout and WeasyPrint's warnings about it."""
    with collected_warnings("weasyprint") as messages:
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


