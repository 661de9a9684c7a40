"""The target interface: what a package outside lms-build implements to add an output.

Like a Sphinx builder, a target is a small class found by name; like a MkDocs plugin it is found
through an entry point (group `lms_build.targets`). It never writes files: it *plans* jobs, each
naming one output file, a key (a hash of everything the file depends on) and a pure function that
produces its bytes. The build runner takes a job's bytes from the content-addressed cache when the
key is known, so a target that computes honest keys is incremental for free."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import PurePath
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ..diagnostics import Diagnostic
from ..resolve import Course
from ..up_to_date import code_fingerprint  # the tool's own hash, shared with the up-to-date check


class NoOptions(BaseModel):
    """A target without settings: its `[build.<name>]` table must be empty or absent."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Job:
    """One output file of a build.

    `key` must change whenever the bytes `produce()` returns could change: hash every model slice,
    template, static file and option it reads (see `Target.key`). A zip is a job with `members`
    (jobs whose paths are names inside the zip) instead of `produce`: the runner assembles it
    deterministically, taking each member from the cache when it can. `verify` checks freshly
    made bytes (diagnostics with errors stop the build). `heavy` jobs (PDF layout) run in worker
    processes; the rest run in the build process."""

    path: str  # relative to the output folder, forward slashes: "scorm12/x-fi-scorm12-1.0.0.zip"
    lang: str
    key: str
    produce: Callable[[], bytes] | None = field(default=None, compare=False, repr=False)
    members: tuple[Job, ...] = field(default=(), compare=False, repr=False)
    verify: Callable[[bytes], list[Diagnostic]] | None = field(default=None, compare=False, repr=False)
    heavy: bool = False

    def __post_init__(self) -> None:
        if (self.produce is None) == (not self.members):
            raise ValueError(f"job {self.path}: give either produce or members")


class Target:
    """Base class of every target (built-in ones included). Subclasses set `name`, `description`,
    optionally `Options` (the model of their `[build.<name>]` table), and implement `plan`."""

    name: ClassVar[str]
    description: ClassVar[str]
    Options: ClassVar[type[BaseModel]] = NoOptions

    def __init__(self, course: Course, options: BaseModel | None = None):
        self.course = course
        self.options = options if options is not None else self.Options()
        self._contexts: dict[str, str] = {}

    def check(self) -> list[Diagnostic]:
        """Target-specific problems found before anything is produced (e.g. LMS size limits)."""
        return []

    def plan(self, lang: str) -> list[Job]:
        """The files this target makes for one language."""
        raise NotImplementedError

    def key(self, lang: str, *parts: object) -> str:
        """A job key that covers this target's code and options and the language, plus `parts`."""
        return job_key(code_fingerprint(), self.name, self.options, lang, *parts)

    def in_language(self, models: Iterable[BaseModel], lang: str) -> list[object]:
        """For a job key: each model as plain data with every language map cut down to `lang`
        (a Finnish typo fix then changes only Finnish keys and rebuilds only Finnish files),
        given as the hash of that data. One model is turned into data at a time, and each only
        once per course and language whatever the number of targets asking: at hundreds of
        modules, the whole course as data at once would cost more memory than the build."""
        if _SLICES[0] is not self.course:
            _SLICES[:] = [self.course, {}]
        known: dict[int, tuple[BaseModel, dict[str, str]]] = _SLICES[1]
        languages = set(self.course.languages)
        digests: list[object] = []
        for model in models:
            _model, by_lang = known.setdefault(id(model), (model, {}))  # the model is kept: its id stays its own
            if lang not in by_lang:
                by_lang[lang] = job_key(language_slice(model.model_dump(mode="json"), lang, languages))
            digests.append(by_lang[lang])
        return digests

    def course_context(self, lang: str) -> str:
        """A hash of everything in the course except its modules (settings, personas, glossary,
        extra pages, asset files, whatever later editions add) as seen in `lang`: part of the
        key of every job that renders course text, so a changed persona rebuilds what shows it."""
        if lang not in self._contexts:
            self._contexts[lang] = course_context_key(self.course, lang)
        return self._contexts[lang]


#: The course whose models `in_language` has turned into hashes, and those hashes by model and
#: language (one course at a time: a long-lived preview keeps no old ones).
_SLICES: list = [None, {}]


def language_slice(data: object, lang: str, languages: set[str]) -> object:
    """`data` with each mapping whose keys are all course languages (a translated text or list)
    replaced by its `lang` entry."""
    if isinstance(data, dict):
        if data and set(data) <= languages:
            return language_slice(data.get(lang), lang, languages)
        return {key: language_slice(value, lang, languages) for key, value in data.items()}
    if isinstance(data, list):
        return [language_slice(value, lang, languages) for value in data]
    return data


#: Course fields that are not content: where the course lives and where each id came from
#: (line numbers move when a line is added above; the output does not).
_NOT_CONTENT = ("modules", "root", "origins")


def course_context_key(course: Course, lang: str) -> str:
    languages = set(course.languages)
    parts: list[object] = []
    for item in fields(course):
        if item.name not in _NOT_CONTENT:
            plain = json.loads(json.dumps(getattr(course, item.name), default=_json_default))
            parts += [item.name, language_slice(plain, lang, languages)]
    assets = course.course_src / "assets"
    if assets.is_dir():
        parts += [(path.relative_to(assets).as_posix(), hashlib.sha256(path.read_bytes()).hexdigest())
                  for path in sorted(assets.rglob("*")) if path.is_file()]
    return job_key(*parts)


def job_key(*parts: object) -> str:
    """A stable hash of models, strings, bytes and containers of them."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(_canonical(part))
        digest.update(b"\0")
    return digest.hexdigest()


def _canonical(part: object) -> bytes:
    if isinstance(part, bytes):
        return part
    if isinstance(part, BaseModel):
        return part.model_dump_json().encode("utf-8")
    if isinstance(part, str):
        return part.encode("utf-8")
    return json.dumps(part, sort_keys=True, default=_json_default, ensure_ascii=False).encode("utf-8")


def _json_default(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if is_dataclass(value) and not isinstance(value, type):
        return {item.name: getattr(value, item.name) for item in fields(value)}
    if isinstance(value, PurePath):
        return value.as_posix()
    # Anything else (an object whose repr holds a memory address) would make keys differ on every
    # run and silently turn the cache off: refuse it so a target author notices at once.
    raise TypeError(f"cannot hash a {type(value).__name__} into a job key")
