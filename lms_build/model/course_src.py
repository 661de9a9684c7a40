"""Course-wide sources in `course_src/`: personas, glossary and extra pages."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .base import Localized, Slug, Strict
from .module import Page


class Persona(Strict):
    id: Slug
    name: str
    role: Localized
    description: Localized
    image: str | None = Field(None, description="Path inside course_src/ (optional portrait).")
    image_alt: Localized | None = None
    illustrative: bool = Field(
        False, description="True for a persona written for this course (a composite, not a real "
                           "person from a source); learners see it marked as illustrative.",
    )
    source: Slug | None = Field(
        None, description="Id in course_src/sources.yaml of the text the persona is based on "
                          "(credited on the sources-and-credits page).",
    )
    origin: Localized | None = Field(
        None, description="One sentence for the credits page on where the persona comes from and "
                          "what was added for the course.",
    )

    @model_validator(mode="after")
    def _origin_is_known(self) -> Persona:
        if self.illustrative and self.source is not None:
            raise ValueError("a persona is either `illustrative: true` (written for the course) "
                             "or based on a `source` from course_src/sources.yaml, not both")
        return self


class PersonaFile(Strict):
    personas: Annotated[list[Persona], Field(min_length=1)]


class Term(Strict):
    id: Slug
    term: Localized
    definition: Localized


class GlossaryFile(Strict):
    terms: Annotated[list[Term], Field(min_length=1)]


class ExtraPage(Page):
    """A page outside the modules, e.g. the accessibility statement."""

    footer_link: bool = Field(True, description="Link to it from every page's footer.")
