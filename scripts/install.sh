#!/usr/bin/env bash
# Installs everything lms-build needs on Debian (system packages, Python venv,
# npm test tools) and builds the real course into dist/.
# Safe to run again: every step is idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  python3-venv            # venv for Debian's own Python 3.11
  chromium                # real browser for player tests (Playwright drives it)
  poppler-utils           # pdfinfo, pdffonts, pdftotext, pdftoppm for PDF checks
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0   # WeasyPrint
  fonts-dejavu-core fonts-noto-core                      # embedded PDF fonts (å ä ö, quotes, dashes)
  nodejs npm              # scorm-again and axe-core for the test harness
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
# nodejs/npm may come from elsewhere (nodesource, nvm): accept any working node + npm.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -eq 0 ]] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PYTHON=${PYTHON:-python3}
[[ -x .venv/bin/python ]] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[test]"

npm ci --silent --no-audit --no-fund

# Ralph, the LRS the xAPI tests post to, in its own venv: its `lrs` extra pins FastAPI/uvicorn
# versions. `requests` is needed by its CLI but not declared. 5.1.0 is the newest release
# (November 2026); its filesystem-backend defects are worked around in tests/support/ralph_app.py.
[[ -x .venv-ralph/bin/python ]] || "$PYTHON" -m venv .venv-ralph
.venv-ralph/bin/python -m pip install -q --upgrade pip
.venv-ralph/bin/python -m pip install -q "ralph-malph[cli,lrs]==5.1.0" requests

.venv/bin/lms-build build
