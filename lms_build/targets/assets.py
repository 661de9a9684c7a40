"""What every package with the learner player carries besides its launch pages: the player's
runtime files and the course assets (images), as member jobs of the package."""

from __future__ import annotations

import hashlib

from ..model import ImageBlock
from ..model.walk import walk
from ..resolve import Course
from .base import Job


def course_assets(course: Course) -> dict[str, bytes]:
    """Every asset referenced by the course, keyed by its path inside a package ('assets/...').
    Every target and language of a build asks for the same course's: walked and read once."""
    if _LAST[0] is not course:
        _LAST[:] = [course, _read_assets(course)]
    return _LAST[1]


#: The last course asked about and its assets (one entry: a long-lived preview holds no old ones).
_LAST: list = [None, {}]


def _read_assets(course: Course) -> dict[str, bytes]:
    used: set[str] = set()
    for module in [*course.modules, *course.extra_pages]:
        used.update(value.src for _, value in walk(module) if isinstance(value, ImageBlock))
    used.update(p.image for p in course.personas.values() if p.image)
    return {f"assets/{src.removeprefix('assets/')}": (course.course_src / src).read_bytes()
            for src in sorted(used)}


def asset_members(course: Course) -> list[Job]:
    """One member per asset, keyed by its content."""
    return [Job(name, "", hashlib.sha256(content).hexdigest(), lambda content=content: content)
            for name, content in course_assets(course).items()]


def player_members() -> list[Job]:
    """The player's static files, keyed by their content."""
    from ..render.player import static_files

    return [Job(name, "", hashlib.sha256(content).hexdigest(), lambda content=content: content)
            for name, content in static_files().items()]
