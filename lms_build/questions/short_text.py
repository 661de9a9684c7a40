"""short-text: a fill-in answer compared with the accepted answers of the learner's language,
ignoring case and surrounding spaces."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from ..i18n import _
from ..model.base import LocalizedList, type_tag
from .base import MarkdownOf, QuestionBase, QuestionType, response_text

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..load.source import Loc, SourceDoc


class ShortText(QuestionBase):
    """Fill-in: compared with the accepted answers, ignoring case and surrounding spaces."""

    type: Literal["short-text"] = type_tag("short-text", "a fill-in question")
    accepted: LocalizedList = Field(description="Every answer accepted, per language.",
                                    examples=[{"fi": ["kirjasto", "kirjastot"], "sv": ["biblioteket"]}])


#: Characters that would read as markup or as SCORM response syntax in a correct-response pattern.
PATTERN_SYNTAX = re.compile(r"[<>{}]|\[[,.:]\]")
#: SCORM 2004 keeps at least 10 correct-response patterns per interaction.
MAX_PATTERNS = 10


class ShortTextType(QuestionType):
    name = "short-text"
    model = ShortText
    interaction_type = "fill-in"
    skeleton = """\
accepted:                 # answers accepted per language (case and outer spaces ignored)
{l:accepted answer}
"""

    def slot_kind(self, question: Any) -> tuple[str, int]:
        return "text", 1

    def accepted(self, question: Any, lang: str) -> list[str]:
        """The accepted answers in `lang` as the player compares them (without outer spaces)."""
        return [a.strip() for a in question.accepted.get(lang)]

    def typed_answers(self, question: Any, lang: str) -> list[str]:
        return list(question.accepted.get(lang))

    def correct_patterns(self, question: Any, lang: str) -> list[str]:
        return [response_text(a) for a in self.accepted(question, lang)][:MAX_PATTERNS]

    def solution(self, question: Any, lang: str, strings: dict[str, str]) -> list[str]:
        accepted = self.accepted(question, lang)
        return [html.escape(accepted[0])] if accepted else []

    def player_data(self, question: Any, lang: str, md: MarkdownOf) -> dict[str, Any]:
        return {"accept": self.accepted(question, lang)}

    def worst_response(self, question: Any, lang: str) -> str:
        from ..render.state import WORST_TEXT

        return response_text(WORST_TEXT)

    def xapi_correct_patterns(self, question: Any, lang: str) -> list[str]:
        return [f"{{case_matters=false}}{a}" for a in self.accepted(question, lang) if a]

    def simulated_right(self, definition: dict[str, Any]) -> str:
        return definition["correctResponsesPattern"][0].removeprefix("{case_matters=false}")

    def simulated_wrong(self, definition: dict[str, Any], rng: random.Random) -> str:
        return rng.choice(["en tiedä", "vet inte", "kunta", "?"])

    def check(self, doc: SourceDoc, loc: Loc, question: Any) -> Iterator[Diagnostic]:
        for lang, answers in question.accepted.root.items():
            for index, answer in enumerate(answers):
                where = (*loc, "accepted", lang, index)
                if not answer.strip():
                    yield doc.diagnostic(
                        where, "blank-answer",
                        _("an accepted answer is blank: a learner could never type it "
                          "(answers are compared without surrounding spaces); remove it"))
                elif match := PATTERN_SYNTAX.search(answer):
                    yield doc.diagnostic(
                        where, "answer-syntax",
                        _("accepted answer {answer} contains '{syntax}': answers are "
                          "sent to the LMS as plain text patterns; remove it").format(
                            answer=repr(answer), syntax=match.group()))


SPEC = ShortTextType()
