"""Quiz questions. Every question has a stable id: it becomes the interaction id in the LMS.

Each question type's model lives with its specification in lms_build/questions/<type>.py; this
module assembles the discriminated union the course format uses from that registry."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field

from ..questions.base import Feedback, QuestionBase
from ..questions.choice import Option
from ..questions.matching import Matching, MatchPair
from ..questions.multiple_choice import MultipleChoice
from ..questions.ordering import Ordering, OrderItem
from ..questions.registry import QUESTION_TYPES as _SPECS
from ..questions.scenario import Scenario
from ..questions.short_text import ShortText
from ..questions.single_choice import SingleChoice
from ..questions.true_false import TrueFalse

Question = Annotated[
    Union[tuple(spec.model for spec in _SPECS.values())],  # noqa: UP007  (a union built at run time)
    Field(discriminator="type"),
]
QUESTION_TYPES = tuple(_SPECS)

__all__ = [
    "QUESTION_TYPES", "Feedback", "MatchPair", "Matching", "MultipleChoice", "Option", "OrderItem",
    "Ordering", "Question", "QuestionBase", "Scenario", "ShortText", "SingleChoice", "TrueFalse",
]
