"""A module: `modules/NN-slug.yaml`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Localized, Slug, Strict
from .blocks import Block


class Objective(Strict):
    id: Slug
    text: Localized


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
    sources: list[Slug] = Field(
        default_factory=list,
        description="Ids from course_src/sources.yaml of the texts the module's facts come from; "
                    "learners see them as citations at the end of the module.",
    )
    objectives: Annotated[list[Objective], Field(min_length=1)]
    pages: Annotated[list[Page], Field(min_length=1)]
