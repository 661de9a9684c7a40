"""Browser and LRS fixtures for the report tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fixtures import *  # noqa: F403
from tests.support.lrs import Ralph, running_ralph


@pytest.fixture(scope="module")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    with running_ralph(tmp_path_factory.mktemp("ralph-report")) as server:
        yield server
