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
    """`[quiz]`: practice quizzes (lesson modules), where each question is checked on its own."""

    max_attempts: Annotated[int, Field(ge=0, description="Checks allowed per question; 0 = unlimited.",
                                       examples=[0, 2])] = 0
    show_correct_answer: bool = Field(
        True, description="Reveal the correct answer once attempts run out or the answer is right.",
        examples=[True],
    )


class Reveal(StrEnum):
    """When an assessment shows which answers were right, with the correct answers."""

    AFTER_LAST_ATTEMPT = "after-last-attempt"  # once the assessment is over (passed or no attempts left)
    AFTER_PASS = "after-pass"  # only to a learner who passed
    NEVER = "never"


class AssessmentPolicy(Strict):
    """How assessment modules (kind: assessment) run: the learner answers every question, then
    submits the whole assessment once; only submitted attempts are scored."""

    attempts: Annotated[int, Field(ge=1, le=63, description="Whole-assessment attempts a learner may submit.",
                                   examples=[2])] = 2
    reveal: Reveal = Field(Reveal.AFTER_LAST_ATTEMPT, description="When right answers are revealed.",
                           examples=["after-last-attempt"])
    shuffle: bool = Field(True, description="Show options, pairs and items in an order shuffled per learner "
                                            "and attempt (options with `pin: true` keep their place).",
                          examples=[True])
    draw: Annotated[int | None, Field(ge=1, description="Ask only this many questions, drawn per learner and "
                                                        "attempt from the module's questions.",
                                      examples=[16])] = None


class AssessmentOverride(Strict):
    """A module's own `assessment:` settings; what it leaves out comes from course.toml."""

    attempts: Annotated[int | None, Field(ge=1, le=63, description="Whole-assessment attempts.",
                                          examples=[3])] = None
    reveal: Reveal | None = Field(None, description="When right answers are revealed.", examples=["after-pass"])
    shuffle: bool | None = Field(None, description="Shuffle options per learner and attempt.", examples=[False])
    draw: Annotated[int | None, Field(ge=1, description="Questions drawn from the module's pool.",
                                      examples=[16])] = None

    def over(self, policy: AssessmentPolicy) -> AssessmentPolicy:
        return policy.model_copy(update=self.model_dump(exclude_none=True))


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
                          "another form (the course provider's address).",
        examples=["saavutettavuus@esimerkkikunta.fi"])
    response_time: Localized | None = Field(
        None, description="How soon the provider answers feedback, e.g. 'kahden viikon kuluessa'.",
        examples=[{"fi": "kahden viikon kuluessa", "sv": "inom två veckor"}])
    evaluated: dt.date | None = Field(
        None, description="Date of the latest accessibility evaluation of this version.",
        examples=["2026-11-01"])
    evaluation_method: Localized | None = Field(
        None, description="How it was evaluated: tools, manual checks, who did it (one sentence).",
        examples=[{"fi": "Itsearvio: axe-core ja ruudunlukija.", "sv": "Självbedömning: axe-core och skärmläsare."}])
    review_by: dt.date | None = Field(
        None, description="Date by which the statement is reviewed again (at the latest).",
        examples=["2027-11-01"])
    supervisory_authority: Localized | None = Field(
        None, description="The authority supervising accessibility of public digital services "
                          "(law 306/2019), by its current name.",
        examples=[{"fi": "Etelä-Suomen aluehallintovirasto", "sv": "Regionförvaltningsverket i Södra Finland"}])
    supervisory_contact: Localized | None = Field(
        None, description="How to reach the supervisory authority: web address of its "
                          "accessibility pages and of the form for complaints.",
        examples=[{"fi": "www.saavutettavuusvaatimukset.fi", "sv": "www.tillganglighetskrav.fi"}])


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
    """`course.toml`."""

    id: Slug = Field(description="Stable course id: part of package names and SCORM identifiers.",
                     examples=["kuntien-digituki"])
    version: Annotated[str, Field(pattern=r"^\d+\.\d+(\.\d+)?$")] = Field(
        description="Course version, e.g. 1.0.0; part of package names.", examples=["1.0.0"])
    date: dt.date = Field(description="Release date printed on handouts (never the build clock).",
                          examples=["2026-11-21"])
    languages: Annotated[list[LangCode], Field(min_length=1)] = Field(
        default_factory=lambda: ["fi", "sv"],
        description="Course languages; the first is the default. Every text needs each of them.",
        examples=[["fi", "sv"]])
    xapi_iri_base: AnyUrl = Field(description="Base IRI of every xAPI activity id of the course.",
                                  examples=["https://digituki.example.fi/xapi/kuntien-digituki"])
    title: Localized = Field(description="Course title (LMS, packages, handout covers).",
                             examples=[{"fi": "Kuntien digituen järjestäminen",
                                        "sv": "Att ordna digitalt stöd i kommunen"}])
    description: Localized = Field(description="One paragraph for the LMS course page and package metadata.",
                                   examples=[{"fi": "Verkkokoulutus digituen järjestäjille.",
                                              "sv": "En webbutbildning för dem som ordnar digitalt stöd."}])
    publisher: Localized = Field(description="Who publishes the course.",
                                 examples=[{"fi": "Kuntien digituen oppimisverkosto",
                                            "sv": "Lärnätverket för kommunernas digitala stöd"}])
    organisation: Localized = Field(description="The organisation the course is made for.",
                                    examples=[{"fi": "Esimerkkikunta", "sv": "Exempelkommun"}])
    licence: str = Field(description="Licence of the course content.", examples=["CC BY 4.0"])
    keywords: Localized | None = Field(None, description="Comma-separated keywords per language.",
                                       examples=[{"fi": "digituki, kunta", "sv": "digitalt stöd, kommun"}])
    mastery_score: Annotated[int, Field(ge=0, le=100)] = Field(
        80, description="Percent of the final assessment needed to pass.", examples=[80])
    completion: Completion = Field(
        Completion.ALL_PAGES_AND_ASSESSMENT,
        description="When the LMS records the course as completed: 'all-pages', 'assessment' (passed) "
                    "or 'all-pages-and-assessment'.", examples=["all-pages-and-assessment"])
    quiz: QuizSettings = Field(QuizSettings(), description="`[quiz]`: attempts and answer reveal.",
                               examples=[{"max_attempts": 0, "show_correct_answer": True}])
    assessment: AssessmentPolicy = Field(
        AssessmentPolicy(), description="`[assessment]`: policy of assessment modules (attempts, reveal, "
                                        "shuffling, drawing); a module may override it.",
        examples=[{"attempts": 2, "reveal": "after-last-attempt", "shuffle": True}])
    build: BuildSettings = Field(BuildSettings(), description="`[build]`: targets and their options.",
                                 examples=[{"targets": ["web", "scorm12", "scorm2004", "pdf"]}])
    accessibility: AccessibilitySettings = Field(
        AccessibilitySettings(), description="`[accessibility]`: facts shown in the accessibility statement.",
        examples=[{"contact_email": "saavutettavuus@esimerkkikunta.fi", "evaluated": "2026-11-01"}])
    format: Literal[1] = Field(1, description="Version of the course format.", examples=[1])
