"""What every package with the learner player carries besides its launch pages: the player's
runtime files and the course assets (images), as member jobs of the package."""

from __future__ import annotations

import hashlib

from ..model import ImageBlock
from ..model.walk import walk
from ..resolve import Course
from .base import Job


def course_assets(course: Course) -> dict[str, bytes]:
    """Every asset referenced by the course, keyed by its path inside a package ('assets/...')."""
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


def sco_members(lang: str, modules: list, runtime: str, course: Course, launch_name: str,
                key: str) -> list[Job]:
    """The files of one SCO's player (launch page, course data, one script per page), one job
    each; `key` covers everything the SCO's files depend on. One ScoPlayer serves them all, so
    what they share is computed once per process."""
    from ..render.player import ScoPlayer
    from .base import job_key

    player = ScoPlayer(course, lang, modules, runtime, launch_name)
    return [Job(name, lang, job_key(key, name), lambda name=name: player.render(name))
            for name in player.file_names()]
