"""Handout HTML: Jinja templates beside this file turn one Handout into one self-contained HTML
document (stylesheet inline, images as data URIs) for WeasyPrint to lay out.

Self-contained on purpose: the HTML string is then the complete input of the PDF, so its hash is
an exact cache key, nothing is fetched while rendering, and the speed benchmark can hand the very
same file to Chromium."""

from __future__ import annotations

import base64
import re
import unicodedata
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader
from markupsafe import Markup

from ... import __version__
from ...credits import CREDITS_PAGE_ID
from ...model import DiscussionBlock, ExtraPage, Localized, Module, PersonaBlock, Term
from ...render.markdown import render_markdown
from ...render.player import environment as player_environment
from ...render.player import ui_strings
from ...resolve import Course
from .documents import Handout

EN_DASH = "\u2013"
#: Worksheets up to this many cells get a PDF form field per cell (see templates/blocks.html).
MAX_FILLABLE_CELLS = 600
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
               ".jpeg": "image/jpeg", ".webp": "image/webp", ".gif": "image/gif"}

# Headings inside author Markdown: markdown-it escapes raw HTML, so every <hN> in its output is a
# real heading and can be renumbered with a plain pattern.
_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
_IMG_SRC = re.compile(r'(<img src=")([^"]+)(")')

# Finnish and Swedish both end the alphabet with å, ä, ö (in that order), which code-point
# order gets wrong (ä < å); everything else sorts by its base letter (é as e, ü as y).
_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_BASE_LETTER = {"ü": "y", "æ": "ä", "ø": "ö"}


def render_handout(course: Course, handout: Handout) -> str:
    """The complete HTML document of one handout."""
    env = _environment(course, handout.lang)
    modules = handout.modules(course)
    text = env.filters["t"]
    edition = env.globals["ui"][f"pdf_{handout.edition}_edition"]
    return env.get_template("handout.html").render(
        course=course,
        config=course.config,
        handout=handout,
        modules=modules,
        facilitator=handout.facilitator,
        document_title=document_title(course, handout, edition),
        edition_label=edition,
        subject=text(course.config.description if handout.module is None else handout.module.summary),
        keywords=_keywords(course, handout.lang),
        generator=f"lms-build {__version__}",
        iso_date=course.config.date.isoformat(),
        glossary_terms=sorted_terms(course, handout.lang) if handout.module is None else [],
        credits=credits_appendix(course) if handout.module is None else None,
        stylesheet=Markup(_stylesheet()),
    )


def credits_appendix(course: Course) -> ExtraPage | None:
    """The sources-and-credits page, printed at the end of the whole-course handout."""
    return next((p for p in course.extra_pages if p.id == CREDITS_PAGE_ID), None)


def document_title(course: Course, handout: Handout, edition_label: str) -> str:
    """Shown by PDF readers instead of the file name (DisplayDocTitle), so it names the module."""
    lang = handout.lang
    parts = [course.config.title.get(lang)]
    if handout.module is not None:
        module_word = _strings(lang)["module"]
        parts.append(f"{module_word} {handout.module.order}: {handout.module.title.get(lang)}")
    parts.append(edition_label)
    return f" {EN_DASH} ".join(parts)


def _environment(course: Course, lang: str) -> Environment:
    """The player's environment (same filters and UI strings) with this package's templates."""
    env = player_environment(lang)
    env.loader = PackageLoader(__package__, "templates")
    text = env.filters["t"]

    def pdf_markdown(value: Localized | None, top: int = 3) -> Markup:
        return inline_assets(renumber_headings(render_markdown(text(value)), top), course)

    env.filters.update(pmd=pdf_markdown, css_string=css_string)
    env.globals.update(
        letter=option_letter,
        max_fillable_cells=MAX_FILLABLE_CELLS,
        asset_uri=lambda src: asset_data_uri(course, src),
        date_text=_strings(lang)["pdf_date_format"].format(
            day=course.config.date.day, month=course.config.date.month, year=course.config.date.year),
        page_of_css=Markup(page_of_css(_strings(lang)["pdf_page_of"])),
        discussion_questions=discussion_questions,
        reflection_questions=reflection_questions,
    )
    return env


def _strings(lang: str) -> dict[str, str]:
    return {key: value[lang] for key, value in ui_strings().items()}


@cache
def _stylesheet() -> str:
    return resources.files(__package__).joinpath("handout.css").read_text(encoding="utf-8")


def renumber_headings(html: Markup | str, top: int) -> Markup:
    """Fit author headings under the block they sit in without skipping a level (a PDF/UA
    failure): the shallowest heading of the text becomes `top`, the next deeper `top + 1`..."""
    levels = sorted({int(match.group(2)) for match in _HEADING_TAG.finditer(html)})
    new_level = {level: min(top + rank, 6) for rank, level in enumerate(levels)}
    return Markup(_HEADING_TAG.sub(
        lambda match: f"<{match.group(1)}h{new_level[int(match.group(2))]}>", str(html)))


def inline_assets(html: Markup, course: Course) -> Markup:
    """Markdown images that name a course asset become data URIs; any other source is left for
    the renderer's URL fetcher to refuse (nothing is fetched at build time)."""

    def replace(match: re.Match[str]) -> str:
        uri = asset_data_uri(course, match.group(2))
        return f"{match.group(1)}{uri or match.group(2)}{match.group(3)}"

    return Markup(_IMG_SRC.sub(replace, str(html)))


def asset_data_uri(course: Course, src: str) -> str:
    """`assets/x.svg` (relative to course_src/) as a base64 data URI, or '' when it is not a
    course asset."""
    assets = (course.course_src / "assets").resolve()
    path = (course.course_src / src).resolve()
    if not path.is_relative_to(assets) or not path.is_file() or path.suffix.lower() not in IMAGE_TYPES:
        return ""
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{IMAGE_TYPES[path.suffix.lower()]};base64,{encoded}"


def css_string(value: str) -> Markup:
    """A CSS string literal (for generated content such as running headers)."""
    escaped = (value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
               .replace("<", "\\3C ").replace(">", "\\3E "))
    return Markup(f'"{escaped}"')


def page_of_css(template: str) -> str:
    """'sivu {page} / {pages}' -> `"sivu " counter(page) " / " counter(pages)` for @page boxes."""
    parts = re.split(r"(\{page\}|\{pages\})", template)
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return " ".join(counters.get(part) or css_string(part) for part in parts if part)


def option_letter(index: int) -> str:
    """a, b, ... z, aa, ab: option labels that the answer key can refer to."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


def collation_key(text: str) -> list[tuple[int, int]]:
    key = []
    for char in text.casefold():
        if char not in _ALPHABET:
            char = _BASE_LETTER.get(char, unicodedata.normalize("NFD", char)[0])
        key.append((1, _ALPHABET.index(char)) if char in _ALPHABET else (0, ord(char)))
    return key


def sorted_terms(course: Course, lang: str) -> list[Term]:
    return sorted(course.glossary.values(), key=lambda term: collation_key(term.term.get(lang)))


def discussion_questions(module: Module) -> list[Localized]:
    return [question for page in module.pages for block in page.blocks
            if isinstance(block, DiscussionBlock) for question in block.questions]


def reflection_questions(module: Module) -> list[tuple[str, Localized]]:
    """The persona cases' 'think about' questions, with the persona id (for the name)."""
    return [(block.persona, block.question) for page in module.pages for block in page.blocks
            if isinstance(block, PersonaBlock) and block.question is not None]


def _keywords(course: Course, lang: str) -> list[str]:
    given = course.config.keywords.get(lang) if course.config.keywords else ""
    return [word.strip() for word in given.split(",") if word.strip()]

