"""Quiz questions. Every question has a stable id: it becomes the interaction id in the LMS."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Localized, LocalizedList, Slug, Strict, type_tag


class Feedback(Strict):
    """What the learner reads after checking an answer."""

    correct: Localized = Field(description="Shown after a right answer: say why it is right.",
                               examples=[{"fi": "Oikein: kirjasto on tärkeä kumppani.",
                                          "sv": "Rätt: biblioteket är en viktig partner."}])
    incorrect: Localized = Field(description="Shown after a wrong answer: say what to review, not only "
                                             "the right answer.",
                                 examples=[{"fi": "Kertaa sivu Kumppanit.", "sv": "Repetera sidan Partner."}])


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


_OPTIONS_EXAMPLE = [[{"id": "a", "text": {"fi": "Kirjasto", "sv": "Biblioteket"}},
                     {"id": "b", "text": {"fi": "Verottaja", "sv": "Skatteförvaltningen"}}]]


class SingleChoice(QuestionBase):
    """One right option among several."""

    type: Literal["single-choice"] = type_tag("single-choice", "a question with one right option")
    options: Annotated[list[Option], Field(min_length=2)] = Field(
        description="Two or more options, shown in this order.", examples=_OPTIONS_EXAMPLE)
    correct: Slug = Field(description="Id of the one correct option.", examples=["a"])


class MultipleChoice(QuestionBase):
    """Several right options; the learner must pick all of them and no other."""

    type: Literal["multiple-choice"] = type_tag("multiple-choice", "a question with several right options")
    options: Annotated[list[Option], Field(min_length=2)] = Field(
        description="Two or more options, at least one of them wrong.", examples=_OPTIONS_EXAMPLE)
    correct: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Ids of every correct option.", examples=[["a", "c"]])


class TrueFalse(QuestionBase):
    """A statement the learner judges true or false."""

    type: Literal["true-false"] = type_tag("true-false", "a true-or-false statement")
    correct: bool = Field(description="true if the prompt's statement is true.", examples=[True])


class MatchPair(Strict):
    """A prompt and the match the learner must pick for it."""

    id: Slug = Field(description="Short id, unique in the question.", examples=["kirjasto"])
    prompt: Localized = Field(description="Left side: shown as it is.",
                              examples=[{"fi": "Kirjasto", "sv": "Biblioteket"}])
    match: Localized = Field(description="Right side: picked from a list of every pair's match "
                                         "(so each match must differ).",
                             examples=[{"fi": "Ohjaa verkkopalveluissa", "sv": "Handleder i e-tjänster"}])


class Matching(QuestionBase):
    """The learner pairs each prompt with its match (chosen from a list, never drag-only)."""

    type: Literal["matching"] = type_tag("matching", "a matching question")
    pairs: Annotated[list[MatchPair], Field(min_length=2)] = Field(
        description="Two or more pairs, each written with its correct match.",
        examples=[[{"id": "kirjasto", "prompt": {"fi": "Kirjasto", "sv": "Biblioteket"},
                    "match": {"fi": "Ohjaus", "sv": "Handledning"}},
                   {"id": "kela", "prompt": {"fi": "Kela", "sv": "FPA"},
                    "match": {"fi": "Etuudet", "sv": "Förmåner"}}]])


class OrderItem(Strict):
    """One step of an ordering question."""

    id: Slug = Field(description="Short id, unique in the question.", examples=["kartoita"])
    text: Localized = Field(description="The step as the learner sees it.",
                            examples=[{"fi": "Kartoita nykytila", "sv": "Kartlägg nuläget"}])


class Ordering(QuestionBase):
    """Items are written in their correct order; the player shows them shuffled."""

    type: Literal["ordering"] = type_tag("ordering", "an ordering question")
    items: Annotated[list[OrderItem], Field(min_length=2)] = Field(
        description="Two or more items, written in their CORRECT order (the player shuffles them "
                    "the same way for every learner).",
        examples=[[{"id": "kartoita", "text": {"fi": "Kartoita", "sv": "Kartlägg"}},
                   {"id": "sovi", "text": {"fi": "Sovi roolit", "sv": "Kom överens om roller"}}]])


class ShortText(QuestionBase):
    """Fill-in: compared with the accepted answers, ignoring case and surrounding spaces."""

    type: Literal["short-text"] = type_tag("short-text", "a fill-in question")
    accepted: LocalizedList = Field(description="Every answer accepted, per language.",
                                    examples=[{"fi": ["kirjasto", "kirjastot"], "sv": ["biblioteket"]}])


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


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Matching | Ordering | ShortText | Scenario,
    Field(discriminator="type"),
]
QUESTION_TYPES = ("single-choice", "multiple-choice", "true-false", "matching", "ordering",
                  "short-text", "scenario")
