"""Reading course files: special files are refused before anything is read, reads are bounded."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lms_build.load.files import UnsafeFile, read_bounded
from tests.support.cli import hang_guard


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "course").mkdir()
    return tmp_path / "course"


def refusal(path: Path, root: Path, limit: int = 1 << 20) -> UnsafeFile:
    with hang_guard(30), pytest.raises(UnsafeFile) as caught:
        read_bounded(path, root, limit)
    return caught.value


def test_a_regular_file_is_read_whole(root: Path) -> None:
    (root / "a.yaml").write_bytes(b"id: a\n")
    assert read_bounded(root / "a.yaml", root) == b"id: a\n"


def test_a_fifo_is_refused_without_blocking(root: Path) -> None:
    os.mkfifo(root / "a.yaml")
    refused = refusal(root / "a.yaml", root)
    assert refused.code == "not-a-file"
    assert "named pipe (FIFO)" in refused.message


def test_a_symlink_to_a_device_is_refused(root: Path) -> None:
    (root / "a.yaml").symlink_to("/dev/zero")
    assert refusal(root / "a.yaml", root).code == "outside-course"


def test_a_device_inside_the_course_is_refused(root: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("creating a device node needs root")  # the CI container runs as root
    os.mknod(root / "a.yaml", 0o600 | 0o020000, os.makedev(1, 5))  # character device like /dev/zero
    refused = refusal(root / "a.yaml", root)
    assert (refused.code, "a device" in refused.message) == ("not-a-file", True)


def test_a_symlink_loop_is_refused(root: Path) -> None:
    (root / "a.yaml").symlink_to(root / "b.yaml")
    (root / "b.yaml").symlink_to(root / "a.yaml")
    assert refusal(root / "a.yaml", root).code == "symlink-loop"


def test_a_symlink_out_of_the_course_is_refused(root: Path, tmp_path: Path) -> None:
    (tmp_path / "secret.yaml").write_text("id: secret\n")
    (root / "a.yaml").symlink_to(tmp_path / "secret.yaml")
    assert refusal(root / "a.yaml", root).code == "outside-course"


def test_a_symlink_inside_the_course_is_followed(root: Path) -> None:
    (root / "real.yaml").write_text("id: a\n")
    (root / "a.yaml").symlink_to("real.yaml")
    assert read_bounded(root / "a.yaml", root) == b"id: a\n"


def test_a_file_over_the_limit_is_refused(root: Path) -> None:
    (root / "a.yaml").write_bytes(b"x" * 101)
    refused = refusal(root / "a.yaml", root, limit=100)
    assert refused.code == "file-too-large"
    assert "101 bytes; the limit is 100" in refused.message


def test_a_folder_is_refused(root: Path) -> None:
    (root / "a.yaml").mkdir()
    assert refusal(root / "a.yaml", root).code == "not-a-file"
