"""A module: `modules/NN-slug.yaml`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Localized, Slug, Strict
from .blocks import Block
from .config import AssessmentOverride


class Objective(Strict):
    """What the learner can do after the module."""

    id: Slug = Field(description="Stable id, unique across the course; questions refer to it.",
                     examples=["m1-tunnistaa-kumppanit"])
    text: Localized = Field(description="Starts with a verb the learner can be checked on.",
                            examples=[{"fi": "Tunnistat kunnan digituen kumppanit.",
                                       "sv": "Du känner igen kommunens partner i digitalt stöd."}])
    taught_in: list[Slug] = Field(
        default_factory=list,
        description="Ids of the modules that teach this objective: an assessment's results view "
                    "links to them when a learner misses it.",
        examples=[["m3-olemassa-olevan-digituen-kartoitus"]],
    )


class Page(Strict):
    """One screen of the player (one section of a handout)."""

    id: Slug = Field(description="Stable id, unique across the course: the learner's place is saved by it.",
                     examples=["m1-mita-digituki-on"])
    title: Localized = Field(description="Page heading, also in the table of contents.",
                             examples=[{"fi": "Mitä digituki on?", "sv": "Vad är digitalt stöd?"}])
    blocks: Annotated[list[Block], Field(min_length=1)] = Field(
        description="The page's content, top to bottom: text, callout, persona, image, checklist, "
                    "worksheet, glossary, discussion or quiz blocks.",
        examples=[[{"type": "text", "body": {"fi": "Digituki on apua.", "sv": "Digitalt stöd är hjälp."}}]])


class Module(Strict):
    """A module of the course: a lesson or the final assessment."""

    id: Slug = Field(description="Stable id, unique across the course: a SCORM/xAPI identifier and part "
                                 "of the file name.", examples=["m1-mita-digituki-on"])
    order: Annotated[int, Field(ge=1, le=999)] = Field(
        description="Position in the course (unique); the file name starts with it (01-...). Lessons "
                    "come before the assessment.", examples=[1])
    kind: Literal["lesson", "assessment"] = Field(
        "lesson", description="'assessment': its quiz score decides pass/fail (mastery score).",
        examples=["lesson"])
    draft: bool = Field(False, description="A draft may lack translations and keep TODO placeholders "
                                           "(warnings, not errors) and is left out of builds unless "
                                           "`lms-build build --drafts`.", examples=[True])
    title: Localized = Field(description="Module title in the table of contents, LMS and handouts "
                                         "(under 255 characters).",
                             examples=[{"fi": "Mitä kunnan digituki on?", "sv": "Vad är digitalt stöd i kommunen?"}])
    summary: Localized = Field(description="One or two sentences shown in the table of contents.",
                               examples=[{"fi": "Mitä digituki on ja kenelle se on tarkoitettu.",
                                          "sv": "Vad digitalt stöd är och vem det är till för."}])
    estimated_minutes: Annotated[int, Field(ge=1, le=600)] = Field(
        description="Honest estimate for a first-time learner, in minutes.", examples=[30])
    sources: list[Slug] = Field(
        default_factory=list,
        description="Ids from course_src/sources.yaml of the texts the module's facts come from; "
                    "learners see them as citations at the end of the module.",
        examples=[["dvv-digituki-2023"]])
    assessment: AssessmentOverride | None = Field(
        None, description="kind: assessment only: this module's own attempts, reveal, shuffle or draw "
                          "(the rest comes from course.toml [assessment]).",
        examples=[{"attempts": 3, "draw": 16}])
    objectives: Annotated[list[Objective], Field(min_length=1)] = Field(
        description="What the learner can do after the module; questions refer to them by id.",
        examples=[[{"id": "m1-tunnistaa", "text": {"fi": "Tunnistat digituen muodot.",
                                                   "sv": "Du känner igen formerna av digitalt stöd."}}]])
    pages: Annotated[list[Page], Field(min_length=1)] = Field(
        description="The module's pages in reading order.",
        examples=[[{"id": "m1-johdanto", "title": {"fi": "Johdanto", "sv": "Inledning"},
                    "blocks": [{"type": "text", "body": {"fi": "Tervetuloa.", "sv": "Välkommen."}}]}]])
