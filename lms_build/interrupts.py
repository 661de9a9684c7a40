"""Ctrl-C and SIGTERM, remembered: the command line's handler sets `INTERRUPTED` before it raises
KeyboardInterrupt. The exception can be lost when the signal lands while C code runs a Python
callback (cffi and lxml print or drop exceptions raised there), so long-running loops (the build
runner) also check the flag between steps."""

from __future__ import annotations

import threading

INTERRUPTED = threading.Event()


def stop_if_interrupted() -> None:
    """Raise KeyboardInterrupt when a Ctrl-C or SIGTERM arrived, even one whose exception was lost."""
    if INTERRUPTED.is_set():
        raise KeyboardInterrupt
