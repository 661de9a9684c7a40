"""Resolve step: one immutable Course object with modules in order and lookups by id."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .credits import credits_page
from .load import COURSE_SRC_DIR, CourseSources, Loaded
from .model import CourseConfig, ExtraPage, Localized, Module, Page, Persona, QuizBlock, Source, Term
from .model.config import SETTING_REFERENCE, setting_text
from .model.questions import Question
from .model.walk import walk


@dataclass(frozen=True, order=True)
class Origin:
    """Where something came from: a file and the lines it spans (1-based; 0 when unknown)."""

    file: str
    line: int = 0
    end_line: int = 0


@dataclass(frozen=True)
class Course:
    root: Path
    config: CourseConfig
    modules: tuple[Module, ...]
    personas: dict[str, Persona] = field(default_factory=dict)
    glossary: dict[str, Term] = field(default_factory=dict)
    extra_pages: tuple[ExtraPage, ...] = ()
    sources: dict[str, Source] = field(default_factory=dict)  # the catalogue, in its own order
    #: Validated `[build.<target>]` options by target name (see lms_build.targets).
    target_options: Mapping[str, BaseModel] = field(default_factory=dict)
    #: Provenance: every id (module, page, block, question, option, persona, term…) and
    #: "course" -> the file and lines it was read from, so any stage can point at the source.
    origins: Mapping[str, Origin] = field(default_factory=dict, compare=False)

    def origin(self, ident: str) -> Origin:
        return self.origins.get(ident, Origin("course.toml" if ident == "course" else "modules/"))

    def options_for(self, target: str) -> BaseModel:
        """A target's options: as validated from course.toml, else the target's defaults."""
        if target in self.target_options:
            return self.target_options[target]
        from .targets import target_class

        return target_class(target).Options()

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


def resolve(sources: CourseSources, target_options: Mapping[str, BaseModel] | None = None) -> Course:
    """Build the Course from sources that passed validation (so every reference resolves)."""
    assert sources.config is not None, "resolve() needs a validated course"
    loaded: list[Loaded[Any]] = [sources.config, *sources.modules, *sources.pages]
    loaded += [item for item in (sources.personas, sources.glossary, sources.catalogue) if item is not None]
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
        target_options=dict(target_options or {}),
        origins={"course": _whole_file(sources.config), **_origins(loaded)},
    )


def _whole_file(item: Loaded[Any]) -> Origin:
    lines = [line for line, _ in item.doc.value_positions.values()]
    return Origin(item.doc.rel_path, min(lines, default=1), max(lines, default=1))


def _origins(files: list[Loaded[Any]]) -> dict[str, Origin]:
    """The file and line range of every mapping with an `id`, from the loader's positions."""
    found: dict[str, Origin] = {}
    for item in files:
        doc = item.doc
        identified = {loc: node["id"] for loc, node in _mappings(doc.data, ())
                      if isinstance(node.get("id"), str)}
        span: dict[tuple, list[int]] = {}
        for loc, (line, _) in doc.value_positions.items():
            for depth in range(len(loc) + 1):
                if (prefix := loc[:depth]) in identified:
                    bounds = span.setdefault(prefix, [line, line])
                    bounds[0], bounds[1] = min(bounds[0], line), max(bounds[1], line)
        for loc, ident in identified.items():
            first, last = span.get(loc, [0, 0])
            found.setdefault(ident, Origin(doc.rel_path, first, last))
    return found


def _mappings(node: Any, loc: tuple) -> list[tuple[tuple, dict]]:
    found: list[tuple[tuple, dict]] = []
    stack = [(node, loc)]
    while stack:  # iterative: nesting depth is bounded by the loader, not by Python's stack
        current, where = stack.pop()
        if isinstance(current, dict):
            found.append((where, current))
            stack += [(value, (*where, key)) for key, value in current.items()]
        elif isinstance(current, list):
            stack += [(value, (*where, index)) for index, value in enumerate(current)]
    return found


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
