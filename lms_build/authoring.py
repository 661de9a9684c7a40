"""Rules that keep unfinished work out of learners' hands.

- A `TODO` placeholder left in a text is an error, or a warning while its module is a draft.
- Draft modules are left out of builds unless the author asks for them (`--drafts`).
- A lesson ordered after the final assessment is a warning: learners would meet it after the exam.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from .diagnostics import Diagnostic, Severity
from .i18n import _
from .load import MODULES_DIR, CourseSources
from .model import Localized, LocalizedList, Module
from .model.walk import walk
from .resolve import Course

#: The placeholder the templates of `lms-build new` use; a whole word, in capitals.
PLACEHOLDER = re.compile(r"\bTODO\b")


def check_authoring(sources: CourseSources) -> list[Diagnostic]:
    return [*_placeholders(sources), *_lessons_after_assessment(sources)]


def _placeholders(sources: CourseSources) -> Iterator[Diagnostic]:
    docs = [*((m, m.model.draft) for m in sources.modules), *((p, False) for p in sources.pages)]
    docs += [(shared, False) for shared in (sources.personas, sources.glossary) if shared]
    for loaded, is_draft in docs:
        for loc, value in walk(loaded.model):
            if not isinstance(value, Localized | LocalizedList):
                continue
            langs = [lang for lang, text in value.root.items()
                     if any(PLACEHOLDER.search(t) for t in (text if isinstance(text, list) else [text]))]
            if not langs:
                continue
            if is_draft:
                message = _("placeholder 'TODO' left in the '{lang}' text (allowed while the "
                            "module is a draft)")
            else:
                message = _("placeholder 'TODO' left in the '{lang}' text: write the real text, "
                            "or mark the module 'draft: true'")
            # one diagnostic per field, at its first language: the same TODO in every language
            # is one thing to write, not one per language
            yield loaded.doc.diagnostic((*loc, langs[0]), "placeholder", message.format(lang=", ".join(langs)),
                                        Severity.WARNING if is_draft else Severity.ERROR)


def _lessons_after_assessment(sources: CourseSources) -> Iterator[Diagnostic]:
    assessments = [m for m in sources.modules if m.model.kind == "assessment"]
    if not assessments:
        return
    final = min(assessments, key=lambda m: m.model.order)
    for loaded in sources.modules:
        if loaded.model.kind == "lesson" and loaded.model.order > final.model.order:
            yield loaded.doc.diagnostic(
                ("order",), "lesson-after-assessment",
                _("lesson ordered after the assessment ({assessment}, order {order}): learners "
                  "would meet it after the final exam; give it a smaller order or renumber the "
                  "assessment").format(assessment=final.doc.rel_path, order=final.model.order),
                Severity.WARNING)


def module_file(module: Module) -> str:
    """The conventional file of a module (the loader warns when a file is named otherwise)."""
    return f"{MODULES_DIR}/{module.order:02d}-{module.id}.yaml"


def buildable_modules(course: Course, include_drafts: bool) -> tuple[Course, list[Diagnostic]]:
    """The course as a build should see it: without draft modules unless `include_drafts`.

    Returns the course to build and one warning per module left out, so the author sees why a
    module is missing from the packages (`lms-build build --drafts` includes them)."""
    if include_drafts:
        return course, []
    drafts = [m for m in course.modules if m.draft]
    if not drafts:
        return course, []
    notes = [Diagnostic(module_file(m), 0, 0, "draft-left-out",
                        _("draft module left out of the build (use --drafts to include it)"),
                        Severity.WARNING) for m in drafts]
    kept = tuple(m for m in course.modules if not m.draft)
    if not kept:
        notes.append(Diagnostic(MODULES_DIR, 0, 0, "only-drafts",
                                _("every module is a draft: nothing to build (use --drafts to build them)")))
    return dataclasses.replace(course, modules=kept), notes
