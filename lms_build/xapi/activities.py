"""The course as xAPI activities: a stable IRI for every course, module, page, question and
objective, and a per-language activity catalogue (JSON) that the player reads at run time and
analytics read later.

IRIs derive from ids only (`<xapi_iri_base>/modules/<id>`, `/pages/<id>`, ...): ids are unique
across the course and never translated, so a statement made in Finnish and one made in Swedish
name the same activity, and edits to titles never split a learner's record."""

from __future__ import annotations

import json
from typing import Any

from ..model import Module, Page
from ..model.questions import Question
from ..questions import question_type
from ..questions.base import sid
from ..render.player import plain_text
from ..resolve import Course, questions
from .vocabulary import ACTIVITY_TYPES, language_tag

CATALOGUE_FORMAT = 1


def course_iri(course: Course) -> str:
    return course.activity_iri()


def module_iri(course: Course, module: Module | str) -> str:
    return course.activity_iri("modules", module if isinstance(module, str) else module.id)


def page_iri(course: Course, page: Page | str) -> str:
    return course.activity_iri("pages", page if isinstance(page, str) else page.id)


def question_iri(course: Course, question: Question | str) -> str:
    return course.activity_iri("questions", question if isinstance(question, str) else question.id)


def objective_iri(course: Course, objective_id: str) -> str:
    return course.activity_iri("objectives", objective_id)


def _lang_map(text: str, lang: str) -> dict[str, str]:
    return {language_tag(lang): text}


def component_id(option_id: str) -> str:
    """An option id as the player reports it in responses (the SCORM 2004 short identifier form
    Moodle needs, the same in xAPI so one response string serves every protocol)."""
    return sid(option_id)


def _component(option_id: str, text: str, lang: str) -> dict[str, Any]:
    return {"id": component_id(option_id), "description": _lang_map(plain_text(text), lang)}


def interaction_definition(course: Course, question: Question, lang: str) -> dict[str, Any]:
    """The xAPI activity definition of a question (xAPI 1.0.3, Interaction Activities).

    Responses use option ids (as `component_id` writes them), never positions or texts, so they
    are the same in every language:
    choice and sequencing `a[,]b`, matching `source[.]target[,]...` (a pair's prompt and its
    match share the pair's id), true-false `true`/`false`, fill-in one pattern per accepted
    answer with `{case_matters=false}` (the player ignores case)."""
    definition: dict[str, Any] = {
        "type": ACTIVITY_TYPES["interaction"],
        "name": _lang_map(plain_text(question.prompt.get(lang))[:250] or question.id, lang),
        "description": _lang_map(plain_text(question.prompt.get(lang)), lang),
        "interactionType": question_type(question).interaction_type,
    }
    spec = question_type(question)
    definition.update(spec.xapi_components(question, lang, lambda i, text: _component(i, text, lang)))
    definition["correctResponsesPattern"] = spec.xapi_correct_patterns(question, lang)
    if question.objective:
        definition["extensions"] = {"https://w3id.org/xapi/lms-build/extensions/objective":
                                    objective_iri(course, question.objective)}
    return definition


def _activity(iri: str, kind: str, name: str, description: str, lang: str, **extra: Any) -> dict[str, Any]:
    definition = {"type": ACTIVITY_TYPES[kind], "name": _lang_map(name, lang)}
    if description:
        definition["description"] = _lang_map(description, lang)
    return {"id": iri, "definition": definition, **extra}


def catalogue(course: Course, lang: str) -> dict[str, Any]:
    """Every activity of the course in one language (JSON-ready, deterministic order)."""
    config = course.config
    activities: list[dict[str, Any]] = [
        _activity(course_iri(course), "course", config.title.get(lang), config.description.get(lang), lang,
                  key=config.id)]
    for module in course.modules:
        kind = "assessment" if module.kind == "assessment" else "module"
        activities.append(_activity(module_iri(course, module), kind, plain_text(module.title.get(lang)),
                                    plain_text(module.summary.get(lang)), lang, key=module.id,
                                    parent=course_iri(course)))
        for objective in module.objectives:
            activities.append(_activity(objective_iri(course, objective.id), "objective",
                                        plain_text(objective.text.get(lang)), "", lang, key=objective.id,
                                        parent=module_iri(course, module)))
        for page in module.pages:
            activities.append(_activity(page_iri(course, page), "lesson", plain_text(page.title.get(lang)), "",
                                        lang, key=page.id, parent=module_iri(course, module)))
        for question in questions(module):
            activities.append({"id": question_iri(course, question), "key": question.id,
                               "parent": module_iri(course, module),
                               "definition": interaction_definition(course, question, lang)})
    return {"format": CATALOGUE_FORMAT, "course": config.id, "version": config.version,
            "lang": lang, "language": language_tag(lang), "iriBase": course_iri(course),
            "activities": activities}


def catalogue_json(course: Course, lang: str) -> bytes:
    """The catalogue file as it goes into a package: compact, sorted keys, UTF-8."""
    return json.dumps(catalogue(course, lang), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def activity_index(course: Course, lang: str) -> dict[str, dict[str, Any]]:
    """Activities by key (the course id, module, page, objective or question id)."""
    return {a["key"]: a for a in catalogue(course, lang)["activities"]}
