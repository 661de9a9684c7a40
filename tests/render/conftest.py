"""Tests of the render step: HTML, player data, strings and the compact learner state."""

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:  # so `tests.support` imports whatever directory pytest starts from
    sys.path.insert(0, ROOT)
