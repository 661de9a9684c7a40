"""Shared fixtures: fresh copies of the fixture courses and a way to run the real CLI."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# A shell starts background jobs with Ctrl-C ignored, and a child inherits that: the tests that
# send SIGINT to lms-build (as a terminal's Ctrl-C would) need it to arrive, however the suite
# was started. A handler (unlike "ignored") is reset to the default in every child process.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI_COURSE = FIXTURES / "mini"


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def run_cli(*args: str | Path, cwd: Path | None = None) -> CliResult:
    """Run the real `lms-build` command in a subprocess, as a user would."""
    completed = subprocess.run(
        [sys.executable, "-m", "lms_build", *map(str, args)],
        cwd=cwd or REPO, capture_output=True, text=True, timeout=300, check=False,
    )
    return CliResult(completed.returncode, completed.stdout, completed.stderr)


@pytest.fixture
def mini_course(tmp_path: Path) -> Path:
    """A writable copy of the small course that uses every block and question type."""
    target = tmp_path / "course"
    shutil.copytree(MINI_COURSE, target)
    return target
