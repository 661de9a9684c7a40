"""One Ralph LRS per test session (it takes ~2 s to start), in its own temporary folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.lrs import Ralph, running_ralph


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    with running_ralph(tmp_path_factory.mktemp("ralph")) as server:
        yield server
