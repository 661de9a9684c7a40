"""How fast are the PDF handouts? Prints figures; it is not a test and asserts nothing.

For every handout of one language it renders the handout HTML once, then times, on that very
same HTML file:
  - WeasyPrint (what `lms-build build --target pdf` uses), serially in this process,
  - headless Chromium's --print-to-pdf (/usr/bin/chromium, flags from TOOLING-NOTES), one browser
    launch per document as a build would do, and the launch cost alone (a blank page),
and then the whole pdf target: a cold build (cache off, worker pool) and a rebuild on a warm
cache (copies, no rendering).

    .venv/bin/python benchmarks/pdf_speed.py                       # the mini fixture course
    .venv/bin/python benchmarks/pdf_speed.py --course . --lang sv  # the real course

`python -m benchmarks` uses `compare_engines()`: a few handouts, each engine cold (a new process
per document: WeasyPrint imported and its fonts loaded, or Chromium launched) and warm (the engine
already loaded: WeasyPrint's second render in one process, Chromium's page.pdf() through
Playwright in a running browser, the same printing code as --print-to-pdf).

Chromium's output is not equivalent: it has no target-counter() (the table of contents shows no
page numbers) and no PDF/UA form fields; the figures compare layout engines, not handouts."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.measure import run_process  # noqa: E402
from lms_build import runner  # noqa: E402
from lms_build.build import build, validate_course  # noqa: E402
from lms_build.targets.pdf import engine  # noqa: E402
from lms_build.targets.pdf.documents import handouts  # noqa: E402
from lms_build.targets.pdf.html import render_handout  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                  "--no-pdf-header-footer"]


@dataclass
class Timing:
    name: str
    weasy_pages: int
    weasy_seconds: float
    chromium_pages: int | None
    chromium_seconds: float | None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--course", type=Path, default=REPO / "tests" / "fixtures" / "mini")
    parser.add_argument("--lang", default=None, help="language (default: the course's first)")
    parser.add_argument("--no-chromium", action="store_true")
    parser.add_argument("--repeat", type=int, default=3,
                        help="runs per document and engine; the fastest counts (default 3)")
    parser.add_argument("--render", nargs=2, type=Path, metavar=("HTML", "PDF"),
                        help="only render HTML to PDF with WeasyPrint (a cold render, timed from outside)")
    arguments = parser.parse_args()
    if arguments.render:
        html = arguments.render[0].read_text(encoding="utf-8")
        arguments.render[1].write_bytes(engine.render_pdf(html, engine.cache_key(html))[0])
        return

    course, problems, _ = validate_course(arguments.course)
    if course is None:
        sys.exit("the course does not validate:\n" + "\n".join(p.format() for p in problems))
    lang = arguments.lang or course.languages[0]
    chromium = not arguments.no_chromium and Path(CHROMIUM).is_file()

    with tempfile.TemporaryDirectory(prefix="pdf-speed-") as scratch:
        folder = Path(scratch)
        sources = [(handout.file_name(course), render_handout(course, handout))
                   for handout in handouts(course, lang)]
        import weasyprint  # noqa: F401  (import cost kept out of the per-document figures)

        engine.render_pdf(sources[-1][1], "warm-up")  # first layout loads fonts and hyphenation
        timings = [_time_one(folder, name, html, chromium, arguments.repeat) for name, html in sources]
        launch = _chromium_launch_seconds(folder) if chromium else None
        _print_table(arguments.course, lang, timings, launch)
        _print_build_figures(arguments.course, lang, folder)


def compare_engines(course_dir: Path, lang: str, scratch: Path, rounds: int, documents: int = 2) -> dict:
    """Seconds per page of WeasyPrint and Chromium on the same HTML (the first module's handouts:
    learner, then facilitator edition; `documents` of them), each cold and warm; medians of
    `rounds` paired rounds."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_chromium

    course, problems, _ = validate_course(course_dir)
    if course is None:
        raise RuntimeError("the course does not validate: " + "; ".join(p.format() for p in problems[:3]))
    chosen = [h for h in handouts(course, lang) if h.module == course.modules[0]][:documents]
    folder = scratch / "pdf-speed"
    folder.mkdir(parents=True, exist_ok=True)
    sources = []
    for handout in chosen:
        name = handout.file_name(course).removesuffix(".pdf")
        source = folder / f"{name}.html"
        source.write_text(render_handout(course, handout), encoding="utf-8")
        sources.append((name, source))
    engine.render_pdf(sources[0][1].read_text(encoding="utf-8"), "warm-up")  # fonts, hyphenation
    seconds: dict[str, list[list[float]]] = {kind: [[] for _ in sources] for kind in
                                             ("weasyprint cold", "weasyprint warm", "chromium cold",
                                              "chromium warm")}
    cpu_cold: list[list[float]] = [[] for _ in sources]
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        try:
            for _ in range(rounds):
                for index, (name, source) in enumerate(sources):
                    run = run_process([sys.executable, "-m", "benchmarks.pdf_speed", "--render", str(source),
                                       str(folder / f"{name}.weasy-cold.pdf")], cwd=REPO)
                    seconds["weasyprint cold"][index].append(run.wall)
                    cpu_cold[index].append(run.cpu)
                    seconds["weasyprint warm"][index].append(
                        _weasyprint_render(source.read_text(encoding="utf-8"), folder / f"{name}.weasy.pdf"))
                    seconds["chromium cold"][index].append(
                        _chromium_print(folder, source, folder / f"{name}.chromium.pdf"))
                    started = time.perf_counter()
                    page.goto(source.as_uri())
                    page.pdf(path=str(folder / f"{name}.chromium-warm.pdf"), prefer_css_page_size=True,
                             print_background=True)
                    seconds["chromium warm"][index].append(time.perf_counter() - started)
        finally:
            browser.close()
    pages = {"weasyprint": [len(PdfReader(folder / f"{name}.weasy.pdf").pages) for name, _ in sources],
             "chromium": [len(PdfReader(folder / f"{name}.chromium.pdf").pages) for name, _ in sources]}
    result: dict = {"course": course.config.id, "lang": lang, "rounds": rounds,
                    "documents": [name for name, _ in sources], "pages": pages}
    for kind, per_document in seconds.items():
        total = sum(statistics.median(times) for times in per_document)
        engine_pages = sum(pages[kind.split()[0]])
        result[kind] = {"seconds": round(total, 4), "seconds_per_page": round(total / engine_pages, 5)}
    result["weasyprint cold"]["cpu"] = round(sum(statistics.median(c) for c in cpu_cold), 4)
    result["launch_seconds"] = round(_chromium_launch_seconds(folder, rounds), 4)
    return result


def _time_one(folder: Path, name: str, html: str, chromium: bool, repeat: int) -> Timing:
    """Fastest of `repeat` runs: the machine may be busy with other work."""
    source = folder / name.replace(".pdf", ".html")
    source.write_text(html, encoding="utf-8")
    weasy_path = folder / name
    weasy_seconds = min(_weasyprint_render(html, weasy_path) for _ in range(repeat))
    chromium_pages = chromium_seconds = None
    if chromium:
        chromium_path = folder / f"chromium-{name}"
        chromium_seconds = min(_chromium_print(folder, source, chromium_path) for _ in range(repeat))
        chromium_pages = len(PdfReader(chromium_path).pages)
    return Timing(name, len(PdfReader(weasy_path).pages), weasy_seconds, chromium_pages, chromium_seconds)


def _weasyprint_render(html: str, target: Path) -> float:
    started = time.perf_counter()
    pdf, _ = engine.render_pdf(html, engine.cache_key(html))
    seconds = time.perf_counter() - started
    target.write_bytes(pdf)
    return seconds


def _chromium_print(folder: Path, source: Path, target: Path) -> float:
    started = time.perf_counter()
    subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={folder / 'chromium-profile'}",
                    f"--print-to-pdf={target}", source.as_uri()],
                   check=True, capture_output=True, timeout=600)
    return time.perf_counter() - started


def _chromium_launch_seconds(folder: Path, repeat: int = 3) -> float:
    """Launch and print of a blank page: the fixed cost in every Chromium figure."""
    blank = folder / "blank.html"
    blank.write_text("<!doctype html><html lang=fi><title>-</title><p>.</p></html>", encoding="utf-8")
    return min(_chromium_print(folder, blank, folder / "blank.pdf") for _ in range(repeat))


def _per_page(seconds: float | None, pages: int | None) -> str:
    return f"{seconds / pages:8.3f}" if seconds is not None and pages else f"{'-':>8}"


def _print_table(course_dir: Path, lang: str, timings: list[Timing], launch: float | None) -> None:
    print(f"PDF speed, {course_dir} [{lang}]: {len(timings)} handouts, the same HTML to both engines")
    width = max(len(t.name) for t in timings) + 1
    print(f"{'document':{width}} {'pages':>5} {'Weasy s':>8} {'s/page':>8}   {'pages':>5} {'Chrom s':>8} {'s/page':>8}")
    for t in timings:
        chromium = (f"{t.chromium_pages:5d} {t.chromium_seconds:8.2f} {_per_page(t.chromium_seconds, t.chromium_pages)}"
                    if t.chromium_seconds is not None else f"{'-':>5} {'-':>8} {'-':>8}")
        print(f"{t.name:{width}} {t.weasy_pages:5d} {t.weasy_seconds:8.2f} "
              f"{_per_page(t.weasy_seconds, t.weasy_pages)}   {chromium}")
    weasy_pages = sum(t.weasy_pages for t in timings)
    weasy_seconds = sum(t.weasy_seconds for t in timings)
    print(f"{'total (one process, serial)':{width}} {weasy_pages:5d} {weasy_seconds:8.2f} "
          f"{_per_page(weasy_seconds, weasy_pages)}", end="")
    if launch is not None:
        chromium_pages = sum(t.chromium_pages or 0 for t in timings)
        chromium_seconds = sum(t.chromium_seconds or 0 for t in timings)
        print(f"   {chromium_pages:5d} {chromium_seconds:8.2f} {_per_page(chromium_seconds, chromium_pages)}")
        without_launch = chromium_seconds - launch * len(timings)
        print(f"Chromium launch + blank page: {launch:.2f} s; Chromium without the launches: "
              f"{without_launch:.2f} s ({_per_page(without_launch, chromium_pages).strip()} s/page)")
    else:
        print()


def _print_build_figures(course_dir: Path, lang: str, folder: Path) -> None:
    """The pdf target as a build runs it: worker pool on a cold cache, then a warm rebuild."""
    cache = folder / "cache"
    previous = os.environ.get("LMS_BUILD_CACHE_DIR")
    os.environ["LMS_BUILD_CACHE_DIR"] = str(cache)
    try:
        for label in ("cold cache", "warm cache"):
            started = time.perf_counter()
            build(course_dir, folder / f"dist-{label[:4]}", ["pdf"], [lang])
            print(f"lms-build build --target pdf --lang {lang}, {label}, "
                  f"{runner.worker_count()} worker(s): {time.perf_counter() - started:.2f} s")
    finally:
        if previous is None:
            os.environ.pop("LMS_BUILD_CACHE_DIR", None)
        else:
            os.environ["LMS_BUILD_CACHE_DIR"] = previous
        shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
