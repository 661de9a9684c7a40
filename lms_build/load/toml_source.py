"""TOML reading with approximate positions.

The standard library's tomllib gives no positions, so a light scan of the text records where
each `[table]` header and `key =` line is. That is enough to point an author at the key that
holds a wrong value; inline tables point at their key's line."""

from __future__ import annotations

import re
import tomllib

from ..diagnostics import Diagnostic
from .source import Loc, SourceDoc

_TABLE = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\- \"]+?)\s*\]\s*(#.*)?$")
_KEY = re.compile(r"^(\s*)([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def parse_toml(text: str, rel_path: str) -> SourceDoc | Diagnostic:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        match = _TOML_POSITION.search(message)
        line, column = (int(match.group(1)), int(match.group(2))) if match else (1, 1)
        reason = _TOML_POSITION.sub("", message).strip()
        return Diagnostic(rel_path, line, column, "toml-syntax",
                          f"invalid TOML: {reason} (check quotes, '=' and [table] headers)")
    doc = SourceDoc(rel_path, data)
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
    return doc
