"""`lms-build preview --as cmi5` without a browser: the preview serves the course's real cmi5
build and is the LMS for it (the project's cmi5 launcher under /lms/, an LRS in memory). An AU
is scripted over HTTP here, so each rule can be broken on purpose; the real player runs in
test_preview_cmi5_browser.py."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from lms_build.launcher.memory_lrs import MemoryLrs
from lms_build.preview import PreviewServer
from lms_build.xapi.statements import Session, StatementSpec, build_statement
from tests.preview.test_preview_server import _raw_get

VERBS = "http://adlnet.gov/expapi/verbs/"


@pytest.fixture
def cmi5_preview(preview_course: Path) -> Iterator[PreviewServer]:
    with PreviewServer(preview_course, port=0, kind="cmi5") as server:
        yield server


def call(method: str, url: str, body: Any = None, auth: str | None = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3"}
    if auth:
        headers["Authorization"] = auth
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, _decoded(response.read(), response.headers.get_content_type())
    except urllib.error.HTTPError as error:
        return error.code, _decoded(error.read(), error.headers.get_content_type())


def _decoded(body: bytes, kind: str) -> Any:
    if kind == "application/json":
        return json.loads(body) if body else None
    return body.decode("utf-8")


class ScriptedAu:
    """What an AU does over HTTP, launched by the preview's LMS."""

    def __init__(self, server: PreviewServer, new_attempt: bool = False, au: str | None = None):
        status, launch = call("POST", server.url + "lms/launch", {"newAttempt": new_attempt, "au": au})
        assert status == 200, launch
        self.server, self.url = server, launch["url"]
        self.params = {k: v[0] for k, v in parse_qs(urlsplit(self.url).query).items()}
        self.auth: str | None = None

    def xapi(self, method: str, resource: str, query: dict[str, str], body: Any = None) -> tuple[int, Any]:
        return call(method, f"{self.params['endpoint']}{resource}?{urlencode(query)}", body, self.auth)

    def start(self) -> None:
        status, token = call("POST", self.params["fetch"])
        assert status == 200 and "auth-token" in token
        self.auth = "Basic " + token["auth-token"]
        agent = self.params["actor"]
        status, self.launch_data = self.xapi("GET", "activities/state", {
            "stateId": "LMS.LaunchData", "activityId": self.params["activityId"], "agent": agent,
            "registration": self.params["registration"]})
        assert status == 200 and self.launch_data["launchMode"] == "Normal"
        assert self.xapi("GET", "agents/profile", {"profileId": "cmi5LearnerPreferences", "agent": agent})[0] == 200

    def statement(self, verb: str, **spec: Any) -> dict[str, Any]:
        session_id = self.launch_data["contextTemplate"]["extensions"][
            "https://w3id.org/xapi/cmi5/context/extensions/sessionid"]
        publisher = self.launch_data["contextTemplate"]["contextActivities"]["grouping"][0]["id"]
        actor = json.loads(self.params["actor"])
        from lms_build.xapi.statements import Learner

        learner = Learner(actor["account"]["homePage"], actor["account"]["name"], actor["name"])
        session = Session(learner, self.params["registration"], "fi-FI", session_id, (publisher,),
                          self.launch_data.get("masteryScore"))
        return build_statement(session,
                               StatementSpec(verb, {"id": self.params["activityId"]}, dt.datetime.now(dt.UTC),
                                             cmi5_defined=True, **spec))

    def send(self, *statements: dict[str, Any]) -> tuple[int, Any]:
        return self.xapi("POST", "statements", {}, list(statements))


def inspector(server: PreviewServer) -> dict[str, Any]:
    status, body = call("GET", server.url + "lms/inspector")
    assert status == 200
    return body


def test_serves_the_real_cmi5_build_one_au_page_per_module(cmi5_preview: PreviewServer) -> None:
    files = cmi5_preview.snapshot.files
    assert {"course/cmi5.xml", "course/perusteet.html", "course/loppukoe.html",
            "course/xapi/activities.json"} <= set(files)
    page = files["course/perusteet.html"].decode()
    assert '"runtime":"cmi5"' in page
    shell = urllib.request.urlopen(cmi5_preview.url, timeout=10).read().decode()
    assert '"runtime": "cmi5"' in shell and "scorm-again" not in shell


def test_a_launch_url_carries_the_five_cmi5_parameters_and_the_lms_records_launched(
        cmi5_preview: PreviewServer) -> None:
    au = ScriptedAu(cmi5_preview)
    assert au.url.startswith(cmi5_preview.url + "course/perusteet.html?")
    assert set(au.params) == {"endpoint", "fetch", "actor", "registration", "activityId"}
    assert au.params["endpoint"] == cmi5_preview.url + "lms/xapi/"
    assert urllib.request.urlopen(au.url, timeout=10).status == 200  # the AU page, from the build
    seen = inspector(cmi5_preview)
    assert seen["registration"] == au.params["registration"] and seen["attempt"] == 1
    assert [s["verb"] for s in seen["statements"]] == ["launched"]
    assert seen["statements"][0]["object"] == "Perusteet"  # the AU title for the LMS-made activity id


def test_statements_that_keep_the_rules_are_stored_and_one_that_breaks_a_rule_is_refused_and_shown(
        cmi5_preview: PreviewServer) -> None:
    au = ScriptedAu(cmi5_preview)
    au.start()
    status, answer = au.send(au.statement("completed", completion=True, duration_seconds=1))
    assert status == 400 and answer["requirement"] == "9.3.0.0-4 (d2)"  # before initialized
    initialized = au.statement("initialized")
    assert au.send(initialized) == (200, [initialized["id"]])
    second = au.statement("initialized")
    status, answer = au.send(second)
    assert status == 400 and answer["requirement"] == "9.3.2.0-3 (d)"

    rows = inspector(cmi5_preview)["statements"]
    assert [(r["verb"], r["violation"] and r["violation"]["requirement"]) for r in rows] == [
        ("launched", None), ("completed", "9.3.0.0-4 (d2)"), ("initialized", None),
        ("initialized", "9.3.2.0-3 (d)")]
    # the LRS has what was accepted, and nothing else
    stored = cmi5_preview.lms.lrs.statements
    assert [s["verb"]["id"] for s in stored] == [VERBS + "launched", VERBS + "initialized"]
    status, found = au.xapi("GET", "statements", {"registration": au.params["registration"], "ascending": "true"})
    assert status == 200 and [s["id"] for s in found["statements"]] == [s["id"] for s in stored]
    assert au.xapi("GET", "statements", {"statementId": initialized["id"]})[1]["id"] == initialized["id"]
    assert au.xapi("GET", "statements", {"statementId": second["id"]})[0] == 404


def test_a_batch_sent_again_is_not_refused_and_not_listed_twice(cmi5_preview: PreviewServer) -> None:
    au = ScriptedAu(cmi5_preview)
    au.start()
    initialized = au.statement("initialized")
    assert au.send(initialized)[0] == 200
    assert au.send(initialized)[0] == 200  # a lost answer: the AU sends the same statement again
    assert [r["verb"] for r in inspector(cmi5_preview)["statements"]] == ["launched", "initialized"]


def test_status_score_location_and_state_size_come_from_what_the_au_sent(cmi5_preview: PreviewServer) -> None:
    au = ScriptedAu(cmi5_preview, au="loppukoe.html")
    au.start()
    assert au.send(au.statement("initialized"))[0] == 200
    state = {"v": 1, "state": "abc", "location": "loppukoe-koe", "reported": {}}
    assert au.xapi("PUT", "activities/state", {"stateId": "https://w3id.org/xapi/lms-build/state",
                                               "activityId": au.params["activityId"], "agent": au.params["actor"],
                                               "registration": au.params["registration"]}, state)[0] == 204
    from lms_build.xapi.statements import Score

    passed = au.statement("passed", success=True, duration_seconds=5, score=Score(raw=4, min=0, max=4))
    status, answer = au.send(passed)
    assert status == 200, answer
    seen = inspector(cmi5_preview)
    assert seen["au"]["title"] == "Loppukoe"
    assert seen["status"] == {"completion": "not completed", "success": "passed"}
    assert seen["score"]["scaled"] == 1 and seen["score"]["raw"] == 4
    assert seen["location"] == "loppukoe-koe"
    assert seen["stateSize"] == len(json.dumps(state).encode())
    assert seen["statements"][-1]["result"]["success"] is True


def test_a_new_attempt_is_a_new_registration_and_a_relaunch_keeps_the_registration(
        cmi5_preview: PreviewServer) -> None:
    first = ScriptedAu(cmi5_preview)
    again = ScriptedAu(cmi5_preview)  # the course changed: launched again in the same registration
    assert again.params["registration"] == first.params["registration"]
    assert again.params["activityId"] == first.params["activityId"]
    assert again.params["fetch"] != first.params["fetch"]  # a new session
    fresh = ScriptedAu(cmi5_preview, new_attempt=True)
    assert fresh.params["registration"] != first.params["registration"]
    seen = inspector(cmi5_preview)
    assert seen["attempt"] == 2 and seen["registration"] == fresh.params["registration"]
    assert [r["verb"] for r in seen["statements"]] == ["launched"]  # only this registration's


def test_the_lms_keeps_the_preview_guarantees(cmi5_preview: PreviewServer) -> None:
    assert cmi5_preview.url.startswith("http://127.0.0.1:")
    for path in ("/lms/au/../../course.toml", "/lms/../course.toml", "/lms/xapi/../../course.toml",
                 "/lms/au/cmi5.xml/../../modules/01-perusteet.yaml", "/lms/nothing"):
        assert _raw_get(cmi5_preview, path) in (401, 404), path
    au = ScriptedAu(cmi5_preview)
    # without the token from the fetch URL nothing is answered (cmi5 8.1.2.0-5)
    assert au.xapi("GET", "statements", {})[0] == 401
    status, _ = call("POST", cmi5_preview.url + "course/perusteet.html", {})
    assert status == 404  # only the LMS takes writes
    huge = urllib.request.Request(cmi5_preview.url + "lms/xapi/statements", method="POST",
                                  headers={"Content-Length": str(64 * 1024 * 1024)}, data=b"x")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(huge, timeout=10)
    assert refused.value.code == 413


def test_a_broken_save_keeps_the_last_good_package_and_a_fixed_one_is_launched(preview_course: Path) -> None:
    module = preview_course / "modules" / "01-perusteet.yaml"
    original = module.read_text(encoding="utf-8")
    module.write_text(original.replace("id: perusteet", "id: [perusteet"), encoding="utf-8")
    with PreviewServer(preview_course, port=0, kind="cmi5") as server:
        assert server.snapshot.errors
        status, answer = call("POST", server.url + "lms/launch", {})
        assert status == 409 and "no AU" in answer["error"]
        module.write_text(original, encoding="utf-8")
        server.rebuild()
        assert server.snapshot.errors == ()
        assert ScriptedAu(server).params["registration"]


def test_the_in_memory_lrs_stores_as_an_lrs_does() -> None:
    lrs = MemoryLrs()
    au_free = {"id": "6f1c3a2e-8d4b-4c1a-9e1f-2b3c4d5e6f70", "timestamp": "2026-01-01T00:00:00Z",
               "actor": {"objectType": "Agent", "account": {"homePage": "https://x.example", "name": "a"}},
               "verb": {"id": VERBS + "experienced"}, "object": {"id": "https://x.example/a"}}
    assert lrs.store([au_free]) == [au_free["id"]]
    assert lrs.store([au_free]) == [au_free["id"]]  # the same statement again: stored once
    assert len(lrs.statements) == 1 and lrs.statements[0]["stored"] and lrs.statements[0]["authority"]
    from lms_build.launcher.memory_lrs import Conflict
    from lms_build.xapi.lrs_client import LRSError

    with pytest.raises(Conflict):
        lrs.store([{**au_free, "verb": {"id": VERBS + "answered"}}])
    with pytest.raises(LRSError, match="400"):
        lrs.store([{**au_free, "id": "9f1c3a2e-8d4b-4c1a-9e1f-2b3c4d5e6f70", "object": {"id": "not an iri"}}])
    assert len(lrs.statements) == 1
    assert lrs.query({"verb": VERBS + "experienced"})[1]["statements"][0]["id"] == au_free["id"]
    assert lrs.query({"verb": VERBS + "answered"})[1]["statements"] == []
    assert lrs.query({"agent": json.dumps({"account": {"homePage": "https://x.example", "name": "b"}})})[1][
        "statements"] == []
