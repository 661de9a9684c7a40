"""What SCORM 1.2 and SCORM 2004 packages share: the SCO plan, LOM fields, identifiers, the
file list, and an exporter base class that refuses to write a package `inspect` would reject.

Everything in a package derives from ids (ASCII slugs), never from titles, so file names and
identifiers are the same in every language; titles only appear as element text."""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import ClassVar

from jinja2 import Environment, PackageLoader, StrictUndefined

from ...diagnostics import CourseError, Diagnostic, Severity
from ...inspect import inspect_zip
from ...model import Completion, Module, ScoLayout
from ...model.config import ScormOptions
from ...packaging import write_zip
from ...render.player import render_sco, static_files
from ...render.state import check_state_limits
from ...resolve import Course
from ...schemas import SchemaSet, SchemasNotFoundError, control_files, find_schemas_dir
from ..assets import course_assets
from ..base import Exporter

MANIFEST = "imsmanifest.xml"
#: Moodle stores titles in 255-character columns; longer ones are cut, with a warning.
MAX_TITLE = 254
SHARED_RESOURCE = "RES-SHARED"  # upper case: can never equal a RES-<slug> identifier


@dataclass(frozen=True)
class Sco:
    """One SCO: a launch page holding one module or the whole course."""

    key: str  # module id, or the course id for the one-SCO layout
    title: str
    href: str
    modules: tuple[Module, ...]
    assessed: bool  # holds the final assessment, so the mastery score applies to it
    counts_for_completion: bool = True
    global_objective: str = ""  # written when a later module depends on this one
    requires: str = ""  # global objective of the module this one depends on

    @property
    def item_id(self) -> str:
        return f"ITEM-{self.key}"

    @property
    def resource_id(self) -> str:
        return f"RES-{self.key}"

    @property
    def objective_id(self) -> str:
        return f"{self.key}-{'passed' if self.assessed else 'completed'}"

    @property
    def writes_global(self) -> bool:
        return bool(self.global_objective)


@dataclass(frozen=True)
class Lom:
    """The learning-object metadata of one package, in the package language."""

    lang: str
    identifier: str
    title: str
    title_short: str
    description: str
    keywords: tuple[str, ...]
    version: str
    date: str
    vcard: str
    licence: str
    learning_time: str


def short_title(text: str, limit: int = MAX_TITLE) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _vcard_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", " ")


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest or not hours else "")


def lom_fields(course: Course, lang: str, max_title: int = MAX_TITLE) -> Lom:
    config = course.config
    keywords = config.keywords.get(lang) if config.keywords else ""
    publisher, organisation = config.publisher.get(lang), config.organisation.get(lang)
    vcard = (f"BEGIN:VCARD\nVERSION:3.0\nFN:{_vcard_text(publisher)}\n"
             f"ORG:{_vcard_text(organisation)}\nEND:VCARD")
    return Lom(
        lang=lang,
        identifier=str(config.xapi_iri_base).rstrip("/"),
        title=config.title.get(lang),
        title_short=short_title(config.title.get(lang), max_title),
        description=config.description.get(lang),
        keywords=tuple(k.strip() for k in keywords.split(",") if k.strip()),
        version=config.version,
        date=config.date.isoformat(),
        vcard=vcard,
        licence=config.licence,
        learning_time=_duration(sum(m.estimated_minutes for m in course.modules)),
    )


def plan_scos(course: Course, lang: str, options: ScormOptions,
              max_title: int = MAX_TITLE) -> list[Sco]:
    """The SCOs of a package: one for the course, or one per module in course order."""
    if options.sco_layout is ScoLayout.COURSE:
        title = short_title(course.config.title.get(lang), max_title)
        return [Sco(course.config.id, title, "index.html",
                    course.modules, course.assessment is not None)]
    only_assessment = course.config.completion is Completion.ASSESSMENT
    global_id = f"{course.activity_iri('objectives')}/{{}}/completed".format
    scos: list[Sco] = []
    modules = course.modules
    for index, module in enumerate(modules):
        assessed = module.kind == "assessment"
        has_next = options.prerequisites and index + 1 < len(modules)
        scos.append(Sco(
            module.id, short_title(module.title.get(lang), max_title), f"{module.id}.html",
            (module,),
            assessed,
            counts_for_completion=assessed or not only_assessment,
            global_objective=global_id(module.id) if has_next else "",
            requires=global_id(modules[index - 1].id) if options.prerequisites and index else "",
        ))
    return scos


@cache
def _templates() -> Environment:
    env = Environment(loader=PackageLoader("lms_build.targets.scorm", "templates"),
                      autoescape=True, undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["xsbool"] = lambda value: "true" if value else "false"
    return env


def render_xml(template: str, **context: object) -> bytes:
    return _templates().get_template(template).render(**context).encode("utf-8")


class ScormExporter(Exporter):
    """Builds one zip per language; subclasses give the manifest and the schema set."""

    runtime: ClassVar[str]
    schema_set: ClassVar[SchemaSet]
    max_title: ClassVar[int] = MAX_TITLE

    @property
    def options(self) -> ScormOptions:
        return getattr(self.course.config.build, self.name)

    def check(self) -> list[Diagnostic]:
        problems = [*self._check_schemas(), *self._check_titles(), *self._check_options()]
        return problems + self._check_state()

    def _check_schemas(self) -> list[Diagnostic]:
        try:
            find_schemas_dir(self.course.root)
        except SchemasNotFoundError as error:
            return [Diagnostic("LMS_BUILD_SCHEMAS", 0, 0, "schemas-not-found",
                               f"{self.name}: {error}")]
        return []

    def _check_titles(self) -> list[Diagnostic]:
        titled = [("course.toml", "title", self.course.config.title)]
        titled += [(self._module_file(m), "title", m.title) for m in self.course.modules]
        return [Diagnostic(file, 0, 0, "title-too-long",
                           f"{self.name}: the '{lang}' {field} has {len(text.get(lang))} "
                           f"characters; the manifest allows {self.max_title}, so it is shortened",
                           Severity.WARNING)
                for file, field, text in titled for lang in self.course.languages
                if len(" ".join(text.get(lang).split())) > self.max_title]

    def _module_file(self, module: Module) -> str:
        found = sorted((self.course.root / "modules").glob(f"*-{module.id}.yaml"))
        return f"modules/{found[0].name}" if found else "modules/"

    def _check_options(self) -> list[Diagnostic]:
        if self.options.prerequisites and self.options.sco_layout is ScoLayout.COURSE:
            return [Diagnostic("course.toml", 0, 0, "prerequisites-ignored",
                               f"build.{self.name}.prerequisites needs sco_layout = \"module\": "
                               "with one SCO there is no module order to enforce",
                               Severity.WARNING)]
        return []

    def _check_state(self) -> list[Diagnostic]:
        """The player's worst-case learner state must fit this target's suspend_data."""
        scos = plan_scos(self.course, self.course.languages[0], self.options)
        return check_state_limits(self.course, self.name, [list(sco.modules) for sco in scos])

    def package_name(self, lang: str) -> str:
        config = self.course.config
        return f"{config.id}-{lang}-{self.name}-{config.version}.zip"

    def package_files(self, lang: str) -> dict[str, bytes]:
        """Every file of the package (path inside the zip -> content)."""
        schemas_dir = find_schemas_dir(self.course.root)
        scos = plan_scos(self.course, lang, self.options, self.max_title)
        content = {**static_files(), **course_assets(self.course)}
        for sco in scos:
            content[sco.href] = render_sco(self.course, lang, list(sco.modules), self.runtime,
                                           launch_name=sco.href).encode("utf-8")
        shared = sorted(name for name in content if name not in {s.href for s in scos})
        roots = [file for _, file in (*self.schema_set.imports, *self.schema_set.extra_hints)]
        files = {**content, **control_files(self.schema_set, schemas_dir, roots)}
        files.update(self.manifest_files(lang, scos, shared))
        return files

    @abstractmethod
    def manifest_files(self, lang: str, scos: list[Sco], shared: list[str]) -> dict[str, bytes]:
        """imsmanifest.xml and any metadata file it points to."""

    def identifiers(self, lang: str) -> dict[str, str]:
        course_id = self.course.config.id
        return {"manifest": f"MANIFEST-{course_id}-{lang}", "organization": f"ORG-{course_id}",
                "shared": SHARED_RESOURCE}

    def export(self, lang: str, out_dir: Path) -> list[Path]:
        name = self.package_name(lang)
        path = write_zip(out_dir / name, self.package_files(lang))
        report = inspect_zip(path, find_schemas_dir(self.course.root))
        if report.errors:
            raise CourseError([Diagnostic(f"{self.name}/{name}", 0, 0, finding.code,
                                          f"{finding.message} (a bug in lms-build: please report)")
                               for finding in report.errors])
        return [Path(name)]
