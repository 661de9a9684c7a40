"""`web`: the course as a plain offline website, one folder per language (standalone runtime)."""

from __future__ import annotations

from pathlib import Path

from ...packaging import write_text
from ...render.player import render_sco, static_files
from ..assets import course_assets
from ..base import Exporter, register


@register
class WebExporter(Exporter):
    name = "web"
    description = "Offline website with the learner player (progress kept in the browser)"

    def export(self, lang: str, out_dir: Path) -> list[Path]:
        folder = out_dir / lang
        written = [write_text(folder / "index.html",
                              render_sco(self.course, lang, list(self.course.modules), "standalone"))]
        for name, content in {**static_files(), **course_assets(self.course)}.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
        return [path.relative_to(out_dir) for path in written]
