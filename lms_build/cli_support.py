"""What several command groups share (kept out of cli.py, which imports them)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .i18n import _

if TYPE_CHECKING:
    from .resolve import Course


def valid_course_or_exit(course_dir: Path, refused: str) -> Course:
    """The validated course, or every diagnostic, a line saying what was `refused`, and exit 1."""
    from .build import validate_course  # late: keeps `lms-build --help` fast

    course, diagnostics, _files = validate_course(course_dir)
    if course is None:
        for diagnostic in diagnostics:
            click.echo(diagnostic.format(), err=True)
        click.echo(_("the course has errors: {refused}").format(refused=refused), err=True)
        sys.exit(1)
    return course
