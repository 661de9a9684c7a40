"""The sources-and-credits page: generated from the source catalogue, the personas and the
course settings, so that citations are written once (in course_src/sources.yaml) and every
learner sees the same list in the player, while no internal file name is ever shown."""

from __future__ import annotations

import re

from .model import CourseConfig, ExtraPage, Localized, Module, Persona, Source, TextBlock

CREDITS_PAGE_ID = "lahteet-ja-tekijat"

#: Labels per language; a course language not listed here gets the English ones.
LABELS: dict[str, dict[str, str]] = {
    "fi": {
        "title": "Lähteet ja tekijät",
        "sources": "Lähteet",
        "intro": "Kurssin tiedot perustuvat alla oleviin teksteihin. Kurssin tekstit on kirjoitettu "
                 "omin sanoin; suorat lainaukset on merkitty lainausmerkein.",
        "modules": "Moduulit",
        "personas": "Esimerkkihenkilöt",
        "illustrative": "kuvitteellinen, kirjoitettu tätä kurssia varten",
        "based_on": "Lähde",
        "makers": "Tekijät",
        "licence": "Lisenssi",
    },
    "sv": {
        "title": "Källor och upphovspersoner",
        "sources": "Källor",
        "intro": "Kursens uppgifter bygger på texterna nedan. Kurstexterna är skrivna med egna "
                 "ord; direkta citat står inom citattecken.",
        "modules": "Moduler",
        "personas": "Exempelpersoner",
        "illustrative": "fiktiv, skriven för den här kursen",
        "based_on": "Källa",
        "makers": "Upphovspersoner",
        "licence": "Licens",
    },
    "en": {
        "title": "Sources and credits",
        "sources": "Sources",
        "intro": "The course's facts come from the texts below, retold in the course's own words; "
                 "direct quotations are marked with quotation marks.",
        "modules": "Modules",
        "personas": "Personas",
        "illustrative": "illustrative, written for this course",
        "based_on": "Source",
        "makers": "Credits",
        "licence": "Licence",
    },
}

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def escape(text: str) -> str:
    """Plain text (a title, a name) safe to put into Markdown as it is."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def labels(lang: str) -> dict[str, str]:
    return LABELS.get(lang, LABELS["en"])


def citation_markdown(source: Source, lang: str) -> str:
    """One citation: the text, then a link or where to find it."""
    text = escape(source.citation())
    if source.url is not None:
        return f"{text} <{source.url}>"
    return f"{text} {escape(source.where.get(lang))}" if source.where else text


def credits_page(config: CourseConfig, modules: tuple[Module, ...], sources: dict[str, Source],
                 personas: dict[str, Persona]) -> ExtraPage:
    title: dict[str, str] = {}
    body: dict[str, str] = {}
    for lang in config.languages:
        words = labels(lang)
        title[lang] = words["title"]
        body[lang] = "\n".join(_credits_markdown(lang, words, config, modules, sources, personas))
    return ExtraPage(id=CREDITS_PAGE_ID, title=Localized(title), footer_link=True,
                     blocks=[TextBlock(type="text", body=Localized(body))])


def _credits_markdown(lang: str, words: dict[str, str], config: CourseConfig,
                      modules: tuple[Module, ...], sources: dict[str, Source],
                      personas: dict[str, Persona]) -> list[str]:
    lines = [f"## {words['sources']}", "", words["intro"], ""]
    for source in sources.values():
        used = [str(m.order) for m in modules if source.id in m.sources]
        where = f" ({words['modules']} {', '.join(used)})" if used else ""
        lines.append(f"- {citation_markdown(source, lang)}{where}")
    if personas:
        lines += ["", f"## {words['personas']}", ""]
        for persona in personas.values():
            lines.append(f"- {_persona_credit(persona, lang, words, sources)}")
    lines += ["", f"## {words['makers']}", "",
              f"{escape(config.publisher.get(lang))} · {escape(config.organisation.get(lang))} · "
              f"{words['licence']}: {escape(config.licence)} · v{config.version}"]
    return lines


def _persona_credit(persona: Persona, lang: str, words: dict[str, str], sources: dict[str, Source]) -> str:
    """**Name**: where the persona comes from (illustrative, or the source it is based on)."""
    parts = [f"**{escape(persona.name)}**:"]
    if persona.origin is not None:
        parts.append(escape(persona.origin.get(lang)))
    elif persona.illustrative:
        parts.append(f"{words['illustrative'].capitalize()}.")
    if persona.source in sources:
        parts.append(f"{words['based_on']}: {escape(sources[persona.source].citation())}")
    return " ".join(parts)
