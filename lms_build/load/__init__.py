"""Load step: read every source file of a course into format models, collecting diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, Severity
from ..model import CourseConfig, ExtraPage, GlossaryFile, Module, PersonaFile, SourceFile
from .model_errors import diagnostics_from_validation
from .source import SourceDoc, relative
from .toml_source import parse_toml
from .yaml_source import parse_yaml

CONFIG_FILE = "course.toml"
MODULES_DIR = "modules"
COURSE_SRC_DIR = "course_src"
PERSONAS_FILE = f"{COURSE_SRC_DIR}/personas.yaml"
GLOSSARY_FILE = f"{COURSE_SRC_DIR}/glossary.yaml"
SOURCES_FILE = f"{COURSE_SRC_DIR}/sources.yaml"
PAGES_DIR = f"{COURSE_SRC_DIR}/pages"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Loaded(Generic[M]):
    """A model together with the source file it came from (for positions in later checks)."""

    doc: SourceDoc
    model: M


@dataclass
class CourseSources:
    root: Path
    config: Loaded[CourseConfig] | None = None
    modules: list[Loaded[Module]] = field(default_factory=list)
    personas: Loaded[PersonaFile] | None = None
    glossary: Loaded[GlossaryFile] | None = None
    catalogue: Loaded[SourceFile] | None = None  # course_src/sources.yaml: the cited sources
    pages: list[Loaded[ExtraPage]] = field(default_factory=list)
    files_checked: int = 0
    unreadable: set[str] = field(default_factory=set)  # files that failed to parse or validate


def load_course(root: Path) -> tuple[CourseSources, list[Diagnostic]]:
    sources = CourseSources(root=root)
    problems: list[Diagnostic] = []

    def read(path: Path, model: type[M]) -> Loaded[M] | None:
        sources.files_checked += 1
        loaded, found = load_file(path, root, model)
        problems.extend(found)
        if loaded is None:
            sources.unreadable.add(relative(path, root))
        return loaded

    config_path = root / CONFIG_FILE
    if config_path.is_file():
        sources.config = read(config_path, CourseConfig)
    else:
        problems.append(Diagnostic(CONFIG_FILE, 0, 0, "missing-file",
                                   "course.toml not found: is this the course folder? "
                                   "(run lms-build in the folder that holds course.toml, or pass --course)"))

    module_paths = sorted((root / MODULES_DIR).glob("*.yaml"))
    for stray in sorted((root / MODULES_DIR).glob("*.yml")):
        problems.append(Diagnostic(relative(stray, root), 1, 1, "ignored-file",
                                   "module files must end in .yaml; this .yml file is ignored",
                                   Severity.WARNING))
    if not module_paths:
        problems.append(Diagnostic(MODULES_DIR, 0, 0, "no-modules",
                                   "no modules/*.yaml files: create one with 'lms-build new module SLUG'"))
    for path in module_paths:
        if module := read(path, Module):
            sources.modules.append(module)
            problems.extend(_check_module_file_name(path, module))

    if (root / PERSONAS_FILE).is_file():
        sources.personas = read(root / PERSONAS_FILE, PersonaFile)
    if (root / GLOSSARY_FILE).is_file():
        sources.glossary = read(root / GLOSSARY_FILE, GlossaryFile)
    if (root / SOURCES_FILE).is_file():
        sources.catalogue = read(root / SOURCES_FILE, SourceFile)
    for path in sorted((root / PAGES_DIR).glob("*.yaml")):
        if page := read(path, ExtraPage):
            sources.pages.append(page)
    return sources, problems


def load_file(path: Path, root: Path, model: type[M]) -> tuple[Loaded[M] | None, list[Diagnostic]]:
    rel = relative(path, root)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return None, [Diagnostic(rel, line, 1, "encoding", "file is not UTF-8 text: save it as UTF-8")]
    except OSError as exc:
        return None, [Diagnostic(rel, 0, 0, "unreadable", f"cannot read file: {exc.strerror}")]
    parsed = parse_toml(text, rel) if path.suffix == ".toml" else parse_yaml(text, rel)
    if isinstance(parsed, Diagnostic):
        return None, [parsed]
    if parsed.data is None or parsed.data == {}:
        return None, [Diagnostic(rel, 1, 1, "empty-file",
                                 f"file is empty: it must hold a {model.__name__} "
                                 "(see 'lms-build schema' or 'lms-build new module')")]
    if not isinstance(parsed.data, dict):
        return None, [Diagnostic(rel, 1, 1, "not-a-mapping",
                                 "the file must be a mapping of keys (id: ..., title: ...), "
                                 "not a list or a single value")]
    try:
        return Loaded(parsed, model.model_validate(parsed.data)), []
    except ValidationError as exc:
        return None, diagnostics_from_validation(parsed, exc, model)


_MODULE_FILE = re.compile(r"^(\d{2,3})-([a-z0-9-]+)\.yaml$")


def _check_module_file_name(path: Path, loaded: Loaded[Module]) -> list[Diagnostic]:
    match = _MODULE_FILE.match(path.name)
    module = loaded.model
    if match and int(match.group(1)) == module.order and match.group(2) == module.id:
        return []
    expected = f"{module.order:02d}-{module.id}.yaml"
    return [loaded.doc.diagnostic(("id",), "file-name",
                                  f"file name should be '{expected}' (NN-id.yaml: order and id) "
                                  "so modules sort and are found by id", Severity.WARNING)]
