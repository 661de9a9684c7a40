"""multiple-choice: several right options; the learner must tick all of them (check boxes)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from ..model.base import Slug, type_tag
from .base import QuestionBase
from .choice import OPTIONS_EXAMPLE, ChoiceType, Option


class MultipleChoice(QuestionBase):
    """Several right options; the learner must pick all of them and no other."""

    type: Literal["multiple-choice"] = type_tag("multiple-choice", "a question with several right options")
    options: Annotated[list[Option], Field(min_length=2)] = Field(
        description="Two or more options, at least one of them wrong.", examples=OPTIONS_EXAMPLE)
    correct: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Ids of every correct option.", examples=[["a", "c"]])


class MultipleChoiceType(ChoiceType):
    name = "multiple-choice"
    model = MultipleChoice
    skeleton = """\
options:                  # two or more; at least one must be wrong
  - id: a
    text: {t:right answer}
  - id: b
    text: {t:another right answer}
  - id: c
    text: {t:wrong answer}
correct: [a, b]           # ids of every correct option
"""

    def slot_kind(self, question: Any) -> tuple[str, int]:
        return "multi", len(question.options)


SPEC = MultipleChoiceType()
