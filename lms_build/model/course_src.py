"""Course-wide sources in `course_src/`: personas, glossary and extra pages."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from .base import Localized, Slug, Strict
from .module import Page


class Persona(Strict):
    """A recurring person the cases and scenarios are about."""

    id: Slug = Field(description="Stable id; persona blocks and scenarios refer to it.", examples=["aino"])
    name: str = Field(description="First name, the same in every language.", examples=["Aino"])
    role: Localized = Field(description="Who the persona is, in a few words.",
                            examples=[{"fi": "eläkeläinen, 78", "sv": "pensionär, 78"}])
    description: Localized = Field(description="Background the cases build on (Markdown).",
                                   examples=[{"fi": "Aino asuu yksin ja käyttää tablettia.",
                                              "sv": "Aino bor ensam och använder en surfplatta."}])
    image: str | None = Field(None, description="Path inside course_src/ (optional portrait).",
                              examples=["assets/aino.svg"])
    image_alt: Localized | None = Field(None, description="Alt text of the portrait (required with 'image').",
                                        examples=[{"fi": "Aino tabletin kanssa.", "sv": "Aino med surfplattan."}])
    illustrative: bool = Field(
        False, description="True for a persona written for this course (a composite, not a real "
                           "person from a source); learners see it marked as illustrative.",
        examples=[True],
    )
    source: Slug | None = Field(
        None, description="Id in course_src/sources.yaml of the text the persona is based on "
                          "(credited on the sources-and-credits page).",
        examples=["dvv-digituki-2023"],
    )
    origin: Localized | None = Field(
        None, description="One sentence for the credits page on where the persona comes from and "
                          "what was added for the course.",
        examples=[{"fi": "Perustuu haastatteluun; nimi muutettu.", "sv": "Bygger på en intervju; namnet ändrat."}],
    )

    @model_validator(mode="after")
    def _origin_is_known(self) -> Persona:
        if self.illustrative and self.source is not None:
            raise ValueError("a persona is either `illustrative: true` (written for the course) "
                             "or based on a `source` from course_src/sources.yaml, not both")
        return self


class PersonaFile(Strict):
    """`course_src/personas.yaml`."""

    personas: Annotated[list[Persona], Field(min_length=1)] = Field(
        description="Every persona of the course.",
        examples=[[{"id": "aino", "name": "Aino", "role": {"fi": "eläkeläinen", "sv": "pensionär"},
                    "description": {"fi": "Asuu yksin.", "sv": "Bor ensam."}}]])


class Term(Strict):
    """A glossary entry."""

    id: Slug = Field(description="Stable id; glossary blocks refer to it.", examples=["vertaistuki"])
    term: Localized = Field(description="The term as written in each language.",
                            examples=[{"fi": "vertaistuki", "sv": "kamratstöd"}])
    definition: Localized = Field(description="A plain-language definition (Markdown).",
                                  examples=[{"fi": "Toisen käyttäjän antama apu.",
                                             "sv": "Hjälp som en annan användare ger."}])


class GlossaryFile(Strict):
    """`course_src/glossary.yaml`."""

    terms: Annotated[list[Term], Field(min_length=1)] = Field(
        description="Every term of the course glossary.",
        examples=[[{"id": "vertaistuki", "term": {"fi": "vertaistuki", "sv": "kamratstöd"},
                    "definition": {"fi": "Toisen käyttäjän antama apu.", "sv": "Hjälp av en annan användare."}}]])


class ExtraPage(Page):
    """A page outside the modules, e.g. the accessibility statement."""

    footer_link: bool = Field(True, description="Link to it from every page's footer.", examples=[True])
