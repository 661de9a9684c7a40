"""matching: the learner pairs each prompt with its match, picked from a list (never drag-only)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import Field

from ..i18n import _
from ..model.base import Localized, Slug, Strict, type_tag
from .base import ComponentOf, MarkdownOf, QuestionBase, QuestionType, inline_html, sid

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..load.source import Loc, SourceDoc


class MatchPair(Strict):
    """A prompt and the match the learner must pick for it."""

    id: Slug = Field(description="Short id, unique in the question.", examples=["kirjasto"])
    prompt: Localized = Field(description="Left side: shown as it is.",
                              examples=[{"fi": "Kirjasto", "sv": "Biblioteket"}])
    match: Localized = Field(description="Right side: picked from a list of every pair's match "
                                         "(so each match must differ).",
                             examples=[{"fi": "Ohjaa verkkopalveluissa", "sv": "Handleder i e-tjänster"}])


class Matching(QuestionBase):
    """The learner pairs each prompt with its match (chosen from a list, never drag-only)."""

    type: Literal["matching"] = type_tag("matching", "a matching question")
    pairs: Annotated[list[MatchPair], Field(min_length=2)] = Field(
        description="Two or more pairs, each written with its correct match.",
        examples=[[{"id": "kirjasto", "prompt": {"fi": "Kirjasto", "sv": "Biblioteket"},
                    "match": {"fi": "Ohjaus", "sv": "Handledning"}},
                   {"id": "kela", "prompt": {"fi": "Kela", "sv": "FPA"},
                    "match": {"fi": "Etuudet", "sv": "Förmåner"}}]])


class MatchingType(QuestionType):
    """Responses pair a prompt's id with a match's id: a pair's prompt and match share its id."""

    name = "matching"
    model = Matching
    interaction_type = "matching"
    option_fields = ("pairs",)
    skeleton = """\
pairs:                    # the learner picks each prompt's match from a list (never drag-only)
  - id: pair-1
    prompt: {t:first prompt}
    match: {t:first prompt's match}
  - id: pair-2
    prompt: {t:second prompt}
    match: {t:second prompt's match}
"""

    def option_ids(self, question: Any) -> list[str]:
        return [p.id for p in question.pairs]

    def slot_kind(self, question: Any) -> tuple[str, int]:
        return "match", len(question.pairs)

    def correct_patterns(self, question: Any, lang: str) -> list[str]:
        return ["[,]".join(f"{sid(i)}[.]{sid(i)}" for i in self.option_ids(question))]

    def solution(self, question: Any, lang: str, strings: dict[str, str]) -> list[str]:
        return [f"{inline_html(p.prompt, lang)} → {inline_html(p.match, lang)}" for p in question.pairs]

    def player_data(self, question: Any, lang: str, md: MarkdownOf) -> dict[str, Any]:
        return {"ids": self.option_ids(question)}

    def worst_response(self, question: Any, lang: str) -> str:
        ids = [sid(i) for i in self.option_ids(question)]
        longest = max(ids, key=len) if ids else ""
        return "[,]".join(f"{i}[.]{longest}" for i in ids)

    def xapi_components(self, question: Any, lang: str, component: ComponentOf) -> dict[str, Any]:
        return {"source": [component(p.id, p.prompt.get(lang)) for p in question.pairs],
                "target": [component(p.id, p.match.get(lang)) for p in question.pairs]}

    def response_text(self, definition: dict[str, Any], response: str, lang: str) -> str:
        pairs = [part.split("[.]") for part in response.split("[,]")]
        source = {c["id"]: next(iter(c["description"].values())) for c in definition.get("source", [])}
        target = {c["id"]: next(iter(c["description"].values())) for c in definition.get("target", [])}
        return "; ".join(f"{source.get(p[0], p[0])} → {target.get(p[-1], p[-1])}" for p in pairs)

    def simulated_wrong(self, definition: dict[str, Any], rng: random.Random) -> str:
        """Two prompts' matches swapped."""
        parts = definition["correctResponsesPattern"][0].split("[,]")
        sources = [p.split("[.]")[0] for p in parts]
        targets = [p.split("[.]")[1] for p in parts]
        i, j = rng.sample(range(len(targets)), 2)
        targets[i], targets[j] = targets[j], targets[i]
        return "[,]".join(f"{s}[.]{t}" for s, t in zip(sources, targets, strict=True))

    def check(self, doc: SourceDoc, loc: Loc, question: Any) -> Iterator[Diagnostic]:
        matches = [pair.match.root for pair in question.pairs]
        if len({tuple(sorted(m.items())) for m in matches}) != len(matches):
            yield doc.diagnostic((*loc, "pairs"), "ambiguous-match",
                                 _("two pairs have the same 'match' text: the answer would be ambiguous"))


SPEC = MatchingType()
