"""A small cmi5 LMS of our own: it launches the AUs of a cmi5 package and stands between them and
a real LRS, enforcing the cmi5 rules on the way.

What it does, as cmi5 asks of an LMS:
- `launch(au)` makes (or reuses) the registration, a session id, a one-time fetch URL and an
  auth token, writes LMS.LaunchData (contextTemplate with the session id and the publisher id,
  launchMode, masteryScore, moveOn, returnURL) before the launch (10.1.0.0-1), records a
  `launched` statement in the LRS (9.3.1.0-1) and returns the launch URL with endpoint, fetch,
  actor, registration and activityId (8.1);
- the fetch URL answers one POST with `{"auth-token": ...}` and every later one with error-code 1
  (8.2.3.0-1), always with HTTP 200 and application/json (8.2.2.0-2, 8.2.2.0-3);
- its xAPI endpoint serves the State API (LMS.LaunchData read-only, 10.2.1.0-5 (d); other state
  documents kept in memory) and the cmi5LearnerPreferences Agent Profile (11), checks the auth
  token on every request (8.1.2.0-5 (d)), and forwards statements to the LRS only when they obey
  the rules of lms_build.launcher.rules; a refusal is HTTP 400 (403 for LaunchData) with
  `{"error": ..., "requirement": "<id from @cmi5/requirements>"}`. When the LRS cannot be
  reached it answers 503, so an AU keeps its statements and retries.

It serves the package's files itself (one origin for the AU and the endpoint, like most LMSs).
The HTTP exchange is independent of the server (`answer`), so the launcher also runs inside
another server: the tests run it on its own port with Ralph behind it; `lms-build preview --as
cmi5` mounts it under /lms/ with an in-memory LRS (lms_build.launcher.memory_lrs). Every
statement it receives is kept in `received`, with the rule it broke if it was refused."""

from __future__ import annotations

import base64
import json
import mimetypes
import secrets
import threading
import uuid
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from ..xapi.lrs_client import LRSError, get_statements, post_statements
from ..xapi.package_check import check_cmi5
from ..xapi.statements import Learner, StatementSpec, build_statement
from ..xapi.statements import Session as StatementSession
from ..xapi.vocabulary import (
    LAUNCH_MODE_EXTENSION,
    LAUNCH_URL_EXTENSION,
    MASTERY_SCORE_EXTENSION,
    MOVEON_EXTENSION,
    SESSION_ID_EXTENSION,
)
from .rules import Registration, Session, Violation, check_statement

LAUNCH_DATA = "LMS.LaunchData"
PREFERENCES = "cmi5LearnerPreferences"


@dataclass
class Event:
    """One request the launcher answered, for tests and for the preview's log."""

    session: str | None
    method: str
    path: str
    status: int
    requirement: str | None = None
    detail: str = ""


@dataclass(frozen=True)
class Received:
    """One statement an AU sent (or the launcher made): stored, or refused for `violation`."""

    session: str | None
    registration: str
    statement: dict[str, Any]
    violation: Violation | None = None


@dataclass(frozen=True)
class Reply:
    """An HTTP answer of the launcher, whatever server sends it."""

    status: int
    body: bytes = b""
    content_type: str = "application/json"


class Lrs(Protocol):
    """Where the launcher stores statements: a real LRS over HTTP, or one in memory."""

    def store(self, statements: list[dict[str, Any]]) -> list[str]:
        """Store a batch; raise LRSError when it cannot."""

    def query(self, params: dict[str, str]) -> tuple[int, Any]:
        """GET statements (xAPI 2.1.3.1): (HTTP status, JSON body)."""


@dataclass(frozen=True)
class RemoteLrs:
    endpoint: str
    authorization: str

    def store(self, statements: list[dict[str, Any]]) -> list[str]:
        return post_statements(self.endpoint, self.authorization, statements)

    def query(self, params: dict[str, str]) -> tuple[int, Any]:
        return get_statements(self.endpoint, self.authorization, params)


@dataclass
class Cmi5Launcher:
    """Launch AUs of one cmi5 package for one learner; statements go to `lrs`, or to the LRS at
    `lrs_endpoint`. The package is a zip (`package`) or its files (`load`, which the preview
    calls again after every rebuild)."""

    package: Path | None = None
    lrs_endpoint: str = ""
    lrs_authorization: str = ""
    learner: Learner = field(default_factory=lambda: Learner("https://lms.example.fi", "learner-1", "Aino Oppija"))
    language_preference: str | None = "fi-FI"
    activity_base: str = "https://lms.example.fi/cmi5/launch"
    lrs: Lrs | None = None
    #: Where the AU files are served; default: the launcher's own /au/ (from `files`).
    au_base: str | None = None
    files: dict[str, bytes] = field(init=False, default_factory=dict)
    aus: list[Any] = field(init=False, default_factory=list)
    received: list[Received] = field(init=False, default_factory=list)
    sessions: dict[str, Session] = field(init=False, default_factory=dict)
    registrations: dict[str, Registration] = field(init=False, default_factory=dict)
    events: list[Event] = field(init=False, default_factory=list)
    state: dict[tuple[str, str, str, str], bytes] = field(init=False, default_factory=dict)
    launch_data: dict[str, dict[str, Any]] = field(init=False, default_factory=dict)  # session id ->
    fetches: dict[str, str] = field(init=False, default_factory=dict)  # fetch id -> session id
    fetch_posts: dict[str, int] = field(init=False, default_factory=dict)
    base_url: str = field(init=False, default="")
    lock: threading.Lock = field(init=False, default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.lrs is None:
            self.lrs = RemoteLrs(self.lrs_endpoint, self.lrs_authorization)
        if self.package is not None:
            with zipfile.ZipFile(self.package) as archive:
                self.load({name: archive.read(name) for name in archive.namelist() if not name.endswith("/")})

    def load(self, files: dict[str, bytes]) -> None:
        """Take the package's files (path in the package -> bytes), checking cmi5.xml first."""
        if "cmi5.xml" not in files:
            raise ValueError("the cmi5 package is refused: it has no cmi5.xml")
        problems, aus, _ = check_cmi5(files["cmi5.xml"], set(files))
        errors = [p for p in problems if p.severity == "error"]
        if errors:  # 4.4.0.0-1 (d): the LMS rejects a course that breaks the rules
            raise ValueError("the cmi5 package is refused: " + "; ".join(f"{p.message} [{p.code}]" for p in errors))
        with self.lock:
            self.files, self.aus = files, aus

    def store(self, session: Session | None, registration: str, statements: list[dict[str, Any]]) -> None:
        """Send statements to the LRS (raises LRSError) and keep them in `received`."""
        assert self.lrs is not None
        self.lrs.store(statements)
        self.received.extend(Received(session.id if session else None, registration, s) for s in statements)

    def refused(self, session: Session, statement: Any, violation: Violation) -> None:
        """Keep a refused statement once (an AU resends a refused batch one statement at a time)."""
        if not any(r.violation == violation and r.statement == statement for r in self.received):
            self.received.append(Received(session.id, session.registration.id,
                                          statement if isinstance(statement, dict) else {"value": statement},
                                          violation))

    @property
    def language(self) -> str:
        return (self.language_preference or "fi-FI").split(",")[0].strip()

    @property
    def actor(self) -> dict[str, Any]:
        return {"objectType": "Agent", "name": self.learner.display_name,
                "account": {"homePage": self.learner.home_page, "name": self.learner.name}}

    # --- launching ---------------------------------------------------------------------------

    def au(self, key: str | int) -> Any:
        if isinstance(key, int):
            return self.aus[key]
        return next(a for a in self.aus if a.id == key or a.id.rsplit("/", 1)[-1] == key)

    def launch(self, au_key: str | int, mode: str = "Normal", registration: str | None = None,
               return_url: str | None = None) -> str:
        """A launch URL for one AU session (the LMS side of cmi5 section 8)."""
        au = self.au(au_key)
        with self.lock:
            reg_id = registration or str(uuid.uuid4())
            reg = self.registrations.setdefault(reg_id, Registration(reg_id))
            # generated by the LMS, never the publisher id, the same for every launch of the AU in
            # the registration (8.1.5.0-1, -3, -4)
            activity_id = f"{self.activity_base}/{reg.id}/{quote(au.id.rsplit('/', 1)[-1], safe='')}"
            session_id = str(uuid.uuid4())
            mastery = float(au.mastery_score) if au.mastery_score else None
            template = {"contextActivities": {"grouping": [{"objectType": "Activity", "id": au.id}]},
                        "extensions": {SESSION_ID_EXTENSION: session_id}}
            session = Session(session_id, reg, activity_id, au.id, self.actor, mode, mastery,
                              base64.b64encode(secrets.token_bytes(24)).decode(), template)
            self.sessions[session_id] = session
            launch_data: dict[str, Any] = {"contextTemplate": template, "launchMode": mode, "moveOn": au.move_on}
            if mastery is not None:
                launch_data["masteryScore"] = mastery
            if return_url:
                launch_data["returnURL"] = return_url
            self.launch_data[session_id] = launch_data
            fetch_id = secrets.token_urlsafe(16)
            self.fetches[fetch_id] = session_id
        au_url = f"{self.au_base or self.base_url + '/au/'}{au.url}"
        self._launched(session, au_url, launch_data)
        query = urlencode({"endpoint": f"{self.base_url}/xapi/", "fetch": f"{self.base_url}/fetch/{fetch_id}",
                           "actor": json.dumps(self.actor, separators=(",", ":")), "registration": reg.id,
                           "activityId": activity_id})
        return f"{au_url}{'&' if '?' in au_url else '?'}{query}"

    def _launched(self, session: Session, au_url: str, launch_data: dict[str, Any]) -> None:
        extensions = {LAUNCH_MODE_EXTENSION: launch_data["launchMode"], LAUNCH_URL_EXTENSION: au_url,
                      MOVEON_EXTENSION: launch_data["moveOn"]}
        if "masteryScore" in launch_data:
            extensions[MASTERY_SCORE_EXTENSION] = launch_data["masteryScore"]
        statement = build_statement(
            StatementSession(self.learner, session.registration.id, self.language, session.id, (session.publisher_id,)),
            StatementSpec("launched", {"id": session.activity_id}, _now(), cmi5_defined=True, extensions=extensions))
        self.store(None, session.registration.id, [statement])

    def session_of(self, authorization: str | None) -> Session | None:
        for session in self.sessions.values():
            if session.fetched and authorization == "Basic " + session.token:
                return session
        return None

    # --- the HTTP side ---------------------------------------------------------------------------

    def answer(self, method: str, target: str, authorization: str | None, body: bytes) -> Reply:
        """Answer one request for /au/..., /fetch/... or /xapi/... (`target`: path and query,
        relative to `base_url`)."""
        return _Exchange(self, method, target, authorization).route(body)

    @contextmanager
    def serve(self, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
        """Serve on host:port (0: a free port); yields the base URL."""
        launcher = self

        class Handler(_Handler):
            pass

        Handler.launcher = launcher
        server = ThreadingHTTPServer((host, port), Handler)
        server.daemon_threads = True
        self.base_url = f"http://{host}:{server.server_address[1]}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self.base_url
        finally:
            server.shutdown()
            server.server_close()


def _now() -> Any:
    import datetime as dt

    return dt.datetime.now(dt.UTC)


class _Handler(BaseHTTPRequestHandler):
    """The launcher on a port of its own."""

    launcher: Cmi5Launcher
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        reply = self.launcher.answer(self.command, self.path, self.headers.get("Authorization"), body)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Experience-API-Version", "1.0.3")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


class _Exchange:
    """One request and its answer (recorded in `launcher.events`)."""

    def __init__(self, launcher: Cmi5Launcher, method: str, target: str, authorization: str | None):
        self.launcher, self.command, self.path, self.authorization = launcher, method, target, authorization
        self.reply = Reply(500, b"{}")

    def _send(self, status: int, body: bytes = b"", content_type: str = "application/json",
              session: Session | None = None, violation: Violation | None = None, detail: str = "") -> None:
        self.launcher.events.append(Event(session.id if session else None, self.command, self.path, status,
                                          violation.requirement if violation else None, detail))
        self.reply = Reply(status, body, content_type)

    def _json(self, status: int, value: Any, **kwargs: Any) -> None:
        self._send(status, json.dumps(value, ensure_ascii=False).encode("utf-8"), **kwargs)

    def _refuse(self, status: int, violation: Violation, session: Session | None = None) -> None:
        self._json(status, violation.as_json(), session=session, violation=violation, detail=violation.message)

    def route(self, body: bytes) -> Reply:
        parts = urlsplit(self.path)
        path, query = parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()}
        if path.startswith("/au/") and self.command == "GET":
            self._file(path.removeprefix("/au/"))
        elif path.startswith("/fetch/"):
            self._fetch(path.removeprefix("/fetch/"))
        elif path.startswith("/xapi/"):
            self._xapi(path.removeprefix("/xapi/"), query, body)
        else:
            self._send(404, b"not found", "text/plain")
        return self.reply

    def _file(self, name: str) -> None:
        content = self.launcher.files.get(name)
        if content is None:
            return self._send(404, b"not found", "text/plain")
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if name.endswith(".js"):
            kind = "text/javascript"
        return self._send(200, content, kind + ("; charset=utf-8" if kind.startswith("text/") else ""))

    def _fetch(self, fetch_id: str) -> None:
        launcher = self.launcher
        session = launcher.sessions.get(launcher.fetches.get(fetch_id, ""))
        if self.command != "POST":
            return self._refuse(405, Violation("8.2.1.0-2", "the fetch URL takes POST"), session)
        launcher.fetch_posts[fetch_id] = launcher.fetch_posts.get(fetch_id, 0) + 1
        if session is None:
            return self._json(200, {"error-code": "2", "error-text": "unknown fetch URL"}, detail="unknown")
        with launcher.lock:
            if session.fetched:  # one-time use (8.2.3.0-1): HTTP 200 with an error code (8.2.2.0-3)
                return self._json(200, {"error-code": "1", "error-text": "already in use"}, session=session,
                                  violation=Violation("8.2.3.0-1", "the fetch URL was used before"))
            session.fetched = True
        return self._json(200, {"auth-token": session.token}, session=session)

    def _xapi(self, resource: str, query: dict[str, str], body: bytes) -> None:
        if resource == "about":
            return self._json(200, {"version": ["1.0.3"]})
        session = self.launcher.session_of(self.authorization)
        if session is None:
            return self._refuse(401, Violation("8.1.2.0-5 (d)", "no valid auth token from the fetch URL"))
        if resource == "activities/state":
            return self._state(session, query, body)
        if resource == "agents/profile":
            return self._profile(session, query, body)
        if resource == "statements" and self.command in ("POST", "PUT"):
            return self._statements(session, query, body)
        if resource == "statements" and self.command == "GET":
            return self._query(session, query)
        return self._json(405, {"error": f"{self.command} {resource} is not offered"}, session=session)

    def _agent_matches(self, session: Session, query: dict[str, str]) -> bool:
        try:
            agent = json.loads(query.get("agent", ""))
        except json.JSONDecodeError:
            return False
        return agent.get("account") == session.actor.get("account")

    def _state(self, session: Session, query: dict[str, str], body: bytes) -> None:
        state_id = query.get("stateId", "")
        if not self._agent_matches(session, query):
            return self._refuse(403, Violation("8.1.3.0-3 (d)", "the agent is not the launch actor"), session)
        if query.get("registration") != session.registration.id:
            return self._refuse(403, Violation("8.1.4.0-3 (d)", "the registration is not the launch one"), session)
        if state_id == LAUNCH_DATA:
            if self.command != "GET":
                return self._refuse(403, Violation("10.2.1.0-5 (d)", "LMS.LaunchData is read-only for the AU"),
                                    session)
            if query.get("activityId") != session.activity_id:
                return self._json(404, {"error": "no such state"}, session=session)
            return self._json(200, self.launcher.launch_data[session.id], session=session)
        key = (query.get("activityId", ""), session.actor["account"]["name"], session.registration.id, state_id)
        store = self.launcher.state
        if self.command == "GET":
            if key not in store:
                return self._json(404, {"error": "no such state"}, session=session)
            return self._send(200, store[key], session=session)
        if self.command == "DELETE":
            store.pop(key, None)
        else:
            store[key] = body
        return self._send(204, session=session)

    def _profile(self, session: Session, query: dict[str, str], body: bytes) -> None:
        if not self._agent_matches(session, query):
            return self._refuse(403, Violation("11.0.0.0-1 (d)", "the agent is not the launch actor"), session)
        if query.get("profileId") != PREFERENCES:
            return self._json(404, {"error": "no such profile"}, session=session)
        if self.command == "GET":
            session.preferences_read = True
            if self.launcher.language_preference is None:
                return self._json(404, {"error": "no preferences"}, session=session)
            return self._json(200, {"languagePreference": self.launcher.language_preference,
                                    "audioPreference": "off"}, session=session)
        try:
            document = json.loads(body)
        except json.JSONDecodeError:
            document = None
        if not (isinstance(document, dict) and {"languagePreference", "audioPreference"} <= set(document)):
            return self._refuse(400, Violation("11.0.0.0-5 (d)", "preferences must be a JSON object with "
                                                                 "languagePreference and audioPreference"), session)
        self.launcher.language_preference = str(document["languagePreference"])
        return self._send(204, session=session)

    def _statements(self, session: Session, query: dict[str, str], body: bytes) -> None:
        try:
            data = json.loads(body)
        except json.JSONDecodeError:
            return self._refuse(400, Violation("4.1.0.0-1", "the body is not JSON"), session)
        statements = data if isinstance(data, list) else [data]
        if self.command == "PUT" and statements and isinstance(statements[0], dict) and "id" not in statements[0]:
            statements[0]["id"] = query.get("statementId")
        launcher = self.launcher
        with launcher.lock:
            fresh = [s for s in statements if not isinstance(s, dict) or str(s.get("id")) not in session.accepted_ids]
            trial = _copy(session)
            for statement in fresh:
                violation = check_statement(trial, statement) if isinstance(statement, dict) else \
                    Violation("4.1.0.0-1", "a statement must be a JSON object")
                if violation:
                    launcher.refused(session, statement, violation)
                    return self._refuse(400, violation, session)
                trial.accept(statement)
            try:
                if fresh:
                    launcher.store(session, session.registration.id, fresh)
            except LRSError as error:  # the AU keeps its statements and retries
                return self._json(503, {"error": str(error)}, session=session, detail="lrs unreachable")
            for statement in fresh:
                session.accept(statement)
        ids = [str(s.get("id")) for s in statements]
        if self.command == "PUT":
            return self._send(204, session=session)
        return self._json(200, ids, session=session)

    def _query(self, session: Session, query: dict[str, str]) -> None:
        """GET statements, passed on to the LRS (an AU may read what it sent); a query without a
        statement id is narrowed to the launch actor: an AU sees only its learner's statements."""
        if "agent" in query and not self._agent_matches(session, query):
            return self._refuse(403, Violation("8.1.3.0-3 (d)", "the agent is not the launch actor"), session)
        assert self.launcher.lrs is not None
        try:
            status, value = self.launcher.lrs.query({**query, "agent": json.dumps(session.actor)}
                                                    if "statementId" not in query and "voidedStatementId" not in query
                                                    else query)
        except LRSError as error:
            return self._json(503, {"error": str(error)}, session=session, detail="lrs unreachable")
        return self._json(status, value, session=session)


def _copy(session: Session) -> Session:
    """The session's rule state, to try a batch on before the LRS has it."""
    import copy

    trial = copy.copy(session)
    trial.verbs = set(session.verbs)
    trial.accepted_ids = set(session.accepted_ids)
    trial.registration = copy.copy(session.registration)
    trial.registration.completed = set(session.registration.completed)
    trial.registration.passed = set(session.registration.passed)
    return trial

