"""The course format. These Pydantic models are its single source of truth: validation,
the JSON Schema for editors and the reference docs all derive from them."""

from .base import SLUG_PATTERN, Localized, LocalizedList, Slug, Strict
from .blocks import (
    Block,
    CalloutBlock,
    ChecklistBlock,
    DiscussionBlock,
    GlossaryBlock,
    ImageBlock,
    PersonaBlock,
    QuizBlock,
    TextBlock,
    WorksheetBlock,
)
from .config import Completion, CourseConfig, ScoLayout
from .course_src import ExtraPage, GlossaryFile, Persona, PersonaFile, Term
from .module import Module, Objective, Page
from .questions import (
    QUESTION_TYPES,
    Matching,
    MultipleChoice,
    Option,
    Ordering,
    Question,
    Scenario,
    ShortText,
    SingleChoice,
    TrueFalse,
)
from .sources import Source, SourceFile

__all__ = [
    "QUESTION_TYPES",
    "SLUG_PATTERN",
    "Block",
    "CalloutBlock",
    "ChecklistBlock",
    "Completion",
    "CourseConfig",
    "DiscussionBlock",
    "ExtraPage",
    "GlossaryBlock",
    "GlossaryFile",
    "ImageBlock",
    "Localized",
    "LocalizedList",
    "Matching",
    "Module",
    "MultipleChoice",
    "Objective",
    "Option",
    "Ordering",
    "Page",
    "Persona",
    "PersonaBlock",
    "PersonaFile",
    "Question",
    "QuizBlock",
    "Scenario",
    "ScoLayout",
    "ShortText",
    "SingleChoice",
    "Slug",
    "Source",
    "SourceFile",
    "Strict",
    "Term",
    "TextBlock",
    "TrueFalse",
    "WorksheetBlock",
]
