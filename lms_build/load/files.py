"""Reading course files without trusting them: what a path is, where it points and how much it holds.

A source or asset path may be a FIFO (reading blocks for ever), a device (`/dev/zero` reads
without end), a symlink loop or a symlink out of the course. Each is refused *before* anything is
read, with a message naming the file, and every read stops at a size limit."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..i18n import _

#: Largest source file (YAML or TOML) read. The biggest real module is about 53 KB.
MAX_SOURCE_BYTES = 4 << 20
#: Largest asset (image) a course may hold.
MAX_ASSET_BYTES = 32 << 20
#: Most entries read from one source folder (modules/, course_src/pages/).
MAX_FOLDER_ENTRIES = 5000


class UnsafeFile(Exception):
    """A path that must not be read; the message says why, for an author."""

    def __init__(self, message: str, code: str = "unsafe-file"):
        super().__init__(message)
        self.message = message
        self.code = code


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISDIR(mode):
        return _("a folder")
    return "not a regular file"  # unreachable: every kind a stat can give is named above


def check_regular_file(path: Path, root: Path, max_bytes: int) -> Path:
    """The real path of `path` when it is a regular file inside `root` within `max_bytes`.

    Raises UnsafeFile otherwise (missing files too, with code 'missing')."""
    try:
        real = path.resolve()  # containment first: a link out of the course is never followed
    except RuntimeError as exc:  # Python 3.11 reports a symlink loop this way
        raise UnsafeFile(_("symlink loop: the link points (through other links) back at itself"),
                         "symlink-loop") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise UnsafeFile(_("symlink loop: the link points (through other links) back at itself"),
                             "symlink-loop") from exc
        raise UnsafeFile(_("cannot read file: {reason}").format(reason=exc.strerror), "unreadable") from exc
    if not real.is_relative_to(root.resolve()):
        raise UnsafeFile(_("this is a symlink to a file outside the course folder: copy the file into "
                           "the course instead"), "outside-course")
    try:
        info = real.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise UnsafeFile(_("broken symlink: the file it points to does not exist"), "missing") from exc
        raise UnsafeFile(_("file not found"), "missing") from exc
    except OSError as exc:
        raise UnsafeFile(_("cannot read file: {reason}").format(reason=exc.strerror), "unreadable") from exc
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeFile(_("this is {kind}, not a regular file: only plain files are read").format(
            kind=_kind(info.st_mode)), "not-a-file")
    if info.st_size > max_bytes:
        raise UnsafeFile(_("file is {size} bytes; the limit is {limit}").format(
            size=f"{info.st_size:,}", limit=f"{max_bytes:,}"), "file-too-large")
    return real


def read_bounded(path: Path, root: Path, max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a regular file inside `root`, never more than `max_bytes`.

    The check before opening refuses special files; the open is non-blocking and the file is
    checked again once open (it may have been swapped in between), and the read itself stops
    at the limit whatever the file claims."""
    real = check_regular_file(path, root, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        raise UnsafeFile(_("cannot read file: {reason}").format(reason=exc.strerror), "unreadable") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise UnsafeFile("file changed into a special file while being read", "not-a-file")  # a race
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, 1 << 16):
            total += len(chunk)
            if total > max_bytes:
                raise UnsafeFile(f"file is larger than the limit of {max_bytes:,} bytes",  # grew while read
                                 "file-too-large")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def list_folder(folder: Path, root: Path) -> list[Path]:
    """Entries of a source folder, sorted; the folder itself must be a real folder in the course."""
    try:
        real = folder.resolve(strict=True)
    except (OSError, RuntimeError):
        return []
    if not real.is_relative_to(root.resolve()) or not real.is_dir():
        raise UnsafeFile(_("'{name}' is a symlink to a folder outside the course (or not a folder)").format(
            name=folder.name), "outside-course")
    entries: list[Path] = []
    with os.scandir(folder) as scan:
        for entry in scan:
            entries.append(folder / entry.name)
            if len(entries) > MAX_FOLDER_ENTRIES:
                raise UnsafeFile(_("more than {count} entries in this folder").format(count=MAX_FOLDER_ENTRIES),
                                 "too-many-files")
    return sorted(entries)
