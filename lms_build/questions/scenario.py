"""scenario: a persona's situation and choices that each lead to their own feedback (radio
buttons when one choice is good, check boxes when several are)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from ..i18n import _
from ..model.base import Localized, Slug, type_tag
from .base import QuestionBase
from .choice import ChoiceType, Option

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..load.source import Loc, SourceDoc


class Scenario(QuestionBase):
    """A persona's situation with choices that each lead to their own feedback."""

    type: Literal["scenario"] = type_tag("scenario", "a scenario question")
    persona: Slug | None = Field(None, description="Optional id of a persona in course_src/personas.yaml.",
                                 examples=["aino"])
    situation: Localized = Field(description="What happens (Markdown), before the prompt.",
                                 examples=[{"fi": "Aino soittaa: pankkitunnukset eivät toimi.",
                                            "sv": "Aino ringer: bankkoderna fungerar inte."}])
    choices: Annotated[list[Option], Field(min_length=2)] = Field(
        description="What the learner could do; every choice needs its own feedback (its consequence).",
        examples=[[{"id": "a", "text": {"fi": "Ohjaa pankkiin", "sv": "Hänvisa till banken"},
                    "feedback": {"fi": "Hyvä.", "sv": "Bra."}},
                   {"id": "b", "text": {"fi": "Kirjaudu Ainon puolesta", "sv": "Logga in åt Aino"},
                    "feedback": {"fi": "Ei koskaan.", "sv": "Aldrig."}}]])
    correct: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Ids of the good choices.", examples=[["a"]])


class ScenarioType(ChoiceType):
    name = "scenario"
    model = Scenario
    options_field = "choices"
    skeleton = """\
# persona: PERSONA-ID     # optional: id from course_src/personas.yaml
situation: {t:what happens to the persona}
choices:                  # every choice needs feedback: the consequence of choosing it
  - id: a
    text: {t:a good choice}
    feedback: {t:what follows from it}
  - id: b
    text: {t:a poor choice}
    feedback: {t:what follows from it}
correct: [a]              # ids of the good choices
"""

    def slot_kind(self, question: Any) -> tuple[str, int]:
        return ("single" if len(question.correct) == 1 else "multi"), len(question.choices)

    def check(self, doc: SourceDoc, loc: Loc, question: Any) -> Iterator[Diagnostic]:
        yield from super().check(doc, loc, question)
        for index, choice in enumerate(question.choices):
            if choice.feedback is None:
                yield doc.diagnostic((*loc, "choices", index), "missing-feedback",
                                     _("scenario choice '{id}' needs 'feedback': in a scenario "
                                       "every choice leads to its own consequence").format(id=choice.id))


SPEC = ScenarioType()
