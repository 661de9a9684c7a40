"""The hostile corpora: inputs an attacker (or a very unlucky author) would feed lms-build, each
with the outcome it must get. Every case runs through the real CLI, in-process (click's
CliRunner) unless the process itself matters, under a hang guard."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import CliResult

MODULE = "modules/01-perusteet.yaml"
ASSESSMENT = "modules/02-loppukoe.yaml"
CONFIG = "course.toml"

Change = Callable[[Path], None]


def replace(file: str, old: str, new: str) -> Change:
    """Replace the first `old` in `file` (text) with `new`."""
    def apply(course: Path) -> None:
        path = course / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"fixture changed: {old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def write(file: str, content: str | bytes) -> Change:
    def apply(course: Path) -> None:
        path = course / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return apply


def both(*changes: Change) -> Change:
    def apply(course: Path) -> None:
        for change in changes:
            change(course)
    return apply


@dataclass
class Case:
    """One hostile input and the outcome it must get.

    `where` is the start of the diagnostic line ("modules/01-perusteet.yaml:3:"), `says` a part
    of its message and `code` its [code]; exit 1 unless `exit_code` says otherwise."""

    name: str
    change: Change
    where: str
    says: str
    code: str
    exit_code: int = 1
    args: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        return self.name


def assert_outcome(case: Case, result: CliResult) -> None:
    assert "Traceback" not in result.output, result.output
    assert result.returncode == case.exit_code, result.output
    rows = [row for row in result.output.splitlines()
            if row.startswith(case.where) and case.says in row and f"[{case.code}]" in row]
    assert rows, (f"expected a line starting {case.where!r} with {case.says!r} [{case.code}]:\n"
                  f"{result.output[:3000]}")
    assert "\x1b" not in result.output, "an escape sequence reached the terminal"
