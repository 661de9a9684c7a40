"""Safe YAML reading that keeps the line and column of every node.

ruamel.yaml's round-trip loader records positions on mappings and sequences; we copy the tree
into plain Python values (so Pydantic sees ordinary dicts and strings) and keep the positions
in a side table keyed by path."""

from __future__ import annotations

import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError

from ..diagnostics import Diagnostic
from ..i18n import N_, _
from .source import Loc, SourceDoc


def _yaml() -> YAML:
    yaml = YAML(typ="rt")  # round-trip mode is the one that records line/column
    yaml.allow_duplicate_keys = False
    return yaml


def parse_yaml(text: str, rel_path: str) -> SourceDoc | Diagnostic:
    """Parse YAML text; a syntax problem comes back as one Diagnostic."""
    if "\t" in text:
        # Tabs are the most common indentation mistake; ruamel's message for them is cryptic.
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                return Diagnostic(
                    rel_path, number, len(line) - len(stripped) + 1, "yaml-tab",
                    "tab character used for indentation: YAML allows only spaces; "
                    "replace the tab with spaces (2 per level)",
                )
    try:
        tree = _yaml().load(text)
    except DuplicateKeyError as exc:
        return _marked_error(exc, rel_path, "yaml-duplicate-key")
    except MarkedYAMLError as exc:
        return _marked_error(exc, rel_path, "yaml-syntax")
    doc = SourceDoc(rel_path, None)
    doc.data = _plain(tree, (), doc)
    doc.value_positions.setdefault((), (1, 1))
    return doc


def _plain(node: Any, loc: Loc, doc: SourceDoc) -> Any:
    if isinstance(node, CommentedMap):
        doc.value_positions.setdefault(loc, (node.lc.line + 1, node.lc.col + 1))
        result: dict[Any, Any] = {}
        for key, value in node.items():
            child = (*loc, _plain_key(key))
            key_line, key_col = node.lc.key(key)
            value_line, value_col = node.lc.value(key)
            doc.key_positions[child] = (key_line + 1, key_col + 1)
            doc.value_positions[child] = (value_line + 1, value_col + 1)
            result[_plain_key(key)] = _plain(value, child, doc)
        return result
    if isinstance(node, CommentedSeq):
        doc.value_positions.setdefault(loc, (node.lc.line + 1, node.lc.col + 1))
        items = []
        for index, value in enumerate(node):
            line, col = node.lc.item(index)
            doc.value_positions[(*loc, index)] = (line + 1, col + 1)
            items.append(_plain(value, (*loc, index), doc))
        return items
    if isinstance(node, bool) or node is None:
        return node
    for plain_type in (bool, int, float, str):  # ruamel's scalar subclasses -> built-ins
        if isinstance(node, plain_type):
            return plain_type(node)
    return node  # dates and other YAML types pass through for Pydantic to judge


def _plain_key(key: Any) -> Any:
    return str(key) if isinstance(key, str) else key


#: Parser messages -> advice (marked with N_ for the catalogue, translated where used).
_FRIENDLY = [
    (re.compile(r"mapping values are not allowed here"),
     N_("unexpected ':' here: check this line's indentation, or put the text in quotes "
        "if it contains ': '")),
    (re.compile(r"expected <block end>, but found '<block mapping start>'"),
     N_("indentation does not match the lines above: line it up with the other keys "
        "of the same level")),
    (re.compile(r"expected <block end>, but found '(<block sequence start>|-)'"),
     N_("list item '-' is not indented like the items above it: line up every '-' of a list")),
    (re.compile(r"could not find expected ':'"),
     N_("a key is missing its ':' or a multi-line text is not indented under its key")),
    (re.compile(r"found undefined alias"), N_("unknown alias (*name): define the anchor (&name) first")),
    (re.compile(r"found unexpected end of stream"), N_("text ends inside a quoted string: close the quote")),
]


def _marked_error(exc: MarkedYAMLError, rel_path: str, code: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = f"{exc.problem or exc.context or 'invalid YAML'}"
    if code == "yaml-duplicate-key":
        key = re.search(r'found duplicate key "([^"]*)"', str(exc))
        first = exc.context_mark.line + 1 if exc.context_mark else "?"
        name = key.group(1) if key else "?"
        message = (f"duplicate key '{name}' (the mapping starting at line {first} already has it): "
                   "remove or rename one")
        return Diagnostic(rel_path, line, column, code, message)
    if unclosed := _unclosed(exc, rel_path, code):
        return unclosed
    for pattern, friendly in _FRIENDLY:
        if pattern.search(f"{exc.context or ''} {problem}"):
            return Diagnostic(rel_path, line, column, code, f"{_(friendly)} (YAML: {problem})")
    return Diagnostic(rel_path, line, column, code, _("invalid YAML: {problem}").format(problem=problem))


#: What the parser was inside when the text ended or went wrong -> what the author must close.
_OPENERS = {"while parsing a flow mapping": "}", "while parsing a flow sequence": "]",
            "while scanning a quoted scalar": None}


def _unclosed(exc: MarkedYAMLError, rel_path: str, code: str) -> Diagnostic | None:
    """An unclosed brace, bracket or quote: point where it was opened (the problem starts there,
    the parser notices it only lines later) and say what to close."""
    closer = _OPENERS.get((exc.context or "").strip(), "")
    if closer == "" or exc.context_mark is None:
        return None
    mark = exc.context_mark
    opened = mark.buffer[mark.pointer] if mark.buffer and mark.pointer < len(mark.buffer) else ""
    if closer is None:
        message = _("the quoted text starting here is never closed: end it with {quote}").format(
            quote=opened if opened in "'\"" else '"')
    else:
        message = _("the '{opener}' opened here is never closed: add '{closer}' at the end of the value").format(
            opener=opened or {"}": "{", "]": "["}[closer], closer=closer)
    return Diagnostic(rel_path, mark.line + 1, mark.column + 1, code, f"{message} (YAML: {exc.problem})")
