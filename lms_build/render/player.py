"""The learner player: Jinja2 templates render a course (or one module) into one HTML page per
SCO; the static CSS/JS runtime shows one course page at a time and talks to the LMS through one
adapter per protocol."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from ..model import Localized, Module
from ..resolve import Course, pages
from .markdown import render_inline, render_markdown

#: Runtimes a player page can be rendered for: each has an adapter in static/adapters/.
RUNTIMES = ("standalone", "scorm12", "scorm2004")


@cache
def ui_strings() -> dict[str, dict[str, str]]:
    text = resources.files(__package__).joinpath("strings.json").read_text(encoding="utf-8")
    return json.loads(text)


def environment(lang: str) -> Environment:
    env = Environment(
        loader=PackageLoader("lms_build.render", "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    strings = {key: value[lang] for key, value in ui_strings().items()}

    def text(value: Localized | None) -> str:
        return value.get(lang) if value is not None else ""

    def markdown(value: Localized | None) -> Markup:
        return render_markdown(text(value))

    def inline(value: Localized | None) -> Markup:
        return render_inline(text(value))

    env.filters.update(t=text, md=markdown, inline=inline)
    env.globals.update(lang=lang, ui=strings)
    return env


def static_files() -> dict[str, bytes]:
    """The player's runtime files, keyed by their path inside a package."""
    root = resources.files(__package__).joinpath("static")
    found: dict[str, bytes] = {}

    def collect(folder: Any, prefix: str) -> None:
        for entry in folder.iterdir():
            name = f"{prefix}{entry.name}"
            if entry.is_dir():
                collect(entry, f"{name}/")
            elif not entry.name.startswith("."):
                found[f"player/{name}"] = entry.read_bytes()

    collect(root, "")
    return found


def render_sco(course: Course, lang: str, modules: list[Module], runtime: str,
               launch_name: str = "index.html") -> str:
    """One self-contained player page holding every page of `modules`."""
    if runtime not in RUNTIMES:
        raise ValueError(f"unknown runtime {runtime!r}")
    env = environment(lang)
    return env.get_template("player.html").render(
        course=course,
        config=course.config,
        modules=modules,
        pages=pages(modules),
        runtime=runtime,
        launch_name=launch_name,
    )
