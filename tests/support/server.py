"""A quiet local HTTP server for browser tests: 127.0.0.1, a free port, folders mounted under URL
prefixes. The LMS harness is always at /lms and node_modules at /node_modules; mount a built
package (e.g. at /pkg) and the LMS and the package share one origin, as in Moodle."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[2]
HARNESS_DIR = Path(__file__).resolve().parent / "harness"
NODE_MODULES = REPO / "node_modules"


class _Handler(SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {**SimpleHTTPRequestHandler.extensions_map,
                      ".js": "text/javascript", ".svg": "image/svg+xml",
                      ".json": "application/json", ".xml": "application/xml"}

    def __init__(self, *args, mounts: dict[str, Path], **kwargs):
        self.mounts = mounts
        super().__init__(*args, **kwargs)

    def translate_path(self, path: str) -> str:
        path = unquote(urlsplit(path).path)
        for prefix in sorted(self.mounts, key=len, reverse=True):
            if path.startswith(prefix + "/"):
                root = self.mounts[prefix].resolve()
                target = (root / path[len(prefix) + 1:]).resolve()
                if target.is_relative_to(root):
                    return str(target)
        return "/nonexistent"

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:
        pass


class Server:
    def __init__(self, base_url: str, mounts: dict[str, Path]):
        self.base_url = base_url
        self._mounts = mounts

    def mount(self, prefix: str, folder: Path) -> str:
        """Serve `folder` under `prefix` ("/pkg"); returns the folder's URL (no trailing slash)."""
        if not prefix.startswith("/") or prefix.endswith("/"):
            raise ValueError("prefix must look like /name")
        self._mounts[prefix] = Path(folder)
        return self.base_url + prefix

    def url(self, path: str) -> str:
        return self.base_url + path


@contextmanager
def serve(mounts: dict[str, Path] | None = None) -> Iterator[Server]:
    """Start a server; more folders can be mounted while it runs (Server.mount)."""
    table = {"/lms": HARNESS_DIR, "/node_modules": NODE_MODULES, **(mounts or {})}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, mounts=table))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="test-http", daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", table)
    finally:
        httpd.shutdown()
        httpd.server_close()
