"""Strict validation of every statement before it leaves the program.

Ralph's pydantic models (`ralph.models.xapi`) check the xAPI structure strictly (IRIs, scores,
durations, no unknown or empty fields) where the `tincan` library checks nothing. They let a
naive timestamp and a missing id through, which this project never sends: the AU must give
every statement a UUID (cmi5 9.1.0.0-1) and a UTC timestamp (cmi5 9.7.0.0-1, 9.7.0.0-2), so
those two rules are added here."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import ValidationError
from ralph.models.xapi.base.statements import BaseXapiStatement


class InvalidStatementError(ValueError):
    """A statement that must not be sent; the message names every problem with its path."""


def _is_branch(part: object) -> bool:
    """A loc segment naming one alternative of a union (Ralph's models are unions of classes)."""
    return isinstance(part, str) and part[:1].isupper()


def _problems(error: ValidationError) -> list[str]:
    """Readable problems: of the alternatives of a union (an Activity, a StatementRef, an Agent
    with mbox, ...) only the closest one is reported, the one with the fewest errors."""
    branches: dict[tuple, dict[str, list[dict]]] = {}
    plain: list[dict] = []
    for item in error.errors():
        loc = item["loc"]
        cut = next((i for i, part in enumerate(loc) if _is_branch(part)), None)
        if cut is None:
            plain.append(item)
        else:
            branches.setdefault(loc[:cut], {}).setdefault(str(loc[cut]), []).append(
                {**item, "loc": loc[:cut] + tuple(p for p in loc[cut + 1:] if not _is_branch(p))})
    for alternatives in branches.values():
        plain += min(alternatives.values(), key=len)
    return [f"{'.'.join(str(p) for p in e['loc']) or 'statement'}: {e['msg']}" for e in plain]


def _own_rules(statement: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    try:
        uuid.UUID(str(statement.get("id")))
    except ValueError:
        problems.append(f"id: {statement.get('id')!r} is not a UUID (every statement gets one)")
    stamp = statement.get("timestamp")
    try:
        parsed = dt.datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        problems.append(f"timestamp: {stamp!r} is not an ISO 8601 date-time")
    else:
        if parsed.utcoffset() != dt.timedelta(0):
            problems.append(f"timestamp: {stamp!r} is not in UTC")
    return problems


def validate_statement(statement: dict[str, Any]) -> dict[str, Any]:
    """Return the statement unchanged if it is valid; raise InvalidStatementError otherwise."""
    problems = _own_rules(statement)
    try:
        BaseXapiStatement.model_validate(statement)
    except ValidationError as error:
        problems += _problems(error)
    if problems:
        verb = (statement.get("verb") or {}).get("id", "?")
        raise InvalidStatementError(f"invalid xAPI statement ({verb}): " + "; ".join(problems))
    return statement
