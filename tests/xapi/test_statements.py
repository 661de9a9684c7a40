"""Statements built through the tincan wrapper, and the strict validation every statement passes."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from lms_build.xapi.activities import activity_index
from lms_build.xapi.statements import (
    Learner,
    Score,
    Session,
    StatementSpec,
    build_statement,
    iso_duration,
    iso_timestamp,
)
from lms_build.xapi.validation import InvalidStatementError, validate_statement
from lms_build.xapi.vocabulary import CMI5_CATEGORY, MOVEON_CATEGORY, SESSION_ID_EXTENSION
from tests.support.courses import mini_course

NOW = dt.datetime(2026, 11, 30, 9, 0, 0, 123000, tzinfo=dt.UTC)
SESSION = Session(Learner("https://lms.example.fi", "learner-1", "Aino"), str(uuid.uuid4()), "fi-FI")


def _index():
    return activity_index(mini_course(), "fi")


def _question():
    return next(a for a in _index().values() if a["definition"].get("interactionType") == "choice")


def test_answered_statement_carries_response_success_duration_and_definition():
    question = _question()
    statement = build_statement(SESSION, StatementSpec(
        "answered", question, NOW, parent="https://example.org/m", success=False, response="b",
        duration_seconds=330))
    assert statement["result"] == {"success": False, "response": "b", "duration": "PT5M30S"}
    assert statement["object"]["definition"]["interactionType"] == "choice"
    assert statement["context"]["registration"] == SESSION.registration
    assert statement["context"]["contextActivities"]["parent"][0]["id"] == "https://example.org/m"
    assert statement["timestamp"] == "2026-11-30T09:00:00.123Z"
    uuid.UUID(statement["id"])


def test_tincan_quirks_are_undone_no_version_no_padding_integral_scores():
    course = _index()[mini_course().config.id]
    statement = build_statement(SESSION, StatementSpec(
        "passed", course, NOW, success=True, score=Score(8, 0, 10), duration_seconds=65.5))
    assert "version" not in statement
    assert statement["result"]["duration"] == "PT1M5.5S"
    assert statement["result"]["score"] == {"scaled": 0.8, "raw": 8, "min": 0, "max": 10}


def test_cmi5_defined_statement_has_cmi5_and_moveon_categories_session_and_mastery():
    session = Session(SESSION.learner, SESSION.registration, "sv-FI", session_id="s-1",
                      grouping=("https://example.org/au",), mastery_score=0.8)
    course = _index()[mini_course().config.id]
    statement = build_statement(session, StatementSpec(
        "failed", course, NOW, success=False, score=Score(5, 0, 10), duration_seconds=1, cmi5_defined=True))
    context = statement["context"]
    assert [c["id"] for c in context["contextActivities"]["category"]] == [CMI5_CATEGORY, MOVEON_CATEGORY]
    assert context["contextActivities"]["grouping"][0]["id"] == "https://example.org/au"
    assert context["extensions"][SESSION_ID_EXTENSION] == "s-1"
    assert context["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 0.8


def test_initialized_is_cmi5_category_only_without_moveon():
    session = Session(SESSION.learner, SESSION.registration, "fi-FI", session_id="s-1")
    statement = build_statement(session, StatementSpec("initialized", _index()[mini_course().config.id], NOW,
                                                       cmi5_defined=True))
    assert [c["id"] for c in statement["context"]["contextActivities"]["category"]] == [CMI5_CATEGORY]
    assert "result" not in statement


@pytest.mark.parametrize("seconds,expected", [(0, "PT0S"), (5.25, "PT5.25S"), (3600, "PT1H"),
                                              (3723.5, "PT1H2M3.5S"), (60, "PT1M")])
def test_iso_duration(seconds, expected):
    assert iso_duration(seconds) == expected


def test_naive_timestamps_are_refused():
    with pytest.raises(ValueError, match="timezone"):
        iso_timestamp(dt.datetime(2026, 1, 1))


def _valid():
    return build_statement(SESSION, StatementSpec("experienced", _index()[mini_course().config.id], NOW))


@pytest.mark.parametrize("path,value,message", [
    (("verb", "id"), "answered", "verb.id"),                      # not an IRI
    (("object", "id"), "page-1", "object.id"),                    # not an IRI
    (("timestamp",), "2026-11-30T09:00:00", "not in UTC"),        # naive
    (("timestamp",), "2026-11-30T11:00:00+02:00", "not in UTC"),  # cmi5 9.7.0.0-2
    (("id",), "1", "not a UUID"),
    (("actor", "account", "homePage"), "", "empty"),
])
def test_validation_refuses_what_tincan_lets_through(path, value, message):
    statement = _valid()
    target = statement
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(InvalidStatementError, match=message):
        validate_statement(statement)


def test_validation_refuses_out_of_range_scores_and_bad_durations():
    statement = build_statement(SESSION, StatementSpec(
        "passed", _index()[mini_course().config.id], NOW, success=True, score=Score(8, 0, 10)))
    statement["result"]["score"]["scaled"] = 1.5
    statement["result"]["duration"] = "5 minutes"
    with pytest.raises(InvalidStatementError, match=r"result\.score\.scaled.*result\.duration"):
        validate_statement(statement)


def test_build_refuses_an_invalid_activity_instead_of_sending_it():
    with pytest.raises(InvalidStatementError, match=r"object\.id"):
        build_statement(SESSION, StatementSpec("experienced", {"id": "not an iri", "definition": {
            "type": "http://adlnet.gov/expapi/activities/lesson"}}, NOW))
