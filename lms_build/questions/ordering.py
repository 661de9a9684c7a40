"""ordering: items written in their correct order; the player shows them shuffled and the
learner moves them (buttons, never drag-only)."""

from __future__ import annotations

import hashlib
import random
from typing import Annotated, Any, Literal

from pydantic import Field

from ..model.base import Localized, Slug, Strict, type_tag
from .base import ComponentOf, MarkdownOf, QuestionBase, QuestionType, component_names, inline_html, sid


class OrderItem(Strict):
    """One step of an ordering question."""

    id: Slug = Field(description="Short id, unique in the question.", examples=["kartoita"])
    text: Localized = Field(description="The step as the learner sees it.",
                            examples=[{"fi": "Kartoita nykytila", "sv": "Kartlägg nuläget"}])


class Ordering(QuestionBase):
    """Items are written in their correct order; the player shows them shuffled."""

    type: Literal["ordering"] = type_tag("ordering", "an ordering question")
    items: Annotated[list[OrderItem], Field(min_length=2)] = Field(
        description="Two or more items, written in their CORRECT order (the player shuffles them "
                    "the same way for every learner).",
        examples=[[{"id": "kartoita", "text": {"fi": "Kartoita", "sv": "Kartlägg"}},
                   {"id": "sovi", "text": {"fi": "Sovi roolit", "sv": "Kom överens om roller"}}]])


def display_order(question: Ordering) -> list[int]:
    """The order an ordering question's items are first shown in: a shuffle that is the same in
    every build and language (seeded by ids) and never the correct order."""
    items = question.items
    keyed = sorted(range(len(items)),
                   key=lambda i: hashlib.sha256(f"{question.id}/{items[i].id}".encode()).digest())
    if keyed == sorted(keyed):
        keyed = keyed[1:] + keyed[:1]
    return keyed


class OrderingType(QuestionType):
    name = "ordering"
    model = Ordering
    interaction_type = "sequencing"
    option_fields = ("items",)
    solution_tag = "ol"
    skeleton = """\
items:                    # write the items in their CORRECT order; the player shuffles them
  - id: first
    text: {t:first step}
  - id: second
    text: {t:second step}
  - id: third
    text: {t:third step}
"""

    def option_ids(self, question: Any) -> list[str]:
        return [i.id for i in question.items]

    def slot_kind(self, question: Any) -> tuple[str, int]:
        return "order", len(question.items)

    def display_order(self, question: Any) -> list[int]:
        """See `display_order` (the screen partial shows the items in this order)."""
        return display_order(question)

    def correct_patterns(self, question: Any, lang: str) -> list[str]:
        return ["[,]".join(sid(i) for i in self.option_ids(question))]

    def solution(self, question: Any, lang: str, strings: dict[str, str]) -> list[str]:
        return [inline_html(i.text, lang) for i in question.items]

    def player_data(self, question: Any, lang: str, md: MarkdownOf) -> dict[str, Any]:
        return {"ids": self.option_ids(question)}

    def xapi_components(self, question: Any, lang: str, component: ComponentOf) -> dict[str, Any]:
        return {"choices": [component(i.id, i.text.get(lang)) for i in question.items]}

    def response_text(self, definition: dict[str, Any], response: str, lang: str) -> str:
        names = component_names(definition, "choices")
        return " → ".join(names.get(part, part) for part in response.split("[,]"))

    def simulated_wrong(self, definition: dict[str, Any], rng: random.Random) -> str:
        """Two items swapped."""
        parts = definition["correctResponsesPattern"][0].split("[,]")
        i, j = rng.sample(range(len(parts)), 2)
        parts[i], parts[j] = parts[j], parts[i]
        return "[,]".join(parts)


SPEC = OrderingType()
