"""Messages in the author's language: English by default, Finnish with `--ui-lang fi` or a
Finnish locale (LC_ALL, LC_MESSAGES, LANG).

Catalogues are gettext `.po` files kept in `locale/<lang>/LC_MESSAGES/lms_build.po` and read with
Babel at run time, so no compiled `.mo` file has to be kept in step with its source. Mark a
message with `_("...")` (placeholders with `{name}` and `.format()` after translation); the tests
check that the catalogue holds exactly the messages the code marks, each translated."""

from __future__ import annotations

import gettext as _gettext
import io
import os
from functools import cache
from importlib import resources

DOMAIN = "lms_build"
#: Languages with a catalogue, besides English (the messages in the code).
UI_LANGUAGES = ("en", "fi")
_current: list[str] = ["en"]


@cache
def translations(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # only when a translation is asked for
    from babel.messages.pofile import read_po

    po = resources.files(__package__).joinpath("locale", lang, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as handle:
        catalog = read_po(handle, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def language_from_environment(environ: dict[str, str] | None = None) -> str:
    """The gettext rule: the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that is set."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := environ.get(name):
            return "fi" if value.split(":")[0].lower().startswith("fi") else "en"
    return "en"


def set_language(lang: str | None) -> str:
    """Use `lang` (None: from the environment) for every later message; returns the one chosen."""
    chosen = lang or language_from_environment()
    _current[0] = chosen if chosen in UI_LANGUAGES else "en"
    return _current[0]


def current_language() -> str:
    return _current[0]


def _(message: str) -> str:
    return translations(_current[0]).gettext(message)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it cannot be translated yet (module constants);
    translate it with `_()` where it is used."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(_current[0]).ngettext(singular, plural, count)
