"""Random learner states for tests of the state encoding (Python and JavaScript)."""

from __future__ import annotations

import random

from lms_build.render import state
from lms_build.render.state import SHORT_TEXT_MAX, QuestionState, State


def random_state(lay: state.Layout, rng: random.Random) -> State:
    answers = {}
    for index, slot in enumerate(lay.slots):
        if rng.random() < 0.2:
            continue
        if slot.kind == "text":
            answer = "".join(rng.choice("abcÅäö .*€😀-") for _ in range(rng.randint(1, SHORT_TEXT_MAX // 2)))
        elif slot.kind == "single":
            answer = [rng.randrange(slot.size)]
        elif slot.kind == "multi":
            answer = sorted(rng.sample(range(slot.size), rng.randint(1, slot.size)))
        elif slot.kind == "match":
            answer = [rng.randrange(-1, slot.size) for _ in range(slot.size)]
        else:
            answer = rng.sample(range(slot.size), slot.size)
        answers[index] = QuestionState(rng.randint(0, 63), answer)
    exams = {i: state.ExamState(rng.randint(0, 63), rng.random() < 0.5, rng.randrange(2 ** 18),
                                rng.choice([None, rng.randint(0, 1000)]))
             for i in range(len(lay.exams)) if rng.random() < 0.8}
    return State({i for i in range(len(lay.pages)) if rng.random() < 0.5},
                 {i for i in range(lay.checklist_items) if rng.random() < 0.5}, answers, exams,
                 rng.randrange(len(lay.pages)))
