"""Shared fixtures: fresh copies of the fixture courses and a way to run the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

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
