"""Course assets (images) that a package must carry."""

from __future__ import annotations

from ..model import ImageBlock
from ..model.walk import walk
from ..resolve import Course


def course_assets(course: Course) -> dict[str, bytes]:
    """Every asset referenced by the course, keyed by its path inside a package ('assets/...')."""
    used: set[str] = set()
    for module in [*course.modules, *course.extra_pages]:
        used.update(value.src for _, value in walk(module) if isinstance(value, ImageBlock))
    used.update(p.image for p in course.personas.values() if p.image)
    return {f"assets/{src.removeprefix('assets/')}": (course.course_src / src).read_bytes()
            for src in sorted(used)}
