"""Markdown for author text.

Decision: raw HTML in author text is *refused* at validation (with the line and the tag), and
the renderer runs with HTML disabled, so nothing an author types can inject markup or script
into a package. Authors get Markdown's emphasis, lists, links, tables and headings; headings are
shifted one level down because the page title is the page's only <h1>.

Nothing the renderer writes needs more than the package's Content-Security-Policy allows:
table alignment becomes a class (`align-left|center|right`), never a `style=` attribute, and a
Markdown image becomes its alt text, never an <img> (validation refuses Markdown images and
points at the image block, whose file is checked and packaged). Text that leaves the package
(interaction descriptions for the LMS or LRS) goes through `plain_text`: no markup at all."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token
from markupsafe import Markup

#: Look-alikes for the angle brackets in plain text: readable, and never markup anywhere.
_NO_MARKUP = str.maketrans({"<": "\u2039", ">": "\u203a"})


@dataclass(frozen=True)
class RawHtml:
    line_offset: int  # 0-based line within the text
    snippet: str


@cache
def _detector() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


@cache
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable("table")

    def heading_open(self, tokens, idx, options, env):
        level = min(int(tokens[idx].tag[1]) + 1, 6)
        tokens[idx].tag = f"h{level}"
        return self.renderToken(tokens, idx, options, env)

    def heading_close(self, tokens, idx, options, env):
        tokens[idx].tag = f"h{min(int(tokens[idx].tag[1]) + 1, 6)}"
        return self.renderToken(tokens, idx, options, env)

    def cell_open(self, tokens, idx, options, env):
        token = tokens[idx]
        style = token.attrGet("style") or ""
        if style:  # markdown-it writes alignment as style="text-align:right", which the CSP blocks
            token.attrs.pop("style", None)
            token.attrSet("class", f"align-{style.rsplit(':', 1)[-1].strip()}")
        return self.renderToken(tokens, idx, options, env)

    def image(self, tokens, idx, options, env):
        # Only the alt text: an <img> here could fetch any URL (e.g. the LMS's logout page).
        return escapeHtml(self.renderInlineAsText(tokens[idx].children or [], options, env))

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
    md.add_render_rule("th_open", cell_open)
    md.add_render_rule("td_open", cell_open)
    md.add_render_rule("image", image)
    return md


#: The functions below are pure, so results are kept by text: a process that validates or renders
#: a course again after one edit (the live preview) parses only the texts that changed.
_TEXT_CACHE = 16384


def find_raw_html(text: str) -> list[RawHtml]:
    """Every raw HTML block or inline tag in `text`."""
    return list(_find_raw_html(text))


@lru_cache(maxsize=_TEXT_CACHE)
def _find_raw_html(text: str) -> tuple[RawHtml, ...]:
    found = []
    for token in _detector().parse(text):
        line = token.map[0] if token.map else 0
        if token.type == "html_block":
            found.append(RawHtml(line, token.content.strip().splitlines()[0][:40]))
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(RawHtml(line, child.content[:40]))
    return tuple(found)


@dataclass(frozen=True)
class MarkdownImage:
    line_offset: int  # 0-based line within the text
    src: str


def find_images(text: str) -> list[MarkdownImage]:
    """Every Markdown image (`![alt](src)`) in `text`."""
    found = []
    for token in _renderer().parse(text):
        line = token.map[0] if token.map else 0
        for child in _walk(token.children or []):
            if child.type == "image":
                found.append(MarkdownImage(line, str(child.attrGet("src") or "")))
    return found


def _walk(tokens: list[Token]) -> list[Token]:
    found: list[Token] = []
    for token in tokens:
        found.append(token)
        found += _walk(token.children or [])
    return found


def plain_text(text: str) -> str:
    """Markdown as one line of plain text, for what leaves the package (LMS/LRS descriptions).

    Built from the parsed tokens, not by stripping tags from HTML: a code span holding
    `<img onerror=...>` stays text, and its angle brackets become look-alikes (U+2039, U+203A),
    so no consumer of the text can ever take it for markup."""
    parts: list[str] = []
    for token in _renderer().parse(text):
        if token.type == "inline":
            for child in _walk(token.children or []):
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
        elif token.type in ("paragraph_close", "heading_close", "list_item_close", "th_close", "td_close"):
            parts.append(" ")
        elif token.type in ("code_block", "fence"):
            parts.append(token.content)
    return " ".join("".join(parts).translate(_NO_MARKUP).split())


@lru_cache(maxsize=_TEXT_CACHE)
def render_markdown(text: str) -> Markup:
    return Markup(_renderer().render(text))


@lru_cache(maxsize=_TEXT_CACHE)
def render_inline(text: str) -> Markup:
    """For short texts (prompts, options): Markdown emphasis and links, no paragraphs."""
    return Markup(_renderer().renderInline(text))
