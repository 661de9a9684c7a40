"""Finnish hyphenation for the handouts: soft hyphens (U+00AD) from Voikko, put into the HTML
before WeasyPrint lays it out.

WeasyPrint hyphenates with pyphen, which has Swedish but no Finnish dictionary, and TeX's
Finnish patterns split compounds in the wrong place. Voikko (Debian `libvoikko1` + `voikko-fi`,
PyPI `libvoikko`) knows the morphology: "toimintasuunnitelma" becomes
toi-min-ta-suun-ni-tel-ma, never toimin-tas-. The soft hyphens are part of the HTML, so they are
part of the PDF cache key, and WeasyPrint breaks only there (`hyphens: manual` in handout.css).

Swedish needs nothing from here: `hyphens: auto` with lang="sv" uses pyphen's sv dictionary.

Without Voikko a Finnish handout is still built, unhyphenated (long words wrap at the margin as
before): `check_environment()` warns about it, since a trainer would rather have a ragged
handout today than none."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

SOFT_HYPHEN = "\u00ad"
#: Shorter words are never worth breaking: the line gains too little for the hyphen it costs.
MIN_WORD_LENGTH = 7

# Words: runs of letters (digits, dashes and apostrophes end a word; Voikko splits at them anyway),
# inside runs of non-space; a run with "/" or "@" is an address, and an address never gets a
# hyphen that a reader would type.
_RUN = re.compile(r"[^\s<>]+")
_WORD = re.compile(rf"(?<![&\w])[^\W\d_]{{{MIN_WORD_LENGTH},}}")
# The document is ours (Jinja autoescapes, markdown-it escapes raw HTML), so "<" and ">" occur
# only in tags, and a tag-by-tag scan finds every text run. Text inside these elements is never
# hyphenated: headings and the table of contents (titles are not broken, and a heading's text
# is also its bookmark, where a soft hyphen would show), a form field's value, styles, scripts.
_TAG = re.compile(r"(<[^>]*>)")
_SKIPPED = ("h1", "h2", "h3", "h4", "h5", "h6", "nav", "textarea", "style", "script", "title")


class VoikkoMissing(RuntimeError):
    """libvoikko or its Finnish dictionary is not installed."""


@cache
def _finnish() -> Callable[[str], str]:
    """Voikko's hyphenator for Finnish (loaded once per process; raises VoikkoMissing)."""
    try:
        from libvoikko import Voikko

        voikko = Voikko("fi")
    except (ImportError, OSError) as error:  # no Python package, no libvoikko.so, no dictionary
        raise VoikkoMissing(str(error)) from error
    # No "ugly" breaks: never a single letter alone at either end (a-sioin-ti -> asioin-ti).
    voikko.setNoUglyHyphenation(True)
    voikko.setMinHyphenatedWordLength(MIN_WORD_LENGTH)

    @lru_cache(maxsize=65536)
    def hyphenate(word: str) -> str:
        return voikko.hyphenate(word, SOFT_HYPHEN)

    return hyphenate


def voikko_problem() -> str | None:
    """Why Finnish cannot be hyphenated here, or None when it can."""
    try:
        _finnish()
    except VoikkoMissing as error:
        return str(error) or "libvoikko not found"
    return None


def hyphenate_word(word: str, lang: str) -> str:
    """The word with soft hyphens where it may break (unchanged for languages not done here)."""
    if lang != "fi" or len(word) < MIN_WORD_LENGTH:
        return word
    return _finnish()(word)


def hyphenate_html(html: str, lang: str) -> str:
    """Soft hyphens in every word of the document's body text; tags and attributes untouched.
    Returns the HTML unchanged for other languages or when Voikko is missing."""
    if lang != "fi" or voikko_problem() is not None:
        return html
    start = html.find("<body")
    if start < 0:
        return html
    start = html.index(">", start) + 1  # after the body tag and its attributes
    head, body = html[:start], html[start:]
    hyphenate = _finnish()

    def words(match: re.Match[str]) -> str:
        run = match.group(0)
        if "/" in run or "@" in run:
            return run
        return _WORD.sub(lambda word: hyphenate(word.group(0)), run)

    parts = _TAG.split(body)
    skipping: str | None = None
    for index, part in enumerate(parts):
        if index % 2:  # a tag
            name = part[1:].split(None, 1)[0].rstrip(">/").lower() if len(part) > 2 else ""
            if skipping is None and name in _SKIPPED:
                skipping = name
            elif skipping is not None and name == f"/{skipping}":
                skipping = None
        elif skipping is None and part:
            parts[index] = _RUN.sub(words, part)
    return head + "".join(parts)
