"""Targets, found by name through the entry-point group `lms_build.targets`.

Built-in targets use the same door as a third party's (see pyproject.toml), and a target's module
is imported only when that target is used: `lms-build validate` never pays for WeasyPrint."""

from __future__ import annotations

from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import Job, NoOptions, Target

#: Names re-exported from .base, imported on first use: `lms-build build --target web` checks the
#: name against the installed targets without importing pydantic and the course model.
_FROM_BASE = ("Job", "NoOptions", "Target")


def __getattr__(name: str) -> Any:
    if name in _FROM_BASE:
        from . import base

        return getattr(base, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

GROUP = "lms_build.targets"


class TargetLoadError(Exception):
    """An installed target that cannot be imported (a broken plugin): named, never a traceback."""


@cache
def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for entry in entry_points(group=GROUP):
        found.setdefault(entry.name, entry)  # the first installed wins, deterministically
    return dict(sorted(found.items()))


def target_names() -> list[str]:
    """Every installed target's name, without importing any of them."""
    return list(_entry_points())


@cache
def target_class(name: str) -> type[Target]:
    entry = _entry_points().get(name)
    if entry is None:
        raise KeyError(name)
    try:
        loaded = entry.load()
    except Exception as error:  # a plugin may fail in any way on import
        raise TargetLoadError(f"target '{name}' ({entry.value}) cannot be loaded: {error}") from error
    from .base import Target

    if not (isinstance(loaded, type) and issubclass(loaded, Target)):
        raise TargetLoadError(f"target '{name}' ({entry.value}) is not a lms_build Target class")
    return loaded


__all__ = ["GROUP", "Job", "NoOptions", "Target", "TargetLoadError", "target_class", "target_names"]
