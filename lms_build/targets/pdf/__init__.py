"""`pdf`: print-ready handouts made with WeasyPrint.

Per language, one handout for the whole course and one per module, each in a learner and a
facilitator edition: tagged PDF/UA-1 on A4 with cover, table of contents, running header and
footer, embedded fonts and fillable worksheets. See documents.py (which files), html.py and
templates/ (what is in them), engine.py (rendering). A handout's job key covers the modules it
shows and the course context, so a one-word change in one module re-renders that module's two
handouts and the whole-course ones, nothing else."""

from __future__ import annotations

import logging

from ...diagnostics import Diagnostic
from ...resolve import Course
from ..base import Job, Target
from .documents import Handout, handouts

LOG = logging.getLogger("lms_build.pdf")


class PdfTarget(Target):
    name = "pdf"
    description = "PDF handouts per module and for the whole course (learner and facilitator)"

    def check(self) -> list[Diagnostic]:
        from .engine import check_environment

        return check_environment()

    def plan(self, lang: str) -> list[Job]:
        from .engine import engine_fingerprint

        jobs = []
        for handout in handouts(self.course, lang):
            modules = self.in_language(handout.modules(self.course), lang)
            key = self.key(lang, handout.edition, engine_fingerprint(), self.course_context(lang), modules)
            jobs.append(Job(f"pdf/{lang}/{handout.file_name(self.course)}", lang, key,
                            _Render(self.course, handout, key), heavy=True))
        return jobs


class _Render:
    """The produce function of a handout job (a class, not a lambda, so it says what it does)."""

    def __init__(self, course: Course, handout: Handout, key: str):
        self.course, self.handout, self.key = course, handout, key

    def __call__(self) -> bytes:
        from .engine import render_pdf
        from .html import render_handout

        pdf, messages = render_pdf(render_handout(self.course, self.handout), self.key)
        for message in messages:
            LOG.warning("%s: %s", self.handout.file_name(self.course), message)
        return pdf
