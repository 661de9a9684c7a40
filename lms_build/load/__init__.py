"""Load step: read every source file of a course into format models, collecting diagnostics."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from ..diagnostics import Diagnostic, Severity
from ..i18n import _, current_language
from ..model import CourseConfig, ExtraPage, GlossaryFile, Module, PersonaFile, SourceFile
from .files import MAX_SOURCE_BYTES, UnsafeFile, list_folder, read_bounded
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


def load_course(root: Path, cached: bool = True) -> tuple[CourseSources, list[Diagnostic]]:
    """Every source file of the course at `root`. `cached`: keep what was parsed for the next
    load in this process (the live preview); a one-shot build says False, so the parse cache
    does not keep every file's text for the whole build (tens of MB at hundreds of modules)."""
    sources = CourseSources(root=root)
    problems: list[Diagnostic] = []

    def read(path: Path, model: type[M]) -> Loaded[M] | None:
        sources.files_checked += 1
        loaded, found = load_file(path, root, model, cached)
        problems.extend(found)
        if loaded is None:
            sources.unreadable.add(_relative_name(path, root))
        return loaded

    config_path = root / CONFIG_FILE
    if config_path.is_symlink() or config_path.exists():
        sources.config = read(config_path, CourseConfig)
    else:
        problems.append(Diagnostic(CONFIG_FILE, 0, 0, "missing-file",
                                   _("course.toml not found: is this the course folder? "
                                     "(run lms-build in the folder that holds course.toml, or pass --course)")))

    module_paths, found = _source_files(root, MODULES_DIR)
    problems += found
    if not module_paths:
        problems.append(Diagnostic(MODULES_DIR, 0, 0, "no-modules",
                                   _("no modules/*.yaml files: create one with 'lms-build new module SLUG'")))
    for path in module_paths:
        if module := read(path, Module):
            sources.modules.append(module)
            problems.extend(_check_module_file_name(path, module))

    for name, attribute, model in ((PERSONAS_FILE, "personas", PersonaFile),
                                   (GLOSSARY_FILE, "glossary", GlossaryFile),
                                   (SOURCES_FILE, "catalogue", SourceFile)):
        if (root / name).is_symlink() or (root / name).exists():
            setattr(sources, attribute, read(root / name, model))
    page_paths, found = _source_files(root, PAGES_DIR)
    problems += found
    for path in page_paths:
        if page := read(path, ExtraPage):
            sources.pages.append(page)
    return sources, problems


def _source_files(root: Path, folder: str) -> tuple[list[Path], list[Diagnostic]]:
    """The *.yaml files of a source folder, and diagnostics for files that look meant but are skipped."""
    try:
        entries = list_folder(root / folder, root)
    except UnsafeFile as refused:
        return [], [Diagnostic(folder, 0, 0, refused.code, refused.message)]
    except OSError as exc:
        return [], [Diagnostic(folder, 0, 0, "unreadable",
                               _("cannot read folder: {reason}").format(reason=exc.strerror))]
    paths: list[Path] = []
    problems: list[Diagnostic] = []
    for path in entries:
        suffix = path.suffix
        rel = f"{folder}/{path.name}"
        if suffix == ".yaml":
            paths.append(path)
        elif suffix == ".yml":
            problems.append(Diagnostic(rel, 1, 1, "ignored-file",
                                       _("module files must end in .yaml; this .yml file is ignored"),
                                       Severity.WARNING))
        elif suffix.lower() in (".yaml", ".yml"):
            problems.append(Diagnostic(rel, 0, 0, "file-extension",
                                       _("'{suffix}' is not read: source files must end in lower-case "
                                         "'.yaml'; rename it to '{name}.yaml'").format(suffix=suffix, name=path.stem)))
    return paths, problems


def load_file(path: Path, root: Path, model: type[M], cached: bool = True
              ) -> tuple[Loaded[M] | None, list[Diagnostic]]:
    rel = _relative_name(path, root)
    try:
        raw = read_bounded(path, root, MAX_SOURCE_BYTES)
    except UnsafeFile as refused:
        return None, [Diagnostic(rel, 0, 0, refused.code, refused.message)]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [Diagnostic(rel, line, 1, "encoding", _("file is not UTF-8 text: save it as UTF-8"))]
    if (nul := text.find("\x00")) >= 0:
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        return None, [Diagnostic(rel, line, column, "nul-byte",
                                 _("NUL byte (\\0) in the file: it is not text; remove it or save the "
                                   "file again as UTF-8 text"))]
    if not cached:
        return _parse_text(text, rel, path.suffix == ".toml", model)
    loaded, problems = _parse_and_validate(text, rel, path.suffix == ".toml", model, current_language())
    return loaded, list(problems)


@lru_cache(maxsize=512)
def _parse_and_validate(text: str, rel: str, is_toml: bool, model: type[M], ui_lang: str
                        ) -> tuple[Loaded[M] | None, tuple[Diagnostic, ...]]:
    """Cached by content (and by the language of the messages), so a process that loads a course
    again (the live preview) re-parses only the files that changed. Results are never mutated."""
    loaded, problems = _parse_text(text, rel, is_toml, model)
    return loaded, tuple(problems)


def _parse_text(text: str, rel: str, is_toml: bool, model: type[M]) -> tuple[Loaded[M] | None, list[Diagnostic]]:
    parsed = parse_toml(text, rel) if is_toml else parse_yaml(text, rel)
    if isinstance(parsed, Diagnostic):
        return None, [parsed]
    if parsed.data is None or parsed.data == {}:
        return None, [Diagnostic(rel, 1, 1, "empty-file",
                                 _("file is empty: it must hold a {model} "
                                   "(see 'lms-build schema' or 'lms-build new module')").format(model=model.__name__))]
    if not isinstance(parsed.data, dict):
        return None, [Diagnostic(rel, 1, 1, "not-a-mapping",
                                 _("the file must be a mapping of keys (id: ..., title: ...), "
                                   "not a list or a single value"))]
    try:
        return Loaded(parsed, model.model_validate(parsed.data)), []
    except ValidationError as exc:
        return None, diagnostics_from_validation(parsed, exc, model)


def _relative_name(path: Path, root: Path) -> str:
    """The path as the author wrote it (a symlink is named, not the file it points to)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return relative(path, root)


_MODULE_FILE = re.compile(r"^(\d{2,3})-([a-z0-9-]+)\.yaml$")


def _check_module_file_name(path: Path, loaded: Loaded[Module]) -> list[Diagnostic]:
    match = _MODULE_FILE.match(path.name)
    module = loaded.model
    if match and int(match.group(1)) == module.order and match.group(2) == module.id:
        return []
    expected = f"{module.order:02d}-{module.id}.yaml"
    return [loaded.doc.diagnostic(("id",), "file-name",
                                  _("file name should be '{expected}' (NN-id.yaml: order and id) "
                                    "so modules sort and are found by id").format(expected=expected), Severity.WARNING)]
