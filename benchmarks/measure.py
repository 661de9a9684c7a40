"""Timing and memory of whole processes, measured from outside, and medians of paired runs.

Each run is one child process started with `subprocess.Popen` and reaped with `os.wait4`, which
returns the kernel's accounting of that very child: its CPU seconds (user + system, including
the worker processes it waited for) and its peak resident memory (the largest single process
among the child and the workers it waited for). `resource.getrusage(RUSAGE_CHILDREN)` holds
the same figures summed over every child so far, and its peak is a high-water mark over all of
them, so it could not give the peak of a small build after a large one; wait4 gives per-run
figures."""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Run:
    wall: float  # seconds from start to exit
    cpu: float  # user + system seconds of the process and the workers it waited for
    peak_mb: float  # largest resident set of a single one of those processes, MiB


class CommandFailed(RuntimeError):
    pass


def run_process(argv: Sequence[str], env: dict[str, str] | None = None, cwd: Path | None = None,
                timeout: float = 1800) -> Run:
    """Run `argv` to completion; raise CommandFailed (with its output) if it fails."""
    started = time.perf_counter()
    process = subprocess.Popen(list(argv), env=env, cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    # The output is small (one line per file built): read it all, then reap the child ourselves
    # with wait4 so that its rusage is this run's alone.
    killer = threading.Timer(timeout, process.kill)
    killer.start()
    try:
        output = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
    finally:
        killer.cancel()
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise CommandFailed(f"{' '.join(argv)} exited with {process.returncode}:\n"
                            f"{output.decode('utf-8', 'replace')[-3000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


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
