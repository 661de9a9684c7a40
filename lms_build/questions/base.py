"""What every question type has in common: the fields every question carries, and the interface
of a question type's specification.

A question type lives in one file of this package (one `QuestionType` object plus its Pydantic
model); everything that treats question types differently (validation, the player's data and
templates, the learner state, the SCORM and xAPI interaction records, the handouts and the
report) asks that object instead of testing `question.type`. The player's JavaScript side has
one file per answer kind in render/static/core/types/ (the state slot kind says which)."""

from __future__ import annotations

import html
import random
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

from pydantic import Field

from ..model.base import Localized, Slug, Strict

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..load.source import Loc, SourceDoc


class Feedback(Strict):
    """What the learner reads after checking an answer."""

    correct: Localized = Field(description="Shown after a right answer: say why it is right.",
                               examples=[{"fi": "Oikein: kirjasto on tärkeä kumppani.",
                                          "sv": "Rätt: biblioteket är en viktig partner."}])
    incorrect: Localized = Field(description="Shown after a wrong answer: say what to review, not only "
                                             "the right answer.",
                                 examples=[{"fi": "Kertaa sivu Kumppanit.", "sv": "Repetera sidan Partner."}])


class QuestionBase(Strict):
    id: Slug = Field(description="Stable id, unique across the course: the interaction id in the LMS, so "
                                 "keep it when the text changes.", examples=["m1-kumppanit"])
    prompt: Localized = Field(description="The question (Markdown).",
                              examples=[{"fi": "Kuka tarjoaa digitukea?", "sv": "Vem erbjuder digitalt stöd?"}])
    weight: Annotated[float, Field(gt=0, le=100)] = Field(
        1, description="Share of the quiz score, relative to the other questions.", examples=[1, 2])
    objective: Slug | None = Field(None, description="Id of the module objective this question checks.",
                                   examples=["m1-tunnistaa-kumppanit"])
    feedback: Feedback = Field(description="Texts shown after a right and after a wrong answer.",
                               examples=[{"correct": {"fi": "Oikein.", "sv": "Rätt."},
                                          "incorrect": {"fi": "Kertaa sivu 2.", "sv": "Repetera sidan 2."}}])


def sid(option_id: str) -> str:
    """An option id as a SCORM 2004 short identifier (Moodle allows only [A-Za-z0-9_.]); xAPI
    responses use the same form, so one response string serves every protocol."""
    return option_id.replace("-", "_")


def response_text(text: str) -> str:
    """A fill-in response or pattern: no "[,]"/"[.]" delimiters, no leading "{", 250 at most
    (the same rule as render/static/core/types/text.js)."""
    return re.sub(r"\[[,.]\]", " ", text).lstrip("{")[:250]


def inline_html(value: Localized, lang: str) -> str:
    """One line of Markdown as HTML (imported late: the model must not load the renderer)."""
    from ..render.markdown import render_inline

    return str(render_inline(value.get(lang)))


#: Renders a Localized text as block Markdown HTML in the player's language.
MarkdownOf = Callable[[Localized], str]
#: Builds one xAPI interaction component: (option id, its text in the language) -> component.
ComponentOf = Callable[[str, str], dict[str, Any]]


class QuestionType:
    """The specification of one question type: everything lms-build knows about it.

    Subclasses set the class attributes and override what differs; one instance of each is
    registered in `lms_build.questions.QUESTION_TYPES` under its `name`."""

    #: The `type:` value in the sources.
    name: ClassVar[str]
    #: The Pydantic model of a question of this type (its fields are the course format).
    model: ClassVar[type[QuestionBase]]
    #: The SCORM/xAPI interaction type it is reported as ("choice", "true-false", "matching",
    #: "sequencing", "fill-in"; SCORM 2004 and xAPI share these names).
    interaction_type: ClassVar[str]
    #: The fields whose entries carry ids that must be unique within the question.
    option_fields: ClassVar[tuple[str, ...]] = ()
    #: The list the solution is shown as in the player: "ol" when the order is the answer.
    solution_tag: ClassVar[str] = "ul"
    #: The type-specific part of the `lms-build new question` skeleton (see scaffold.py).
    skeleton: ClassVar[str]

    # --- templates -------------------------------------------------------------------------

    @property
    def screen_template(self) -> str:
        """The player's partial (render/templates/): macros `intro(q, course)`, `answer(q, qid)`."""
        return f"questions/{self.name}.html"

    @property
    def print_template(self) -> str:
        """The handouts' partial (targets/pdf/templates/): macros `intro(q, course)`,
        `answer(q, facilitator)`, `key(q)` (see questions.html)."""
        return f"questions/{self.name}.html"

    # --- options and the learner state --------------------------------------------------------

    def option_ids(self, question: Any) -> list[str]:
        """The ids of its options, pairs or items in source order (true/false: true, false)."""
        return []

    def slot_kind(self, question: Any) -> tuple[str, int]:
        """The input it is answered with, as the learner state stores it ("single", "multi",
        "match", "order" or "text"), and its number of options/pairs/items."""
        raise NotImplementedError

    def choices(self, question: Any) -> list[Any]:
        """The options a learner ticks (choice questions only; empty for the others)."""
        return []

    def correct_ids(self, question: Any) -> list[str]:
        """The ids of the right options (choice questions only; empty for the others)."""
        return []

    def typed_answers(self, question: Any, lang: str) -> list[str]:
        """The accepted answers a learner types in `lang`, as written (fill-in questions only)."""
        return []

    # --- the correct answer ---------------------------------------------------------------------

    def correct_patterns(self, question: Any, lang: str) -> list[str]:
        """The correct responses as SCORM 2004 / xAPI patterns of option ids (never positions)."""
        raise NotImplementedError

    def solution(self, question: Any, lang: str, strings: dict[str, str]) -> list[str]:
        """The right answer as HTML list items, shown by the player after the last attempt."""
        raise NotImplementedError

    def solution_html(self, question: Any, lang: str, strings: dict[str, str]) -> str:
        items = "".join(f"<li>{s}</li>" for s in self.solution(question, lang, strings))
        return (f'<p class="solution-title">{html.escape(strings["correct_answer"])}:</p>'
                f"<{self.solution_tag}>{items}</{self.solution_tag}>")

    # --- the player -------------------------------------------------------------------------

    def player_data(self, question: Any, lang: str, md: MarkdownOf) -> dict[str, Any]:
        """What the player's JavaScript needs beyond what every question has (see player.py)."""
        return {"ids": self.option_ids(question)}

    def worst_response(self, question: Any, lang: str) -> str:
        """The longest learner_response the SCORM 2004 adapter can set for it."""
        ids = [sid(i) for i in self.option_ids(question)]
        longest = max(ids, key=len) if ids else ""
        kind, _ = self.slot_kind(question)
        return longest if kind == "single" else "[,]".join(ids)

    # --- xAPI and the report ------------------------------------------------------------------

    def xapi_components(self, question: Any, lang: str, component: ComponentOf) -> dict[str, Any]:
        """The interaction components of its xAPI activity definition (choices, source, target)."""
        return {}

    def xapi_correct_patterns(self, question: Any, lang: str) -> list[str]:
        """correctResponsesPattern of its xAPI activity definition."""
        return self.correct_patterns(question, lang)

    def response_text(self, definition: dict[str, Any], response: str, lang: str) -> str:
        """A learner's response (option ids) in the words of the course, for the report."""
        return response

    def simulated_right(self, definition: dict[str, Any]) -> str:
        """A right response, as a simulated learner sends it (see xapi/simulate.py)."""
        return definition["correctResponsesPattern"][0]

    def simulated_wrong(self, definition: dict[str, Any], rng: random.Random) -> str:
        """A plausible wrong response with the shape of the correct pattern (a simulated learner's)."""
        raise NotImplementedError

    # --- validation ---------------------------------------------------------------------------

    def check(self, doc: SourceDoc, loc: Loc, question: Any) -> Iterator[Diagnostic]:
        """Checks beyond the model's own: `loc` is the question's position in `doc`."""
        return iter(())


def component_names(definition: dict[str, Any], *parts: str) -> dict[str, str]:
    """The text of every interaction component of an xAPI definition, by component id."""
    names: dict[str, str] = {}
    for part in parts:
        for component in definition.get(part, []):
            names.setdefault(component["id"], next(iter(component["description"].values()), component["id"]))
    return names
