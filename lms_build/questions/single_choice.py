"""single-choice: one right option among several (radio buttons)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from ..model.base import Slug, type_tag
from .base import QuestionBase
from .choice import OPTIONS_EXAMPLE, ChoiceType, Option


class SingleChoice(QuestionBase):
    """One right option among several."""

    type: Literal["single-choice"] = type_tag("single-choice", "a question with one right option")
    options: Annotated[list[Option], Field(min_length=2)] = Field(
        description="Two or more options, shown in this order.", examples=OPTIONS_EXAMPLE)
    correct: Slug = Field(description="Id of the one correct option.", examples=["a"])


class SingleChoiceType(ChoiceType):
    name = "single-choice"
    model = SingleChoice
    correct_is_list = False
    skeleton = """\
options:                  # two or more; ids are short slugs (a, b, c...) unique in the question
  - id: a
    text: {t:right answer}
    feedback: {t:why this is right}   # optional, shown when this option is picked
  - id: b
    text: {t:wrong answer}
correct: a                # id of the one correct option
"""

    def slot_kind(self, question: Any) -> tuple[str, int]:
        return "single", len(question.options)


SPEC = SingleChoiceType()
