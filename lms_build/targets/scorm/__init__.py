"""What SCORM 1.2 and SCORM 2004 packages share: the SCO plan, LOM fields, identifiers, the
file list, and an exporter base class that refuses to write a package `inspect` would reject.

Everything in a package derives from ids (ASCII slugs), never from titles, so file names and
identifiers are the same in every language; titles only appear as element text."""

from __future__ import annotations

import tempfile
from abc import abstractmethod
from dataclasses import dataclass, replace
from functools import cache, cached_property
from pathlib import Path
from typing import ClassVar

from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import BaseModel, ConfigDict, Field, create_model

from ...diagnostics import Diagnostic, Severity
from ...i18n import _
from ...model import Completion, Module, ScoLayout
from ...resolve import Course
from ...schemas import SchemaSet, SchemasNotFoundError, control_files, find_schemas_dir
from ..assets import asset_members, player_members, sco_members
from ..base import Job, Target, job_key

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
    files: tuple[str, ...] = ()  # what its player loads besides the launch page (pages/<stem>/...)

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


class ScormOptions(BaseModel):
    """`[build.scorm12]` / `[build.scorm2004]`: how a SCORM package is cut into SCOs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sco_layout: ScoLayout = Field(
        description="`course`: one SCO for the whole course (the most robust for Moodle's "
                    "gradebook); `module`: one SCO per module.", examples=["course"])
    prerequisites: bool = Field(
        False, description="SCORM 2004 only: module N requires module N-1 (for LMSs with "
                           "sequencing; Moodle ignores it).", examples=[False])


def scorm_options(name: str, default_layout: ScoLayout) -> type[ScormOptions]:
    """The options model of one SCORM target: the same fields, its own default layout."""
    field = ScormOptions.model_fields["sco_layout"]
    return create_model(name, __base__=ScormOptions, __doc__=ScormOptions.__doc__, sco_layout=(
        ScoLayout, Field(default_layout, description=field.description, examples=[default_layout.value])))


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


class ScormTarget(Target):
    """One zip per language, assembled from member jobs (player files, assets, one launch page per
    SCO, schemas, manifest); subclasses give the manifest and the schema set. A zip is checked by
    `inspect` when it is made, so a package an LMS would reject is never written."""

    runtime: ClassVar[str]
    schema_set: ClassVar[SchemaSet]
    max_title: ClassVar[int] = MAX_TITLE
    manifest_names: ClassVar[tuple[str, ...]] = (MANIFEST,)  # what manifest_files() returns
    Options = ScormOptions
    options: ScormOptions

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
        titled = [(self.course.origin("course"), "title", self.course.config.title)]
        titled += [(self.course.origin(m.id), "title", m.title) for m in self.course.modules]
        return [Diagnostic(origin.file, origin.line, 1, "title-too-long",
                           _("{target}: the '{lang}' {field} has {count} characters; the manifest allows "
                             "{limit}, so it is shortened").format(target=self.name, lang=lang, field=field,
                                                                   count=len(text.get(lang)), limit=self.max_title),
                           Severity.WARNING)
                for origin, field, text in titled for lang in self.course.languages
                if len(" ".join(text.get(lang).split())) > self.max_title]

    def _check_options(self) -> list[Diagnostic]:
        if self.options.prerequisites and self.options.sco_layout is ScoLayout.COURSE:
            origin = self.course.origin("course")
            return [Diagnostic(origin.file, origin.line, 1, "prerequisites-ignored",
                               _("build.{target}.prerequisites needs sco_layout = \"module\": "
                                 "with one SCO there is no module order to enforce").format(target=self.name),
                               Severity.WARNING)]
        return []

    def _check_state(self) -> list[Diagnostic]:
        """The player's worst-case learner state must fit this target's suspend_data."""
        from ...render.state import check_state_limits

        scos = plan_scos(self.course, self.course.languages[0], self.options)
        return check_state_limits(self.course, self.name, [list(sco.modules) for sco in scos])

    def package_name(self, lang: str) -> str:
        config = self.course.config
        return f"{config.id}-{lang}-{self.name}-{config.version}.zip"

    @cached_property
    def schemas_dir(self) -> Path:
        return find_schemas_dir(self.course.root)

    def plan(self, lang: str) -> list[Job]:
        scos = plan_scos(self.course, lang, self.options, self.max_title)
        members = [*player_members(), *asset_members(self.course)]
        own: list[Sco] = []
        for sco in scos:
            files = self._sco_members(lang, sco)
            members += files
            own.append(replace(sco, files=tuple(f.path for f in files if f.path != sco.href)))
        scos = own
        in_scos = {name for sco in scos for name in (sco.href, *sco.files)}
        shared = sorted(m.path for m in members if m.path not in in_scos)
        members += self._control_members()
        members += self._manifest_members(lang, scos, shared)
        path = f"{self.name}/{self.package_name(lang)}"
        key = self.key(lang, "zip", [(m.path, m.key) for m in members])
        return [Job(path, lang, key, members=tuple(members), verify=lambda data: self._verify(path, data))]

    def _sco_members(self, lang: str, sco: Sco) -> list[Job]:
        """The SCO's launch page and the page and data files its player loads."""
        return sco_members(self, lang, list(sco.modules), self.runtime, sco.href)

    def _control_members(self) -> list[Job]:
        """The official XSDs and DTDs the manifest names, copied from LMS_BUILD_SCHEMAS."""
        roots = [file for _, file in (*self.schema_set.imports, *self.schema_set.extra_hints)]
        files = control_files(self.schema_set, self.schemas_dir, roots)
        return [Job(name, "", self.key("", "control", name, content), lambda content=content: content)
                for name, content in sorted(files.items())]

    def _manifest_members(self, lang: str, scos: list[Sco], shared: list[str]) -> list[Job]:
        describe = [(s.key, s.title, s.href, s.assessed, s.counts_for_completion, s.global_objective,
                     s.requires, [m.id for m in s.modules], list(s.files)) for s in scos]
        key = self.key(lang, "manifest", self.course_context(lang), describe, shared,
                       [m.estimated_minutes for m in self.course.modules])
        files = cache(lambda: self.manifest_files(lang, scos, shared))
        return [Job(name, lang, job_key(key, name), lambda name=name: files()[name])
                for name in self.manifest_names]

    def _verify(self, path: str, data: bytes) -> list[Diagnostic]:
        """Run `inspect` on the finished zip: a finding here is a bug in lms-build."""
        from ...inspect import inspect_zip

        with tempfile.TemporaryDirectory(prefix="lms-build-verify-") as folder:
            zip_path = Path(folder) / Path(path).name
            zip_path.write_bytes(data)
            report = inspect_zip(zip_path, self.schemas_dir)
        return [Diagnostic(path, 0, 0, finding.code,
                           f"{finding.message} (a bug in lms-build: please report)")
                for finding in report.errors]

    @abstractmethod
    def manifest_files(self, lang: str, scos: list[Sco], shared: list[str]) -> dict[str, bytes]:
        """imsmanifest.xml and any metadata file it points to."""

    def identifiers(self, lang: str) -> dict[str, str]:
        course_id = self.course.config.id
        return {"manifest": f"MANIFEST-{course_id}-{lang}", "organization": f"ORG-{course_id}",
                "shared": SHARED_RESOURCE}
