"""`course.toml`: the course's identity and build settings."""

from __future__ import annotations

import datetime as dt
import re
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


class AccessibilitySettings(Strict):
    """The facts of the accessibility statement that change per organisation and evaluation. The
    statement page (course_src/pages/) shows them as {{accessibility.NAME}}; `validate` refuses a
    course whose page uses one that is left empty, so no placeholder reaches learners."""

    contact_email: str | None = Field(
        None, description="Where learners report accessibility problems or ask for content in "
                          "another form (the course provider's address).")
    response_time: Localized | None = Field(
        None, description="How soon the provider answers feedback, e.g. 'kahden viikon kuluessa'.")
    evaluated: dt.date | None = Field(
        None, description="Date of the latest accessibility evaluation of this version.")
    evaluation_method: Localized | None = Field(
        None, description="How it was evaluated: tools, manual checks, who did it (one sentence).")
    review_by: dt.date | None = Field(
        None, description="Date by which the statement is reviewed again (at the latest).")
    supervisory_authority: Localized | None = Field(
        None, description="The authority supervising accessibility of public digital services "
                          "(law 306/2019), by its current name.")
    supervisory_contact: Localized | None = Field(
        None, description="How to reach the supervisory authority: web address of its "
                          "accessibility pages and of the form for complaints.")


#: How a page refers to a course.toml setting: {{table.name}}.
SETTING_REFERENCE = re.compile(r"\{\{\s*([a-z_]+\.[a-z_]+)\s*\}\}")


def setting_text(config: CourseConfig, name: str, lang: str) -> str | None:
    """A course.toml setting as a learner sees it, or None when it is missing or empty."""
    table, _, field = name.partition(".")
    value = getattr(getattr(config, table, None), field, None)
    if isinstance(value, Localized):
        value = value.get(lang)
    elif isinstance(value, dt.date):
        value = f"{value.day}.{value.month}.{value.year}"
    if not isinstance(value, str) or not value.strip():
        return None
    return value.strip()


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
    accessibility: AccessibilitySettings = Field(
        AccessibilitySettings(), description="Facts shown in the accessibility statement.")
    format: Literal[1] = Field(1, description="Version of the course format.")
