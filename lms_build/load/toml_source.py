"""TOML reading with approximate positions.

The standard library's tomllib gives no positions, so a light scan of the text records where
each `[table]` header and `key =` line is. That is enough to point an author at the key that
holds a wrong value; inline tables point at their key's line."""

from __future__ import annotations

import re
import tomllib

from ..diagnostics import Diagnostic
from ..i18n import _
from .source import Loc, SourceDoc

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\- \"]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


#: Longest digit run tomllib is given: Python refuses to convert integers past 4,300 digits.
MAX_NUMBER_LENGTH = 64
#: Deepest nesting of arrays and inline tables (tomllib recurses for each level).
MAX_DEPTH = 64
_LONG_NUMBER = re.compile(r"(?<![\w\"'])[-+]?[0-9][0-9_]{" + str(MAX_NUMBER_LENGTH) + ",}")


def parse_toml(text: str, rel_path: str) -> SourceDoc | Diagnostic:
    if text.startswith("\ufeff"):
        return Diagnostic(rel_path, 1, 1, "toml-bom",
                          _("the file starts with a byte order mark (BOM, U+FEFF), which TOML does not "
                            "allow: save it as UTF-8 without BOM"))
    if problem := _over_limits(text, rel_path):
        return problem
    try:
        data = tomllib.loads(text)
    except RecursionError:
        return Diagnostic(rel_path, 1, 1, "toml-too-deep",
                          _("arrays or tables nested more than {depth} levels deep").format(depth=MAX_DEPTH))
    except ValueError as exc:  # Python's integer digit limit, and any other value tomllib refuses
        if not isinstance(exc, tomllib.TOMLDecodeError):
            # A guard: the digit limit, the one such error, is caught by _over_limits first.
            return Diagnostic(rel_path, 1, 1, "toml-value", f"invalid TOML value: {exc}")
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        reason = _TOML_POSITION.sub("", message).strip()
        return Diagnostic(rel_path, line, column, "toml-syntax",
                          _("invalid TOML: {problem} (check quotes, '=' and [table] headers)").format(problem=reason))
    doc = SourceDoc(rel_path, data)
    _record_positions(text, doc)
    return doc


def _over_limits(text: str, rel_path: str) -> Diagnostic | None:
    """Numbers and nesting past what a course.toml needs, found before tomllib sees them."""
    for index, line in enumerate(text.splitlines(), start=1):
        if match := _LONG_NUMBER.search(line):
            return Diagnostic(rel_path, index, match.start() + 1, "toml-number-too-long",
                              _("a number of {length} characters: at most {limit}; put it in quotes if it "
                                "is meant as text").format(length=len(match.group()), limit=MAX_NUMBER_LENGTH))
    depth = deepest = 0
    quote = ""
    comment = False
    for index, char in enumerate(text):  # brackets outside strings and comments
        if char == "\n":
            quote, comment = "", False
        elif comment:
            continue
        elif quote:
            if char == quote and text[index - 1] != "\\":
                quote = ""
        elif char == "#":
            comment = True
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    if deepest > MAX_DEPTH:
        return Diagnostic(rel_path, 1, 1, "toml-too-deep",
                          _("arrays or tables nested more than {depth} levels deep").format(depth=MAX_DEPTH))
    return None


def _record_positions(text: str, doc: SourceDoc) -> None:
    doc.value_positions[()] = (1, 1)
    table: Loc = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if header := _TABLE.match(line):
            table = tuple(part.strip().strip('"') for part in header.group(1).split("."))
            doc.value_positions.setdefault(table, (number, 1))
            doc.key_positions.setdefault(table, (number, 1))
        elif key := _KEY.match(line):
            loc = (*table, key.group(2).strip('"'))
            doc.key_positions.setdefault(loc, (number, len(key.group(1)) + 1))
            equals = line.index("=")
            after = line[equals + 1:]
            value_column = equals + 2 + len(after) - len(after.lstrip())
            doc.value_positions.setdefault(loc, (number, value_column))
