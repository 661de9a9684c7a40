"""Learners in real Chromium: the Tin Can package posting to Ralph, and the cmi5 package launched
by our cmi5 launcher (which checks every cmi5 rule and forwards to Ralph). The statements are
read back from Ralph and checked for order, verbs, scores, responses and against the strict
models. Test names carry the cmi5 requirement ids they prove."""

from __future__ import annotations

import json
import time
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

from lms_build.launcher import Cmi5Launcher
from lms_build.xapi.activities import activity_index
from lms_build.xapi.statements import Learner
from lms_build.xapi.validation import validate_statement
from tests.support import player
from tests.support.browser import wait_until
from tests.support.courses import real_course
from tests.support.fixtures import page  # noqa: F401  (a fresh page per test)
from tests.support.lrs import Ralph
from tests.support.server import Server

VERB = "http://adlnet.gov/expapi/verbs/"
LEARNER = Learner("https://lms.example.fi", "learner-42", "Aino Oppija")
FIRST_MODULE = "m1-mita-digituki-on"
ASSESSMENT = "m8-loppukoe"


def verbs(statements: list[dict]) -> list[str]:
    return [s["verb"]["id"].removeprefix(VERB) for s in statements]


def wait_for(ralph: Ralph, registration: str, last_verb: str = "terminated", timeout: float = 30) -> list[dict]:
    """The registration's statements once `last_verb` has arrived (they travel asynchronously)."""
    deadline = time.monotonic() + timeout
    while True:
        found = ralph.statements(registration=registration)
        if last_verb in verbs(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


@pytest.fixture(scope="module")
def unpacked(package_zips, tmp_path_factory) -> dict:
    folders = {}
    for key, path in package_zips.items():
        folder = tmp_path_factory.mktemp("-".join(key))
        with zipfile.ZipFile(path) as archive:
            archive.extractall(folder)
        folders[key] = folder
    return folders


# --- Tin Can -------------------------------------------------------------------------------------

def tincan_url(server: Server, folder: Path, ralph: Ralph, registration: str, lang: str) -> str:
    base = server.mount(f"/tincan-{lang}-{registration[:8]}", folder)
    actor = {"objectType": "Agent", "name": LEARNER.display_name,
             "account": {"homePage": LEARNER.home_page, "name": LEARNER.name}}
    query = urlencode({"endpoint": ralph.endpoint, "auth": ralph.authorization, "actor": json.dumps(actor),
                       "registration": registration, "activity_id": real_course().activity_iri()})
    return f"{base}/index.html?{query}"


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_tincan_learner_completes_a_module_and_ralph_has_every_statement(page, server, ralph, unpacked, lang):  # noqa: F811
    registration = str(uuid.uuid4())
    player.open_player(page, tincan_url(server, unpacked["tincan", lang], ralph, registration, lang))
    policies = page.evaluate("[...document.querySelectorAll('meta[http-equiv=Content-Security-Policy]')]"
                             ".map(m => m.content)")
    lrs_origin = ralph.endpoint.split("/xAPI/")[0]
    assert policies[1:] == [f"connect-src 'self' {lrs_origin}"], "only the LRS origin may be reached"
    violated = page.evaluate("""() => new Promise(done => {
        document.addEventListener('securitypolicyviolation', e => done(e.violatedDirective), {once: true});
        fetch('http://127.0.0.2:9/').catch(() => {});
        setTimeout(() => done('no violation'), 3000);
    })""")
    assert violated == "connect-src", "any other origin is refused by the policy, not by chance"
    player.complete(page, correct=True, module_ids=[FIRST_MODULE])
    page.close(run_before_unload=True)  # pagehide: finish({unloading: true}), keepalive flush
    statements = wait_for(ralph, registration)
    for statement in statements:
        validate_statement(statement)
    names = verbs(statements)
    assert names[0] == "initialized" and names[-1] == "terminated"
    assert names.count("initialized") == names.count("terminated") == 1
    index = activity_index(real_course(), lang)
    module = next(m for m in real_course().modules if m.id == FIRST_MODULE)
    experienced = [s["object"]["id"] for s in statements if s["verb"]["id"].endswith("experienced")]
    assert set(experienced) >= {index[p.id]["id"] for p in module.pages[1:]}
    answered = [s for s in statements if s["verb"]["id"].endswith("answered")]
    assert answered and all(s["result"]["success"] for s in answered)
    for statement in answered:
        definition = statement["object"]["definition"]
        assert statement["result"]["response"] in [p.removeprefix("{case_matters=false}")
                                                  for p in definition["correctResponsesPattern"]] or \
            definition["interactionType"] == "fill-in"
        assert statement["context"]["contextActivities"]["parent"][0]["id"] == index[FIRST_MODULE]["id"]
    assert {s["context"]["language"] for s in statements} == {f"{lang}-FI"}
    assert {s["actor"]["account"]["name"] for s in statements} == {LEARNER.name}
    assert len({s["id"] for s in statements}) == len(statements)


# --- cmi5 ----------------------------------------------------------------------------------------

@pytest.fixture
def launcher_for(ralph) -> Iterator:
    running = []

    def start(lang: str, zips: dict) -> Cmi5Launcher:
        launcher = Cmi5Launcher(zips["cmi5", lang], ralph.endpoint, ralph.authorization, LEARNER,
                                language_preference=f"{lang}-FI")
        context = launcher.serve()
        context.__enter__()
        running.append(context)
        return launcher

    yield start
    for context in running:
        context.__exit__(None, None, None)


def refusals(launcher: Cmi5Launcher) -> list:
    return [e for e in launcher.events if e.requirement and e.status >= 400]


def run_au(page, launcher: Cmi5Launcher, au: str, correct: bool = True, finish_button: bool = True,  # noqa: F811
           retake: bool = False, **launch) -> tuple[str, str]:
    url = launcher.launch(au, **launch)
    registration = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))["registration"]
    player.open_player(page, url)
    if retake:  # the saved state (State API) brings back the failed attempt: start the next one
        player.retake_exam(page)
    player.complete(page, correct=correct)
    if finish_button:
        page.locator(".course-end .finish").click()
        wait_until(page, "document.querySelector('.course-end .finish-done').textContent.length > 0", 30)
    return url, registration


@pytest.mark.parametrize("lang,au,outcome", [("fi", FIRST_MODULE, "completed"), ("sv", ASSESSMENT, "passed")])
def test_7_1_1_0_1_cmi5_normal_launch_initialized_first_terminated_last(page, package_zips, launcher_for, ralph,  # noqa: F811
                                                                      lang, au, outcome):
    launcher = launcher_for(lang, package_zips)
    _, registration = run_au(page, launcher, au)
    statements = [s for s in wait_for(ralph, registration) if not s["verb"]["id"].endswith("launched")]
    assert refusals(launcher) == []
    names = verbs(statements)
    assert names[0] == "initialized" and names[-1] == "terminated", names
    assert outcome in names
    for statement in statements:
        validate_statement(statement)
        extensions = statement["context"]["extensions"]
        assert "https://w3id.org/xapi/cmi5/context/extensions/sessionid" in extensions
        assert statement["context"]["contextActivities"]["grouping"][0]["id"] == launcher.au(au).id
    if outcome == "passed":
        passed = statements[names.index("passed")]
        assert passed["result"]["success"] is True and passed["result"]["score"]["scaled"] >= 0.8
        assert passed["context"]["extensions"]["https://w3id.org/xapi/cmi5/context/extensions/masteryscore"] == 0.8
    fetch_posts = list(launcher.fetch_posts.values())
    assert fetch_posts == [1], "8.2.1.0-2: exactly one POST to the fetch URL"


def test_10_2_2_0_9_cmi5_browse_launch_sends_only_initialized_and_terminated(page, package_zips, launcher_for,  # noqa: F811
                                                                          ralph):
    launcher = launcher_for("fi", package_zips)
    _, registration = run_au(page, launcher, FIRST_MODULE, mode="Browse")
    statements = [s for s in wait_for(ralph, registration) if not s["verb"]["id"].endswith("launched")]
    assert verbs(statements) == ["initialized", "terminated"]
    assert refusals(launcher) == []


def test_9_3_0_0_8_cmi5_relaunch_after_a_failed_attempt_passes_without_breaking_rules(page, package_zips,  # noqa: F811
                                                                                     launcher_for, ralph):
    launcher = launcher_for("fi", package_zips)
    _, registration = run_au(page, launcher, ASSESSMENT, correct=False)
    first = [s for s in wait_for(ralph, registration) if not s["verb"]["id"].endswith("launched")]
    assert "failed" in verbs(first) and "passed" not in verbs(first)
    failed = first[verbs(first).index("failed")]
    assert failed["result"]["score"]["scaled"] < 0.8 and failed["result"]["success"] is False
    second_page = page.context.new_page()
    run_au(second_page, launcher, ASSESSMENT, correct=True, retake=True, registration=registration)
    deadline = time.monotonic() + 30
    while verbs(ralph.statements(registration=registration)).count("terminated") < 2 and time.monotonic() < deadline:
        time.sleep(0.3)
    names = verbs([s for s in ralph.statements(registration=registration) if not s["verb"]["id"].endswith("launched")])
    assert names.count("terminated") == 2 and names.count("passed") == 1 and names.count("failed") == 1, \
        (" ".join(names), refusals(launcher), second_page.evaluate("LmsPlayer.status()")["success"])
    assert names.index("passed") > names.index("failed")
    assert refusals(launcher) == []


def test_10_2_1_0_5_cmi5_au_never_writes_launch_data_and_reads_preferences_first(page, package_zips,  # noqa: F811
                                                                                launcher_for, ralph):
    launcher = launcher_for("fi", package_zips)
    run_au(page, launcher, FIRST_MODULE)
    launch_data = [e for e in launcher.events if "LMS.LaunchData" in e.path]
    assert launch_data and {e.method for e in launch_data} == {"GET"}
    first_statement = next(i for i, e in enumerate(launcher.events) if e.path.startswith("/xapi/statements"))
    preferences = next(i for i, e in enumerate(launcher.events) if "cmi5LearnerPreferences" in e.path)
    assert preferences < first_statement


# --- delivery that loses nothing -----------------------------------------------------------------

def test_lrs_stopped_mid_module_and_restarted_every_statement_arrives_exactly_once(page, server, ralph,  # noqa: F811
                                                                                  unpacked):
    registration = str(uuid.uuid4())
    player.open_player(page, tincan_url(server, unpacked["tincan", "fi"], ralph, registration, "fi"))
    info = player.data(page)
    module = next(m for m in info["modules"] if m["id"] == FIRST_MODULE)
    questions = [info["questions"][i] for i in module["questions"]]
    for page_index in module["pages"][: len(module["pages"]) // 2]:  # the first half with the LRS up
        player.go_to(page, info["pages"][page_index])
    deadline = time.monotonic() + 30
    while "experienced" not in verbs(ralph.statements(registration=registration)) and time.monotonic() < deadline:
        time.sleep(0.3)
    ralph.stop()
    try:
        right = {q["id"]: k % 2 == 0 for k, q in enumerate(questions)}  # right and wrong answers
        player.complete(page, correct=right, module_ids=[FIRST_MODULE])
        wait_until(page, "document.querySelector('.lms-status').textContent.length > 0")  # the quiet status line
        queued = page.evaluate("Object.keys(localStorage).filter(k => k.indexOf('lms-build/xapi-queue/') === 0)"
                               ".map(k => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0)")
        assert queued > len(questions), "the statements wait in the persisted queue"
    finally:
        ralph.start()
    page.close(run_before_unload=True)
    statements = wait_for(ralph, registration, timeout=90)
    names = verbs(statements)
    assert names[0] == "initialized" and names[-1] == "terminated" and names.count("terminated") == 1
    assert len({s["id"] for s in statements}) == len(statements), "no statement stored twice"
    answered = [s["object"]["id"] for s in statements if s["verb"]["id"].endswith("answered")]
    assert len(answered) == len(questions) == len(set(answered)), "every answer arrived, once"
    index = activity_index(real_course(), "fi")
    experienced = {s["object"]["id"] for s in statements if s["verb"]["id"].endswith("experienced")}
    assert experienced >= {index[info["pages"][p]]["id"] for p in module["pages"]}


def test_10_2_6_0_1_cmi5_au_returns_to_the_return_url_after_terminated(page, package_zips, launcher_for,  # noqa: F811
                                                                       ralph, server):
    launcher = launcher_for("sv", package_zips)
    back = server.url("/lms/lms.html?back=1")
    url = launcher.launch(FIRST_MODULE, return_url=back)
    player.open_player(page, url)
    player.complete(page, correct=True)
    page.locator(".course-end .finish").click()
    page.wait_for_url(back, timeout=30_000)
    registration = dict(part.split("=", 1) for part in url.split("?", 1)[1].split("&"))["registration"]
    assert verbs(wait_for(ralph, registration))[-1] == "terminated"
    assert refusals(launcher) == []
