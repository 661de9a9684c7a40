"""Question types: one file per type holds its model and its specification (see base.py), and
`QUESTION_TYPES` registers them by name. A new type is one new file here, listed in
registry.py, plus its answer kind's JavaScript in render/static/core/types/ if it needs a new one."""

# The course model assembles its question union from the registry, and the specs' models build
# on the model's base types: loading the model first makes either import order work.
import lms_build.model  # noqa: F401  isort: skip

from .base import QuestionBase, QuestionType
from .registry import QUESTION_TYPES, question_type

__all__ = ["QUESTION_TYPES", "QuestionBase", "QuestionType", "question_type"]
