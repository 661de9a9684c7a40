"""Synthetic learners taking the real course: realistic, validated statement streams for load
tests and analytics.

Each learner gets a language (both course languages), an ability that decides how often they
answer right, a pace, and a chance to drop out after any module. Answers are drawn from the
real questions: right ones are the correct response pattern, wrong ones a plausible mistake of
the same shape (another option, a swapped pair, two items in the wrong order). Every statement
is built and validated by `statements.build_statement`, so a stream never holds one that an
LRS could refuse. The same seed gives the same stream (ids and timestamps included)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..questions import question_type
from ..resolve import Course, questions
from .activities import activity_index, component_id
from .statements import Learner, Score, Session, StatementSpec, build_statement
from .vocabulary import language_tag

HOME_PAGE = "https://lms.example.fi"


@dataclass(frozen=True)
class Plants:
    """Facts planted in a simulated stream, so analytics can be tested against a known truth."""

    hard_question: str | None = None  # answered right by about 10 % of learners
    distractor: tuple[str, str] | None = None  # (question, option): chosen by about 70 %, right by 30 %
    dropout_module: str | None = None  # about half of the learners who finish it stop there

    def correct_chance(self, question_id: str, ability: float) -> float:
        if question_id == self.hard_question:
            return 0.1
        if self.distractor and question_id == self.distractor[0]:
            return 0.3
        return ability


def learner_statements(course: Course, number: int, rng: random.Random, start: dt.datetime,
                       indexes: dict[str, dict[str, dict[str, Any]]],
                       plants: Plants = Plants()) -> Iterator[dict[str, Any]]:
    """The statements of one synthetic learner, in the order they would be sent."""
    lang = rng.choice(course.languages)
    index = indexes[lang]
    ability = rng.betavariate(5, 2)  # most learners answer most questions right
    pace = rng.uniform(0.6, 1.8)  # multiplies the modules' estimated minutes
    dropout = rng.uniform(0.0, 0.12)  # chance of leaving after each module
    session = Session(Learner(HOME_PAGE, f"learner-{number:05d}", f"Learner {number}"),
                      str(uuid.UUID(int=rng.getrandbits(128), version=4)), language_tag(lang))
    clock = start + dt.timedelta(days=rng.uniform(0, 60), hours=rng.uniform(7, 17))
    course_activity = index[course.config.id]

    def statement(verb: str, activity: dict, seconds: float = 0, **fields: Any) -> dict[str, Any]:
        nonlocal clock
        clock += dt.timedelta(seconds=seconds)
        return build_statement(session, StatementSpec(
            verb, activity, clock, statement_id=str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            **fields))

    began = clock
    yield statement("initialized", course_activity)
    for module in course.modules:
        module_activity, module_began = index[module.id], clock
        minutes = module.estimated_minutes * pace * 60
        per_page = minutes / max(len(module.pages), 1)
        for page in module.pages:
            yield statement("experienced", index[page.id], per_page * rng.uniform(0.5, 1.5),
                            parent=module_activity["id"], duration_seconds=round(per_page, 2))
        right = 0
        module_questions = questions(module)
        for question in module_questions:
            activity = index[question.id]
            correct = rng.random() < plants.correct_chance(question.id, ability)
            right += correct
            latency = rng.uniform(8, 90)
            spec = question_type(question)
            if correct:
                response = spec.simulated_right(activity["definition"])
            elif plants.distractor and question.id == plants.distractor[0]:
                response = component_id(plants.distractor[1])
            else:
                response = spec.simulated_wrong(activity["definition"], rng)
            yield statement("answered", activity, latency, parent=module_activity["id"], success=correct,
                            response=response, duration_seconds=round(latency, 2))
        if module.kind == "assessment" and module_questions:
            score = Score(right, 0, len(module_questions))
            passed = score.scaled * 100 >= course.config.mastery_score
            yield statement("passed" if passed else "failed", module_activity, 5, success=passed, score=score,
                            duration_seconds=round((clock - module_began).total_seconds(), 2))
        else:
            yield statement("completed", module_activity, 2, completion=True,
                            duration_seconds=round((clock - module_began).total_seconds(), 2))
        if rng.random() < dropout or (module.id == plants.dropout_module and rng.random() < 0.5):
            break
    yield statement("terminated", course_activity, 3,
                    duration_seconds=round((clock - began).total_seconds(), 2))


def simulate(course: Course, learners: int, seed: int = 0, plants: Plants = Plants()) -> Iterator[dict[str, Any]]:
    """Statements of `learners` synthetic learners, one learner after another."""
    rng = random.Random(seed)
    start = dt.datetime.combine(course.config.date, dt.time(), tzinfo=dt.UTC)
    indexes = {lang: activity_index(course, lang) for lang in course.languages}
    for number in range(1, learners + 1):
        yield from learner_statements(course, number, rng, start, indexes, plants)
