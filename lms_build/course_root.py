"""Finding the course folder the way git finds a repository: from the current directory upwards."""

from __future__ import annotations

from pathlib import Path

CONFIG_FILE = "course.toml"  # lms_build.load.CONFIG_FILE (not imported: the CLI starts light)


def find_course_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` that holds course.toml, or None."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None
