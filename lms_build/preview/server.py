"""`lms-build preview`: a local server showing the course under a simulated LMS, rebuilt in memory
on every save and pushed to the open page with server-sent events.

    /                      the preview shell: the player in an iframe, the LMS inspector, the
                           error overlay (its own page: the player's CSP is left untouched)
    /_preview/...          the shell's script, style and the vendored scorm-again runtime
    /course/...            the player page and its files, from memory
    /pdf/NAME.pdf          a handout rendered on demand
    /events                server-sent events: {"version", "errors", "warnings"} after each rebuild
    /state                 the same as JSON (for scripts and tests)
    /lms/...               --as cmi5 only: the cmi5 launcher (POST /lms/launch, the fetch URL and
                           the xAPI endpoint it hands the AU, with an in-memory LRS) and
                           GET /lms/inspector, what it received (lms_build.preview.cmi5)

Only 127.0.0.1 is served; only paths in those tables exist, so nothing outside the course (or
inside it but not part of the preview) can be read. A closed browser or a broken file never
stops the server."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Iterator
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import escape
from watchfiles import DefaultFilter, watch

from ..i18n import _, current_language
from ..load import CONFIG_FILE, COURSE_SRC_DIR, MODULES_DIR
from ..render.state import LIMITS
from .build import COURSE_PREFIX, PreviewBuild, Snapshot, content_type
from .cmi5 import LMS_PREFIX, Cmi5Lms

HOST = "127.0.0.1"
SHELL_PREFIX = "/_preview/"
#: How often an idle event stream sends a comment line, which also tells a closed browser apart.
KEEPALIVE_SECONDS = 10.0
_DISCONNECTED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
#: The largest request body taken (statements, state documents); an AU's batches are far smaller.
MAX_BODY = 8 * 1024 * 1024


def _shell_files() -> dict[str, bytes]:
    root = resources.files(__package__).joinpath("static")
    found: dict[str, bytes] = {}

    def collect(folder: Any, prefix: str) -> None:
        for entry in folder.iterdir():
            if entry.is_dir():
                collect(entry, f"{prefix}{entry.name}/")
            else:
                found[f"{prefix}{entry.name}"] = entry.read_bytes()

    collect(root, "")
    return found


class PreviewServer:
    """The HTTP server, the file watcher and the in-memory build, started and stopped together."""

    def __init__(self, root: Path, *, port: int = 0, lang: str | None = None, kind: str = "scorm12"):
        self.root = root.resolve()
        self.build = PreviewBuild(self.root, lang, kind)
        self.kind = kind
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._shell = _shell_files()
        self._pdfs: dict[tuple[int, str], bytes] = {}
        self.build.rebuild()
        # Binding raises OSError (address in use) before any thread starts: the caller reports it.
        self.httpd = ThreadingHTTPServer((HOST, port), _handler_for(self))
        self.httpd.daemon_threads = True
        self._threads: list[threading.Thread] = []
        self.lms: Cmi5Lms | None = None
        if self.build.runtime == "cmi5":
            self.lms = Cmi5Lms(self.build.lang)
            self.lms.attach(self.url, self.url + COURSE_PREFIX)
            self._sync_lms()

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.httpd.server_address[1]}/"

    @property
    def snapshot(self) -> Snapshot:
        return self.build.snapshot

    def start(self) -> PreviewServer:
        for name, target in (("preview-http", self.httpd.serve_forever), ("preview-watch", self._watch)):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        self._stop.set()
        with self._changed:
            self._changed.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> PreviewServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    # -- watching ------------------------------------------------------------------------------

    def watched_paths(self) -> list[Path]:
        candidates = [self.root / MODULES_DIR, self.root / COURSE_SRC_DIR]
        return [path for path in candidates if path.is_dir()]

    def _is_course_file(self, path: str) -> bool:
        resolved = Path(path)
        if resolved.parent == self.root:
            return resolved.name == CONFIG_FILE
        return DefaultFilter()(None, path)  # type: ignore[arg-type]  # editor swap files etc.

    def _watch(self) -> None:
        # The course folder itself is watched without recursion (course.toml; an editor may save
        # it by renaming a new file over it); modules/ and course_src/ with it.
        watchers = [(self.root, False), *((path, True) for path in self.watched_paths())]
        for path, recursive in watchers[1:]:
            threading.Thread(target=self._watch_one, args=(path, recursive), daemon=True,
                             name=f"preview-watch-{path.name}").start()
        self._watch_one(*watchers[0])

    def _watch_one(self, path: Path, recursive: bool) -> None:
        try:
            for changes in watch(path, watch_filter=lambda _c, p: self._is_course_file(p),
                                 recursive=recursive, debounce=400, step=30, stop_event=self._stop,
                                 yield_on_timeout=False, raise_interrupt=False):
                if changes:
                    self.rebuild()
        except OSError:
            pass  # the folder went away: the other watchers and the server carry on

    def rebuild(self) -> Snapshot:
        snapshot = self.build.rebuild()
        self._sync_lms()
        self._pdfs.clear()
        with self._changed:
            self._changed.notify_all()
        return snapshot

    def wait_for_change(self, version: int, timeout: float) -> Snapshot:
        with self._changed:
            self._changed.wait_for(lambda: self.snapshot.version != version or self._stop.is_set(),
                                   timeout=timeout)
        return self.snapshot

    def _sync_lms(self) -> None:
        """Hand the cmi5 launcher the files of the latest build (the package it launches)."""
        files = self.snapshot.files
        if self.lms is not None and files:
            self.lms.update(files)

    # -- content -------------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        snapshot = self.snapshot
        return {"version": snapshot.version, "errors": list(snapshot.errors),
                "warnings": list(snapshot.warnings)}

    def shell_page(self) -> bytes:
        snapshot = self.snapshot
        config = {
            "runtime": self.build.runtime, "lang": self.build.lang,
            "launch": "/course/index.html", "version": snapshot.version,
            "suspendLimit": LIMITS.get(self.build.runtime, {}).get("suspend_data"),
            "lms": LMS_PREFIX if self.lms is not None else None,
            "strings": shell_strings(),
            "pdfs": self.pdf_names(),
        }
        template = self._shell["shell.html"].decode("utf-8")
        page = template.replace("{{lang}}", current_language()).replace(
            "{{title}}", str(escape(_("Preview"))))
        runtime = self.build.runtime
        script = (f'<script src="{SHELL_PREFIX}vendor/scorm-again/{runtime}.min.js"></script>'
                  if f"vendor/scorm-again/{runtime}.min.js" in self._shell else "")
        page = page.replace("{{runtime_script}}", script)
        page = page.replace("{{config}}", json.dumps(config, ensure_ascii=False)
                            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))
        return page.encode("utf-8")

    def pdf_names(self) -> list[str]:
        course = self.snapshot.course
        if course is None:
            return []
        from ..targets.pdf.documents import handouts
        return [h.file_name(course) for h in handouts(course, self.build.lang)]

    def pdf(self, name: str) -> bytes | None:
        """A handout, rendered when first asked for (WeasyPrint is imported only then)."""
        course = self.snapshot.course
        if course is None or name not in self.pdf_names():
            return None
        key = (self.snapshot.version, name)
        if key not in self._pdfs:
            from ..targets.pdf.documents import handouts
            from ..targets.pdf.engine import cache_key, render_pdf
            from ..targets.pdf.html import render_handout
            handout = next(h for h in handouts(course, self.build.lang) if h.file_name(course) == name)
            html = render_handout(course, handout)
            self._pdfs[key] = render_pdf(html, cache_key(html))[0]
        return self._pdfs[key]

    def events(self, since: int) -> Iterator[bytes]:
        """The event stream: the current state at once, then one event per rebuild."""
        version = since
        while not self._stop.is_set():
            snapshot = self.wait_for_change(version, KEEPALIVE_SECONDS) if version == self.snapshot.version \
                else self.snapshot
            if snapshot.version == version:
                yield b": keep-alive\n\n"
                continue
            version = snapshot.version
            yield f"event: update\ndata: {json.dumps(self.state(), ensure_ascii=False)}\n\n".encode()


def shell_strings() -> dict[str, str]:
    """The shell's interface in the author's language."""
    return {
        "inspector": _("What the LMS received"), "status": _("Status"), "score": _("Score"),
        "location": _("Location"), "suspendData": _("Suspend data"), "interactions": _("Interactions"),
        "reset": _("Reset attempt"), "errorsTitle": _("The course has errors"),
        "errorsHelp": _("Fix the file and save: the preview updates by itself."),
        "noLms": _("Web: no LMS; progress is kept in this browser."), "handouts": _("Handouts (PDF)"),
        "characters": _("characters"), "none": _("none yet"), "result": _("result"),
        "response": _("response"), "question": _("question"), "attempt": _("Attempt"), "type": _("type"),
        "course": _("Course"),
        "cmi5": _("cmi5: the lms-build launcher with an LRS in memory"), "statements": _("Statements"),
        "refused": _("Refused"), "au": _("Module (AU)"), "registration": _("Registration"),
        "state": _("State document"), "bytes": _("bytes"), "problem": _("Problem"),
    }


def _handler_for(server: PreviewServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle(self) -> None:
            # a browser closed with a kept-alive connection open: no traceback for the author
            with contextlib.suppress(*_DISCONNECTED):
                super().handle()

        def do_GET(self) -> None:
            try:
                path = unquote(urlsplit(self.path).path)
                if server.lms is not None and path.startswith(LMS_PREFIX + "/"):
                    return self._lms(server.lms, path)
                self._route(path)
            except _DISCONNECTED:
                self.close_connection = True  # the browser went away: nothing to do

        def _write(self) -> None:
            """POST, PUT, DELETE: only the cmi5 LMS takes them."""
            try:
                path = unquote(urlsplit(self.path).path)
                if server.lms is not None and path.startswith(LMS_PREFIX + "/"):
                    return self._lms(server.lms, path)
                self._body()  # read what was sent, so the connection stays usable
                self._send(_("not found (the preview serves only the course)").encode(),
                           "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)
            except _DISCONNECTED:
                self.close_connection = True

        do_POST = do_PUT = do_DELETE = _write

        def _body(self) -> bytes | None:
            """The request body, or None (answered 413) when it is too large."""
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if not 0 <= length <= MAX_BODY:
                self.close_connection = True
                self._send(b'{"error": "request body too large"}', "application/json",
                           HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
                return None
            return self.rfile.read(length) if length else b""

        def _lms(self, lms: Cmi5Lms, path: str) -> None:
            body = self._body()
            if body is None:
                return
            if path == LMS_PREFIX + "/inspector" and self.command == "GET":
                return self._send(json.dumps(lms.inspector(), ensure_ascii=False).encode(), "application/json")
            if path == LMS_PREFIX + "/launch" and self.command == "POST":
                return self._launch(lms, body)
            target = self.path[len(LMS_PREFIX):] if self.path.startswith(LMS_PREFIX + "/") else "/"
            try:
                reply = lms.answer(self.command, target, self.headers.get("Authorization"), body)
            except Exception as error:  # a bug in the launcher must not stop the preview: the AU retries
                return self._send(json.dumps({"error": f"internal error: {error!r}"}).encode(), "application/json",
                                  HTTPStatus.INTERNAL_SERVER_ERROR)
            self._send(reply.body, reply.content_type, HTTPStatus(reply.status))

        def _launch(self, lms: Cmi5Lms, body: bytes) -> None:
            try:
                asked = json.loads(body or b"{}")
                asked = asked if isinstance(asked, dict) else {}
            except ValueError:
                asked = {}
            try:
                launch = lms.launch(str(asked["au"]) if asked.get("au") else None, bool(asked.get("newAttempt")))
            except LookupError as error:  # no good build yet
                return self._send(json.dumps({"error": str(error)}).encode(), "application/json",
                                  HTTPStatus.CONFLICT)
            except Exception as error:  # a bug must not stop the preview
                return self._send(json.dumps({"error": f"internal error: {error!r}"}).encode(), "application/json",
                                  HTTPStatus.INTERNAL_SERVER_ERROR)
            self._send(json.dumps({"url": launch.url, "registration": launch.registration,
                                   "au": launch.au}).encode(), "application/json")

        def _route(self, path: str) -> None:
            if path in ("/", "/index.html"):
                self._send(server.shell_page(), "text/html; charset=utf-8")
            elif path == "/state":
                self._send(json.dumps(server.state()).encode(), "application/json")
            elif path == "/events":
                self._stream()
            elif path.startswith(SHELL_PREFIX) and path[len(SHELL_PREFIX):] in server._shell \
                    and path != SHELL_PREFIX + "shell.html":
                name = path[len(SHELL_PREFIX):]
                self._send(server._shell[name], content_type(name))
            elif path.startswith("/pdf/") and (pdf := server.pdf(path[len("/pdf/"):])) is not None:
                self._send(pdf, "application/pdf")
            elif (data := server.snapshot.files.get(path.lstrip("/"))) is not None:
                self._send(data, content_type(path))
            else:
                self._send(_("not found (the preview serves only the course)").encode(),
                           "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND)

        def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            if self.path.startswith(LMS_PREFIX + "/xapi/"):
                self.send_header("X-Experience-API-Version", "1.0.3")
            if kind.startswith("text/html") and self.path.split("?")[0] in ("/", "/index.html"):
                self.send_header("Content-Security-Policy",
                                 "default-src 'self'; script-src 'self'; style-src 'self'; "
                                 "img-src 'self' data:; frame-src 'self'; connect-src 'self'; "
                                 "object-src 'none'; base-uri 'none'; form-action 'none'")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _stream(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            for chunk in server.events(since=-1):
                self.wfile.write(chunk)
                self.wfile.flush()

        def log_message(self, format: str, *args: object) -> None:
            pass  # a request log would bury the messages an author needs

    return Handler
