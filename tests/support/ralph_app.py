"""Runs Ralph's LRS (FastAPI app) under uvicorn on 127.0.0.1 for the tests.

This file runs with the Python of `.venv-ralph` (Ralph pins its own FastAPI/uvicorn), never the
project's: `.venv-ralph/bin/python tests/support/ralph_app.py PORT`. Configuration comes from the
environment (RALPH_* variables set by tests/support/lrs.py).

Workaround for a defect of ralph-malph 5.1.0 (still the newest release on PyPI, 30 Nov 2026):
its filesystem LRS backend writes every POST to the same file `fs_lrs.jsonl` with the default
operation type INDEX, which refuses to write to an existing file, so every write after the first
fails with HTTP 500 ("... already exists and overwrite is not allowed"). Appending is what an
LRS on a JSON-lines file must do, so the backend's default operation becomes APPEND here. (Its
other defect, GET filters such as ?verb= that never match, is worked around on the client side:
tests/support/lrs.py reads every statement and filters in Python.)"""

from __future__ import annotations

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    from ralph.api import app  # imported after the patch: the router builds its backend on import

    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False)
