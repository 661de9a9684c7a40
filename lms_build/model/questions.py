"""Quiz questions. Every question has a stable id: it becomes the interaction id in the LMS."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Localized, LocalizedList, Slug, Strict


class Feedback(Strict):
    correct: Localized
    incorrect: Localized


class Option(Strict):
    id: Slug
    text: Localized
    feedback: Localized | None = Field(None, description="Shown when the learner picks this option.")
    pin: bool = Field(False, description="Keep this option in its place when options are shuffled "
                                         "(e.g. 'none of the above').")


class QuestionBase(Strict):
    id: Slug
    prompt: Localized
    weight: Annotated[float, Field(gt=0, le=100)] = 1
    objective: Slug | None = Field(None, description="Id of the module objective this question checks.")
    feedback: Feedback


class SingleChoice(QuestionBase):
    type: Literal["single-choice"]
    options: Annotated[list[Option], Field(min_length=2)]
    correct: Slug = Field(description="Id of the one correct option.")


class MultipleChoice(QuestionBase):
    type: Literal["multiple-choice"]
    options: Annotated[list[Option], Field(min_length=2)]
    correct: Annotated[list[Slug], Field(min_length=1, description="Ids of every correct option.")]


class TrueFalse(QuestionBase):
    type: Literal["true-false"]
    correct: bool


class MatchPair(Strict):
    id: Slug
    prompt: Localized
    match: Localized


class Matching(QuestionBase):
    """The learner pairs each prompt with its match (chosen from a list, never drag-only)."""

    type: Literal["matching"]
    pairs: Annotated[list[MatchPair], Field(min_length=2)]


class OrderItem(Strict):
    id: Slug
    text: Localized


class Ordering(QuestionBase):
    """Items are written in their correct order; the player shows them shuffled."""

    type: Literal["ordering"]
    items: Annotated[list[OrderItem], Field(min_length=2)]


class ShortText(QuestionBase):
    """Fill-in: compared with the accepted answers, ignoring case and surrounding spaces."""

    type: Literal["short-text"]
    accepted: LocalizedList


class Scenario(QuestionBase):
    """A persona's situation with choices that each lead to their own feedback."""

    type: Literal["scenario"]
    persona: Slug | None = None
    situation: Localized
    choices: Annotated[list[Option], Field(min_length=2)]
    correct: Annotated[list[Slug], Field(min_length=1, description="Ids of the good choices.")]


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Matching | Ordering | ShortText | Scenario,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single-choice", "multiple-choice", "true-false", "matching", "ordering",
                  "short-text", "scenario")
