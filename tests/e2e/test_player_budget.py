"""The player's size budget: at most 30 KB of JavaScript and CSS gzipped per page. (Speed is
measured by benchmarks/player_budget.py, which prints figures; no test depends on timing.)"""

from __future__ import annotations

import importlib.util

from tests.support.courses import REPO

spec = importlib.util.spec_from_file_location("player_budget", REPO / "benchmarks" / "player_budget.py")
budget = importlib.util.module_from_spec(spec)
spec.loader.exec_module(budget)


def test_each_page_loads_at_most_30_kb_of_gzipped_player_code():
    for runtime in ("standalone", "scorm12", "scorm2004"):
        assert budget.sizes()[runtime]["gzip"] <= 30 * 1024, runtime

