"""`web`: the course as a plain offline website, one folder per language (standalone runtime)."""

from __future__ import annotations

from ..assets import asset_members, player_members, sco_members
from ..base import Job, Target


class WebTarget(Target):
    name = "web"
    description = "Offline website with the learner player (progress kept in the browser)"

    def plan(self, lang: str) -> list[Job]:
        modules = list(self.course.modules)
        files = [*sco_members(self, lang, modules, "standalone", "index.html"),
                 *player_members(), *asset_members(self.course)]
        return [Job(f"web/{lang}/{member.path}", lang, member.key, member.produce) for member in files]
