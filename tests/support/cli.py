"""The real `lms-build` command run in-process (click's CliRunner): the same command group,
options and exit codes as the console script, without a new Python process per call.

Use `tests.conftest.run_cli` (a subprocess) only where the process itself matters: signals,
the console entry point, or a case that could take the whole process down."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from click.testing import CliRunner

from lms_build.cli import cli
from tests.conftest import CliResult

#: A hang guard, not a speed check: a case that used to hang fails instead of blocking the suite.
HANG_GUARD_SECONDS = 120


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> CliResult:
    """Run `lms-build ARGS` in this process. An exception escaping the command (a traceback a
    user would see) is re-raised, so the test fails with it."""
    runner = CliRunner()
    with hang_guard():
        result = runner.invoke(cli, [str(arg) for arg in args], env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return CliResult(result.exit_code, result.stdout, result.stderr)


@contextmanager
def hang_guard(seconds: int = HANG_GUARD_SECONDS) -> Iterator[None]:
    """Raise TimeoutError in the main thread if the block runs longer than `seconds`."""
    if not hasattr(signal, "SIGALRM") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: probably a hang")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
