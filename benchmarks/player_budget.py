"""Budgets of the learner player, printed as figures (exit status 1 when one is over):

* size: the player's JavaScript + CSS that a page loads (core, CSS, one adapter), gzipped,
  at most 30 KB for every runtime;
* speed: changing page in headless Chromium (Debian's /usr/bin/chromium), under 50 ms: the
  time from LmsPlayer.go() until the new page has been shown (loaded from its own file if need
  be) and laid out, for every page of the course.

Run: .venv/bin/python benchmarks/player_budget.py [--course FOLDER] [--lang fi]
(default course: the repository's own if it validates, else tests/fixtures/mini).

`python -m benchmarks` uses `first_page()` on built web output (whatever the browser had asked
for when the first page was shown and usable, counted by the page itself from its resource
timing entries, and separately everything until the player was fully started) and the
page-change times."""

from __future__ import annotations

import argparse
import gzip
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lms_build.build import validate_course  # noqa: E402
from lms_build.render.player import CORE_SCRIPTS, RUNTIMES, static_files  # noqa: E402

SIZE_BUDGET = 30 * 1024
PAGE_CHANGE_BUDGET_MS = 50.0

#: Every page forwards and back: the time from LmsPlayer.go() until the new page is shown and
#: laid out. go() returns a promise when the page may have to load from its own file (awaiting
#: it is part of the time); the player before page files returned nothing.
MEASURE = """async () => {
    const pages = LmsPlayer.pageCount ? LmsPlayer.pageCount()
        : document.querySelectorAll('main > .page:not(.extra-page)').length;
    const times = [];
    const order = [...Array(pages).keys()];
    for (const i of [...order, ...order.reverse()]) {
        const start = performance.now();
        await LmsPlayer.go(i);
        document.body.getBoundingClientRect();  // force style and layout of the new page
        times.push(performance.now() - start);
    }
    return times;
}"""


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def sizes() -> dict[str, dict[str, int]]:
    """Per runtime: raw and gzipped bytes of what its page loads."""
    files = static_files()
    result = {}
    for runtime in RUNTIMES:
        names = [*(f"player/{name}" for name in CORE_SCRIPTS), "player/player.css", "player/results.css",
                 f"player/adapters/{runtime}.js"]
        result[runtime] = {"raw": sum(len(files[n]) for n in names),
                           "gzip": sum(gzipped(files[n]) for n in names)}
    everything = b"".join(content for name, content in files.items())
    result["all player files"] = {"raw": len(everything),
                                  "gzip": sum(gzipped(c) for c in files.values())}
    return result


def page_change_times(course_dir: Path, lang: str, browser=None) -> tuple[str, list[float]]:
    """Milliseconds per page change over every page, forwards and back (in `browser`, or in a
    Chromium started for the purpose)."""
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_chromium

    if browser is not None:
        return _measure(course_dir, lang, browser)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            return _measure(course_dir, lang, chromium)
        finally:
            chromium.close()


def _measure(course_dir: Path, lang: str, browser) -> tuple[str, list[float]]:
    from tests.support.browser import wait_until
    from tests.support.courses import write_package
    from tests.support.server import serve

    course, problems, _ = validate_course(course_dir)
    if course is None:
        raise SystemExit(f"{course_dir} does not validate: {problems[:3]}")
    with tempfile.TemporaryDirectory() as folder:
        write_package(Path(folder), course, lang, "standalone")
        with serve({"/pkg": Path(folder)}) as server:
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url("/pkg/index.html"))
            wait_until(page, "!!(window.LmsPlayer && LmsPlayer.ready)")
            page.evaluate(MEASURE)  # warm up (first layout and load of every page, JIT)
            times = page.evaluate(MEASURE)
            context.close()
    return course.config.id, times


READY = "!!(window.LmsPlayer && LmsPlayer.ready)"
#: The first page is shown and usable: the launch page and its scripts have run (a player that
#: loads pages on demand sets `firstPage` then, before its course data arrives; the player before
#: that was usable only once `ready`).
FIRST_PAGE = "!!(window.LmsPlayer && (LmsPlayer.firstPage || LmsPlayer.ready))"
#: Every URL the page had requested when the first page became usable (the document itself and
#: every resource the browser started: styles, scripts, images of the first page).
FIRST_PAGE_FILES = "LmsPlayer.firstPageFiles || null"


def _files(site: Path, urls: list[str]) -> list[tuple[str, bytes]]:
    """The served files' own bytes (Chromium does not keep the body of a large response)."""
    paths = dict.fromkeys(unquote(urlsplit(url).path).split("/pkg/", 1)[-1] for url in urls)
    return [(path, (site / path).read_bytes()) for path in paths if (site / path).is_file()]


def _summary(files: list[tuple[str, bytes]]) -> dict:
    return {"files": {url: {"bytes": len(body), "gzip": gzipped(body)} for url, body in files},
            "bytes": sum(len(body) for _, body in files),
            "gzip": sum(gzipped(body) for _, body in files)}


def _timings(times: list[float]) -> dict:
    return {"changes": len(times), "median": round(statistics.median(times), 3),
            "p95": round(sorted(times)[max(0, int(len(times) * 0.95) - 1)], 3),
            "max": round(max(times), 3)}


def first_page(site: Path, browser, page_changes: bool = True) -> dict:
    """Load `site`/index.html (a built web/<lang>/ folder) from a local server. The headline
    figure: every file the browser had requested when the first page was shown and usable (bytes
    and gzip -9 bytes, per file and in all) and the time until then; `ready`: the same until the
    player is fully started (course data, learner state, resume), which grows with the course;
    page-change times over every page forwards and back: `first_visit` the first pass (pages
    loading from their own files), the headline median from the second pass."""
    from tests.support.browser import wait_until
    from tests.support.server import serve

    responses: list = []
    with serve({"/pkg": site}) as server:
        context = browser.new_context()
        page = context.new_page()
        # the bodies are read after loading: a blocking call inside an event handler could hang
        page.on("response", lambda response: responses.append(response.url))
        console: list[str] = []
        page.on("console", lambda message: console.append(f"{message.type}: {message.text}"))
        page.on("pageerror", lambda error: console.append(f"error: {error}"))
        started = time.perf_counter()
        page.goto(server.url("/pkg/index.html"), timeout=600_000)  # a course of 800 modules is large
        try:
            wait_until(page, FIRST_PAGE, timeout=600)
            first_seconds = time.perf_counter() - started
            first_urls = page.evaluate(FIRST_PAGE_FILES) or list(responses)
            wait_until(page, READY, timeout=600)
        except TimeoutError as error:
            raise TimeoutError(f"{site}: the player was not ready: {error}; loaded {responses}; "
                               f"console {console[-5:]}") from error
        ready_seconds = time.perf_counter() - started
        result = _summary(_files(site, first_urls)) | {"ready_seconds": round(first_seconds, 4)}
        result["ready"] = {k: v for k, v in _summary(_files(site, list(responses))).items() if k != "files"}
        result["ready"] |= {"files": len(set(responses)), "seconds": round(ready_seconds, 4)}
        if page_changes:
            first_visit = page.evaluate(MEASURE)  # also the warm-up (first layout of every page, JIT)
            times = page.evaluate(MEASURE)
            result["page_change_ms"] = _timings(times)
            result["page_change_first_visit_ms"] = _timings(first_visit)
        context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--course", type=Path, default=None)
    parser.add_argument("--lang", default="fi")
    args = parser.parse_args(argv)
    course_dir = args.course
    if course_dir is None:
        course_dir = REPO if validate_course(REPO)[0] is not None else REPO / "tests/fixtures/mini"

    ok = True
    print(f"Player size (gzip -9; budget {SIZE_BUDGET // 1024} KB per page):")
    for name, size in sizes().items():
        over = name in RUNTIMES and size["gzip"] > SIZE_BUDGET
        ok &= not over
        print(f"  {name:17} {size['raw'] / 1024:6.1f} KB raw  {size['gzip'] / 1024:5.1f} KB gzip"
              f"{'  OVER BUDGET' if over else ''}")

    course_id, times = page_change_times(course_dir, args.lang)
    worst, median = max(times), statistics.median(times)
    p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
    over = worst >= PAGE_CHANGE_BUDGET_MS
    ok &= not over
    print(f"Page change in headless Chromium ({course_id}, {args.lang}, {len(times)} changes; "
          f"budget {PAGE_CHANGE_BUDGET_MS:.0f} ms):")
    print(f"  median {median:.1f} ms  p95 {p95:.1f} ms  max {worst:.1f} ms"
          f"{'  OVER BUDGET' if over else ''}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
