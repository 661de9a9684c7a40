"""One Ralph LRS per test session (it takes a few seconds to start), in its own temporary folder,
accepting browser requests from the test web server's origin (the Tin Can player posts to it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.fixtures import browser, server  # noqa: F401  (shared fixtures)
from tests.support.lrs import Ralph, running_ralph
from tests.support.server import Server


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory, server: Server) -> Iterator[Ralph]:  # noqa: F811
    with running_ralph(tmp_path_factory.mktemp("ralph"), cors_origins=[server.base_url]) as lrs:
        yield lrs


@pytest.fixture(scope="session")
def package_zips(tmp_path_factory: pytest.TempPathFactory):
    """The real course's Tin Can and cmi5 zips (fi, sv), built once: {(target, lang): path}."""
    from lms_build.packaging import zip_bytes
    from lms_build.targets.cmi5 import Cmi5Target
    from lms_build.targets.tincan import TincanTarget
    from tests.support.courses import real_course

    folder = tmp_path_factory.mktemp("xapi-packages")
    built = {}
    for target in (TincanTarget, Cmi5Target):
        for lang in ("fi", "sv"):
            (job,) = target(real_course()).plan(lang)
            data = zip_bytes({member.path: member.produce() for member in job.members})
            assert job.verify(data) == []
            path = folder / job.path.replace("/", "-")
            path.write_bytes(data)
            built[target.name, lang] = path
    return built
