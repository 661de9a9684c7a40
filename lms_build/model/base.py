"""Building blocks shared by every part of the course format."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, RootModel, StringConstraints

#: Ids become SCORM identifiers, xAPI IRIs, interaction ids and file names, so they are
#: restricted to lowercase ASCII: they must look the same in every language and LMS.
SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=64),
    Field(description="Stable id: lowercase ASCII letters, digits and single hyphens."),
]
LangCode = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z]{2,3}$"),
    Field(description="ISO 639-1 language code, e.g. 'fi' or 'sv'."),
]


def type_tag(value: str, what: str) -> Any:
    """The `type` key that says which kind of block or question a mapping is."""
    return Field(description=f"Always '{value}' for {what}.", examples=[value])


class Strict(BaseModel):
    """Every format model refuses unknown fields so that typos are reported, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(RootModel[dict[LangCode, str]]):
    """A text a learner sees, given once per course language: `{fi: "...", sv: "..."}`."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={"examples": [{"fi": "Digituki", "sv": "Digitalt stöd"}]},
    )

    def get(self, lang: str) -> str:
        return self.root.get(lang, "")


class LocalizedList(RootModel[dict[LangCode, list[str]]]):
    """A list of strings per language, e.g. the accepted answers of a short-text question."""

    model_config = ConfigDict(
        frozen=True,
        json_schema_extra={"examples": [{"fi": ["kirjasto"], "sv": ["biblioteket"]}]},
    )

    def get(self, lang: str) -> list[str]:
        return self.root.get(lang, [])
