"""Courses for tests: the mini fixture (every block and question type) and the real course, and
player packages built from them into folders a test server can mount."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

from lms_build.build import validate_course
from lms_build.model import Module
from lms_build.render.player import render_sco_files, static_files
from lms_build.resolve import Course
from lms_build.targets.assets import course_assets

REPO = Path(__file__).resolve().parents[2]
MINI = REPO / "tests" / "fixtures" / "mini"


@cache
def mini_course() -> Course:
    course, problems, _ = validate_course(MINI)
    assert course is not None, f"the mini fixture must validate: {problems}"
    return course


@cache
def real_course() -> Course:
    """The course in the repository root; a test using it fails if the course does not validate."""
    course, problems, _ = validate_course(REPO)
    assert course is not None, "the real course must validate:\n" + "\n".join(p.format() for p in problems)
    return course


def with_quiz_settings(course: Course, **settings) -> Course:
    """The course with other course.toml [quiz] settings (max_attempts, show_correct_answer)."""
    quiz = course.config.quiz.model_copy(update=settings)
    return dataclasses.replace(course, config=course.config.model_copy(update={"quiz": quiz}))


def with_assessment(course: Course, **policy) -> Course:
    """The course with other course.toml [assessment] settings (attempts, reveal, shuffle, draw)."""
    assessment = course.config.assessment.model_copy(update=policy)
    return dataclasses.replace(course, config=course.config.model_copy(update={"assessment": assessment}))


def as_practice(course: Course) -> Course:
    """The course with its assessment module turned into a lesson (questions checked one by one)."""
    changed = tuple(m.model_copy(update={"kind": "lesson"}) for m in course.modules)
    return dataclasses.replace(course, modules=changed)


def variant(course: Course) -> str:
    """What tells two course variants apart (for caching built packages)."""
    return repr((course.config.id, course.config.version, course.config.quiz, course.config.assessment,
                 [(m.id, m.kind, len(m.pages)) for m in course.modules]))


def modules(course: Course, *ids: str) -> list[Module]:
    found = [m for m in course.modules if m.id in ids] if ids else list(course.modules)
    assert len(found) == (len(ids) or len(course.modules)), f"no such modules: {ids}"
    return found


def write_package(folder: Path, course: Course, lang: str, runtime: str,
                  module_list: list[Module] | None = None) -> Path:
    """A player package in `folder` (index.html, pages/index/, player/, assets/); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    sco = render_sco_files(course, lang, module_list or list(course.modules), runtime)
    for name, content in {**sco, **static_files(), **course_assets(course)}.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return folder
