"""The JavaScript xAPI core: its `node --test` unit tests, and the statements it makes checked
against Ralph's strict models (the same validation the Python side uses)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from lms_build.xapi.activities import activity_index
from lms_build.xapi.validation import validate_statement
from tests.conftest import REPO
from tests.support.courses import real_course

NODE = shutil.which("node")
CORE = REPO / "lms_build" / "render" / "static" / "adapters" / "xapi-core.js"


def test_node_unit_tests_of_the_xapi_core_pass():
    assert NODE, "node is installed by scripts/install.sh"
    result = subprocess.run([NODE, "--test", str(REPO / "tests" / "js" / "xapi-core.test.js")],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]


def _statements_from_js(script: str) -> list[dict]:
    result = subprocess.run([NODE, "-e", f"const X = require({json.dumps(str(CORE))});\n{script}"],
                            capture_output=True, text=True, timeout=60, check=True)
    return json.loads(result.stdout)


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_kind_of_statement_the_adapters_make_passes_the_strict_models(lang):
    index = activity_index(real_course(), lang)
    question = next(a for a in index.values() if a["definition"].get("interactionType") == "matching")
    page = next(a for a in index.values() if a["definition"]["type"].endswith("/lesson"))
    statements = _statements_from_js(f"""
      const actor = {{objectType: "Agent", name: "Aino", account: {{homePage: "https://lms.example.fi", name: "u1"}}}};
      const group = [{{id: "https://digituki.example.fi/au", objectType: "Activity"}}];
      const template = {{contextActivities: {{grouping: group}},
                        extensions: {{[X.SESSION_EXTENSION]: "s-1"}}}};
      const f = new X.StatementFactory({{actor, registration: "6a1b1f4e-2d47-4c4c-9d0b-5f8f9c1e2a3b",
        sessionId: "s-1", contextTemplate: template, language: X.languageTag({json.dumps(lang)}), masteryScore: 0.8}});
      const au = X.activity("https://lms.example.fi/launch/123");
      const out = [
        f.make("initialized", au, {{cmi5: true}}),
        f.make("experienced", X.activity({json.dumps(page)}), {{parent: "https://digituki.example.fi/m"}}),
        f.make("answered", X.activity({json.dumps(question)}), {{result: {{success: false, response: "a[.]b[,]b[.]a",
          duration: X.duration(12340)}}}}),
        f.make("completed", au, {{cmi5: true, result: {{completion: true, duration: X.duration(600000)}}}}),
        f.make("failed", au, {{cmi5: true, result: {{success: false, duration: X.duration(601000),
          score: X.score({{raw: 5, min: 0, max: 10, scaled: 0.5}})}}}}),
        f.make("terminated", au, {{cmi5: true, result: {{duration: X.duration(602000)}}}}),
      ];
      console.log(JSON.stringify(out));
    """)
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in statements] == [
        "initialized", "experienced", "answered", "completed", "failed", "terminated"]
    for statement in statements:
        validate_statement(statement)
