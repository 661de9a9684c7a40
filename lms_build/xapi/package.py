"""What the Tin Can and cmi5 targets share: the files of an xAPI package, deterministic zip
bytes, job keys, and the checks a package passes before it is returned.

`Job` and `Target` here are stand-ins with the shape of the plugin interface in
lms_build/targets/base.py (landing on main); the targets import the real ones when present."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from pydantic import BaseModel

from .. import __version__
from ..diagnostics import CourseError, Diagnostic
from ..render.player import static_files
from ..resolve import Course
from ..targets.assets import course_assets
from .activities import catalogue_json

CATALOGUE_PATH = "xapi/activities.json"
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # as lms_build.packaging: builds never depend on the clock


@dataclass(frozen=True)
class Job:
    """One output file (same fields as lms_build.targets.base.Job)."""

    path: str
    lang: str
    key: str
    produce: Callable[[], bytes]


class Target:
    """Stand-in for lms_build.targets.base.Target until the plugin interface is merged."""

    name: ClassVar[str]
    description: ClassVar[str]
    Options: ClassVar[type[BaseModel]]

    def __init__(self, course: Course, options: BaseModel | None = None):
        self.course = course
        self.options = options if options is not None else self.Options()

    def check(self) -> list[Diagnostic]:
        return []


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of `files` in sorted order with fixed metadata: same files, same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, files[name], compresslevel=9)
    return buffer.getvalue()


def common_files(course: Course, lang: str) -> dict[str, bytes]:
    """The player, the course's assets and the activity catalogue the xAPI adapters read."""
    return {**static_files(), **course_assets(course), CATALOGUE_PATH: catalogue_json(course, lang)}


def job_key(target: str, course: Course, lang: str, options: BaseModel) -> str:
    """A hash of everything a package is made from: the course models, assets, player files,
    the target's options, the language and the tool version."""
    digest = hashlib.sha256()
    parts: list[Any] = [target, lang, __version__, options.model_dump_json(),
                        course.config.model_dump_json(),
                        [m.model_dump_json() for m in course.modules],
                        [p.model_dump_json() for p in course.extra_pages],
                        sorted(p.model_dump_json() for p in course.personas.values()),
                        sorted(t.model_dump_json() for t in course.glossary.values())]
    digest.update(json.dumps(parts).encode())
    for name, content in sorted({**static_files(), **course_assets(course)}.items()):
        digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def refuse_if_broken(target: str, name: str, problems: list[Any]) -> None:
    """A package that `inspect` would reject is a bug in lms-build: never hand it out."""
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise CourseError([Diagnostic(f"{target}/{name}", 0, 0, p.code,
                                      f"{p.message} (a bug in lms-build: please report)") for p in errors])
