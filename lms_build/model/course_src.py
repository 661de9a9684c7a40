"""Course-wide sources in `course_src/`: personas, glossary and extra pages."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from .base import Localized, Slug, Strict
from .module import Page


class Persona(Strict):
    id: Slug
    name: str
    role: Localized
    description: Localized
    image: str | None = Field(None, description="Path inside course_src/ (optional portrait).")
    image_alt: Localized | None = None


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
