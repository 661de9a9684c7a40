"""Timing and memory of whole processes, measured from outside, and medians of paired runs.

Each run is one child process reaped with `os.wait4`, which returns the kernel's accounting of
that very child: its CPU seconds (user + system, including the worker processes it waited for)
and its peak resident memory (the largest single process among the child and the workers it
waited for). `resource.getrusage(RUSAGE_CHILDREN)` holds the same figures summed over every child
so far, and its peak is a high-water mark over all of them, so it could not give the peak of a
small build after a large one.

A child forked from this process starts with this process's resident pages on its account (fork
copies the page tables, and exec keeps the old high-water mark), so after the benchmark has
imported WeasyPrint and Playwright every child would "peak" above 100 MB. Each measured command
is therefore started by a small launcher (a fresh Python running LAUNCHER), whose own size,
about 10 MB, is the floor of every peak figure: see the `python -c pass` rows."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

#: Runs argv[3:], reaps it with wait4 and writes its wall, CPU and peak to the file argv[1].
LAUNCHER = """
import json, os, subprocess, sys, threading, time
report, timeout, argv = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
started = time.perf_counter()
child = subprocess.Popen(argv)
killer = threading.Timer(timeout, child.kill)
killer.start()
_, status, usage = os.wait4(child.pid, 0)
killer.cancel()
wall = time.perf_counter() - started
with open(report, "w") as stream:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_kb": usage.ru_maxrss}, stream)
code = os.waitstatus_to_exitcode(status)
sys.exit(code if code > 0 else (1 if code else 0))
"""


@dataclass(frozen=True)
class Run:
    wall: float  # seconds from start to exit
    cpu: float  # user + system seconds of the process and the workers it waited for
    peak_mb: float  # largest resident set of a single one of those processes, MiB


class CommandFailed(RuntimeError):
    pass


def run_process(argv: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None,
                timeout: float = 3600) -> Run:
    """Run `argv` to completion through the launcher; raise CommandFailed (with its output) if it
    fails or runs longer than `timeout` seconds."""
    handle, report = tempfile.mkstemp(prefix="bench-run-", suffix=".json")
    os.close(handle)
    try:
        done = subprocess.run([sys.executable, "-c", LAUNCHER, report, str(timeout), *argv], env=env, cwd=cwd,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            raise CommandFailed(f"{' '.join(argv)} exited with {done.returncode}:\n"
                                f"{done.stdout.decode('utf-8', 'replace')[-3000:]}")
        figures = json.loads(Path(report).read_text(encoding="utf-8"))
    finally:
        os.unlink(report)
    return Run(figures["wall"], figures["cpu"], figures["peak_kb"] / 1024)


def paired(steps: dict[str, Callable[[], Run]], rounds: int) -> dict[str, list[Run]]:
    """Run every step once per round, in turn (A B C A B C ...), so that a machine whose speed
    drifts during the benchmark slows every step alike and ratios of medians stay meaningful."""
    runs: dict[str, list[Run]] = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            runs[name].append(step())
    return runs


def summary(runs: list[Run]) -> dict[str, object]:
    """Median (the figure to quote), min and max of each measure, and the number of runs."""
    result: dict[str, object] = {"runs": len(runs)}
    for measure in ("wall", "cpu", "peak_mb"):
        values = [asdict(run)[measure] for run in runs]
        result[measure] = {"median": round(statistics.median(values), 4),
                           "min": round(min(values), 4), "max": round(max(values), 4)}
    return result


def median(runs: list[Run], measure: str = "cpu") -> float:
    return statistics.median(asdict(run)[measure] for run in runs)
