"""Generated courses of any size, made from the real course's own modules.

The lesson modules (every one but the final assessment) are copied round-robin, each copy with new
ids: copy k rewrites every course-wide id `mN-...` to `gKmN-...`, so references inside a module
(objectives, questions) stay consistent and ids stay unique across the course. The assessment
comes last, once, with its original ids (it references no other module). course_src/ (personas,
glossary, pages, assets) is copied as it is, and course.toml gets `sco_layout = "module"` for both
SCORM targets: one SCO for a course of hundreds of modules would not fit SCORM 1.2's 4,096
characters of suspend_data, and the build rightly refuses that.

    .venv/bin/python -m benchmarks.generate 200 /tmp/course-200
"""

from __future__ import annotations

import argparse
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: A course-wide id in the real course: the module's number, a hyphen, a slug ("m3-kartoitus").
_COURSE_ID = re.compile(r"\bm([0-9]+)-(?=[a-z0-9])")
_ORDER = re.compile(r"^order: *[0-9]+ *$", re.MULTILINE)
_ID = re.compile(r"^id: *([a-z0-9-]+) *$", re.MULTILINE)
_LAYOUT = re.compile(r'^(sco_layout *= *)"course"', re.MULTILINE)


def source_modules(source: Path = REPO) -> tuple[list[str], str]:
    """The lesson modules' texts in order, and the assessment module's text."""
    texts = [path.read_text(encoding="utf-8") for path in sorted((source / "modules").glob("*.yaml"))]
    lessons = [text for text in texts if not re.search(r"^kind: *assessment", text, re.MULTILINE)]
    assessments = [text for text in texts if text not in lessons]
    if len(assessments) != 1 or not lessons:
        raise ValueError(f"{source}: expected lesson modules and one assessment module")
    return lessons, assessments[0]


_TAUGHT_IN = re.compile(r"^ *taught_in:.*\n", re.MULTILINE)


def module_text(text: str, copy: int, order: int) -> str:
    """`text` with its course-wide ids renamed for `copy` (copy 0 keeps them) and a new order."""
    if copy:
        text = _COURSE_ID.sub(lambda match: f"g{copy}m{match.group(1)}-", text)
    return _ORDER.sub(f"order: {order}", text, count=1)


def generate(modules: int, target: Path, source: Path = REPO) -> Path:
    """Write a valid course of `modules` modules (at least 2) into `target` (replaced)."""
    if modules < 2:
        raise ValueError("a generated course has at least one lesson and the assessment")
    lessons, assessment = source_modules(source)
    if target.exists():
        shutil.rmtree(target)
    (target / "modules").mkdir(parents=True)
    shutil.copytree(source / "course_src", target / "course_src")
    config = (source / "course.toml").read_text(encoding="utf-8")
    (target / "course.toml").write_text(_LAYOUT.sub(r'\1"module"', config), encoding="utf-8")
    texts = [module_text(lessons[i % len(lessons)], i // len(lessons), i + 1) for i in range(modules - 1)]
    # The assessment links each objective to the lessons that teach it (`taught_in`); a generated
    # course holds other lessons, so those links are left out rather than left dangling.
    texts.append(module_text(_TAUGHT_IN.sub("", assessment), 0, modules))
    for order, text in enumerate(texts, start=1):
        module_id = _ID.search(text)
        assert module_id is not None, "every module starts with its id"
        (target / "modules" / f"{order:02d}-{module_id.group(1)}.yaml").write_text(text, encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", type=int)
    parser.add_argument("target", type=Path)
    arguments = parser.parse_args()
    print(generate(arguments.modules, arguments.target))


if __name__ == "__main__":
    main()
