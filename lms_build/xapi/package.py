"""What the Tin Can and cmi5 targets share: a zip job made of member jobs (the player, the
course's assets, the activity catalogue the xAPI adapters read, the launch pages and the package
XML), each with an honest key, and a verification of the finished zip by `inspect` (schema and
semantic checks of lms_build.xapi.package_check): a finding there is a bug in lms-build."""

from __future__ import annotations

import tempfile
from abc import abstractmethod
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from ..diagnostics import Diagnostic
from ..model import Module
from ..schemas import find_schemas_dir
from ..targets.assets import asset_members, player_members, sco_members
from ..targets.base import Job, Target
from .activities import catalogue_json

CATALOGUE_PATH = "xapi/activities.json"


class XapiPackageTarget(Target):
    """One zip per language: launch pages rendered for `runtime`, plus `xml_name` (tincan.xml or
    cmi5.xml) made by `package_xml`."""

    runtime: str
    xml_name: str

    def package_name(self, lang: str) -> str:
        config = self.course.config
        return f"{config.id}-{lang}-{self.name}-{config.version}.zip"

    @abstractmethod
    def launch_pages(self) -> list[tuple[str, list[Module]]]:
        """(file name, modules it holds) of every launch page."""

    @abstractmethod
    def package_xml(self, lang: str) -> bytes:
        """tincan.xml or cmi5.xml."""

    @cached_property
    def schemas_dir(self) -> Path:
        return find_schemas_dir(self.course.root)

    def _member(self, path: str, lang: str, produce: Callable[[], bytes], *parts: object) -> Job:
        return Job(path, lang, self.key(lang, path, self.course_context(lang), *parts), produce)

    def _pages(self, lang: str, name: str, modules: list[Module]) -> list[Job]:
        """A launch page and the files its player loads (pages/<launch>/...)."""
        return sco_members(self, lang, modules, self.runtime, name)

    def plan(self, lang: str) -> list[Job]:
        every_module = [m.model_dump_json() for m in self.course.modules]
        members = [*player_members(), *asset_members(self.course),
                   self._member(CATALOGUE_PATH, lang, lambda: catalogue_json(self.course, lang), every_module),
                   *(job for name, modules in self.launch_pages() for job in self._pages(lang, name, modules)),
                   self._member(self.xml_name, lang, lambda: self.package_xml(lang), every_module)]
        path = f"{self.name}/{self.package_name(lang)}"
        key = self.key(lang, "zip", [(m.path, m.key) for m in members])
        return [Job(path, lang, key, members=tuple(members), verify=lambda data: self.verify(path, data))]

    def verify(self, path: str, data: bytes) -> list[Diagnostic]:
        from ..inspect import inspect_zip

        with tempfile.TemporaryDirectory(prefix="lms-build-verify-") as folder:
            zip_path = Path(folder) / Path(path).name
            zip_path.write_bytes(data)
            report = inspect_zip(zip_path, self.schemas_dir)
        return [Diagnostic(path, 0, 0, finding.code, f"{finding.message} (a bug in lms-build: please report)")
                for finding in report.errors]
