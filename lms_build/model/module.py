"""A module: `modules/NN-slug.yaml`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Localized, Slug, Strict
from .blocks import Block
from .config import AssessmentOverride


class Objective(Strict):
    id: Slug
    text: Localized
    taught_in: list[Slug] = Field(
        default_factory=list,
        description="Ids of the modules that teach this objective: an assessment's results view "
                    "links to them when a learner misses it.",
    )


class Page(Strict):
    id: Slug
    title: Localized
    blocks: Annotated[list[Block], Field(min_length=1)]


class Module(Strict):
    id: Slug
    order: Annotated[int, Field(ge=1, le=999)]
    kind: Literal["lesson", "assessment"] = Field(
        "lesson", description="'assessment': its quiz score decides pass/fail (mastery score)."
    )
    draft: bool = Field(False, description="A draft may lack translations (warnings, not errors).")
    title: Localized
    summary: Localized
    estimated_minutes: Annotated[int, Field(ge=1, le=600)]
    sources: list[str] = Field(
        default_factory=list, description="Source documents the facts come from, for reviewers."
    )
    assessment: AssessmentOverride | None = Field(
        None, description="kind: assessment only: this module's own attempts, reveal, shuffle or draw "
                          "(the rest comes from course.toml [assessment])."
    )
    objectives: Annotated[list[Objective], Field(min_length=1)]
    pages: Annotated[list[Page], Field(min_length=1)]
