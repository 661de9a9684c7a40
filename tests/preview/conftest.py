"""The live preview, started in-process on a free port over a writable copy of the mini course."""

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from lms_build.preview import PreviewServer  # noqa: E402
from tests.conftest import MINI_COURSE  # noqa: E402
from tests.support.fixtures import *  # noqa: E402, F403


@pytest.fixture
def preview_course(tmp_path: Path) -> Path:
    target = tmp_path / "course"
    shutil.copytree(MINI_COURSE, target)
    return target


@pytest.fixture
def preview(preview_course: Path) -> Iterator[PreviewServer]:
    with PreviewServer(preview_course, port=0, kind="scorm12") as server:
        yield server
