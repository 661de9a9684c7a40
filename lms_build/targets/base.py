"""The exporter interface. Like a Sphinx builder: one small class per target, found by name."""

from __future__ import annotations

from abc import ABC, abstractmethod
from pathlib import Path
from typing import ClassVar

from ..diagnostics import Diagnostic
from ..resolve import Course

EXPORTERS: dict[str, type[Exporter]] = {}


def register(cls: type[Exporter]) -> type[Exporter]:
    EXPORTERS[cls.name] = cls
    return cls


class Exporter(ABC):
    """Turns the resolved course into files for one target.

    `export` writes into `out_dir` (the target's own folder of a staging area; the build moves it
    into place only when every target succeeded) and returns the paths it wrote, relative to
    `out_dir`. Exporters must be deterministic: same course, same bytes."""

    name: ClassVar[str]
    description: ClassVar[str]

    def __init__(self, course: Course):
        self.course = course

    def check(self) -> list[Diagnostic]:
        """Target-specific problems found before anything is written (e.g. LMS size limits)."""
        return []

    @abstractmethod
    def export(self, lang: str, out_dir: Path) -> list[Path]: ...
