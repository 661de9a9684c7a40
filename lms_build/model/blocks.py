"""The typed blocks a page is made of."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Localized, Slug, Strict, type_tag
from .questions import Question


class TextBlock(Strict):
    """Running text in Markdown."""

    type: Literal["text"] = type_tag("text", "a text block")
    body: Localized = Field(
        description="Markdown: paragraphs, **bold**, *italic*, lists, tables, [links](https://...). "
                    "Raw HTML is refused.",
        examples=[{"fi": "Digituki on **apua** digitaalisten palvelujen käytössä.",
                   "sv": "Digitalt stöd är **hjälp** att använda digitala tjänster."}])


class CalloutBlock(Strict):
    """A highlighted box: a tip, a warning or a point of law."""

    type: Literal["callout"] = type_tag("callout", "a callout box")
    kind: Literal["tip", "warning", "law"] = Field(
        description="tip: practical advice; warning: a common mistake; law: what an act or decree requires.",
        examples=["tip"])
    title: Localized | None = Field(None, description="Optional heading of the box.",
                                    examples=[{"fi": "Vinkki", "sv": "Tips"}])
    body: Localized = Field(description="Markdown text of the box.",
                            examples=[{"fi": "Kysy asiakkaalta lupa ennen kuin tartut laitteeseen.",
                                       "sv": "Fråga kunden om lov innan du rör enheten."}])


class PersonaBlock(Strict):
    """A case about one of the personas in course_src/personas.yaml."""

    type: Literal["persona"] = type_tag("persona", "a persona case")
    persona: Slug = Field(description="Id of a persona in course_src/personas.yaml.", examples=["aino"])
    situation: Localized = Field(description="What happens to the persona (Markdown).",
                                 examples=[{"fi": "Aino ei pääse kirjautumaan pankkiin.",
                                            "sv": "Aino kommer inte in på banken."}])
    question: Localized | None = Field(None, description="A question for the learner to reflect on.",
                                       examples=[{"fi": "Miten auttaisit Ainoa?", "sv": "Hur skulle du hjälpa Aino?"}])


class ImageBlock(Strict):
    """A picture from course_src/assets/."""

    type: Literal["image"] = type_tag("image", "an image")
    src: str = Field(description="Path inside course_src/, with '/' and only ASCII letters, digits, "
                                 "'.', '-', '_' (LMSs reject other names).", examples=["assets/map.svg"])
    alt: Localized | None = Field(None, description="What the image tells a learner who cannot see it. "
                                                    "Required unless decorative.",
                                  examples=[{"fi": "Kartta kunnan digitukipisteistä.",
                                             "sv": "Karta över kommunens stödpunkter."}])
    decorative: bool = Field(False, description="true: the image adds no information and is hidden from "
                                                "screen readers (then leave out 'alt').", examples=[False])
    caption: Localized | None = Field(None, description="Optional caption shown under the image.",
                                      examples=[{"fi": "Kuva: Digi- ja väestötietovirasto",
                                                 "sv": "Bild: Myndigheten för digitalisering och befolkningsdata"}])


class ChecklistBlock(Strict):
    """Items the learner ticks off (saved with their progress)."""

    type: Literal["checklist"] = type_tag("checklist", "a checklist")
    id: Slug = Field(description="Stable id, unique across the course.", examples=["kartoitus-tarkistuslista"])
    title: Localized = Field(description="Heading of the checklist.",
                             examples=[{"fi": "Ennen kartoitusta", "sv": "Före kartläggningen"}])
    items: Annotated[list[Localized], Field(min_length=1)] = Field(
        description="The things to tick off, one text each.",
        examples=[[{"fi": "Listaa nykyiset tukipisteet", "sv": "Lista nuvarande stödpunkter"}]])


class WorksheetBlock(Strict):
    """A table to fill in: fixed row labels (first column) plus blank rows."""

    type: Literal["worksheet"] = type_tag("worksheet", "a worksheet table")
    id: Slug = Field(description="Stable id, unique across the course.", examples=["roolit-tyopohja"])
    title: Localized = Field(description="Heading of the worksheet.",
                             examples=[{"fi": "Roolit ja vastuut", "sv": "Roller och ansvar"}])
    instructions: Localized | None = Field(None, description="Optional instructions above the table (Markdown).",
                                           examples=[{"fi": "Täytä yksi rivi kutakin toimijaa kohden.",
                                                      "sv": "Fyll i en rad per aktör."}])
    columns: Annotated[list[Localized], Field(min_length=1)] = Field(
        description="Column headings, left to right.",
        examples=[[{"fi": "Toimija", "sv": "Aktör"}, {"fi": "Tehtävä", "sv": "Uppgift"}]])
    rows: list[Localized] = Field(default_factory=list, description="Labels of pre-set rows (first column).",
                                  examples=[[{"fi": "Kirjasto", "sv": "Biblioteket"}]])
    blank_rows: Annotated[int, Field(ge=0, le=5000)] = Field(
        3, description="Empty rows to add after the pre-set rows.", examples=[3])


class GlossaryBlock(Strict):
    """Definitions of some glossary terms, shown in place."""

    type: Literal["glossary"] = type_tag("glossary", "a glossary excerpt")
    terms: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Ids from course_src/glossary.yaml", examples=[["digituki", "vertaistuki"]])


class DiscussionBlock(Strict):
    """Questions for a facilitated learning circle."""

    type: Literal["discussion"] = type_tag("discussion", "discussion questions")
    questions: Annotated[list[Localized], Field(min_length=1)] = Field(
        description="Open questions for the group; shown in the facilitator's handout too.",
        examples=[[{"fi": "Kuka kunnassanne auttaa, kun ...?", "sv": "Vem i er kommun hjälper när ...?"}]])


class QuizBlock(Strict):
    """Questions the learner answers; their score is reported to the LMS."""

    type: Literal["quiz"] = type_tag("quiz", "a quiz")
    id: Slug = Field(description="Stable id, unique across the course.", examples=["m1-quiz"])
    title: Localized | None = Field(None, description="Optional heading of the quiz.",
                                    examples=[{"fi": "Tarkista osaamisesi", "sv": "Kontrollera dina kunskaper"}])
    questions: Annotated[list[Question], Field(min_length=1)] = Field(
        description="The questions; `lms-build new question --type TYPE` prints a skeleton of each type.",
        examples=[[{"id": "m1-q1", "type": "true-false",
                    "prompt": {"fi": "Digituki on maksutonta.", "sv": "Digitalt stöd är gratis."},
                    "correct": True,
                    "feedback": {"correct": {"fi": "Oikein.", "sv": "Rätt."},
                                 "incorrect": {"fi": "Väärin.", "sv": "Fel."}}}]])


Block = Annotated[
    TextBlock | CalloutBlock | PersonaBlock | ImageBlock | ChecklistBlock | WorksheetBlock
    | GlossaryBlock | DiscussionBlock | QuizBlock,
    Field(discriminator="type"),
]
