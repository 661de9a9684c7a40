"""The preview's in-memory LRS (lms_build.launcher.memory_lrs) against the real one the tests
use (Ralph): the same statements are accepted by both and come back the same way."""

from __future__ import annotations

from lms_build.launcher.memory_lrs import MemoryLrs
from lms_build.xapi.simulate import simulate
from tests.support.courses import real_course
from tests.support.lrs import Ralph

#: What an LRS adds to a statement it stores (xAPI 2.2): left out of the comparison.
ADDED_BY_THE_LRS = ("stored", "authority", "version")


def _as_sent(statement: dict) -> dict:
    return {k: v for k, v in statement.items() if k not in ADDED_BY_THE_LRS}


def test_statements_ralph_accepts_are_accepted_and_returned_the_same_by_the_memory_lrs(ralph: Ralph) -> None:
    statements = list(simulate(real_course(), 3, seed=47))
    memory = MemoryLrs()
    assert ralph.post(statements) == memory.store(statements) == [s["id"] for s in statements]

    for registration in {s["context"]["registration"] for s in statements}:
        in_ralph = {s["id"]: s for s in ralph.statements(registration=registration)}
        status, found = memory.query({"registration": registration, "ascending": "true"})
        assert status == 200
        in_memory = {s["id"]: s for s in found["statements"]}
        assert set(in_memory) == set(in_ralph) and in_memory
        for statement_id, stored in in_memory.items():
            assert {"stored", "authority"} <= set(stored) & set(in_ralph[statement_id])
            assert _as_sent(stored) == _as_sent(in_ralph[statement_id])
    one = statements[0]["id"]
    assert memory.query({"statementId": one})[1]["id"] == one
