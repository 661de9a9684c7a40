"""The player's budgets (benchmarks/player_budget.py): at most 30 KB of JavaScript and CSS
gzipped per page, and a page change under 50 ms in headless Chromium."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from tests.support.courses import MINI, REPO, real_course

spec = importlib.util.spec_from_file_location("player_budget", REPO / "benchmarks" / "player_budget.py")
budget = importlib.util.module_from_spec(spec)
spec.loader.exec_module(budget)


def test_each_page_loads_at_most_30_kb_of_gzipped_player_code():
    for runtime in ("standalone", "scorm12", "scorm2004"):
        assert budget.sizes()[runtime]["gzip"] <= 30 * 1024, runtime


def test_changing_page_takes_less_than_50_ms(browser):
    course_dir: Path = REPO if real_course() is not None else MINI
    _, times = budget.page_change_times(course_dir, "fi", browser)
    assert max(times) < 50, sorted(times)[-5:]
