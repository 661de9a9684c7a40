"""`cmi5`: a cmi5 course package (zip with cmi5.xml) per language, one AU per module.

The course structure is valid against the official CourseStructure.xsd and passes the semantic
checks the XSD cannot express (lms_build.xapi.package_check, with cmi5 requirement ids): the
course, AU and objective ids are the activity IRIs of the catalogue (fully qualified, unique),
AU urls are relative files in the zip without cmi5's launch parameter names. Every AU gets
moveOn (default CompletedOrPassed) and launchMethod from [build.cmi5]; the AU holding the final
assessment gets masteryScore = course.toml mastery_score / 100, which the LMS passes on in
LMS.LaunchData and the player uses to decide passed or failed. Moodle runs cmi5 through the
mod_cmi5launch plugin, which needs a cmi5 player service and an LRS."""

from __future__ import annotations

from functools import cache
from typing import Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import Field

from ...model import Module, Strict
from ...xapi.activities import activity_index
from ...xapi.package import XapiPackageTarget
from ...xapi.package_check import CMI5_XML
from ...xapi.vocabulary import language_tag

MoveOn = Literal["Passed", "Completed", "CompletedAndPassed", "CompletedOrPassed"]


class Cmi5Options(Strict):
    """[build.cmi5] in course.toml."""

    move_on: MoveOn = Field("CompletedOrPassed", description=(
        "When the LMS counts an AU (module) as satisfied. NotApplicable is not offered: a course "
        "of such AUs would be satisfied without the learner doing anything."))
    assessment_move_on: MoveOn | None = Field(None, description=(
        "moveOn of the AU holding the final assessment; default: move_on."))
    launch_method: Literal["AnyWindow", "OwnWindow"] = Field(
        "AnyWindow", description="AnyWindow: the LMS may use a frame or a window; OwnWindow: a window of its own.")


@cache
def _templates() -> Environment:
    """One environment per process, like the player's (`render.player.shared_environment`):
    Jinja then compiles the package XML template once, not once per language."""
    return Environment(loader=PackageLoader("lms_build.targets.cmi5", "templates"), autoescape=True,
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                       keep_trailing_newline=True)


class Cmi5Target(XapiPackageTarget):
    name = "cmi5"
    description = "cmi5 course zip per language, one AU per module (an LMS with cmi5 and an LRS)"
    Options = Cmi5Options
    runtime = "cmi5"
    xml_name = CMI5_XML

    @staticmethod
    def au_url(module_id: str) -> str:
        return f"{module_id}.html"

    def package_xml(self, lang: str) -> bytes:
        index = activity_index(self.course, lang)
        options = self.options
        aus = []
        for module in self.course.modules:
            assessed = module.kind == "assessment"
            aus.append({
                "activity": index[module.id],
                "objectives": [index[o.id]["id"] for o in module.objectives],
                "url": self.au_url(module.id),
                "move_on": (options.assessment_move_on or options.move_on) if assessed else options.move_on,
                "mastery_score": f"{self.course.config.mastery_score / 100:g}" if assessed else None,
            })
        objectives = [index[o.id] for m in self.course.modules for o in m.objectives]
        return _templates().get_template("cmi5.xml").render(
            course=index[self.course.config.id], aus=aus, objectives=objectives,
            launch_method=options.launch_method, tag=language_tag(lang)).encode("utf-8")

    def launch_pages(self) -> list[tuple[str, list[Module]]]:
        return [(self.au_url(module.id), [module]) for module in self.course.modules]
