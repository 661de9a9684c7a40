"""Course statistics for authors and reviewers: pages, questions by type, minutes, words."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .model import Localized, LocalizedList, Module
from .model.walk import walk
from .resolve import Course, questions

_WORD = re.compile(r"[^\W\d_][\w'\u2019-]*")  # letters first; apostrophes and hyphens inside


@dataclass(frozen=True)
class ModuleStats:
    module: Module
    pages: int
    question_types: Counter[str]
    words: dict[str, int]

    @property
    def questions(self) -> int:
        return sum(self.question_types.values())


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def texts(value: object, lang: str) -> list[str]:
    """Every learner-facing text in a model tree, in one language."""
    found = []
    for _, item in walk(value):
        if isinstance(item, Localized):
            found.append(item.get(lang))
        elif isinstance(item, LocalizedList):
            found.extend(item.get(lang))
    return found


def module_stats(course: Course, module: Module) -> ModuleStats:
    return ModuleStats(
        module=module,
        pages=len(module.pages),
        question_types=Counter(q.type for q in questions(module)),
        words={lang: sum(count_words(t) for t in texts(module, lang)) for lang in course.languages},
    )


def course_words(course: Course, lang: str) -> int:
    shared = [*course.modules, *course.personas.values(), *course.glossary.values(), *course.extra_pages]
    return sum(count_words(t) for item in shared for t in texts(item, lang))


def format_table(course: Course) -> str:
    rows = [module_stats(course, m) for m in course.modules]
    langs = course.languages
    header = ["module", "pages", "questions by type", "min", *(f"words {lang}" for lang in langs), "sources"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        types = ", ".join(f"{kind} {count}" for kind, count in sorted(row.question_types.items()))
        cells = [f"{row.module.order:02d} {row.module.id}", str(row.pages), f"{row.questions}: {types}",
                 str(row.module.estimated_minutes), *(str(row.words[lang]) for lang in langs),
                 ", ".join(s.split("_")[0] for s in row.module.sources)]
        lines.append("| " + " | ".join(cells) + " |")
    totals = [f"total ({len(rows)} modules)", str(sum(r.pages for r in rows)),
              str(sum(r.questions for r in rows)), str(sum(r.module.estimated_minutes for r in rows)),
              *(str(course_words(course, lang)) for lang in langs), ""]
    lines.append("| " + " | ".join(totals) + " |")
    return "\n".join(lines)
