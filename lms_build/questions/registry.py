"""Every question type, by the name its questions give as `type:`. The order is the order of
the course format's union (and so of the JSON Schema): a new type goes at the end."""

from __future__ import annotations

from . import matching, multiple_choice, ordering, scenario, short_text, single_choice, true_false
from .base import QuestionType

QUESTION_TYPES: dict[str, QuestionType] = {
    spec.name: spec for spec in (
        single_choice.SPEC, multiple_choice.SPEC, true_false.SPEC, matching.SPEC, ordering.SPEC,
        short_text.SPEC, scenario.SPEC,
    )
}


def question_type(question: object) -> QuestionType:
    """The specification of a question's type."""
    return QUESTION_TYPES[question.type]  # type: ignore[attr-defined]
