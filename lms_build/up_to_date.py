"""The up-to-date check at the top of a build (what make and ninja do): when nothing the build
reads has changed since the last build into the same folder, and every file that build made is
still there with the same bytes, there is nothing to do.

The fingerprint covers every input of a build: course.toml, everything under course_src/ (assets
included) and modules/, lms-build's own files and version, the installed distributions (a new
WeasyPrint or Jinja may change the bytes), the Python version, the command's options (targets,
languages, drafts), the message language, and the environment settings a build reads. Any change
rebuilds, through the job cache, so a false "changed" costs little and a false "up to date" is
impossible by construction: file contents are hashed, not their times.

This module is on the path of every no-op build, so it imports only the standard library."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from . import __version__

#: Bump when the meaning of the fingerprint changes, so an older record never matches.
RECORD_FORMAT = 1
#: The course's inputs, relative to the course folder (the loader reads nothing else).
COURSE_INPUTS = ("course.toml", "course_src", "modules")
#: Environment settings a build reads (where the XSDs that check manifests live).
ENVIRONMENT = ("LMS_BUILD_SCHEMAS",)
#: Targets whose bytes depend on more of the machine than lms-build and the installed packages
#: (the PDF target: the fonts fontconfig picks, Voikko's dictionary), with the function that
#: fingerprints it (module, name), called only when that target may be built.
MACHINE_INPUTS = {"pdf": ("lms_build.targets.pdf.engine", "engine_fingerprint")}


@cache
def code_fingerprint() -> str:
    """A hash of lms-build's own files (code, templates, static player files): any change to the
    tool invalidates every cached job, so the cache can never serve bytes an older tool made."""
    digest = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent
    for name, path in sorted(_tree(root, "", skip_dirs={"__pycache__"})):
        if name.endswith((".pyc", ".pyo")):
            continue
        digest.update(name.encode())
        digest.update(_file_digest(path) if path.is_file() else b"link:" + os.readlink(path).encode())
    return digest.hexdigest()


def build_fingerprint(root: Path, targets: list[str] | None, languages: list[str] | None,
                      include_drafts: bool, ui_language: str) -> str:
    """A hash of every input of a build of `root` with these options."""
    digest = hashlib.sha256()

    def add(*parts: object) -> None:
        digest.update(json.dumps(parts, ensure_ascii=False).encode())
        digest.update(b"\0")

    add("format", RECORD_FORMAT, "tool", code_fingerprint(), sys.version, sorted(_installed()))
    add("options", targets, languages, include_drafts, ui_language)
    add("environment", os.getcwd(), [os.environ.get(name) for name in ENVIRONMENT])
    add("machine", [_machine(name) for name in sorted(MACHINE_INPUTS) if name in _targets(root, targets)])
    resolved = root.resolve()
    add("course", str(resolved))
    for name in COURSE_INPUTS:
        path = resolved / name
        if path.is_symlink() or not path.is_dir():
            add(name, _entry(path))
            continue
        for relative, entry in sorted(_tree(path, f"{name}/", skip_dirs=set())):
            add(relative, _entry(entry))
    return digest.hexdigest()


def _targets(root: Path, asked: list[str] | None) -> set[str]:
    """The targets a build may make: those asked for, else course.toml's (all that have machine
    inputs when it cannot be read: the build itself will say what is wrong)."""
    if asked is not None:
        return set(asked)
    import tomllib

    try:
        listed = tomllib.loads((root / "course.toml").read_text(encoding="utf-8"))["build"]["targets"]
    except (OSError, ValueError, KeyError, TypeError):
        return set(MACHINE_INPUTS)
    return {str(name) for name in listed} if isinstance(listed, list) else set(MACHINE_INPUTS)


def _machine(target: str) -> str:
    from importlib import import_module

    module, name = MACHINE_INPUTS[target]
    return str(getattr(import_module(module), name)())


def _tree(folder: Path, prefix: str, skip_dirs: set[str]) -> Iterator[tuple[str, Path]]:
    """Every file and link below `folder` (links are not followed), with its relative name."""
    with os.scandir(folder) as entries:
        for entry in entries:
            name = f"{prefix}{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in skip_dirs:
                    yield from _tree(Path(entry.path), f"{name}/", skip_dirs)
            else:
                yield name, Path(entry.path)


def _entry(path: Path) -> str:
    """What a build would find at `path`: a link (by its target), a file (by its content),
    something else, or nothing."""
    if path.is_symlink():
        return "link:" + os.readlink(path)
    if path.is_file():
        return "file:" + _file_digest(path).hex()
    return "other" if path.exists() else "absent"


def _file_digest(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").digest()
    except OSError as error:
        return f"unreadable:{error.errno}".encode()


def _installed() -> Iterable[str]:
    """The installed distributions with their versions (the names of their metadata folders)."""
    for folder in dict.fromkeys(sys.path):
        if not folder.endswith(("site-packages", "dist-packages")):
            continue
        try:
            yield from (name for name in os.listdir(folder) if name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue


def file_matches(path: Path, size: int, sha256: str) -> bool:
    """Whether `path` is a regular file (not a link) holding exactly the recorded bytes."""
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != size:
            return False
    except OSError:
        return False
    return _file_digest(path).hex() == sha256
