"""`scorm12`: a SCORM 1.2 package per language, the version Moodle runs most completely.

Metadata lives in a separate IMS MD 1.2 file (adlcp:location) because the official inline
metadata schema, imsmd_rootv1p2p1.xsd, does not compile in libxml2, so inline metadata could not
be validated. The mastery score goes on the SCO holding the final assessment: Moodle then derives
passed/failed from cmi.core.score.raw."""

from __future__ import annotations

from ...model import ScoLayout
from ...schemas import SCORM12
from ..scorm import MANIFEST, Sco, ScormTarget, lom_fields, render_xml, scorm_options

METADATA = "metadata.xml"


Scorm12Options = scorm_options("Scorm12Options", ScoLayout.COURSE)


class Scorm12Target(ScormTarget):
    name = "scorm12"
    description = "SCORM 1.2 zip per language (Moodle, most LMSs)"
    Options = Scorm12Options
    runtime = "scorm12"
    schema_set = SCORM12
    max_title = 200  # imscp_rootv1p1p2.xsd: titleType maxLength 200
    manifest_names = (MANIFEST, METADATA)

    def manifest_files(self, lang: str, scos: list[Sco], shared: list[str]) -> dict[str, bytes]:
        lom = lom_fields(self.course, lang, self.max_title)
        manifest = render_xml("scorm12_manifest.xml", ids=self.identifiers(lang), lom=lom,
                              scos=scos, shared_files=shared, metadata_href=METADATA,
                              mastery_score=self.course.config.mastery_score,
                              schema_location=SCORM12.schema_location)
        return {MANIFEST: manifest, METADATA: render_xml("scorm12_metadata.xml", lom=lom)}
