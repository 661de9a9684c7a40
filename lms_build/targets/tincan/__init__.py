"""`tincan`: a Tin Can (xAPI) zip per language with tincan.xml, for LMSs that launch Tin Can
packages with the Rustici launch convention (Moodle: the mod_tincanlaunch plugin, plus an LRS).

One launchable activity, the whole course (`index.html`), as mod_tincanlaunch launches the first
activity with a <launch>. The LMS appends `endpoint`, `auth`, `actor`, `registration` and
`activity_id` to the launch URL; the player's Tin Can adapter reads them. tincan.xml also lists
the modules and questions with the same IRIs and interaction definitions as the statements, so
an LRS can show names before any statement arrives. Nothing in the package holds credentials."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ...model import Strict
from ...render.player import render_sco
from ...resolve import questions
from ...xapi.activities import activity_index
from ...xapi.package import common_files, job_key, refuse_if_broken, zip_bytes
from ...xapi.package_check import TINCAN_XML, check_tincan
from ...xapi.vocabulary import language_tag

try:  # the plugin interface (lms_build.targets.base) once it is merged
    from ..base import Job, Target  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - until then
    from ...xapi.package import Job, Target

LAUNCH = "index.html"


class TincanOptions(Strict):
    """[build.tincan] in course.toml (nothing to set yet: the launch is the whole course)."""


def _templates() -> Environment:
    return Environment(loader=PackageLoader("lms_build.targets.tincan", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


class TincanTarget(Target):
    name = "tincan"
    description = "Tin Can (xAPI) zip per language with tincan.xml (Moodle: mod_tincanlaunch + an LRS)"
    Options = TincanOptions

    def package_name(self, lang: str) -> str:
        config = self.course.config
        return f"{config.id}-{lang}-tincan-{config.version}.zip"

    def tincan_xml(self, lang: str) -> bytes:
        index = activity_index(self.course, lang)
        course = self.course
        activities: list[dict[str, Any]] = [{**index[course.config.id], "launch": LAUNCH}]
        for module in course.modules:
            activities.append(index[module.id])
            activities += [index[q.id] for q in questions(module)]
        return _templates().get_template("tincan.xml").render(
            activities=activities, tag=language_tag(lang)).encode("utf-8")

    def package_files(self, lang: str) -> dict[str, bytes]:
        files = common_files(self.course, lang)
        files[LAUNCH] = render_sco(self.course, lang, list(self.course.modules), "tincan",
                                   launch_name=LAUNCH).encode("utf-8")
        files[TINCAN_XML] = self.tincan_xml(lang)
        return files

    def produce(self, lang: str) -> bytes:
        files = self.package_files(lang)
        problems, _ = check_tincan(files[TINCAN_XML], set(files))
        refuse_if_broken(self.name, self.package_name(lang), problems)
        return zip_bytes(files)

    def plan(self, lang: str) -> list[Job]:
        return [Job(f"{self.name}/{self.package_name(lang)}", lang,
                    job_key(self.name, self.course, lang, self.options), lambda: self.produce(lang))]
