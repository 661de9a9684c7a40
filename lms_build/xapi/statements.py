"""Statements built with the `tincan` library, the project's chosen xAPI library, with its quirks
wrapped here and nowhere else:

- it validates nothing (an empty verb or a non-IRI id serialises happily): every statement goes
  through `validation.validate_statement` (Ralph's strict models) before it is returned;
- it always writes `"version": "1.0.3"`: dropped, the LRS sets the version it stores;
- it pads durations (`PT5M30S` -> `PT05M30S`) and turns integers into floats: durations are
  written here, scores keep integers integral;
- it sets no timestamp, and numeric timestamps raise a DeprecationWarning on Python 3.12+:
  the timestamp is always given, as an aware UTC datetime, and written with milliseconds and `Z`.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

import tincan

from .validation import validate_statement
from .vocabulary import (
    CMI5_CATEGORY,
    MASTERY_SCORE_EXTENSION,
    MOVEON_CATEGORY,
    SESSION_ID_EXTENSION,
    VERBS,
)

PLATFORM = "lms-build"


@dataclass(frozen=True)
class Learner:
    """An xAPI Agent identified by an account (what cmi5 requires and an LMS provides)."""

    home_page: str
    name: str  # account name (a stable user id, never an email address)
    display_name: str | None = None

    def agent(self) -> tincan.Agent:
        return tincan.Agent(name=self.display_name, account=tincan.AgentAccount(
            home_page=self.home_page, name=self.name))


@dataclass(frozen=True)
class Session:
    """What every statement of one launch shares."""

    learner: Learner
    registration: str
    language: str  # xAPI language tag, e.g. fi-FI
    session_id: str | None = None  # the cmi5 session id: set for cmi5 launches only
    grouping: tuple[str, ...] = ()  # contextActivities.grouping (cmi5: the AU's publisher id)
    mastery_score: float | None = None  # 0..1, cmi5 launch data


@dataclass(frozen=True)
class Score:
    raw: float
    min: float
    max: float

    @property
    def scaled(self) -> float:
        return round((self.raw - self.min) / (self.max - self.min), 4) if self.max > self.min else 0.0


def iso_duration(seconds: float) -> str:
    """ISO 8601 duration without padding, hundredths at most: PT1H2M3.5S, PT0S."""
    centis = round(max(seconds, 0) * 100)
    hours, centis = divmod(centis, 360000)
    minutes, centis = divmod(centis, 6000)
    secs = f"{centis / 100:.2f}".rstrip("0").rstrip(".")
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    return text + (f"{secs}S" if secs != "0" or text == "PT" else "")


def iso_timestamp(moment: dt.datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("timestamps must be timezone-aware")
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _integral(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value


@dataclass
class StatementSpec:
    """One statement to build: a verb (key of VERBS) about an activity (catalogue entry)."""

    verb: str
    activity: dict[str, Any]  # {"id": IRI, "definition": {...}} from the catalogue
    timestamp: dt.datetime
    parent: str | None = None
    success: bool | None = None
    completion: bool | None = None
    response: str | None = None
    duration_seconds: float | None = None
    score: Score | None = None
    statement_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    cmi5_defined: bool = False  # cmi5 category (and moveOn category for success/completion)
    extensions: dict[str, Any] = field(default_factory=dict)  # more context extensions


def _definition(definition: dict[str, Any]) -> tincan.ActivityDefinition:
    """tincan's ActivityDefinition from catalogue JSON (camelCase keys as in xAPI)."""
    return tincan.ActivityDefinition.from_json(tincan.ActivityDefinition(definition).to_json())


def _context(session: Session, spec: StatementSpec) -> tincan.Context:
    activities: dict[str, list[tincan.Activity]] = {}
    if spec.parent:
        activities["parent"] = [tincan.Activity(id=spec.parent)]
    if session.grouping:
        activities["grouping"] = [tincan.Activity(id=iri) for iri in session.grouping]
    extensions: dict[str, Any] = dict(spec.extensions)
    if spec.cmi5_defined:
        categories = [CMI5_CATEGORY]
        if spec.success is not None or spec.completion is not None:
            categories.append(MOVEON_CATEGORY)
        activities["category"] = [tincan.Activity(id=iri) for iri in categories]
        if spec.verb in ("passed", "failed") and session.mastery_score is not None:
            extensions[MASTERY_SCORE_EXTENSION] = session.mastery_score
    if session.session_id:
        extensions[SESSION_ID_EXTENSION] = session.session_id
    return tincan.Context(
        registration=uuid.UUID(session.registration), language=session.language, platform=PLATFORM,
        context_activities=tincan.ContextActivities(**activities) if activities else None,
        extensions=tincan.Extensions(extensions) if extensions else None)


def _result(spec: StatementSpec) -> tincan.Result | None:
    if all(v is None for v in (spec.success, spec.completion, spec.response, spec.score)):
        return None
    score = None
    if spec.score is not None:
        score = tincan.Score(scaled=spec.score.scaled, raw=spec.score.raw, min=spec.score.min,
                             max=spec.score.max)
    return tincan.Result(success=spec.success, completion=spec.completion, response=spec.response,
                         score=score)


def build_statement(session: Session, spec: StatementSpec) -> dict[str, Any]:
    """One validated statement as a JSON-ready dict (raises InvalidStatementError)."""
    verb = VERBS[spec.verb]
    statement = tincan.Statement(
        id=uuid.UUID(spec.statement_id),
        actor=session.learner.agent(),
        verb=tincan.Verb(id=verb.id, display=tincan.LanguageMap(verb.display)),
        object=tincan.Activity(id=spec.activity["id"], definition=_definition(spec.activity["definition"])
                               if spec.activity.get("definition") else None),
        result=_result(spec),
        context=_context(session, spec),
    )
    data = statement.as_version()
    data.pop("version", None)
    data["timestamp"] = iso_timestamp(spec.timestamp)
    result = data.get("result")
    if result is not None and "score" in result:
        result["score"] = {k: _integral(v) for k, v in result["score"].items()}
    if spec.duration_seconds is not None:
        data.setdefault("result", {})["duration"] = iso_duration(spec.duration_seconds)
    return validate_statement(data)
