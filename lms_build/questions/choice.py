"""What the three choice types (single-choice, multiple-choice, scenario) share: options to
tick, a list of correct option ids, per-option feedback. Each type's own file says the rest."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from pydantic import Field

from ..i18n import _
from ..model.base import Localized, Slug, Strict
from .base import ComponentOf, MarkdownOf, QuestionType, component_names, inline_html, sid

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..load.source import Loc, SourceDoc


class Option(Strict):
    """One answer to choose (or, in a scenario, one choice)."""

    id: Slug = Field(description="Short id, unique in the question; `correct` refers to it.", examples=["a"])
    text: Localized = Field(description="The option as the learner sees it.",
                            examples=[{"fi": "Kirjasto", "sv": "Biblioteket"}])
    feedback: Localized | None = Field(None, description="Shown when the learner picks this option.",
                                       examples=[{"fi": "Kyllä, kirjastot tarjoavat digitukea.",
                                                  "sv": "Ja, biblioteken erbjuder digitalt stöd."}])
    pin: bool = Field(False, description="Keep this option in its place when options are shuffled "
                                         "(e.g. 'none of the above').", examples=[False])


OPTIONS_EXAMPLE = [[{"id": "a", "text": {"fi": "Kirjasto", "sv": "Biblioteket"}},
                    {"id": "b", "text": {"fi": "Verottaja", "sv": "Skatteförvaltningen"}}]]


class ChoiceType(QuestionType):
    """Options in `options_field`; the correct ones named by id in `correct`."""

    interaction_type = "choice"
    #: The field holding the options ("options", or "choices" in a scenario).
    options_field: ClassVar[str] = "options"
    #: Whether `correct` is a list (it is one id in a single-choice question).
    correct_is_list: ClassVar[bool] = True

    @property
    def option_fields(self) -> tuple[str, ...]:  # type: ignore[override]
        return (self.options_field,)

    def choices(self, question: Any) -> list[Any]:
        return list(getattr(question, self.options_field))

    def correct_ids(self, question: Any) -> list[str]:
        return list(question.correct) if self.correct_is_list else [question.correct]

    def option_ids(self, question: Any) -> list[str]:
        return [o.id for o in self.choices(question)]

    def correct_patterns(self, question: Any, lang: str) -> list[str]:
        correct = self.correct_ids(question)
        return ["[,]".join(sid(i) for i in self.option_ids(question) if i in correct)]

    def solution(self, question: Any, lang: str, strings: dict[str, str]) -> list[str]:
        correct = self.correct_ids(question)
        return [inline_html(o.text, lang) for o in self.choices(question) if o.id in correct]

    def player_data(self, question: Any, lang: str, md: MarkdownOf) -> dict[str, Any]:
        options, correct = self.choices(question), self.correct_ids(question)
        return {"ids": [o.id for o in options],
                "ok": [i for i, o in enumerate(options) if o.id in correct],
                "ofb": {str(i): md(o.feedback) for i, o in enumerate(options) if o.feedback},
                "pin": [i for i, o in enumerate(options) if o.pin]}

    def xapi_components(self, question: Any, lang: str, component: ComponentOf) -> dict[str, Any]:
        return {"choices": [component(o.id, o.text.get(lang)) for o in self.choices(question)]}

    def response_text(self, definition: dict[str, Any], response: str, lang: str) -> str:
        names = component_names(definition, "choices")
        return "; ".join(names.get(part, part) for part in response.split("[,]"))

    def simulated_wrong(self, definition: dict[str, Any], rng: random.Random) -> str:
        """Another option (and one right one, when several are right)."""
        ids = [c["id"] for c in definition["choices"]]
        right = definition["correctResponsesPattern"][0].split("[,]")  # a list: set order varies between runs
        wrong = [i for i in ids if i not in right] or ids
        picked = rng.sample(wrong, k=1) + (right[:1] if len(right) > 1 else [])
        return "[,]".join(i for i in ids if i in picked)

    def check(self, doc: SourceDoc, loc: Loc, question: Any) -> Iterator[Diagnostic]:
        field = self.options_field
        ids = [option.id for option in self.choices(question)]
        correct = self.correct_ids(question)
        for index, answer in enumerate(correct):
            if answer not in ids:
                answer_loc = (*loc, "correct", index) if self.correct_is_list else (*loc, "correct")
                yield doc.diagnostic(answer_loc, "answer-not-an-option",
                                     _("correct answer '{answer}' is not among the {field} ({ids}): use one "
                                       "of their ids").format(answer=answer, field=field, ids=", ".join(ids)))
        if self.correct_is_list:
            yield from self.check_correct_list(doc, loc, field, ids, correct)

    @staticmethod
    def check_correct_list(doc: SourceDoc, loc: Loc, field: str, ids: list[str],
                           correct: list[str]) -> Iterator[Diagnostic]:
        """Several correct ids: none twice, and not every option."""
        if len(set(correct)) != len(correct):
            yield doc.diagnostic((*loc, "correct"), "duplicate-answer", _("a correct answer is listed twice"))
        if set(correct) >= set(ids):
            yield doc.diagnostic((*loc, "correct"), "all-correct",
                                 _("every choice is correct: add at least one wrong one") if field == "choices"
                                 else _("every option is correct: add at least one wrong one"))
