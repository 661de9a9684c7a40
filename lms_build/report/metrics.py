"""What the report says, computed by SQL inside the statement store.

Every figure is computed per language (the learner's language: the one most of their statements
carry) and overall. A learner's answer to a question is their last one; their total is the share
of the questions they answered that they got right. Item discrimination is the corrected
item-total correlation: the point-biserial correlation of the item with the learner's total on
the *other* items, so an item never correlates with itself."""

from __future__ import annotations

import itertools
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from ..resolve import Course, questions
from .store import Store

#: A question almost nobody gets right, or one whose top wrong answer beats the right one, is
#: flagged as possibly broken (a wrong key, a misleading prompt, an option that reads as right).
ALMOST_NOBODY = 0.2
TOP_WRONG = 3


@dataclass
class ModuleRow:
    key: str
    reached: int  # learners with any statement about the module's pages or questions
    finished: int  # learners with completed / passed / failed on the module
    minutes_q1: float | None
    minutes_median: float | None
    minutes_q3: float | None
    stopped: int = 0  # finished this module but never reached the next one

    @property
    def stopped_share(self) -> float | None:
        return self.stopped / self.finished if self.finished else None


@dataclass
class PageRow:
    key: str
    module: str
    learners: int


@dataclass
class QuestionRow:
    key: str
    module: str
    answered: int
    correct_share: float | None
    discrimination: float | None
    top_wrong: list[tuple[str, int]]  # (response pattern, learners)
    correct_count: int = 0
    flags: list[str] = field(default_factory=list)


@dataclass
class ObjectiveRow:
    key: str
    module: str
    attempted: int
    met_share: float | None


@dataclass
class Figures:
    lang: str | None  # None: all languages together
    started: int
    completed: int
    passed: int
    modules: list[ModuleRow]
    pages: list[PageRow]
    scores: list[tuple[int, int]]  # (lower bound of a 10-point band, learners)
    questions: list[QuestionRow]
    objectives: list[ObjectiveRow]

    def as_dict(self) -> dict[str, Any]:
        return _clean(asdict(self))


def _clean(value: Any) -> Any:
    """JSON-safe numbers that do not depend on the engine's summation order: NaN (a question
    everybody got right has no correlation) becomes None, and floats keep 6 decimals."""
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, dict):
        return {key: _clean(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(item) for item in value]
    return value


def load_course_tables(store: Store, course: Course) -> None:
    """The course's structure as tables the metrics join against (order, pages, questions)."""
    db = store.db
    db.execute("CREATE OR REPLACE TEMP TABLE c_modules (key VARCHAR, ord INTEGER, assessment BOOLEAN)")
    db.execute("CREATE OR REPLACE TEMP TABLE c_pages (key VARCHAR, module VARCHAR, ord INTEGER)")
    db.execute("CREATE OR REPLACE TEMP TABLE c_questions (key VARCHAR, module VARCHAR, objective VARCHAR, "
               "ord INTEGER)")
    page_rows: list[tuple] = []
    question_rows: list[tuple] = []
    for index, module in enumerate(course.modules):
        db.execute("INSERT INTO c_modules VALUES (?, ?, ?)", [module.id, index, module.kind == "assessment"])
        for page in module.pages:
            page_rows.append((page.id, module.id, len(page_rows)))
        for question in questions(module):
            question_rows.append((question.id, module.id, question.objective, len(question_rows)))
    if page_rows:
        db.executemany("INSERT INTO c_pages VALUES (?, ?, ?)", page_rows)
    if question_rows:
        db.executemany("INSERT INTO c_questions VALUES (?, ?, ?, ?)", question_rows)
    # The learner's language: the one most of their statements carry (ties: alphabetical).
    db.execute("""CREATE OR REPLACE TEMP TABLE learners AS
        SELECT actor, arg_max(lang, n) AS lang FROM (
            SELECT actor, coalesce(lang, '?') AS lang, count(*) AS n FROM statements GROUP BY ALL
        ) GROUP BY actor""")
    db.execute("""CREATE OR REPLACE TEMP TABLE last_answers AS
        SELECT s.actor, s.key, arg_max(s.success, s.ts) AS success, arg_max(s.response, s.ts) AS response
        FROM statements s JOIN c_questions q ON q.key = s.key
        WHERE s.verb = 'answered' AND s.kind = 'questions' GROUP BY s.actor, s.key""")


def figures(store: Store, course: Course, lang: str | None) -> Figures:
    """The report's numbers for one language (or all, with lang None)."""
    who = "(SELECT actor FROM learners WHERE ? IS NULL OR lang = ?)"
    p = [lang, lang]
    q = store.query
    started = q(f"SELECT count(*) FROM {who}", p)[0][0]
    module_count = len(course.modules)
    completed = q(f"""SELECT count(*) FROM (
        SELECT actor FROM statements WHERE actor IN {who} AND kind = 'modules'
          AND verb IN ('completed', 'passed', 'failed')
        GROUP BY actor HAVING count(DISTINCT key) = ?)""", [*p, module_count])[0][0]
    passed = q(f"""SELECT count(DISTINCT actor) FROM statements s JOIN c_modules m ON m.key = s.key
        WHERE actor IN {who} AND s.kind = 'modules' AND m.assessment AND verb = 'passed'""", p)[0][0]

    modules = [ModuleRow(*row) for row in q(f"""
        WITH touched AS (
            SELECT DISTINCT s.actor, coalesce(pg.module, qu.module, md.key) AS module
            FROM statements s
            LEFT JOIN c_pages pg ON s.kind = 'pages' AND pg.key = s.key
            LEFT JOIN c_questions qu ON s.kind = 'questions' AND qu.key = s.key
            LEFT JOIN c_modules md ON s.kind = 'modules' AND md.key = s.key
            WHERE s.actor IN {who}),
        finished AS (
            SELECT actor, key AS module, min(duration) / 60 AS minutes FROM statements
            WHERE actor IN {who} AND kind = 'modules' AND verb IN ('completed', 'passed', 'failed')
            GROUP BY actor, key)
        SELECT m.key,
               (SELECT count(*) FROM touched t WHERE t.module = m.key),
               (SELECT count(*) FROM finished f WHERE f.module = m.key),
               (SELECT quantile_cont(minutes, 0.25) FROM finished f WHERE f.module = m.key),
               (SELECT median(minutes) FROM finished f WHERE f.module = m.key),
               (SELECT quantile_cont(minutes, 0.75) FROM finished f WHERE f.module = m.key)
        FROM c_modules m ORDER BY m.ord""", [*p, *p])]
    for row, following in itertools.pairwise(modules):
        row.stopped = max(row.finished - following.reached, 0)

    pages = [PageRow(*row) for row in q(f"""
        SELECT c.key, c.module, count(DISTINCT s.actor) FROM c_pages c
        LEFT JOIN statements s ON s.kind = 'pages' AND s.key = c.key AND s.verb = 'experienced'
             AND s.actor IN {who}
        GROUP BY c.key, c.module, c.ord ORDER BY c.ord""", p)]

    scores = q(f"""SELECT least(floor(best * 10), 9)::INTEGER * 10 AS band, count(*) FROM (
            SELECT s.actor, max(s.scaled) AS best FROM statements s JOIN c_modules m ON m.key = s.key
            WHERE s.actor IN {who} AND s.kind = 'modules' AND m.assessment AND s.scaled IS NOT NULL
            GROUP BY s.actor)
        GROUP BY band ORDER BY band""", p)
    bands = dict(scores)
    score_bands = [(band, bands.get(band, 0)) for band in range(0, 100, 10)]

    question_rows = [QuestionRow(key, module, answered, share, disc, [], correct_count)
                     for key, module, answered, share, disc, correct_count in q(f"""
        WITH mine AS (SELECT * FROM last_answers WHERE actor IN {who}),
        totals AS (SELECT actor, sum(success::INTEGER) AS right, count(*) AS n FROM mine GROUP BY actor),
        rest AS (
            SELECT a.key, a.success::DOUBLE AS item,
                   (t.right - a.success::INTEGER)::DOUBLE / nullif(t.n - 1, 0) AS rest_score
            FROM mine a JOIN totals t USING (actor))
        SELECT c.key, c.module, count(a.actor), avg(a.success::INTEGER),
               (SELECT corr(item, rest_score) FROM rest r WHERE r.key = c.key),
               coalesce(sum(a.success::INTEGER), 0)
        FROM c_questions c LEFT JOIN mine a ON a.key = c.key
        GROUP BY c.key, c.module, c.ord ORDER BY c.ord""", p)]
    wrong = q(f"""SELECT key, response, count(*) AS n FROM last_answers
        WHERE actor IN {who} AND NOT success AND response IS NOT NULL
        GROUP BY key, response ORDER BY key, n DESC, response""", p)
    by_key = {row.key: row for row in question_rows}
    for key, response, count in wrong:
        row = by_key.get(key)
        if row is not None and len(row.top_wrong) < TOP_WRONG:
            row.top_wrong.append((response, count))
    for row in question_rows:
        row.discrimination = _clean(row.discrimination)
        if row.answered and row.correct_share is not None and row.correct_share < ALMOST_NOBODY:
            row.flags.append("almost-nobody-right")
        if row.top_wrong and row.top_wrong[0][1] > row.correct_count:
            row.flags.append("wrong-answer-beats-right")

    objectives = [ObjectiveRow(*row) for row in q(f"""
        WITH per_learner AS (
            SELECT c.objective, c.module, a.actor, bool_and(a.success) AS met
            FROM last_answers a JOIN c_questions c ON c.key = a.key
            WHERE c.objective IS NOT NULL AND a.actor IN {who}
            GROUP BY c.objective, c.module, a.actor)
        SELECT o.objective, o.module, count(l.actor), avg(l.met::INTEGER)
        FROM (SELECT DISTINCT objective, module, min(ord) AS ord FROM c_questions
              WHERE objective IS NOT NULL GROUP BY ALL) o
        LEFT JOIN per_learner l ON l.objective = o.objective
        GROUP BY o.objective, o.module, o.ord ORDER BY o.ord""", p)]
    return Figures(lang, started, completed, passed, modules, pages, score_bands, question_rows, objectives)
