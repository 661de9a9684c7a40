"""The cmi5 launcher (our LMS side) with Ralph behind it, driven by a scripted AU in Python.

Each test proves an LMS-side requirement of cmi5 (ids from @cmi5/requirements): the launcher
refuses what breaks the rule and says which rule in its answer. The browser tests prove the AU
side with the real player."""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from lms_build.launcher import Cmi5Launcher
from lms_build.xapi.statements import Learner, Score, Session, StatementSpec, build_statement
from tests.support.lrs import Ralph

LEARNER = Learner("https://lms.example.fi", "learner-7", "Aino Oppija")


@dataclass
class Answer:
    status: int
    body: Any


class ScriptedAu:
    """What an AU does over HTTP, one call at a time, so each rule can be broken on purpose."""

    def __init__(self, launch_url: str):
        self.params = {k: v[0] for k, v in parse_qs(urlsplit(launch_url).query).items()}
        self.auth: str | None = None
        self.launch_data: dict | None = None

    def call(self, method: str, url: str, body: Any = None, auth: bool = True) -> Answer:
        data = None if body is None else json.dumps(body).encode()
        headers = {"Content-Type": "application/json", "X-Experience-API-Version": "1.0.3"}
        if auth and self.auth:
            headers["Authorization"] = self.auth
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                text = response.read()
                return Answer(response.status, json.loads(text) if text else None)
        except urllib.error.HTTPError as error:
            text = error.read()
            return Answer(error.code, json.loads(text) if text else None)

    def xapi(self, method: str, resource: str, query: dict[str, str] | None = None, body: Any = None,
             auth: bool = True) -> Answer:
        return self.call(method, f"{self.params['endpoint']}{resource}?{urlencode(query or {})}", body, auth)

    def fetch(self) -> Answer:
        answer = self.call("POST", self.params["fetch"], auth=False)
        if isinstance(answer.body, dict) and "auth-token" in answer.body:
            self.auth = "Basic " + answer.body["auth-token"]
        return answer

    def state_query(self, state_id: str = "LMS.LaunchData") -> dict[str, str]:
        return {"stateId": state_id, "activityId": self.params["activityId"], "agent": self.params["actor"],
                "registration": self.params["registration"]}

    def read_launch_data(self) -> Answer:
        answer = self.xapi("GET", "activities/state", self.state_query())
        self.launch_data = answer.body
        return answer

    def read_preferences(self) -> Answer:
        query = {"profileId": "cmi5LearnerPreferences", "agent": self.params["actor"]}
        return self.xapi("GET", "agents/profile", query)

    def start(self) -> None:
        assert self.fetch().status == 200
        assert self.read_launch_data().status == 200
        assert self.read_preferences().status == 200

    def statement(self, verb: str, **fields: Any) -> dict:
        template = self.launch_data["contextTemplate"]
        session = Session(LEARNER, self.params["registration"], "fi-FI",
                          session_id=template["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/sessionid"],
                          grouping=tuple(a["id"] for a in template["contextActivities"]["grouping"]),
                          mastery_score=self.launch_data.get("masteryScore"))
        defined = fields.pop("cmi5_defined", True)
        activity = fields.pop("activity", {"id": self.params["activityId"]})
        return build_statement(session, StatementSpec(verb, activity, dt.datetime.now(dt.UTC),
                                                      cmi5_defined=defined, **fields))

    def send(self, *statements: dict) -> Answer:
        return self.xapi("POST", "statements", body=list(statements))


@pytest.fixture(scope="module")
def launcher(ralph: Ralph, package_zips):
    server = Cmi5Launcher(package_zips["cmi5", "fi"], ralph.endpoint, ralph.authorization, LEARNER)
    with server.serve():
        yield server


def au(launcher: Cmi5Launcher, key: str = "m1-mita-digituki-on", **kwargs: Any) -> ScriptedAu:
    return ScriptedAu(launcher.launch(key, **kwargs))


def refused(answer: Answer, requirement: str) -> bool:
    return answer.status in (400, 401, 403) and answer.body.get("requirement") == requirement


def test_8_1_0_0_4_launch_url_carries_the_five_cmi5_parameters(launcher):
    client = au(launcher)
    assert set(client.params) == {"endpoint", "fetch", "actor", "registration", "activityId"}
    assert json.loads(client.params["actor"])["account"] == {"homePage": LEARNER.home_page, "name": LEARNER.name}


def test_8_1_5_0_3_generated_activity_id_differs_from_the_publisher_id_and_stays_per_registration(launcher):
    first = au(launcher)
    again = au(launcher, registration=first.params["registration"])
    publisher = launcher.au("m1-mita-digituki-on").id
    assert first.params["activityId"] != publisher
    assert again.params["activityId"] == first.params["activityId"]


def test_9_3_1_0_1_launched_statement_is_recorded_before_the_au_runs(launcher, ralph: Ralph):
    client = au(launcher)
    launched = ralph.statements(registration=client.params["registration"],
                                verb="http://adlnet.gov/expapi/verbs/launched")
    assert len(launched) == 1
    extensions = launched[0]["context"]["extensions"]
    assert extensions["https://w3id.org/xapi/cmi5/context/extensions/launchmode"] == "Normal"
    assert extensions["https://w3id.org/xapi/cmi5/context/extensions/moveon"] == "CompletedOrPassed"


def test_8_2_3_0_1_fetch_url_gives_the_token_once(launcher):
    client = au(launcher)
    first, second = client.fetch(), client.call("POST", client.params["fetch"], auth=False)
    assert first.status == 200 and "auth-token" in first.body
    assert second.status == 200 and second.body["error-code"] == "1" and "auth-token" not in second.body


def test_8_1_2_0_5_d_requests_without_the_token_are_refused(launcher):
    client = au(launcher)
    client.fetch()
    assert refused(client.xapi("GET", "activities/state", client.state_query(), auth=False), "8.1.2.0-5 (d)")


def test_10_2_1_0_5_d_the_au_cannot_modify_launch_data(launcher):
    client = au(launcher)
    client.start()
    assert refused(client.xapi("PUT", "activities/state", client.state_query(), {"launchMode": "Normal"}),
                   "10.2.1.0-5 (d)")
    assert refused(client.xapi("DELETE", "activities/state", client.state_query()), "10.2.1.0-5 (d)")
    assert client.read_launch_data().body == client.launch_data


def test_10_2_1_0_1_launch_data_has_context_template_launch_mode_move_on_and_mastery(launcher):
    client = au(launcher, key="m8-loppukoe", mode="Browse", return_url="https://lms.example.fi/course")
    client.fetch()
    data = client.read_launch_data().body
    assert data["launchMode"] == "Browse" and data["moveOn"] == "CompletedOrPassed"
    assert data["masteryScore"] == 0.8 and data["returnURL"] == "https://lms.example.fi/course"
    assert data["contextTemplate"]["contextActivities"]["grouping"][0]["id"] == launcher.au("m8-loppukoe").id


def test_11_0_0_0_3_d2_initialized_before_reading_preferences_is_refused(launcher):
    client = au(launcher)
    client.fetch()
    client.read_launch_data()
    assert refused(client.send(client.statement("initialized")), "11.0.0.0-3 (d2)")
    client.read_preferences()
    assert client.send(client.statement("initialized")).status == 200


def test_9_3_0_0_4_d2_statements_before_initialized_are_refused(launcher):
    client = au(launcher)
    client.start()
    assert refused(client.send(client.statement("completed", completion=True, duration_seconds=5)),
                   "9.3.0.0-4 (d2)")


def test_9_3_2_0_3_d_a_second_initialized_is_refused(launcher):
    client = au(launcher)
    client.start()
    assert client.send(client.statement("initialized")).status == 200
    assert refused(client.send(client.statement("initialized")), "9.3.2.0-3 (d)")


def test_9_3_0_0_5_d2_nothing_is_accepted_after_terminated(launcher):
    client = au(launcher)
    client.start()
    ended = client.statement("terminated", duration_seconds=3)
    assert client.send(client.statement("initialized"), ended).status == 200
    assert refused(client.send(client.statement("experienced", cmi5_defined=False)), "9.3.0.0-5 (d2)")


def test_9_6_3_1_4_d_statements_without_the_session_id_are_refused(launcher):
    client = au(launcher)
    client.start()
    statement = client.statement("initialized")
    del statement["context"]["extensions"]
    assert refused(client.send(statement), "9.6.3.1-4 (d)")


def test_8_1_5_0_6_d_cmi5_defined_statements_must_be_about_the_activity_id(launcher):
    client = au(launcher)
    client.start()
    wrong = client.statement("initialized", activity={"id": launcher.au("m1-mita-digituki-on").id})
    assert refused(client.send(wrong), "8.1.5.0-6 (d)")


def test_9_5_4_1_1_d_terminated_needs_a_duration(launcher):
    client = au(launcher)
    client.start()
    client.send(client.statement("initialized"))
    assert refused(client.send(client.statement("terminated")), "9.5.4.1-1 (d)")


def test_10_2_2_0_2_d_browse_launch_refuses_completed(launcher):
    client = au(launcher, mode="Browse")
    client.start()
    client.send(client.statement("initialized"))
    assert refused(client.send(client.statement("completed", completion=True, duration_seconds=9)), "10.2.2.0-2 (d)")


def test_9_3_4_0_2_d2_passed_below_the_mastery_score_is_refused(launcher):
    client = au(launcher, key="m8-loppukoe")
    client.start()
    client.send(client.statement("initialized"))
    low = client.statement("passed", success=True, score=Score(5, 0, 10), duration_seconds=60)
    assert refused(client.send(low), "9.3.4.0-2 (d2)")


def test_9_3_0_0_8_d_failed_after_passed_in_the_registration_is_refused(launcher):
    client = au(launcher, key="m8-loppukoe")
    client.start()
    client.send(client.statement("initialized"))
    passed = client.statement("passed", success=True, score=Score(9, 0, 10), duration_seconds=60)
    assert client.send(passed).status == 200
    client.send(client.statement("terminated", duration_seconds=61))
    again = au(launcher, key="m8-loppukoe", registration=client.params["registration"])
    again.start()
    again.send(again.statement("initialized"))
    failed = again.statement("failed", success=False, score=Score(2, 0, 10), duration_seconds=30)
    assert refused(again.send(failed), "9.3.0.0-8 (d)")


def test_9_6_2_2_1_d1_completed_without_the_moveon_category_is_refused(launcher):
    client = au(launcher)
    client.start()
    client.send(client.statement("initialized"))
    statement = client.statement("completed", completion=True, duration_seconds=5)
    category = statement["context"]["contextActivities"]["category"]
    statement["context"]["contextActivities"]["category"] = [c for c in category if not c["id"].endswith("moveon")]
    assert refused(client.send(statement), "9.6.2.2-1 (d1)")


def test_4_1_0_0_1_statements_that_break_xapi_are_refused_by_the_strict_models(launcher):
    client = au(launcher)
    client.start()
    client.send(client.statement("initialized"))
    statement = client.statement("experienced", cmi5_defined=False)
    statement["object"]["id"] = "not an IRI"
    assert refused(client.send(statement), "4.1.0.0-1")


def test_accepted_statements_reach_ralph_exactly_once_even_when_posted_twice(launcher, ralph: Ralph):
    client = au(launcher)
    client.start()
    batch = [client.statement("initialized"), client.statement("terminated", duration_seconds=2)]
    assert client.send(*batch).status == 200
    assert client.send(*batch).status == 200  # a retry after a lost answer: not a new statement
    stored = ralph.statements(registration=client.params["registration"])
    assert sorted(s["id"] for s in stored if s["verb"]["id"].endswith(("initialized", "terminated"))) == \
        sorted(s["id"] for s in batch)
