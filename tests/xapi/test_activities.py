"""Activity IRIs and the per-language activity catalogue."""

from __future__ import annotations

import json

import pytest
from ralph.models.xapi.base.objects import BaseXapiObject  # noqa: F401  (models import cleanly)
from ralph.models.xapi.base.unnested_objects import BaseXapiActivity

from lms_build.resolve import questions
from lms_build.xapi.activities import activity_index, catalogue, catalogue_json, component_id, question_iri
from lms_build.xapi.vocabulary import ACTIVITY_TYPES
from tests.support.courses import mini_course, real_course


def test_every_activity_iri_is_the_same_in_every_language():
    course = real_course()
    fi, sv = catalogue(course, "fi"), catalogue(course, "sv")
    assert [a["id"] for a in fi["activities"]] == [a["id"] for a in sv["activities"]]
    assert len({a["id"] for a in fi["activities"]}) == len(fi["activities"]), "IRIs are unique"


def test_iris_derive_from_ids_under_the_course_base():
    course = mini_course()
    base = str(course.config.xapi_iri_base).rstrip("/")
    question = questions(course.modules[0])[0]
    assert question_iri(course, question) == f"{base}/questions/{question.id}"
    assert all(a["id"].startswith(base) for a in catalogue(course, "fi")["activities"])


@pytest.mark.parametrize("lang,tag", [("fi", "fi-FI"), ("sv", "sv-FI")])
def test_names_are_language_maps_in_the_catalogue_language(lang, tag):
    for activity in catalogue(real_course(), lang)["activities"]:
        assert list(activity["definition"]["name"]) == [tag]
        assert activity["definition"]["name"][tag].strip()


def test_every_activity_is_a_valid_xapi_activity_for_ralph():
    for lang in ("fi", "sv"):
        for activity in catalogue(real_course(), lang)["activities"]:
            BaseXapiActivity.model_validate({"objectType": "Activity", "id": activity["id"],
                                             "definition": activity["definition"]})


def test_activity_types_cover_course_module_assessment_lesson_and_interaction():
    kinds = {a["definition"]["type"] for a in catalogue(real_course(), "fi")["activities"]}
    assert {ACTIVITY_TYPES[k] for k in ("course", "module", "assessment", "lesson", "interaction",
                                        "objective")} == kinds


def test_choice_question_definition_lists_option_ids_and_the_correct_pattern():
    course = mini_course()
    index = activity_index(course, "fi")
    for question in [q for m in course.modules for q in questions(m)]:
        definition = index[question.id]["definition"]
        match question.type:
            case "single-choice":
                assert definition["interactionType"] == "choice"
                assert definition["correctResponsesPattern"] == [component_id(question.correct)]
                assert [c["id"] for c in definition["choices"]] == [component_id(o.id) for o in question.options]
            case "multiple-choice":
                assert definition["correctResponsesPattern"] == ["[,]".join(
                    component_id(o.id) for o in question.options if o.id in question.correct)]
            case "true-false":
                assert definition["correctResponsesPattern"] == [str(question.correct).lower()]
            case "matching":
                assert definition["interactionType"] == "matching"
                assert [s["id"] for s in definition["source"]] == [component_id(p.id) for p in question.pairs]
                assert definition["correctResponsesPattern"][0].split("[,]")[0] == \
                    f"{component_id(question.pairs[0].id)}[.]{component_id(question.pairs[0].id)}"
            case "ordering":
                assert definition["interactionType"] == "sequencing"
                assert definition["correctResponsesPattern"] == ["[,]".join(
                    component_id(i.id) for i in question.items)]
            case "short-text":
                assert definition["interactionType"] == "fill-in"
                assert all(p.startswith("{case_matters=false}") for p in definition["correctResponsesPattern"])


def test_catalogue_json_is_deterministic_and_utf8():
    course = real_course()
    first, second = catalogue_json(course, "sv"), catalogue_json(course, "sv")
    assert first == second
    assert "ö" in first.decode("utf-8")
    assert json.loads(first)["language"] == "sv-FI"
