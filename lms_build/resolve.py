"""Resolve step: one immutable Course object with modules in order and lookups by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .load import COURSE_SRC_DIR, CourseSources
from .model import CourseConfig, ExtraPage, Module, Page, Persona, QuizBlock, Term
from .model.questions import Question


@dataclass(frozen=True)
class Course:
    root: Path
    config: CourseConfig
    modules: tuple[Module, ...]
    personas: dict[str, Persona] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    extra_pages: tuple[ExtraPage, ...] = ()

    @property
    def languages(self) -> list[str]:
        return self.config.languages

    @property
    def course_src(self) -> Path:
        return self.root / COURSE_SRC_DIR

    def activity_iri(self, *ids: str) -> str:
        """xAPI activity id: the course IRI base followed by ids (never titles), so it is the same
        in every language and stable across edits."""
        return "/".join([str(self.config.xapi_iri_base).rstrip("/"), *ids])

    @property
    def assessment(self) -> Module | None:
        return next((m for m in self.modules if m.kind == "assessment"), None)


def quizzes(module: Module) -> list[QuizBlock]:
    return [b for page in module.pages for b in page.blocks if isinstance(b, QuizBlock)]


def questions(module: Module) -> list[Question]:
    return [q for quiz in quizzes(module) for q in quiz.questions]


def pages(modules: tuple[Module, ...] | list[Module]) -> list[tuple[Module, Page]]:
    return [(module, page) for module in modules for page in module.pages]


def resolve(sources: CourseSources) -> Course:
    """Build the Course from sources that passed validation (so every reference resolves)."""
    assert sources.config is not None, "resolve() needs a validated course"
    personas = sources.personas.model.personas if sources.personas else []
    terms = sources.glossary.model.terms if sources.glossary else []
    return Course(
        root=sources.root,
        config=sources.config.model,
        modules=tuple(sorted((m.model for m in sources.modules), key=lambda m: m.order)),
        personas={p.id: p for p in personas},
        glossary={t.id: t for t in terms},
        extra_pages=tuple(p.model for p in sources.pages),
    )
