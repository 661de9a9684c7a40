"""true-false: a statement the learner judges true or false (two radio buttons)."""

from __future__ import annotations

import html
import random
from typing import Any, Literal

from pydantic import Field

from ..model.base import type_tag
from .base import MarkdownOf, QuestionBase, QuestionType


class TrueFalse(QuestionBase):
    """A statement the learner judges true or false."""

    type: Literal["true-false"] = type_tag("true-false", "a true-or-false statement")
    correct: bool = Field(description="true if the prompt's statement is true.", examples=[True])


#: The words the report shows for a true/false response (the report's languages).
_REPORT_WORDS = {"true": {"fi": "tosi", "sv": "sant"}, "false": {"fi": "epätosi", "sv": "falskt"}}


class TrueFalseType(QuestionType):
    name = "true-false"
    model = TrueFalse
    interaction_type = "true-false"
    skeleton = """\
correct: true             # is the prompt's statement true?
"""

    def option_ids(self, question: Any) -> list[str]:
        return ["true", "false"]

    def slot_kind(self, question: Any) -> tuple[str, int]:
        return "single", 2  # true = 0, false = 1

    def correct_patterns(self, question: Any, lang: str) -> list[str]:
        return ["true" if question.correct else "false"]

    def solution(self, question: Any, lang: str, strings: dict[str, str]) -> list[str]:
        return [html.escape(strings["true" if question.correct else "false"])]

    def player_data(self, question: Any, lang: str, md: MarkdownOf) -> dict[str, Any]:
        return {"ids": ["true", "false"], "ok": [0 if question.correct else 1]}

    def worst_response(self, question: Any, lang: str) -> str:
        return "false"

    def response_text(self, definition: dict[str, Any], response: str, lang: str) -> str:
        return _REPORT_WORDS.get(response, {}).get(lang, response)

    def simulated_wrong(self, definition: dict[str, Any], rng: random.Random) -> str:
        return "false" if definition["correctResponsesPattern"][0] == "true" else "true"


SPEC = TrueFalseType()
