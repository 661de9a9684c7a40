"""Course statistics for authors and reviewers: pages, questions by type, minutes, words."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .i18n import _
from .load import CourseSources
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
    for _loc, item in walk(value):
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
    header = [_("module"), _("pages"), _("questions by type"), _("min"),
              *(_("words {lang}").format(lang=lang) for lang in langs), _("sources")]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        types = ", ".join(f"{kind} {count}" for kind, count in sorted(row.question_types.items()))
        cells = [f"{row.module.order:02d} {row.module.id}", str(row.pages), f"{row.questions}: {types}",
                 str(row.module.estimated_minutes), *(str(row.words[lang]) for lang in langs),
                 ", ".join(s.split("_")[0] for s in row.module.sources)]
        lines.append("| " + " | ".join(cells) + " |")
    totals = [_("total ({modules} modules)").format(modules=len(rows)), str(sum(r.pages for r in rows)),
              str(sum(r.questions for r in rows)), str(sum(r.module.estimated_minutes for r in rows)),
              *(str(course_words(course, lang)) for lang in langs), ""]
    lines.append("| " + " | ".join(totals) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# `lms-build status`: where each module stands, per language, read from the sources as they are
# (a course with errors still gets a status: that is when an author needs it most).

#: Words a minute an adult reads Finnish or Swedish instruction text at (long compound words make
#: it slower than the 200-250 quoted for English).
READING_WPM = 150


def _field_path(loc: tuple[str | int, ...]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def missing_translations(loaded: Any, languages: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Per language, every learner-facing field with no (or an empty) text: field path and line."""
    missing: dict[str, list[dict[str, Any]]] = {lang: [] for lang in languages}
    for loc, value in walk(loaded.model):
        if not isinstance(value, Localized | LocalizedList):
            continue
        for lang in languages:
            given = value.root.get(lang)
            if not given or (isinstance(given, str) and not given.strip()):
                missing[lang].append({"field": _field_path(loc), "line": loaded.doc.position(loc)[0]})
    return missing


def course_status(sources: CourseSources) -> dict[str, Any]:
    """JSON-ready status of every module that could be read, with totals per language."""
    languages = sources.config.model.languages if sources.config else ["fi", "sv"]
    modules = []
    for loaded in sorted(sources.modules, key=lambda m: (m.model.order, m.doc.rel_path)):
        module = loaded.model
        missing = missing_translations(loaded, languages)
        per_lang = {}
        for lang in languages:
            words = sum(count_words(t) for t in texts(module, lang))
            per_lang[lang] = {"words": words, "reading_minutes": math.ceil(words / READING_WPM),
                              "missing": missing[lang]}
        modules.append({
            "file": loaded.doc.rel_path, "id": module.id, "order": module.order, "kind": module.kind,
            "draft": module.draft, "title": module.title.root, "pages": len(module.pages),
            "questions": len(questions(module)), "estimated_minutes": module.estimated_minutes,
            "languages": per_lang,
        })
    totals = {
        "modules": len(modules), "drafts": sum(m["draft"] for m in modules),
        "pages": sum(m["pages"] for m in modules), "questions": sum(m["questions"] for m in modules),
        "languages": {lang: {
            "words": sum(m["languages"][lang]["words"] for m in modules),
            "reading_minutes": sum(m["languages"][lang]["reading_minutes"] for m in modules),
            "missing": sum(len(m["languages"][lang]["missing"]) for m in modules),
        } for lang in languages},
    }
    return {"course": sources.config.model.id if sources.config else None, "languages": languages,
            "modules": modules, "totals": totals, "unreadable": sorted(sources.unreadable)}


def format_status(status: dict[str, Any]) -> str:
    langs = status["languages"]
    header = [_("module"), _("draft"), _("pages"), _("questions"),
              *(_("words {lang}").format(lang=lang) for lang in langs),
              *(_("reading {lang}").format(lang=lang) for lang in langs),
              *(_("missing {lang}").format(lang=lang) for lang in langs)]
    minutes = _("{minutes} min")
    rows = []
    for m in status["modules"]:
        per = m["languages"]
        rows.append([f"{m['order']:02d} {m['id']}", _("yes") if m["draft"] else "", str(m["pages"]),
                     str(m["questions"]), *(str(per[lang]["words"]) for lang in langs),
                     *(minutes.format(minutes=per[lang]["reading_minutes"]) for lang in langs),
                     *(str(len(per[lang]["missing"])) for lang in langs)])
    totals = status["totals"]
    rows.append([_("total ({modules} modules)").format(modules=totals["modules"]),
                 str(totals["drafts"]), str(totals["pages"]), str(totals["questions"]),
                 *(str(totals["languages"][lang]["words"]) for lang in langs),
                 *(minutes.format(minutes=totals["languages"][lang]["reading_minutes"]) for lang in langs),
                 *(str(totals["languages"][lang]["missing"]) for lang in langs)])
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]
    lines.insert(1, "  ".join("-" * width for width in widths))
    missing = [f"{m['file']}:{item['line']}: {lang}: {item['field']}"
               for m in status["modules"] for lang in langs for item in m["languages"][lang]["missing"]]
    if missing:
        lines += ["", _("Missing translations:"), *(f"  {line}" for line in missing)]
    if status["unreadable"]:
        lines += ["", _("Not counted (the file has errors; run 'lms-build validate'):"),
                  *(f"  {path}" for path in status["unreadable"])]
    return "\n".join(lines)
