"""A small LRS in memory, for one learner on one machine: what `lms-build preview --as cmi5`
keeps statements in, so an author needs no LRS of their own.

The launcher answers the State and Agent Profile resources itself (LMS.LaunchData, the player's
state document, cmi5LearnerPreferences); this is the Statement resource behind it: it stores
statements as an LRS does (each checked by lms_build.xapi.validation, the same strict models the
build uses; an id stored again with other content is a conflict, with the same content a no-op,
xAPI 2.1.3), sets `stored` and `authority`, and answers GET by statementId or with the common
filters (registration, verb, activity, agent, limit, ascending). Nothing is kept on disk."""

from __future__ import annotations

import datetime as dt
import json
import threading
import uuid
from typing import Any

from ..xapi.lrs_client import LRSError
from ..xapi.validation import InvalidStatementError, validate_statement

AUTHORITY = {"objectType": "Agent", "name": "lms-build preview",
             "account": {"homePage": "https://w3id.org/xapi/lms-build", "name": "preview"}}


class Conflict(LRSError):
    """A statement id stored before with other content (xAPI answers 409)."""


def _same_agent(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("mbox", "mbox_sha1sum", "openid", "account")
    return any(k in a for k in keys) and all(a.get(k) == b.get(k) for k in keys)


def _mentions(statement: dict[str, Any], activity: str) -> bool:
    if (statement.get("object") or {}).get("id") == activity:
        return True
    activities = ((statement.get("context") or {}).get("contextActivities") or {})
    return any(a.get("id") == activity for group in activities.values() for a in group or [])


class MemoryLrs:
    """The Statement resource of an LRS, in memory."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._statements: list[dict[str, Any]] = []  # in the order stored
        self._by_id: dict[str, dict[str, Any]] = {}
        self._sent: dict[str, dict[str, Any]] = {}  # id -> the statement as sent (for conflicts)

    @property
    def statements(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._statements)

    def store(self, statements: list[dict[str, Any]]) -> list[str]:
        """Store a batch, all or nothing; raises LRSError (400) or Conflict (409)."""
        batch: list[dict[str, Any]] = []
        for statement in statements:
            if not isinstance(statement, dict):
                raise LRSError("400: a statement must be a JSON object")
            try:
                validate_statement(statement)
            except InvalidStatementError as error:
                raise LRSError(f"400: {error}") from None
            batch.append(json.loads(json.dumps(statement)))
        ids = [str(s.get("id") or uuid.uuid4()) for s in batch]
        if len(set(ids)) != len(ids):
            raise LRSError("400: the batch holds one statement id twice")
        with self._lock:
            for statement_id, statement in zip(ids, batch, strict=True):
                if statement_id in self._sent and self._sent[statement_id] != statement:
                    raise Conflict(f"409: statement {statement_id} was stored before with other content")
            stamp = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
            for statement_id, statement in zip(ids, batch, strict=True):
                if statement_id in self._sent:
                    continue
                self._sent[statement_id] = json.loads(json.dumps(statement))
                stored = {**statement, "id": statement_id, "stored": stamp, "authority": AUTHORITY,
                          "version": statement.get("version", "1.0.0")}
                self._statements.append(stored)
                self._by_id[statement_id] = stored
        return ids

    def query(self, params: dict[str, str]) -> tuple[int, Any]:
        """GET /statements: (HTTP status, JSON body)."""
        with self._lock:
            if "statementId" in params or "voidedStatementId" in params:
                found = self._by_id.get(params.get("statementId") or params.get("voidedStatementId", ""))
                return (200, found) if found else (404, {"error": "no such statement"})
            try:
                chosen = [s for s in self._statements if self._matches(s, params)]
                limit = int(params.get("limit") or 0)
            except (ValueError, json.JSONDecodeError) as error:
                return 400, {"error": f"bad query: {error}"}
        if params.get("ascending") != "true":
            chosen.reverse()
        return 200, {"statements": chosen[:limit] if limit > 0 else chosen, "more": ""}

    @staticmethod
    def _matches(statement: dict[str, Any], params: dict[str, str]) -> bool:
        context = statement.get("context") or {}
        if "registration" in params and context.get("registration") != params["registration"]:
            return False
        if "verb" in params and (statement.get("verb") or {}).get("id") != params["verb"]:
            return False
        if "activity" in params and not _mentions(statement, params["activity"]):
            return False
        return "agent" not in params or _same_agent(json.loads(params["agent"]), statement.get("actor") or {})
