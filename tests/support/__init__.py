"""Shared helpers for browser tests (the player's and the SCORM packages' end-to-end tests).

server.py    local HTTP server on 127.0.0.1:0 with folders mounted under URL prefixes
browser.py   Playwright + Debian Chromium with the flags a closed network needs
harness/     a test LMS page: scorm-again as window.API / API_1484_11, the SCO in an iframe
lms.py       Python side of the harness: open any launch URL, read calls and the stored CMI data
player.py    drive the lms-build player like a learner (pages, answers)
courses.py   the mini fixture course, the real course (when it validates), package folders
fixtures.py  pytest fixtures: browser, server, page

Import them in a conftest.py with `from tests.support.fixtures import *` (the repository root must
be on sys.path; tests/e2e/conftest.py shows how).
"""
