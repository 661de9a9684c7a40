"""Resolve step: one immutable Course object with modules in order and lookups by id."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .credits import credits_page
from .load import COURSE_SRC_DIR, CourseSources
from .model import CourseConfig, ExtraPage, Localized, Module, Page, Persona, QuizBlock, Source, Term
from .model.config import SETTING_REFERENCE, setting_text
from .model.questions import Question
from .model.walk import walk


@dataclass(frozen=True)
class Course:
    root: Path
    config: CourseConfig
    modules: tuple[Module, ...]
    personas: dict[str, Persona] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    extra_pages: tuple[ExtraPage, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)  # the catalogue, in its own order

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
    config = sources.config.model
    catalogue = {s.id: s for s in sources.catalogue.model.sources} if sources.catalogue else {}
    modules = tuple(sorted((m.model for m in sources.modules), key=lambda m: m.order))
    extra_pages = [fill_settings(p.model, config) for p in sources.pages]
    if catalogue:
        extra_pages.append(credits_page(config, modules, catalogue, {p.id: p for p in personas}))
    return Course(
        root=sources.root,
        config=config,
        modules=modules,
        personas={p.id: p for p in personas},
        glossary={t.id: t for t in terms},
        extra_pages=tuple(extra_pages),
        sources=catalogue,
    )


def fill_settings(page: ExtraPage, config: CourseConfig) -> ExtraPage:
    """Replace every {{table.name}} in a page's texts by the course.toml setting (validation has
    made sure that each one used is filled in)."""
    if not any(isinstance(v, Localized) and SETTING_REFERENCE.search(" ".join(v.root.values()))
               for _, v in walk(page)):
        return page

    def fill(value: object) -> object:
        if isinstance(value, dict):
            return {key: fill_text(item, key) if isinstance(item, str) else fill(item)
                    for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value

    def fill_text(text: str, lang: str) -> str:
        return SETTING_REFERENCE.sub(lambda m: setting_text(config, m.group(1), lang) or m.group(0), text)

    return ExtraPage.model_validate(fill(page.model_dump(mode="json", exclude_none=True)))
