"""`course.toml`: the course's identity and build settings."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AnyUrl, ConfigDict, Field

from .base import LangCode, Localized, Slug, Strict


class Completion(StrEnum):
    """When the LMS records the course as completed."""

    ALL_PAGES = "all-pages"  # every page of every module seen
    ASSESSMENT = "assessment"  # the final assessment passed
    ALL_PAGES_AND_ASSESSMENT = "all-pages-and-assessment"


class ScoLayout(StrEnum):
    COURSE = "course"  # one SCO for the whole course: the most robust for Moodle's gradebook
    MODULE = "module"  # one SCO per module


class QuizSettings(Strict):
    max_attempts: Annotated[int, Field(ge=0, description="Checks allowed per question; 0 = unlimited.")] = 0
    show_correct_answer: bool = Field(
        True, description="Reveal the correct answer once attempts run out or the answer is right."
    )


class BuildSettings(Strict):
    """`[build]`: which targets to make, and one `[build.<target>]` table of options per target.

    The tables are not fields of this model: each target validates its own table with its own
    options model (so a target added by another package brings its settings with it)."""

    model_config = ConfigDict(extra="allow")

    targets: list[Slug] = Field(
        default_factory=lambda: ["web"], description="Targets `lms-build build` makes by default.",
        examples=[["web", "scorm12", "scorm2004", "pdf"]],
    )

    def tables(self) -> dict[str, object]:
        """The `[build.<target>]` tables as written, by target name."""
        return dict(self.model_extra or {})


class CourseConfig(Strict):
    id: Slug
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$", description="e.g. 1.0.0")]
    date: dt.date = Field(description="Release date printed on handouts (never the build clock).")
    languages: Annotated[list[LangCode], Field(min_length=1, default_factory=lambda: ["fi", "sv"])]
    xapi_iri_base: AnyUrl = Field(description="Base IRI of every xAPI activity id of the course.")
    title: Localized
    description: Localized
    publisher: Localized
    organisation: Localized
    licence: str
    keywords: Localized | None = Field(None, description="Comma-separated keywords per language.")
    mastery_score: Annotated[int, Field(ge=0, le=100, description="Percent needed to pass.")] = 80
    completion: Completion = Completion.ALL_PAGES_AND_ASSESSMENT
    quiz: QuizSettings = QuizSettings()
    build: BuildSettings = BuildSettings()
    format: Literal[1] = Field(1, description="Version of the course format.")
