"""Courses for tests: the mini fixture (every block and question type) and the real course, and
player packages built from them into folders a test server can mount."""

from __future__ import annotations

import dataclasses
import json
import re
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


def page_script_value(script: bytes | str) -> tuple[str, dict]:
    """(name, value) of a page file: `LmsPages.add("name", {...});` (JSON as the argument)."""
    text = script.decode("utf-8") if isinstance(script, bytes) else script
    match = re.fullmatch(r'LmsPages\.add\(("[^"]*"), (.*)\);\n', text, re.DOTALL)
    assert match, f"not a page file: {text[:80]!r}"
    return json.loads(match.group(1)), json.loads(match.group(2))


def whole_sco(course: Course, lang: str, module_list: list[Module], runtime: str) -> str:
    """A SCO's launch page as the player makes it once every page is loaded: each page file's
    HTML in <main> before the pager, and #lms-data holding the launch data merged with the
    course data and every question's page-only fields (what LmsPlayer.data() returns then)."""
    files = render_sco_files(course, lang, module_list, runtime)
    launch = files.pop("index.html").decode("utf-8")
    values = dict(page_script_value(script) for script in files.values())
    data = json.loads(re.search(r'<script type="application/json" id="lms-data">(.*?)</script>',
                                launch, re.DOTALL).group(1))
    first = data["firstQuestions"]
    data |= values.pop("course.data")
    for value in [{"questions": first}, *values.values()]:
        for index, fields in value["questions"].items():
            data["questions"][int(index)] |= fields
    html = "".join(value["html"] for value in values.values())
    launch = launch.replace('  <nav class="pager"', html + '  <nav class="pager"', 1)
    safe = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return re.sub(r'(<script type="application/json" id="lms-data">).*?(</script>)',
                  lambda m: m.group(1) + safe + m.group(2), launch, flags=re.DOTALL)
