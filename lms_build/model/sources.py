"""The source catalogue, `course_src/sources.yaml`: every text the course's facts come from,
cited by id from modules (and personas), so that learners see proper citations and reviewers
can find their copy, while nobody outside the editorial team sees an internal file name."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated

from pydantic import AnyUrl, Field, field_validator, model_validator

from .base import LangCode, Localized, Slug, Strict

#: A publication date as precise as the source gives it: a year, a month or a day.
PARTIAL_DATE = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


class Source(Strict):
    """One cited text: an article, a blog post, a news item or a law."""

    id: Slug = Field(description="Stable id that modules and personas cite the source by.",
                     examples=["dvv-digituki-2023"])
    authors: list[str] = Field(
        default_factory=list,
        description="Authors as printed ('First Last'); empty when the text names none "
                    "(the publisher then leads the citation).",
        examples=[["Aino Esimerkki", "Bo Exempel"]],
    )
    title: str = Field(min_length=1, description="Title in the source's own language, as published.",
                       examples=["Digituen toimintamalli"])
    language: LangCode = Field(description="Language the source is written in.", examples=["fi"])
    publisher: str = Field(min_length=1, description="Organisation or project that published it.",
                           examples=["Digi- ja väestötietovirasto"])
    published: Annotated[str, Field(
        pattern=PARTIAL_DATE,
        description="Publication date, as precise as the source states it: YYYY, YYYY-MM or YYYY-MM-DD.",
        examples=["2023-05"],
    )]
    url: AnyUrl | None = Field(
        None, description="Web address. Leave it out when the text is not online or its address "
                          "is not known; `where` then tells learners how to find it.",
        examples=["https://www.example.fi/digituki"],
    )
    where: Localized | None = Field(
        None, description="Where to find the source when there is no `url` (e.g. 'blog post on "
                          "the publisher's website'), shown in place of a link.",
        examples=[{"fi": "blogikirjoitus julkaisijan verkkosivuilla", "sv": "blogginlägg på utgivarens webbplats"}],
    )
    reviewer_copy: str | None = Field(
        None, description="File name of the editorial team's copy (in the seeds folder). Internal: "
                          "never shown to learners.",
        examples=["digituen-toimintamalli-2023.md"],
    )

    @field_validator("published", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        """YAML reads 2022-03-09 as a date; a year or a month stays text."""
        return value.isoformat() if isinstance(value, dt.date) else value

    @model_validator(mode="after")
    def _url_or_where(self) -> Source:
        if self.url is None and self.where is None:
            raise ValueError("give the source's `url`, or `where` to find it when it is not online")
        return self

    def published_text(self) -> str:
        """The date the Finnish and Finland-Swedish way: 9.3.2022, 3/2022 or 2022."""
        parts = [int(p) for p in re.findall(r"\d+", self.published)]
        if len(parts) == 3:
            return f"{parts[2]}.{parts[1]}.{parts[0]}"
        if len(parts) == 2:
            return f"{parts[1]}/{parts[0]}"
        return str(parts[0])

    def citation(self) -> str:
        """Author(s): Title. Publisher, date. (The link or `where` note is added by the template.)"""
        title = self.title if self.title.endswith(("?", "!", ".")) else f"{self.title}."
        if self.authors:
            return f"{', '.join(self.authors)}: {title} {self.publisher}, {self.published_text()}."
        return f"{self.publisher}: {title} {self.published_text()}."


class SourceFile(Strict):
    sources: Annotated[list[Source], Field(min_length=1, description="Every source the course cites.")] = Field(
        examples=[[{"id": "dvv-digituki-2023", "title": "Digituen toimintamalli", "language": "fi",
                    "publisher": "Digi- ja väestötietovirasto", "published": "2023",
                    "url": "https://www.example.fi/digituki"}]])
