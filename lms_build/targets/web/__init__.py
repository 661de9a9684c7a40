"""`web`: the course as a plain offline website, one folder per language (standalone runtime)."""

from __future__ import annotations

from ..assets import asset_members, player_members
from ..base import Job, Target


class WebTarget(Target):
    name = "web"
    description = "Offline website with the learner player (progress kept in the browser)"

    def plan(self, lang: str) -> list[Job]:
        from ...render.player import render_sco

        modules = list(self.course.modules)
        page = Job(f"web/{lang}/index.html", lang,
                   self.key(lang, "index", self.course_context(lang), self.in_language(modules, lang)),
                   lambda: render_sco(self.course, lang, modules, "standalone").encode("utf-8"))
        files = [*player_members(), *asset_members(self.course)]
        return [page, *(Job(f"web/{lang}/{member.path}", lang, member.key, member.produce)
                        for member in files)]
