"""`python -m benchmarks`: the figures of issue #9, each beside baselines measured in the same run.

Writes benchmarks/results.json (every figure with median, min and max) and benchmarks/results.md
(the table for the README), and prints the table. Every build is a child process timed from
outside (CPU = user + system seconds, the figure to quote on a busy machine; wall; peak memory),
with `LMS_BUILD_CACHE_DIR=off` so no per-user cache helps. Steps that are compared run in turn,
round after round (A B C A B C ...), so a machine whose speed drifts slows all of them alike.

    .venv/bin/python -m benchmarks            # the full run: about 10 minutes of CPU time on 2 cores
    .venv/bin/python -m benchmarks --quick    # tiny sizes, one run each (CI: the benchmark cannot rot)
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from lms_build.schemas import find_schemas_dir

from . import course_build, packaging_speed, report
from .course_build import REPO, Setup
from .generate import generate
from .pdf_speed import compare_engines

FULL = {"rounds": 5, "sizes": [50, 200, 800], "pdf_sizes": [50], "course": REPO, "pdf_documents": 2,
        "scale_rounds": lambda size: 3 if size <= 50 else 1}
QUICK = {"rounds": 1, "sizes": [2, 3], "pdf_sizes": [2], "course": REPO / "tests" / "fixtures" / "mini",
         "pdf_documents": 1, "scale_rounds": lambda size: 1}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="the mini fixture course, generated courses of 2 and 3 modules, one run each")
    parser.add_argument("--sizes", help="generated course sizes, e.g. 50,200 (default 50,200,800)")
    parser.add_argument("--rounds", type=int, help="paired rounds for the real course (default 5)")
    parser.add_argument("--results", type=Path, default=Path(__file__).resolve().parent,
                        help="folder for results.json and results.md (default: benchmarks/)")
    parser.add_argument("--sections", help="run only these sections (comma-separated, e.g. player,pdf_speed) and "
                        "replace them in an existing results.json; one of: " + ", ".join(SECTIONS))
    parser.add_argument("--table", action="store_true",
                        help="only write results.md again from results.json (after a change to the table)")
    arguments = parser.parse_args(argv)
    if arguments.table:
        results = json.loads((arguments.results / "results.json").read_text(encoding="utf-8"))
        (arguments.results / "results.md").write_text(report.markdown(results), encoding="utf-8")
        print(report.markdown(results))
        return 0
    plan = dict(QUICK if arguments.quick else FULL)
    if arguments.sizes:
        plan["sizes"] = sorted(int(size) for size in arguments.sizes.split(","))
    if arguments.rounds:
        plan["rounds"] = arguments.rounds
    arguments.results.mkdir(parents=True, exist_ok=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up the worktree and scratch files
    wanted = set(SECTIONS)
    earlier: dict = {}
    if arguments.sections:
        wanted = set(arguments.sections.split(","))
        if unknown := wanted - set(SECTIONS):
            parser.error(f"unknown sections {', '.join(sorted(unknown))}; choose from {', '.join(SECTIONS)}")
        if (arguments.results / "results.json").is_file():
            earlier = json.loads((arguments.results / "results.json").read_text(encoding="utf-8"))
    results = run(plan, arguments.quick, lambda partial: _write(partial, arguments.results), wanted, earlier)
    print(report.markdown(results))
    return 1 if any("error" in section for section in results.values()) else 0


def _write(results: dict, folder: Path) -> None:
    """Written after every section, so an interrupted run still leaves what it measured."""
    public = {name: {key: value for key, value in section.items() if not key.startswith("_")}
              for name, section in results.items()}
    (folder / "results.json").write_text(json.dumps(public, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (folder / "results.md").write_text(report.markdown(public), encoding="utf-8")


SECTIONS = ("real_course", "packaging", "player", "pdf_speed", "scale", "pdf_peak", "player_large")


def run(plan: dict, quick: bool, write: Callable[[dict], None], wanted: set[str], earlier: dict) -> dict:
    """Every wanted section in turn, cheapest and most telling first; `write` after each. A section
    that fails is recorded with its error and the others still run (the exit status is then 1).
    Sections not wanted keep their `earlier` results."""
    started = time.perf_counter()
    env = {**os.environ, "LMS_BUILD_CACHE_DIR": "off", "LMS_BUILD_SCHEMAS": str(find_schemas_dir(REPO))}
    env.pop("PYTHONPATH", None)
    # An installed lms-build runs from bytecode (pip compiles it): measured commands may write and
    # use .pyc files like it, or every run would also time compiling the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results: dict = {**earlier, "machine": earlier.get("machine") or _machine(quick)}
    if earlier:
        results["machine"].setdefault("reruns", []).append(
            {"sections": sorted(wanted), **{k: v for k, v in _machine(quick).items() if k in ("date", "commit")},
             "load_average_before": [round(x, 2) for x in os.getloadavg()]})
    rounds = plan["rounds"]
    built: dict[str, Path | None] = {}

    def section(name: str, title: str, measure: Callable[[], dict]) -> None:
        if name not in wanted:
            return
        _say(title)
        try:
            results[name] = measure()
        except Exception as error:  # recorded and reported; the exit status says so
            traceback.print_exc()
            results[name] = {"error": f"{type(error).__name__}: {(str(error).strip().splitlines() or [''])[-1]}"}
        if not earlier:
            results["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
            results["machine"]["benchmark_seconds"] = round(time.perf_counter() - started, 1)
        write(results)

    def output(name: str, key: str) -> Path:
        if key not in results.get(name, {}):
            raise RuntimeError(f"needs the output of the {name} section, which failed or did not run")
        return Path(results[name][key])

    def largest_site(size: int) -> Path:
        """web/fi of the largest generated course: the scale section's build, else a web-only
        build made for the purpose (untimed)."""
        if "_largest_output" in results.get("scale", {}):
            return Path(results["scale"]["_largest_output"]) / "web" / "fi"
        out = setup.fresh("largest-web")
        course = generate(size, setup.fresh(f"course-{size}"))
        course_build.now_build(setup, course, out, targets=["web"], extra=["--lang", "fi"])
        return out / "web" / "fi"

    def real_output(kind: str) -> Path | None:
        """The real course built by this checkout ("now") or at TODAY_COMMIT ("today"): the real
        course section's last cold build, else one untimed build made for the purpose."""
        key = "_output" if kind == "now" else "_today_output"
        if key in results.get("real_course", {}):
            found = results["real_course"][key]
            return Path(found) if found else None
        if kind not in built:
            out = setup.fresh(f"{kind}-built")
            if kind == "now":
                course_build.now_build(setup, plan["course"], out)
            elif setup.today is not None or course_build.add_today(setup) is None:
                course_build.today_build(setup, plan["course"], out)
            built[kind] = out if out.is_dir() else None
        return built[kind]

    with tempfile.TemporaryDirectory(prefix="lms-bench-") as scratch:
        setup = Setup(Path(scratch), env, rounds)
        try:
            section("real_course", "real course: cold, no-op, one-word change, baselines",
                    lambda: course_build.real_course(setup, plan["course"]))
            section("packaging", "packaging: zip_bytes against zip -X -9",
                    lambda: packaging_speed.compare(packaging_speed.largest_package(real_output("now")),
                                                    setup.scratch, max(rounds, 5)))
            section("player", "player: first page and page changes in Chromium",
                    lambda: _player({label: site / "web" / "fi" for label in ("now", "today")
                                     if (site := real_output(label)) is not None}))
            section("pdf_speed", "PDF seconds per page: WeasyPrint against Chromium",
                    lambda: compare_engines(plan["course"], "fi", setup.scratch, min(rounds, 3),
                                            plan["pdf_documents"]))
            section("scale", f"generated courses: {plan['sizes']} modules",
                    lambda: course_build.scale(setup, plan["sizes"], plan["scale_rounds"], today_baseline=not quick))
        finally:
            course_build.remove_today(setup)
        section("pdf_peak", f"PDF peak memory: {plan['pdf_sizes']} modules",
                lambda: course_build.pdf_peak(setup, plan["pdf_sizes"]))
        largest = plan["sizes"][-1]
        section("player_large", "player: first page of the largest generated course",
                lambda: _player({f"{largest} modules": largest_site(largest)}, page_changes=False))
    return results


def _player(sites: dict[str, Path], page_changes: bool = True) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.support.browser import launch_chromium

    from .player_budget import first_page

    found: dict = {}
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for label, site in sites.items():
                found[label] = first_page(site, browser, page_changes)
        finally:
            browser.close()
    return found


def _machine(quick: bool) -> dict:
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip()
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit or None,
        "quick": quick,
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "python": platform.python_version(),
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }


def _say(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
