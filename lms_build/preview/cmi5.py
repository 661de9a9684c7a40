"""The preview's LMS for `--as cmi5`: the project's cmi5 launcher (lms_build.launcher) with an
in-memory LRS, for the one learner at the browser.

The launcher works as it does for the tests and for an LMS: it launches the chosen AU (module)
with a launch URL carrying endpoint, fetch, actor, registration and activityId, answers the
one-time fetch URL, LMS.LaunchData, the learner preferences and the player's state document, and
checks every statement against the cmi5 rules (lms_build.launcher.rules, which include the strict
statement validation of lms_build.xapi.validation) before the LRS stores it. The preview mounts it
under /lms/ on its own origin and serves the AU pages from the in-memory cmi5 build under
/course/. `inspector()` is what the shell shows: every statement received, refused ones with the
requirement they broke, and status, score, location and state size for the running AU.

A rebuild keeps the registration: the shell relaunches the AU in it (a new session), so the
learner's place and answers come back from the state document. "Reset attempt" starts a new
registration."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ..launcher import Cmi5Launcher
from ..launcher.cmi5 import Received, Reply
from ..launcher.memory_lrs import MemoryLrs
from ..xapi.statements import Learner
from ..xapi.vocabulary import language_tag
from .build import COURSE_PREFIX

#: Mount point of the launcher in the preview server.
LMS_PREFIX = "/lms"
#: The player's own state document (render/static/adapters/xapi-core.js, STATE_ID).
PLAYER_STATE_ID = "https://w3id.org/xapi/lms-build/state"
LEARNER = Learner("https://lms-build.invalid/preview", "author", "Author (preview)")


@dataclass(frozen=True)
class Launch:
    url: str
    registration: str
    au: str
    session: str


class Cmi5Lms:
    """One learner's cmi5 LMS and LRS, in memory."""

    def __init__(self, lang: str):
        self.lrs = MemoryLrs()
        self.launcher = Cmi5Launcher(lrs=self.lrs, learner=LEARNER, language_preference=language_tag(lang),
                                     activity_base="https://lms-build.invalid/preview/cmi5")
        self._lock = threading.Lock()
        self._loaded: dict[str, bytes] | None = None
        self.problem: str | None = None  # the package refused by the launcher (a bug in lms-build)
        self.registration: str | None = None
        self.attempts = 0
        self.current: Launch | None = None

    def attach(self, base_url: str, course_url: str) -> None:
        """Where the preview serves the launcher (`base_url` + /lms) and the AU files."""
        self.launcher.base_url = base_url.rstrip("/") + LMS_PREFIX
        self.launcher.au_base = course_url

    def update(self, served: dict[str, bytes]) -> None:
        """Take the files of the latest good build (as served: under course/)."""
        with self._lock:
            if served is self._loaded:
                return  # a broken save keeps the last good build's files
            try:
                self.launcher.load({path.removeprefix(COURSE_PREFIX): data for path, data in served.items()})
                self.problem = None
            except ValueError as error:
                self.problem = str(error)
            self._loaded = served

    def aus(self) -> list[dict[str, str]]:
        return [{"id": au.id, "title": au.title, "url": au.url} for au in self.launcher.aus]

    def launch(self, au: str | None, new_attempt: bool) -> Launch:
        """Launch `au` (its id or file; default: the one running, else the first), in the current
        registration, or in a new one when asked or when there is none yet."""
        with self._lock:
            if not self.launcher.aus:
                raise LookupError(self.problem or "the course has no AU")
            if new_attempt or self.registration is None:
                self.registration = None
                self.attempts += 1
            key = au or (self.current.au if self.current else None)
            chosen = next((a for a in self.launcher.aus if key in (a.id, a.url)), self.launcher.aus[0])
            url = self.launcher.launch(chosen.id, registration=self.registration)
            if self.registration is None:
                self.registration = _query_value(url, "registration")
            session = self.launcher.fetches[_query_value(url, "fetch").rsplit("/", 1)[-1]]
            self.current = Launch(url, self.registration, chosen.id, session)
            return self.current

    def answer(self, method: str, target: str, authorization: str | None, body: bytes) -> Reply:
        return self.launcher.answer(method, target, authorization, body)

    # -- the inspector -------------------------------------------------------------------------

    def inspector(self) -> dict[str, Any]:
        current = self.current
        received = [r for r in list(self.launcher.received) if current and r.registration == current.registration]
        au = next((a for a in self.launcher.aus if current and a.id == current.au), None)
        session = self.launcher.sessions.get(current.session) if current else None
        activity = session.activity_id if session else None
        titles = {a.id: a.title for a in self.launcher.aus}
        names = {s.activity_id: titles.get(s.publisher_id, s.publisher_id)
                 for s in list(self.launcher.sessions.values())}
        state = self._player_state(activity)
        return {
            "attempt": self.attempts,
            "registration": current.registration if current else None,
            "au": {"id": au.id, "title": au.title} if au else None,
            "aus": self.aus(),
            "problem": self.problem,
            "status": _status(received, activity),
            "score": _score(received, activity),
            "location": state[0],
            "stateSize": state[1],
            "statements": [_row(r, names) for r in received],
        }

    def _player_state(self, activity: str | None) -> tuple[str | None, int]:
        current = self.current
        if current is None or activity is None:
            return None, 0
        data = self.launcher.state.get((activity, LEARNER.name, current.registration, PLAYER_STATE_ID))
        if data is None:
            return None, 0
        try:
            location = json.loads(data).get("location")
        except (ValueError, AttributeError):
            location = None
        return location, len(data)


def _query_value(url: str, name: str) -> str:
    return parse_qs(urlsplit(url).query)[name][0]


def _verb(statement: dict[str, Any]) -> str:
    """The verb as its IRI ends (launched, initialized, answered...): the same in every language."""
    return str((statement.get("verb") or {}).get("id", "?")).rstrip("/").rsplit("/", 1)[-1]


def _object(statement: dict[str, Any], names: dict[str, str]) -> str:
    """The object's name: its definition's, or for an AU's generated activity id the AU title."""
    target = statement.get("object") or {}
    defined = (target.get("definition") or {}).get("name") or {}
    object_id = str(target.get("id", "?"))
    return next(iter(defined.values()), None) or names.get(object_id) or object_id


def _row(received: Received, names: dict[str, str]) -> dict[str, Any]:
    statement, violation = received.statement, received.violation
    result = statement.get("result") or {}
    return {
        "id": statement.get("id"), "verb": _verb(statement), "object": _object(statement, names),
        "objectId": (statement.get("object") or {}).get("id"),
        "result": {k: result[k] for k in ("score", "success", "completion", "duration", "response") if k in result},
        "violation": {"requirement": violation.requirement, "message": violation.message} if violation else None,
    }


def _about(received: list[Received], activity: str | None) -> list[dict[str, Any]]:
    """The stored statements whose object is the running AU."""
    return [r.statement for r in received
            if r.violation is None and activity and (r.statement.get("object") or {}).get("id") == activity]


def _status(received: list[Received], activity: str | None) -> dict[str, str]:
    verbs = [_verb(s) for s in _about(received, activity)]
    outcome = next((v for v in reversed(verbs) if v in ("passed", "failed")), "unknown")
    return {"completion": "completed" if "completed" in verbs else "not completed", "success": outcome}


def _score(received: list[Received], activity: str | None) -> dict[str, Any] | None:
    scores = [(s.get("result") or {}).get("score") for s in _about(received, activity)]
    return next((s for s in reversed(scores) if s), None)
