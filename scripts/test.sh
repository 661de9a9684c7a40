#!/usr/bin/env bash
# Runs the whole test suite: lint, unit and end-to-end tests (real Chromium, real XSDs, real PDFs).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check lms_build tests
node --test tests/js/   # the player's JavaScript core (before pytest, so its summary stays last)
# loadfile: each test file runs on one worker, so its module-scoped fixtures (the hostile handout's
# layout, the report's 300 simulated learners, the quick benchmark, ...) are made once per run, not
# once per worker; tests/targets/conftest.py shares the PDF builds across files by a file lock.
# (Not loadgroup: with pytest 9.2 it silently stops grouping, pytest-xdist issue #1386.)
exec .venv/bin/python -m pytest -n 2 --dist loadfile "$@"
