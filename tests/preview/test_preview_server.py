"""The preview server without a browser: what it serves, what it refuses, and that nothing an
author or a browser does can crash it."""

from __future__ import annotations

import http.client
import json
import socket
import struct
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from lms_build.preview import PreviewServer
from tests.conftest import REPO, run_cli


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def _raw_get(server: PreviewServer, path: str) -> int:
    """A request with the path exactly as given (urllib would normalise '..' away)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.httpd.server_address[1], timeout=10)
    connection.request("GET", path)
    status = connection.getresponse().status
    connection.close()
    return status


def _wait_for_version(server: PreviewServer, version: int) -> dict:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        state = json.loads(_get(server.url + "state")[1])
        if state["version"] >= version:
            return state
        time.sleep(0.05)
    raise TimeoutError(f"no rebuild {version}")


def _wait_for_page(server: PreviewServer, text: bytes) -> None:
    """Until the player page holds `text` (an editor's save may reach the watcher as two changes)."""
    deadline = time.monotonic() + 10
    while text not in _get(server.url + "course/index.html")[1]:
        if time.monotonic() > deadline:
            raise TimeoutError(f"{text!r} never appeared; state {server.state()}")
        time.sleep(0.05)


def test_serves_the_shell_the_player_and_its_files_on_localhost_only(preview: PreviewServer) -> None:
    assert preview.url.startswith("http://127.0.0.1:")
    status, body, kind = _get(preview.url)
    assert status == 200 and kind.startswith("text/html") and b'id="course"' in body
    status, body, _ = _get(preview.url + "course/index.html")
    assert status == 200 and b"Content-Security-Policy" in body  # the player keeps its own CSP
    assert _get(preview.url + "course/player/player.js")[0] == 200
    assert _get(preview.url + "_preview/vendor/scorm-again/scorm12.min.js")[0] == 200


@pytest.mark.parametrize("path", [
    "/course/../course.toml", "/../../../etc/passwd", "/course/%2e%2e/course.toml",
    "/modules/01-perusteet.yaml", "/course.toml", "/_preview/../course.toml", "/pdf/../course.toml",
    "/course/assets/../../course.toml", "/pdf/unknown.pdf",
])
def test_refuses_every_path_outside_what_it_serves(preview: PreviewServer, path: str) -> None:
    assert _raw_get(preview, path) == 404


def test_a_broken_course_at_start_is_reported_not_fatal_and_fixing_it_serves_it(preview_course: Path) -> None:
    module = preview_course / "modules" / "01-perusteet.yaml"
    original = module.read_text(encoding="utf-8")
    module.write_text(original.replace("id: perusteet", "id: [perusteet"), encoding="utf-8")
    with PreviewServer(preview_course, port=0) as server:
        state = json.loads(_get(server.url + "state")[1])
        assert state["errors"] and state["errors"][0].startswith("modules/01-perusteet.yaml:1:")
        assert _get(server.url + "course/index.html")[0] == 404
        module.write_text(original, encoding="utf-8")
        state = _wait_for_version(server, state["version"] + 1)
        assert state["errors"] == []
        assert _get(server.url + "course/index.html")[0] == 200


def test_event_stream_sends_the_state_and_a_closed_browser_does_not_stop_the_server(
        preview: PreviewServer, preview_course: Path) -> None:
    port = preview.httpd.server_address[1]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
        client.sendall(b"GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        received = b""
        while b"event: update" not in received:
            received += client.recv(4096)
        assert b"text/event-stream" in received
    # the browser is gone; a save still rebuilds and the server still answers
    module = preview_course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace('"Perusteet"', '"Perusteet 2"'), encoding="utf-8")
    _wait_for_page(preview, b"Perusteet 2")


def test_a_browser_resetting_a_kept_alive_connection_prints_nothing(
        preview: PreviewServer, capfd: pytest.CaptureFixture[str]) -> None:
    port = preview.httpd.server_address[1]
    client = socket.create_connection(("127.0.0.1", port), timeout=10)
    client.sendall(b"GET /state HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    assert client.recv(4096).startswith(b"HTTP/1.1 200")
    # a closing browser resets the idle connection the server is reading the next request from
    client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    client.close()
    deadline = time.monotonic() + 10  # until the handler thread has seen the reset and ended
    while any("process_request" in t.name for t in threading.enumerate()) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert "Traceback" not in capfd.readouterr().err
    assert _get(preview.url + "state")[0] == 200


def test_a_port_in_use_gives_a_clear_message(preview: PreviewServer, preview_course: Path) -> None:
    port = preview.httpd.server_address[1]
    result = run_cli("preview", "--port", str(port), "-C", preview_course)
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "Traceback" not in result.output


def test_web_kind_has_no_scorm_runtime(preview_course: Path) -> None:
    with PreviewServer(preview_course, port=0, kind="web") as server:
        shell = _get(server.url)[1].decode()
        assert "scorm-again" not in shell
        assert b'"runtime":"standalone"' in _get(server.url + "course/index.html")[1]


def test_another_language_is_previewed_when_asked_and_an_unknown_one_is_an_error(preview_course: Path) -> None:
    with PreviewServer(preview_course, port=0, lang="sv") as server:
        assert b'lang="sv"' in _get(server.url + "course/index.html")[1]
    with PreviewServer(preview_course, port=0, lang="en") as server:
        assert any("--lang en" in error for error in server.snapshot.errors)


def test_a_handout_is_rendered_on_demand(preview: PreviewServer) -> None:
    name = next(n for n in preview.pdf_names() if n.startswith("01-perusteet") and "learner" in n)
    status, body, kind = _get(preview.url + "pdf/" + name)
    assert status == 200 and kind == "application/pdf" and body.startswith(b"%PDF-")


def test_vendored_scorm_again_is_the_version_the_tests_use() -> None:
    vendored = REPO / "lms_build" / "preview" / "static" / "vendor" / "scorm-again"
    installed = REPO / "node_modules" / "scorm-again"
    assert (vendored / "LICENSE.txt").read_text().startswith("MIT") or "MIT" in (vendored / "LICENSE.txt").read_text()
    assert installed.is_dir(), "node_modules/scorm-again missing: run scripts/install.sh"
    version = json.loads((installed / "package.json").read_text())["version"]
    assert version in (vendored / "README.txt").read_text()
    for name in ("scorm12.min.js", "scorm2004.min.js"):
        assert (vendored / name).read_bytes() == (installed / "dist" / name).read_bytes(), name


def test_only_what_changed_is_made_again(preview: PreviewServer, preview_course: Path) -> None:
    before, version = preview.build.produced, preview.snapshot.version
    player_js = _get(preview.url + "course/player/player.js")[1]
    module = preview_course / "modules" / "01-perusteet.yaml"
    module.write_text(module.read_text(encoding="utf-8").replace('"Perusteet"', '"Perusteet 3"'), encoding="utf-8")
    _wait_for_page(preview, b"Perusteet 3")
    assert preview.snapshot.version > version
    # the launch page (its first page opens the module) and the course data (the table of
    # contents); the other pages, scripts, styles and images reused
    assert preview.build.produced == before + 2
    assert _get(preview.url + "course/player/player.js")[1] == player_js
