"""`scorm2004`: a SCORM 2004 4th Edition package per language.

Moodle imports 2004 packages but does not run their sequencing, so every SCO still sets
completion and success itself; the sequencing here (flow and choice, optional prerequisites,
rollup) is for LMSs that implement it. The mastery score becomes the primary objective's
minNormalizedMeasure with satisfiedByMeasure; no imsss:mapInfo anywhere (Moodle 4.5 cannot
import a package that has one), prerequisites use 4th Edition adlseq:mapInfo instead."""

from __future__ import annotations

from ...model import ScoLayout
from ...schemas import SCORM2004
from ..scorm import MANIFEST, Sco, ScormTarget, lom_fields, render_xml, scorm_options

#: Local id of the objective that mirrors the previous module's completion.
PREVIOUS_OBJECTIVE = "previous-module-completed"


Scorm2004Options = scorm_options("Scorm2004Options", ScoLayout.MODULE)


class Scorm2004Target(ScormTarget):
    name = "scorm2004"
    description = "SCORM 2004 4th Edition zip per language"
    Options = Scorm2004Options
    runtime = "scorm2004"
    schema_set = SCORM2004

    def manifest_files(self, lang: str, scos: list[Sco], shared: list[str]) -> dict[str, bytes]:
        mastery = self.course.config.mastery_score
        manifest = render_xml(
            "scorm2004_manifest.xml", ids=self.identifiers(lang), lom=lom_fields(self.course, lang, self.max_title),
            scos=scos, shared_files=shared, previous_objective=PREVIOUS_OBJECTIVE,
            has_assessment=any(sco.assessed for sco in scos),
            min_normalized_measure=f"{mastery / 100:g}",
            schema_location=SCORM2004.schema_location)
        return {MANIFEST: manifest}
