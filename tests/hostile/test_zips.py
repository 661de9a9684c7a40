"""Zips corpus: hostile packages for `lms-build inspect`. Each ends as findings in a report with
the exit code it deserves: no traceback, no hang, no terminal escape sequence printed, and JSON
that any parser accepts (no bare NaN)."""

from __future__ import annotations

import json
import os
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.test_inspect import make_zip, manifest_12, manifest_2004, valid_files

Maker = Callable[[Path], Path]


def package(files: dict[str, bytes]) -> Maker:
    return lambda folder: make_zip(folder / "p.zip", files)


def with_manifest(manifest: bytes, **extra: bytes) -> Maker:
    return package({**valid_files(), "imsmanifest.xml": manifest, **extra})


def raw(content: bytes) -> Maker:
    def make(folder: Path) -> Path:
        (folder / "p.zip").write_bytes(content)
        return folder / "p.zip"
    return make


def fifo(folder: Path) -> Path:
    os.mkfifo(folder / "p.zip")
    return folder / "p.zip"


def device_link(folder: Path) -> Path:
    (folder / "p.zip").symlink_to("/dev/zero")
    return folder / "p.zip"


def non_utf8_name(folder: Path) -> Path:
    """An entry flagged as UTF-8 (bit 11) whose name holds byte 0xFF."""
    path = make_zip(folder / "p.zip", {**valid_files(), "a_ok.txt": b"x"})
    data = path.read_bytes().replace(b"a_ok.txt", b"a\xffok.txt")
    # Set the UTF-8 flag in the local and central headers of that entry.
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            name_at = start + (30 if signature == b"PK\x03\x04" else 46)
            if data[name_at:name_at + len(b"a\xffok.txt")] == b"a\xffok.txt":
                flags = struct.unpack_from("<H", data, start + flag_offset)[0] | 0x800
                data = data[:start + flag_offset] + struct.pack("<H", flags) + data[start + flag_offset + 2:]
            start += 4
    path.write_bytes(data)
    return path


def truncated(folder: Path) -> Path:
    path = make_zip(folder / "p.zip", valid_files())
    path.write_bytes(path.read_bytes()[:-30])
    return path


def symlink_entry(folder: Path) -> Path:
    path = make_zip(folder / "p.zip", valid_files())
    with zipfile.ZipFile(path, "a") as archive:
        info = zipfile.ZipInfo("link.html")
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        archive.writestr(info, "/etc/passwd")
    return path


def bomb(folder: Path) -> Path:
    path = folder / "p.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in valid_files().items():
            archive.writestr(name, content)
        archive.writestr("zeros.bin", b"\0" * (64 << 20))
    return path


XXE = (b'<?xml version="1.0"?><!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       + manifest_12().split(b"?>", 1)[1].replace(b"<title>Test course</title>", b"<title>&xxe;</title>"))
EXTERNAL_DTD = (b'<?xml version="1.0"?><!DOCTYPE manifest SYSTEM "http://127.0.0.1:9/evil.dtd">'
                + manifest_12().split(b"?>", 1)[1])
DEEP = b'<?xml version="1.0"?>' + b"<a>" * 5000 + b"</a>" * 5000
QUADRATIC = b"<!--" * 250_000  # 1 MB: each unclosed comment used to be scanned to the end
EVIL_LOCATION = manifest_12().replace(b"adlcp_rootv1p2.xsd\">", b"adlcp_rootv1p2.xsd http://example.org/x evil.xsd\">")
ESCAPES = "\x1b]0;pwned\x07\x1b[2J.html"


def measure(value: str) -> bytes:
    return manifest_2004().replace(b"<imsss:minNormalizedMeasure>0.75", f"<imsss:minNormalizedMeasure>{value}".encode())


@dataclass
class Zip:
    name: str
    make: Maker
    codes: set[str]  # finding codes the report must hold
    exit_code: int = 1

    def __str__(self) -> str:
        return self.name


CASES = [
    Zip("FIFO", fifo, {"not-a-file"}),
    Zip("symlink to /dev/zero", device_link, {"not-a-file"}),
    Zip("empty file", raw(b""), {"not-a-zip"}),
    Zip("random bytes", raw(os.urandom(4096)), {"not-a-zip"}),
    Zip("truncated zip", truncated, {"not-a-zip"}),
    Zip("UTF-8-flagged name with byte 0xFF", non_utf8_name, {"not-a-zip"}),
    Zip("XXE manifest", with_manifest(XXE), {"manifest-doctype"}),
    Zip("manifest with an external DTD", with_manifest(EXTERNAL_DTD), {"manifest-doctype"}),
    Zip("5,000-deep manifest", with_manifest(DEEP), {"manifest-not-well-formed"}),
    Zip("minNormalizedMeasure abc", package({"imsmanifest.xml": measure("abc"), "index.html": b"x"}),
        {"min-normalized-measure"}),
    Zip("minNormalizedMeasure NaN", package({"imsmanifest.xml": measure("NaN"), "index.html": b"x"}),
        {"min-normalized-measure"}),
    Zip("minNormalizedMeasure 1e999", package({"imsmanifest.xml": measure("1e999"), "index.html": b"x"}),
        {"min-normalized-measure"}),
    Zip("masteryscore nan", with_manifest(manifest_12().replace(b">80<", b">nan<")), {"masteryscore"}),
    Zip("entry name with terminal escapes", package({**valid_files(), ESCAPES: b"x"}), {"control-char-path"}, 1),
    Zip("entry name with a bidi override", package({**valid_files(), "gpj.\u202eexe": b"x"}), {"non-ascii-path"}),
    Zip("title with terminal escapes", with_manifest(manifest_12().replace(b"Lesson 1", b"\x1b[31mred")),
        {"manifest-not-well-formed"}),
    Zip("quadratic comment scan in a schema file", with_manifest(EVIL_LOCATION, **{"evil.xsd": QUADRATIC}), set(), 0),
    Zip("zip bomb", bomb, {"compression-ratio"}),
    Zip("zip slip entry", package({**valid_files(), "../../evil.sh": b"x"}), {"zip-slip"}),
    Zip("symlink entry", symlink_entry, {"symlink"}),
]


def _no_nan(name: str) -> None:
    raise ValueError(f"bare {name} in JSON")


@pytest.mark.parametrize("case", CASES, ids=str)
def test_hostile_zip_gives_findings(case: Zip, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    text = invoke("inspect", path)
    as_json = invoke("inspect", path, "--format", "json")
    for result in (text, as_json):
        assert "Traceback" not in result.output
        assert result.returncode == case.exit_code, result.output[:2000]
        assert "\x1b" not in result.output and "\u202e" not in result.output, result.output[:2000]
        assert "root:" not in result.output  # no /etc/passwd through an entity
    document = json.loads(as_json.stdout, parse_constant=_no_nan)
    found = {finding["code"] for finding in document["packages"][0]["findings"]}
    assert case.codes <= found, found


def test_the_schema_file_named_by_the_manifest_is_not_reported_unlisted(tmp_path: Path) -> None:
    path = with_manifest(EVIL_LOCATION, **{"evil.xsd": QUADRATIC})(tmp_path)
    document = json.loads(invoke("inspect", path, "--format", "json").stdout)
    assert "'evil.xsd' is in the zip" not in json.dumps(document)


def test_escape_sequences_in_names_are_shown_escaped(tmp_path: Path) -> None:
    result = invoke("inspect", package({**valid_files(), ESCAPES: b"x"})(tmp_path))
    assert "\\x1b]0;pwned\\x07\\x1b[2J.html" in result.stdout
