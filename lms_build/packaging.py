"""Deterministic file and zip writing: the same inputs give byte-identical outputs."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

# A fixed timestamp (the earliest a zip can hold) so builds do not depend on the clock.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_bytes(files: dict[str, bytes]) -> bytes:
    """A zip of `files` (archive name -> content) in sorted order with fixed metadata."""
    return zip_stream((name, files[name]) for name in sorted(files))


def zip_stream(members: Iterable[tuple[str, bytes]]) -> bytes:
    """The same zip as `zip_bytes` from members given one at a time, already in sorted order:
    each member's content can be dropped as soon as it is compressed, so a package of hundreds
    of pages never holds them all at once."""
    buffer = io.BytesIO()
    previous = None
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            if previous is not None and name <= previous:
                raise ValueError(f"zip members out of order: {name!r} after {previous!r}")
            previous = name
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix, whatever machine builds it
            archive.writestr(info, content, compresslevel=9)
    return buffer.getvalue()


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()
