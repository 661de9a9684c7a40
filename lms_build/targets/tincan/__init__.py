"""`tincan`: a Tin Can (xAPI) zip per language with tincan.xml, for LMSs that launch Tin Can
packages with the Rustici launch convention (Moodle: the mod_tincanlaunch plugin, plus an LRS).

One launchable activity, the whole course (`index.html`), as mod_tincanlaunch launches the first
activity with a <launch>. The LMS appends `endpoint`, `auth`, `actor`, `registration` and
`activity_id` to the launch URL; the player's Tin Can adapter reads them. tincan.xml also lists
the modules and questions with the same IRIs and interaction definitions as the statements, so
an LRS can show names before any statement arrives. Nothing in the package holds credentials."""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from ...model import Module
from ...resolve import questions
from ...xapi.activities import activity_index
from ...xapi.package import XapiPackageTarget
from ...xapi.package_check import TINCAN_XML
from ...xapi.vocabulary import language_tag

LAUNCH = "index.html"


@cache
def _templates() -> Environment:
    """One environment per process, like the player's (`render.player.shared_environment`):
    Jinja then compiles the package XML template once, not once per language."""
    return Environment(loader=PackageLoader("lms_build.targets.tincan", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


class TincanTarget(XapiPackageTarget):
    name = "tincan"
    description = "Tin Can (xAPI) zip per language with tincan.xml (Moodle: mod_tincanlaunch + an LRS)"
    runtime = "tincan"
    xml_name = TINCAN_XML

    def launch_pages(self) -> list[tuple[str, list[Module]]]:
        return [(LAUNCH, list(self.course.modules))]

    def package_xml(self, lang: str) -> bytes:
        index = activity_index(self.course, lang)
        course = self.course
        activities: list[dict[str, Any]] = [{**index[course.config.id], "launch": LAUNCH}]
        for module in course.modules:
            activities.append(index[module.id])
            activities += [index[q.id] for q in questions(module)]
        return _templates().get_template("tincan.xml").render(
            activities=activities, tag=language_tag(lang)).encode("utf-8")
