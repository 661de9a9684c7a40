"""The JavaScript codec (static/core/codec.js, run by Node) and the Python one agree on every
state: what Python writes, JavaScript reads and writes back unchanged, also across a version
change of the course."""

from __future__ import annotations

import dataclasses
import json
import random
import subprocess

from lms_build.render import state
from lms_build.render.state import encode, layout
from tests.support.courses import REPO, mini_course, real_course
from tests.support.states import random_state

CODEC = REPO / "lms_build" / "render" / "static" / "core" / "codec.js"
SCRIPT = """
const codec = require(process.argv[1]);
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(cases.map(c => {
  const st = codec.decode(c.to, c.text);
  return st === null ? null : codec.encode(c.to, st);
})));
"""


def js_layout(lay: state.Layout) -> dict:
    return {"pageKeys": list(lay.page_keys), "checklists": [{"key": c.key, "n": c.size} for c in lay.checklists],
            "examKeys": list(lay.exam_keys),
            "questions": [{"key": s.key, "kind": s.kind, "n": s.size} for s in lay.slots]}


def through_node(cases: list[tuple[state.Layout, str]]) -> list[str | None]:
    payload = json.dumps([{"to": js_layout(lay), "text": text} for lay, text in cases])
    done = subprocess.run(["node", "-e", SCRIPT, str(CODEC)], input=payload, capture_output=True,
                          text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def test_javascript_reads_and_rewrites_every_python_state_unchanged():
    cases = []
    for course in (mini_course(), real_course()):
        lay = layout(course.modules)
        rng = random.Random(3)
        cases += [(lay, encode(lay, random_state(lay, rng))) for _ in range(150)]
        cases.append((lay, encode(lay, state.worst_state(lay))))
    assert through_node(cases) == [text for _, text in cases]


def test_javascript_carries_a_state_to_a_new_version_as_python_does():
    lay = layout(mini_course().modules)
    new = dataclasses.replace(lay, pages=lay.pages[1:], slots=lay.slots[2:])
    rng = random.Random(5)
    texts = [encode(lay, random_state(lay, rng)) for _ in range(100)]
    expected = [encode(new, state.decode(new, text)) for text in texts]
    assert through_node([(new, text) for text in texts]) == expected
