"""The typed blocks a page is made of."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Localized, Slug, Strict
from .questions import Question


class TextBlock(Strict):
    type: Literal["text"]
    body: Localized = Field(description="Markdown. Raw HTML is refused.")


class CalloutBlock(Strict):
    type: Literal["callout"]
    kind: Literal["tip", "warning", "law"]
    title: Localized | None = None
    body: Localized


class PersonaBlock(Strict):
    """A case about one of the personas in course_src/personas.yaml."""

    type: Literal["persona"]
    persona: Slug
    situation: Localized
    question: Localized | None = Field(None, description="A question for the learner to reflect on.")


class ImageBlock(Strict):
    type: Literal["image"]
    src: str = Field(description="Path inside course_src/, e.g. assets/map.svg")
    alt: Localized | None = Field(None, description="Required unless decorative.")
    decorative: bool = False
    caption: Localized | None = None


class ChecklistBlock(Strict):
    type: Literal["checklist"]
    id: Slug
    title: Localized
    items: Annotated[list[Localized], Field(min_length=1)]


class WorksheetBlock(Strict):
    """A table to fill in: fixed row labels (first column) plus blank rows."""

    type: Literal["worksheet"]
    id: Slug
    title: Localized
    instructions: Localized | None = None
    columns: Annotated[list[Localized], Field(min_length=1)]
    rows: list[Localized] = Field(default_factory=list, description="Labels of pre-set rows.")
    blank_rows: Annotated[int, Field(ge=0, le=5000)] = 3


class GlossaryBlock(Strict):
    type: Literal["glossary"]
    terms: Annotated[list[Slug], Field(min_length=1, description="Ids from course_src/glossary.yaml")]


class DiscussionBlock(Strict):
    """Questions for a facilitated learning circle."""

    type: Literal["discussion"]
    questions: Annotated[list[Localized], Field(min_length=1)]


class QuizBlock(Strict):
    type: Literal["quiz"]
    id: Slug
    title: Localized | None = None
    questions: Annotated[list[Question], Field(min_length=1)]


Block = Annotated[
    TextBlock | CalloutBlock | PersonaBlock | ImageBlock | ChecklistBlock | WorksheetBlock
    | GlossaryBlock | DiscussionBlock | QuizBlock,
    Field(discriminator="type"),
]
