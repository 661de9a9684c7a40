"""A real LRS for the tests: Ralph (PyPI `ralph-malph`) on 127.0.0.1, started by the tests.

Ralph lives in its own virtual environment, `.venv-ralph` (made by scripts/install.sh), because
its `lrs` extra pins FastAPI and uvicorn. It runs the filesystem backend (no database), with one
user whose credentials exist only in the test's temporary folder. Known limits of Ralph 5.1.0
that the tests live with: only the Statement resource exists (no State or Agent Profile API: the
cmi5 launcher of lms_build.launcher provides those), writes after the first fail (patched in
ralph_app.py) and GET filters never match (`statements()` reads everything and filters here).
Ralph proves transport, not correctness: statements are validated with Ralph's strict models."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
RALPH_PYTHON = REPO / ".venv-ralph" / "bin" / "python"
RALPH_CLI = REPO / ".venv-ralph" / "bin" / "ralph"
APP = Path(__file__).resolve().parent / "ralph_app.py"
USER, PASSWORD = "lms-build-test", "test-secret-9f3c2a"  # a build must never contain these


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Ralph:
    """One Ralph server; `stop()` and `start()` keep its port and its stored statements."""

    def __init__(self, folder: Path, cors_origins: list[str] | None = None):
        if not RALPH_PYTHON.exists():
            raise RuntimeError(f"{RALPH_PYTHON} is missing: run `bash scripts/install.sh` (it makes .venv-ralph)")
        self.folder = folder
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/xAPI/"
        (folder / "data").mkdir(parents=True, exist_ok=True)
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(folder / "data"),
            "RALPH_RUNSERVER_CORS_ALLOW_ORIGINS": json.dumps(cors_origins or []),
        }
        self._process: subprocess.Popen | None = None
        self._make_user()

    @property
    def authorization(self) -> str:
        return "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def _make_user(self) -> None:
        subprocess.run([str(RALPH_CLI), "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
                        "-M", "mailto:lms-build-test@example.org", "-w"],
                       env=self.env, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        log = (self.folder / "ralph.log").open("ab")
        self._process = subprocess.Popen([str(RALPH_PYTHON), str(APP), str(self.port)], env=self.env,
                                         stdout=log, stderr=subprocess.STDOUT, cwd=self.folder)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"Ralph exited: {(self.folder / 'ralph.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__lbheartbeat__", timeout=2):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("Ralph did not answer within 60 s")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.endpoint + path, data=data, method=method, headers={
            "Authorization": self.authorization, "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def post(self, statements: list[dict]) -> list[str]:
        return self._request("POST", "statements", statements)

    def statements(self, **match: Any) -> list[dict]:
        """Every stored statement (oldest first), filtered here on exact top-level paths such as
        registration="..." or verb="http://..." (Ralph 5.1.0's own GET filters never match)."""
        found: list[dict] = []
        path = "statements?limit=500&ascending=true"
        while path:
            page = self._request("GET", path)
            found += page["statements"]
            more = page.get("more") or ""
            path = more.split("/xAPI/", 1)[1] if more else ""
        found.sort(key=lambda s: (s.get("timestamp", ""), s.get("stored", "")))

        def value(statement: dict, key: str) -> Any:
            if key == "verb":
                return statement["verb"]["id"]
            if key == "registration":
                return statement.get("context", {}).get("registration")
            if key == "activity":
                return statement["object"].get("id")
            return statement.get(key)

        return [s for s in found if all(value(s, k) == v for k, v in match.items())]


@contextmanager
def running_ralph(folder: Path, cors_origins: list[str] | None = None) -> Iterator[Ralph]:
    ralph = Ralph(folder, cors_origins)
    ralph.start()
    try:
        yield ralph
    finally:
        ralph.stop()


def lrs_error(error: urllib.error.HTTPError) -> str:
    return f"{error.code} {error.read()[:300]!r}"
