"""How long from saving a module to seeing the change in the open preview? Prints figures; it is
not a test and asserts nothing.

It copies a course to a temporary folder, starts `lms-build preview` in-process (SCORM 1.2 by
default), opens the shell in headless Chromium, goes to the module's second page, and then
saves the module N times with a new title each time. For each save it measures the time from
the file write to the moment the course frame shows the new title (the shell polls nothing: the
server pushes the change; the frame is relaunched under the simulated LMS). It also checks that
the learner is still on the same page after each update.

    .venv/bin/python benchmarks/preview_latency.py                    # the real course, 20 saves
    .venv/bin/python benchmarks/preview_latency.py --course tests/fixtures/mini --saves 10
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from lms_build.preview import PreviewServer  # noqa: E402
from tests.support.browser import launch_chromium, wait_until  # noqa: E402

FRAME = "document.getElementById('course')"
#: The module title's Finnish text, inline (`title: {fi: "..."`) or as a block (`title:` / `  fi: ...`).
TITLE_LINE = re.compile(r'^(title: \{fi: "|title:\n  fi: "?)([^"\n]*)', re.M)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--course", type=Path, default=REPO)
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--as", dest="kind", default="scorm12")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as temp:
        course = Path(temp) / "course"
        shutil.copytree(args.course, course, ignore=shutil.ignore_patterns(
            "dist", ".venv", "node_modules", ".git", "tests", "benchmarks", "*.egg-info"))
        module = _module_with_title(course)
        with PreviewServer(course, port=0, kind=args.kind) as server, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(server.url)
            wait_until(page, f"{FRAME}.contentWindow.LmsPlayer && {FRAME}.contentWindow.LmsPlayer.ready", 30)
            frame = page.query_selector("#course").content_frame()
            second_page = frame.evaluate("LmsPlayer.data().pages[1]")
            frame.evaluate(f"document.querySelector(\".toc a[data-page='{second_page}']\").click()")
            timings, rebuilds, kept_place = [], [], 0
            text = module.read_text(encoding="utf-8")
            original = TITLE_LINE.search(text).group(2)
            for save in range(1, args.saves + 1):
                title = f"{original} {save}"
                new_text = TITLE_LINE.sub(lambda m, title=title: m.group(1) + title, text, count=1)
                started = time.perf_counter()
                module.write_text(new_text, encoding="utf-8")
                try:
                    wait_until(page, f"{FRAME}.contentDocument && {FRAME}.contentDocument.body && "
                                     f"{FRAME}.contentWindow.LmsPlayer && {FRAME}.contentWindow.LmsPlayer.ready && "
                                     f"{FRAME}.contentDocument.body.textContent.includes({title!r})", 30)
                except TimeoutError:
                    raise SystemExit(f"the page did not update; preview state: {server.state()}") from None
                timings.append(time.perf_counter() - started)
                rebuilds.append(server.build.last_seconds)
                frame = page.query_selector("#course").content_frame()
                kept_place += frame.evaluate("document.querySelector('main > .page:not([hidden])').id") == second_page
                time.sleep(0.3)  # an author does not save twice within the same second
            browser.close()
    ms = sorted(t * 1000 for t in timings)
    print(f"course {args.course} as {args.kind}, module {module.name}, {len(ms)} saves")
    print(f"save -> updated page: median {statistics.median(ms):.0f} ms, "
          f"min {ms[0]:.0f} ms, max {ms[-1]:.0f} ms, p90 {ms[int(len(ms) * 0.9) - 1]:.0f} ms")
    print(f"  of which the in-memory rebuild (load changed file, check, render): median "
          f"{statistics.median(rebuilds) * 1000:.0f} ms; the rest is the file watcher, the push and "
          "the relaunch of the course frame in the browser")
    print(f"learner kept on the same page after {kept_place} of {len(ms)} updates")


def _module_with_title(course: Path) -> Path:
    for path in sorted((course / "modules").glob("*.yaml")):
        if TITLE_LINE.search(path.read_text(encoding="utf-8")):
            return path
    raise SystemExit("no module with a `title:` whose Finnish text can be edited")


if __name__ == "__main__":
    main()
