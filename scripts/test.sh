#!/usr/bin/env bash
# Runs the whole test suite: lint, unit and end-to-end tests (real Chromium, real XSDs, real PDFs).
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/ruff check lms_build tests
exec .venv/bin/python -m pytest -n 2 "$@"
