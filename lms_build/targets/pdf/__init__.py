"""`pdf`: print-ready handouts made with WeasyPrint.

Per language, one handout for the whole course and one per module, each in a learner and a
facilitator edition: tagged PDF/UA-1 on A4 with cover, table of contents, running header and
footer, embedded fonts and fillable worksheets. See documents.py (which files), html.py and
templates/ (what is in them), engine.py (rendering, cache, parallelism)."""

from __future__ import annotations

from pathlib import Path

from ...diagnostics import Diagnostic
from ..base import Exporter, register
from .documents import handouts
from .engine import PdfCache, RenderJob, check_environment, render_all
from .html import render_handout


@register
class PdfExporter(Exporter):
    name = "pdf"
    description = "PDF handouts per module and for the whole course (learner and facilitator)"

    def check(self) -> list[Diagnostic]:
        return check_environment()

    def export(self, lang: str, out_dir: Path) -> list[Path]:
        folder = out_dir / lang
        jobs = [RenderJob.for_html(render_handout(self.course, handout),
                                   folder / handout.file_name(self.course))
                for handout in handouts(self.course, lang)]
        render_all(jobs, PdfCache.default(), label=f"pdf [{lang}] ")
        return [job.target.relative_to(out_dir) for job in jobs]
