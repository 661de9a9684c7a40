"""Browser tests of the learner player: real Chromium, real scorm-again, real axe-core."""

import hashlib
import sys
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:  # so `tests.support` imports whatever directory pytest starts from
    sys.path.insert(0, ROOT)

from tests.support.courses import mini_course, modules, variant, with_quiz_settings, write_package  # noqa: E402
from tests.support.fixtures import *  # noqa: E402, F403


@pytest.fixture(scope="session")
def package(server, tmp_path_factory):
    """package(runtime, lang="fi", *module ids, course=None, **quiz settings) -> launch URL of a
    player page built from the mini course (or `course`), served by the test server."""
    root = tmp_path_factory.mktemp("packages")
    built: dict[str, str] = {}

    def make(runtime: str, lang: str = "fi", *module_ids: str, course=None, **quiz) -> str:
        course = course or mini_course()
        if quiz:
            course = with_quiz_settings(course, **quiz)
        key = hashlib.sha256(repr((variant(course), runtime, lang, module_ids)).encode()).hexdigest()[:12]
        if key not in built:
            folder = write_package(root / key, course, lang, runtime,
                                   modules(course, *module_ids))
            built[key] = server.mount(f"/pkg-{key}", folder) + "/index.html"
        return built[key]

    return make
