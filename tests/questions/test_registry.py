"""The registry of question types: one spec per type of the course format, each with its
partials, and nothing about a type anywhere else in Python."""

from __future__ import annotations

import typing
from importlib import resources

from lms_build.editor_schemas import schema_document
from lms_build.model import QUESTION_TYPES as FORMAT_TYPES
from lms_build.model.questions import Question
from lms_build.questions import QUESTION_TYPES, QuestionType
from lms_build.resolve import questions
from tests.support.courses import mini_course
from tests.support.questions import spec_of

MODELS = typing.get_args(typing.get_args(Question)[0])


def test_every_model_of_the_union_has_exactly_one_spec_and_every_spec_is_in_the_union():
    assert [spec.model for spec in QUESTION_TYPES.values()] == list(MODELS)
    assert len({spec.model for spec in QUESTION_TYPES.values()}) == len(QUESTION_TYPES)


def test_a_spec_is_registered_under_the_type_tag_of_its_model():
    for name, spec in QUESTION_TYPES.items():
        assert isinstance(spec, QuestionType)
        assert typing.get_args(spec.model.model_fields["type"].annotation) == (name,) == (spec.name,)
    assert tuple(QUESTION_TYPES) == FORMAT_TYPES


def test_each_spec_lives_in_its_own_file_named_after_its_type():
    for name, spec in QUESTION_TYPES.items():
        module = f"lms_build.questions.{name.replace('-', '_')}"
        assert type(spec).__module__ == module
        assert spec.model.__module__ == module


def test_the_json_schema_discriminates_exactly_the_registered_types():
    schema = schema_document("module")
    mappings = [node["discriminator"]["mapping"] for node in _nodes(schema)
                if isinstance(node.get("discriminator"), dict) and "single-choice" in node["discriminator"]["mapping"]]
    assert mappings and all(sorted(mapping) == sorted(QUESTION_TYPES) for mapping in mappings)


def test_every_spec_names_a_screen_and_a_print_partial_that_exist():
    screen = resources.files("lms_build.render").joinpath("templates")
    printed = resources.files("lms_build.targets.pdf").joinpath("templates")
    for spec in QUESTION_TYPES.values():
        assert screen.joinpath(spec.screen_template).is_file(), spec.screen_template
        assert printed.joinpath(spec.print_template).is_file(), spec.print_template


def test_slot_kinds_are_the_answer_kinds_the_learner_state_and_the_javascript_know():
    course = mini_course()
    kinds = {spec_of(q).slot_kind(q)[0] for m in course.modules for q in questions(m)}
    assert kinds == {"single", "multi", "match", "order", "text"}


def _nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)
