#!/usr/bin/env bash
# Runs the whole test suite: lint, unit and end-to-end tests (real Chromium, real XSDs, real PDFs).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check lms_build tests
node --test tests/js/   # the player's JavaScript core (before pytest, so its summary stays last)
# loadgroup: tests marked xdist_group("...") share one worker, so the costly fixture they share is
# made once per run (tests/targets/conftest.py shares its PDF builds across workers by file lock).
exec .venv/bin/python -m pytest -n 2 --dist loadgroup "$@"
