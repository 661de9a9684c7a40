"""`lms-build xapi simulate`: synthetic learners' statements, written as JSON lines or posted to an LRS."""

from __future__ import annotations

import collections
import json
import os
import sys
from pathlib import Path

from ralph.models.xapi.base.statements import BaseXapiStatement

from lms_build.resolve import questions
from lms_build.xapi.activities import activity_index
from lms_build.xapi.simulate import simulate
from lms_build.xapi.validation import validate_statement
from tests.conftest import REPO, run_cli
from tests.support.courses import real_course
from tests.support.lrs import PASSWORD, USER, Ralph, free_port

VERBS = "http://adlnet.gov/expapi/verbs/"


def _verb(statement: dict) -> str:
    return statement["verb"]["id"].removeprefix(VERBS)


def test_same_seed_same_stream_other_seed_other_stream():
    course = real_course()
    first = list(simulate(course, 3, seed=7))
    assert first == list(simulate(course, 3, seed=7))
    assert first != list(simulate(course, 3, seed=8))


def test_stream_is_realistic_languages_dropouts_right_and_wrong_answers():
    course = real_course()
    statements = list(simulate(course, 30, seed=1))
    by_learner = collections.defaultdict(list)
    for statement in statements:
        by_learner[statement["actor"]["account"]["name"]].append(statement)
    assert len(by_learner) == 30
    assert {s["context"]["language"] for s in statements} == {"fi-FI", "sv-FI"}
    for stream in by_learner.values():
        assert _verb(stream[0]) == "initialized" and _verb(stream[-1]) == "terminated"
        assert len({s["context"]["registration"] for s in stream}) == 1
        timestamps = [s["timestamp"] for s in stream]
        assert timestamps == sorted(timestamps)
    finished = [s for s in by_learner.values() if any(_verb(x) in ("passed", "failed") for x in s)]
    assert 0 < len(finished) < 30, "some learners drop out before the final assessment"
    results = collections.Counter(s["result"]["success"] for s in statements if _verb(s) == "answered")
    assert results[True] > results[False] > 0
    assert {_verb(s) for s in statements} == {"initialized", "experienced", "answered", "completed",
                                                "passed", "failed", "terminated"}


def test_answers_are_drawn_from_the_real_questions():
    course = real_course()
    real = {}
    for lang in course.languages:
        index = activity_index(course, lang)
        real[index[course.config.id]["definition"]["name"].popitem()[0]] = {
            index[q.id]["id"]: index[q.id]["definition"] for m in course.modules for q in questions(m)}
    for statement in simulate(course, 10, seed=3):
        if _verb(statement) != "answered":
            continue
        definition = real[statement["context"]["language"]][statement["object"]["id"]]
        right = statement["result"]["response"] in [p.removeprefix("{case_matters=false}")
                                                    for p in definition["correctResponsesPattern"]]
        assert right == statement["result"]["success"]
        if definition["interactionType"] == "choice":
            ids = {c["id"] for c in definition["choices"]}
            assert set(statement["result"]["response"].split("[,]")) <= ids


def test_every_simulated_statement_passes_the_strict_models():
    for statement in simulate(real_course(), 5, seed=11):
        BaseXapiStatement.model_validate(statement)
        validate_statement(statement)


def test_simulate_writes_json_lines(tmp_path: Path):
    out = tmp_path / "stream.jsonl"
    result = run_cli("xapi", "simulate", "--learners", "3", "--seed", "5", "--out", out)
    assert result.returncode == 0, result.output
    lines = out.read_text("utf-8").splitlines()
    assert [json.loads(line) for line in lines] == list(simulate(real_course(), 3, seed=5))
    assert f"wrote {len(lines)} statements of 3 learners" in result.stderr


def test_simulate_posts_to_ralph_and_the_statements_come_back(ralph: Ralph):
    env = {"LMS_BUILD_LRS_USER": USER, "LMS_BUILD_LRS_PASSWORD": PASSWORD}
    result = _run_with_env(env, "xapi", "simulate", "--learners", "4", "--seed", "21", "--lrs",
                           ralph.endpoint, "--batch-size", "50")
    assert result.returncode == 0, result.output
    expected = list(simulate(real_course(), 4, seed=21))
    registrations = {s["context"]["registration"] for s in expected}
    stored = [s for s in ralph.statements() if s.get("context", {}).get("registration") in registrations]
    assert sorted(s["id"] for s in stored) == sorted(s["id"] for s in expected)
    first = next(s for s in stored if s["id"] == expected[0]["id"])
    assert first["verb"] == expected[0]["verb"] and first["actor"] == expected[0]["actor"]
    assert f"posted {len(expected)} statements of 4 learners" in result.stderr


def test_wrong_credentials_get_a_clear_401_message(ralph: Ralph):
    result = run_cli("xapi", "simulate", "--learners", "1", "--lrs", ralph.endpoint, "--user", USER,
                     "--password", "wrong")
    assert result.returncode == 1
    assert "refused the credentials (401)" in result.stderr
    assert "Traceback" not in result.output


def test_unreachable_lrs_gets_a_clear_message():
    endpoint = f"http://127.0.0.1:{free_port()}/xAPI/"
    result = run_cli("xapi", "simulate", "--learners", "1", "--lrs", endpoint, "--user", "u", "--password", "p")
    assert result.returncode == 1
    assert f"cannot reach the LRS at {endpoint}" in result.stderr
    assert "Traceback" not in result.output


def test_out_and_lrs_are_exclusive():
    result = run_cli("xapi", "simulate", "--learners", "1")
    assert result.returncode == 2
    assert "exactly one of --out FILE and --lrs URL" in result.output


def _run_with_env(env: dict[str, str], *args: str):
    import subprocess

    completed = subprocess.run([sys.executable, "-m", "lms_build", *args], cwd=REPO, capture_output=True,
                               text=True, timeout=300, env={**os.environ, **env}, check=False)
    return completed
