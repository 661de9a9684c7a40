"""Safe, bounded YAML reading that keeps the line and column of every node.

libyaml's C parser (PyYAML's `CParser`) turns the text into events, each with its start mark;
this module composes those events into plain Python values (dicts, lists, str, int, float, bool,
None, dates) itself, in one loop without recursion, recording the position of every key and value
in a side table keyed by path. Composing here rather than in a library is what lets the loader
refuse, with a position, what a course never needs and an attacker would use: nesting deeper
than MAX_DEPTH, aliases that expand past MAX_EXPANDED_NODES (the "billion laughs"), merge keys
(`<<`), tags other than the plain core types (`!!python/object`), numbers of absurd length and
duplicate keys. Scalars are resolved with the YAML 1.2 core schema (as ruamel.yaml did before):
`no`, `on` and `yes` stay text, which matters in Finnish and Swedish."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import ScalarNode

from ..diagnostics import Diagnostic
from ..i18n import N_, _
from .source import Loc, SourceDoc

#: libyaml's C parser is what makes loading fast; the pure-Python one gives the same events.
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_DEPTH = 64  # the real course nests about 12 levels
MAX_EXPANDED_NODES = 200_000  # values in one file after aliases are expanded
MAX_NUMBER_LENGTH = 64  # characters of a plain scalar read as a number

_CORE = "tag:yaml.org,2002:"
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?(?:[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?$")
_SPECIAL_FLOAT = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
                  ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
_DATE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}"
                   r"(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$")
#: Explicit tags an author may write: the plain types the format is made of.
_ALLOWED_TAGS = {f"{_CORE}{name}" for name in ("str", "int", "float", "bool", "null", "map", "seq",
                                               "timestamp")} | {"!"}


class _Refused(Exception):
    """Something in the file the loader will not build; carries the diagnostic."""

    def __init__(self, mark: Any, code: str, message: str):
        super().__init__(message)
        self.mark, self.code, self.message = mark, code, message


class _Container:
    """A mapping or sequence being composed, with where it started and what it holds so far."""

    __slots__ = ("anchor", "first_key", "is_map", "key", "loc", "nodes", "value")

    def __init__(self, is_map: bool, loc: Loc, anchor: str | None):
        self.is_map = is_map
        self.value: Any = {} if is_map else []
        self.loc = loc
        self.anchor = anchor
        self.key: Any = _NO_KEY  # a mapping's pending key (keys and values alternate)
        self.first_key: dict[Any, int] = {}  # key -> line of its first occurrence
        self.nodes = 1  # values inside, aliases expanded (for the expansion budget)


_NO_KEY = object()


def parse_yaml(text: str, rel_path: str) -> SourceDoc | Diagnostic:
    """Parse YAML text; a syntax problem or a refused construct comes back as one Diagnostic."""
    if problem := _tab_indentation(text, rel_path):
        return problem
    doc = SourceDoc(rel_path, None)
    try:
        doc.data = _compose(text, doc)
    except _Refused as refused:
        line, column = (refused.mark.line + 1, refused.mark.column + 1) if refused.mark else (1, 1)
        return Diagnostic(rel_path, line, column, refused.code, refused.message)
    except yaml.MarkedYAMLError as exc:
        return _unclosed(exc, rel_path, "yaml-syntax", text) or _marked_error(exc, rel_path, "yaml-syntax")
    except yaml.YAMLError as exc:  # reader errors (bad characters) carry a position of their own
        return _reader_error(exc, text, rel_path)
    doc.value_positions.setdefault((), (1, 1))
    return doc


def _tab_indentation(text: str, rel_path: str) -> Diagnostic | None:
    if "\t" not in text:
        return None
    # Tabs are the most common indentation mistake; the parser's message for them is cryptic.
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return Diagnostic(
                rel_path, number, len(line) - len(stripped) + 1, "yaml-tab",
                _("tab character used for indentation: YAML allows only spaces; "
                  "replace the tab with spaces (2 per level)"),
            )
    return None


def _compose(text: str, doc: SourceDoc) -> Any:
    """Build plain values from the parser's events, without recursion and within the limits."""
    parser = _Parser(text)
    stack: list[_Container] = []
    anchors: dict[str, tuple[Any, int]] = {}  # anchor -> (value, expanded node count)
    total = 0
    result: Any = None
    documents = 0
    try:
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refused(event.start_mark, "yaml-multiple-documents",
                                   _("a second YAML document ('---') in the file: a course file holds "
                                     "one document; remove the '---' line"))
                continue
            if isinstance(event, yaml.StreamStartEvent | yaml.DocumentEndEvent):
                continue
            if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                done = stack.pop()
                if done.anchor is not None:
                    anchors[done.anchor] = (done.value, done.nodes)
                result = _attach(stack, done.value, done.nodes, done.loc, None, doc)
                continue
            # A node: a scalar, an alias or the start of a collection.
            loc, is_key = _next_loc(stack)
            if isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise _Refused(event.start_mark, "yaml-syntax",
                                   _("unknown alias (*{name}): define the anchor (&{name}) first, on a "
                                     "value that is complete before this line").format(name=event.anchor))
                value, nodes = anchors[event.anchor]
            elif isinstance(event, yaml.ScalarEvent):
                value, nodes = _scalar(event, is_key), 1
                if is_key and value == "<<" and not event.style:
                    raise _Refused(event.start_mark, "yaml-merge-key",
                                   _("YAML merge keys ('<<') are not supported: write the keys out "
                                     "in full (merged keys would hide duplicates and positions)"))
                if event.anchor is not None:
                    anchors[event.anchor] = (value, 1)
            else:  # MappingStartEvent or SequenceStartEvent
                _check_tag(event)
                if is_key:
                    raise _Refused(event.start_mark, "yaml-complex-key",
                                   _("a list or mapping used as a key: keys must be plain names"))
                if len(stack) >= MAX_DEPTH:
                    raise _Refused(event.start_mark, "yaml-too-deep",
                                   _("lists and mappings nested more than {depth} levels deep: "
                                     "a course file never needs that many").format(depth=MAX_DEPTH))
                container = _Container(isinstance(event, yaml.MappingStartEvent), loc, event.anchor)
                doc.value_positions.setdefault(loc, _position(event.start_mark))
                stack.append(container)
                continue
            total += nodes
            if total > MAX_EXPANDED_NODES:
                raise _Refused(event.start_mark, "yaml-too-large",
                               _("aliases (*name) expand this file past {count} "
                                 "values: write the content out or use fewer aliases").format(
                                   count=f"{MAX_EXPANDED_NODES:,}"))
            result = _attach(stack, value, nodes, loc, event.start_mark, doc, is_key=is_key)
    finally:
        parser.dispose()
    return result


def _next_loc(stack: list[_Container]) -> tuple[Loc, bool]:
    """Where the next node goes: (path, whether it is a mapping key)."""
    if not stack:
        return (), False
    top = stack[-1]
    if top.is_map:
        if top.key is _NO_KEY:
            return top.loc, True
        return (*top.loc, top.key), False
    return (*top.loc, len(top.value)), False


def _attach(stack: list[_Container], value: Any, nodes: int, loc: Loc, mark: Any, doc: SourceDoc,
            *, is_key: bool = False) -> Any:
    """Put a finished node into its parent; returns the value (the document when there is no parent)."""
    if not stack:
        if mark is not None:
            doc.value_positions.setdefault(loc, _position(mark))
        return value
    top = stack[-1]
    top.nodes += nodes
    if top.is_map and is_key:
        _check_key(top, value, mark)
        top.key = value
        doc.key_positions[(*top.loc, value)] = _position(mark)
        return value
    if mark is not None:
        doc.value_positions[loc] = _position(mark)
    if top.is_map:
        top.value[top.key] = value
        top.key = _NO_KEY
    else:
        top.value.append(value)
    return value


def _check_key(container: _Container, key: Any, mark: Any) -> None:
    try:
        first = container.first_key.get(key)
    except TypeError:  # an unhashable key (an alias of a list or mapping)
        raise _Refused(mark, "yaml-complex-key",
                       _("a list or mapping used as a key: keys must be plain names")) from None
    if first is not None:
        raise _Refused(mark, "yaml-duplicate-key",
                       _("duplicate key '{key}' (already given at line {line} of this mapping): "
                         "remove or rename one").format(key=key, line=first))
    container.first_key[key] = mark.line + 1 if mark else 0


def _position(mark: Any) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


def _check_tag(event: Any) -> None:
    tag = event.tag
    if tag is None or tag in _ALLOWED_TAGS:
        return
    shown = tag.replace(_CORE, "!!")
    raise _Refused(event.start_mark, "yaml-tag",
                   _("YAML tag '{tag}' is not allowed: course files hold only text, numbers, "
                     "true/false, lists and mappings (remove the tag)").format(tag=shown))


def _scalar(event: Any, is_key: bool) -> Any:
    """The value of a scalar by the YAML 1.2 core schema; quoted scalars are always text."""
    _check_tag(event)
    value: str = event.value
    tag = event.tag
    if tag in (None, "!") and event.style:  # quoted or block scalar: text (plain style is "" or None)
        return value
    if tag == f"{_CORE}str" or tag == "!":
        return value
    if tag is None:
        tag = _resolve(value)
    if tag in (f"{_CORE}int", f"{_CORE}float") and len(value) > MAX_NUMBER_LENGTH:
        raise _Refused(event.start_mark, "yaml-number-too-long",
                       _("a number of {length} characters: at most {limit}; put it in quotes if it "
                         "is meant as text").format(length=f"{len(value):,}", limit=MAX_NUMBER_LENGTH))
    try:
        return _construct(tag, value)
    except (ValueError, ConstructorError, OverflowError) as exc:
        raise _Refused(event.start_mark, "invalid-value",
                       _("'{value}' is not a valid {type}").format(
                           value=value[:40], type=tag.replace(_CORE, ""))) from exc


def _resolve(value: str) -> str:
    if _NULL.match(value):
        return f"{_CORE}null"
    if value in _BOOL:
        return f"{_CORE}bool"
    if value[:1] in "-+0123456789.":
        if _INT.match(value):
            return f"{_CORE}int"
        if _FLOAT.match(value) or value.lstrip("+-") in _SPECIAL_FLOAT:
            return f"{_CORE}float"
    if value[:1].isdigit() and _DATE.match(value):
        return f"{_CORE}timestamp"
    return f"{_CORE}str"


def _construct(tag: str, value: str) -> Any:
    kind = tag.replace(_CORE, "")
    if kind == "null":
        if not _NULL.match(value):
            raise ValueError(value)
        return None
    if kind == "bool":
        return _BOOL[value]
    if kind == "int":
        return _int(value)
    if kind == "float":
        sign = -1.0 if value.startswith("-") else 1.0
        bare = value.lstrip("+-")
        if bare in _SPECIAL_FLOAT:
            return sign * _SPECIAL_FLOAT[bare]
        return float(value.replace("_", ""))
    if kind == "timestamp":
        return _timestamp(value)
    return value


def _int(value: str) -> int:
    digits = value.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    bare = digits.lstrip("+-")
    for prefix, base in (("0o", 8), ("0x", 16), ("0b", 2)):
        if bare.startswith(prefix):
            return sign * int(bare[2:], base)
    return sign * int(bare, 10)


def _timestamp(value: str) -> dt.date | dt.datetime:
    if not _DATE.match(value):
        raise ValueError(value)
    node = ScalarNode(f"{_CORE}timestamp", value)
    return SafeConstructor().construct_yaml_timestamp(node)


def _reader_error(exc: yaml.YAMLError, text: str, rel_path: str) -> Diagnostic:
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        before = text[:position]
        line, column = before.count("\n") + 1, position - (before.rfind("\n") + 1) + 1
    else:
        line, column = 1, 1
    character = getattr(exc, "character", None)  # an int from libyaml, a str from the Python reader
    code = ord(character) if isinstance(character, str) and len(character) == 1 else character
    shown = f"U+{code:04X}" if isinstance(code, int) else "?"  # both readers always name the character
    return Diagnostic(rel_path, line, column, "yaml-character",
                      _("{character} is not allowed in a YAML file (control characters and NUL bytes "
                        "are refused): remove it").format(character=shown))


#: Parser messages -> advice (marked with N_ for the catalogue, translated where used).
_FRIENDLY = [
    (re.compile(r"mapping values are not allowed"),
     N_("unexpected ':' here: check this line's indentation, or put the text in quotes "
        "if it contains ': '")),
    (re.compile(r"expected <block end>, but found '?<block mapping start>'?"),
     N_("indentation does not match the lines above: line it up with the other keys "
        "of the same level")),
    (re.compile(r"did not find expected key|expected <block end>, but found '?(<block sequence start>|-)'?"),
     N_("list item '-' is not indented like the items above it: line up every '-' of a list")),
    (re.compile(r"could not find expected ':'"),
     N_("a key is missing its ':' or a multi-line text is not indented under its key")),
]  # undefined aliases are caught while composing; an unclosed quote is explained by _unclosed()


def _marked_error(exc: yaml.MarkedYAMLError, rel_path: str, code: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = f"{exc.problem or exc.context or 'invalid YAML'}"
    if "nesting depth" in problem:  # libyaml's own limit on flow nesting
        return Diagnostic(rel_path, line, column, "yaml-too-deep",
                          _("lists and mappings nested more than {depth} levels deep: "
                            "a course file never needs that many").format(depth=MAX_DEPTH))
    for pattern, friendly in _FRIENDLY:
        if pattern.search(f"{exc.context or ''} {problem}"):
            return Diagnostic(rel_path, line, column, code, f"{_(friendly)} (YAML: {problem})")
    return Diagnostic(rel_path, line, column, code, _("invalid YAML: {problem}").format(problem=problem))


#: What the parser was inside when the text ended or went wrong -> what the author must close.
_OPENERS = {"while parsing a flow mapping": "}", "while parsing a flow sequence": "]",
            "while scanning a quoted scalar": None}


def _unclosed(exc: yaml.MarkedYAMLError, rel_path: str, code: str, text: str) -> Diagnostic | None:
    """An unclosed brace, bracket or quote: point where it was opened (the problem starts there,
    the parser notices it only lines later) and say what to close."""
    closer = _OPENERS.get((exc.context or "").strip(), "")
    if closer == "" or exc.context_mark is None:
        return None
    mark = exc.context_mark
    lines = text.splitlines()
    opened = lines[mark.line][mark.column] if mark.line < len(lines) and mark.column < len(lines[mark.line]) else ""
    if closer is None:
        message = _("the quoted text starting here is never closed: end it with {quote}").format(
            quote=opened if opened in "'\"" and opened else '"')
    else:
        message = _("the '{opener}' opened here is never closed: add '{closer}' at the end of the value").format(
            opener=opened if opened in "{[" and opened else {"}": "{", "]": "["}[closer], closer=closer)
    return Diagnostic(rel_path, mark.line + 1, mark.column + 1, code, f"{message} (YAML: {exc.problem})")
