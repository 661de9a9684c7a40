"""Which handouts a course gets and what they are called.

Per language: one handout for the whole course and one per module, each in a learner edition
(questions without answers, room to write) and a facilitator edition (answer key, feedback and
the learning-circle questions). File names derive from ids, never from titles, so they are the
same in every language and stable across edits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ...model import Module
from ...resolve import Course

Edition = Literal["learner", "facilitator"]
EDITIONS: tuple[Edition, ...] = ("learner", "facilitator")


@dataclass(frozen=True)
class Handout:
    lang: str
    edition: Edition
    module: Module | None = None  # None: the whole course

    @property
    def facilitator(self) -> bool:
        return self.edition == "facilitator"

    def modules(self, course: Course) -> list[Module]:
        return list(course.modules) if self.module is None else [self.module]

    def file_name(self, course: Course) -> str:
        stem = course.config.id if self.module is None else f"{self.module.order:02d}-{self.module.id}"
        return f"{stem}-{self.lang}-{self.edition}.pdf"


def handouts(course: Course, lang: str) -> list[Handout]:
    """The course handout first (the longest, so a worker pool starts on it early), then modules."""
    scopes: list[Module | None] = [None, *course.modules]
    return [Handout(lang, edition, module) for module in scopes for edition in EDITIONS]
