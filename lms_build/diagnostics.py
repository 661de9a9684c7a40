"""Problems found in a course, with the file, line and column an author can jump to."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum

from .i18n import _, ngettext


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem. Lines and columns are 1-based, as editors show them; 0 means unknown."""

    file: str
    line: int
    column: int
    code: str
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else _("warning") + ": "
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file  # 0: whole file
        return printable(f"{where}: {prefix}{self.message} [{self.code}]")


def printable(text: str) -> str:
    """One line safe for a terminal: control characters (ESC sequences, line breaks from a file
    name or a quoted value) and bidirectional overrides are shown as escapes, never sent."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or unicodedata.category(ch) == "Zs"  # no-break spaces stay
                   else ch.encode("unicode_escape").decode("ascii") for ch in text)


class CourseError(Exception):
    """Raised when a course cannot be built; carries every diagnostic found."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(f"{len(diagnostics)} problem(s) in the course")
        self.diagnostics = diagnostics


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def summary(diagnostics: list[Diagnostic], files_checked: int) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    warnings = len(diagnostics) - errors
    verdict = _("course is valid") if errors == 0 else _("course has errors")
    return _("{verdict}: {errors}, {warnings} in {files} files checked").format(
        verdict=verdict,
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
        files=files_checked)


def to_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2)
