"""Markdown for author text.

Decision: raw HTML in author text is *refused* at validation (with the line and the tag), and
the renderer runs with HTML disabled, so nothing an author types can inject markup or script
into a package. Authors get Markdown's emphasis, lists, links, tables and headings; headings are
shifted one level down because the page title is the page's only <h1>."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup


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

    md.add_render_rule("heading_open", heading_open)
    md.add_render_rule("heading_close", heading_close)
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


@lru_cache(maxsize=_TEXT_CACHE)
def render_markdown(text: str) -> Markup:
    return Markup(_renderer().render(text))


@lru_cache(maxsize=_TEXT_CACHE)
def render_inline(text: str) -> Markup:
    """For short texts (prompts, options): Markdown emphasis and links, no paragraphs."""
    return Markup(_renderer().renderInline(text))
