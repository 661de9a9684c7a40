"""Turn Pydantic validation errors into diagnostics a course author can act on."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, RootModel, ValidationError

from ..diagnostics import Diagnostic
from ..i18n import _
from .source import Loc, SourceDoc


def diagnostics_from_validation(
    doc: SourceDoc, error: ValidationError, root: type[BaseModel]
) -> list[Diagnostic]:
    found = []
    errors = error.errors(include_url=False)
    misspelt = _misspelt_fields(errors)
    for item in errors:
        if item["type"] == "missing" and tuple(item["loc"]) in misspelt:
            continue  # the 'unknown field ... did you mean' error already says it
        loc = tuple(item["loc"])
        kind = item["type"]
        message = _message(doc, item, root)
        if kind in ("union_tag_invalid", "union_tag_not_found"):
            loc = (*loc, "type")  # point at the misspelt type, not at the start of the item
        found.append(doc.diagnostic(loc, _code(kind), message, at_key=kind in ("extra_forbidden", "invalid_key")))
    return sorted(set(found))


def _misspelt_fields(errors: list[Any]) -> set[Loc]:
    """Locations of missing fields for which a close misspelling was given instead."""
    extra = {tuple(e["loc"]) for e in errors if e["type"] == "extra_forbidden"}
    found = set()
    for item in errors:
        loc = tuple(item["loc"])
        if item["type"] == "missing" and any(
            other[:-1] == loc[:-1] and difflib.get_close_matches(str(loc[-1]), [str(other[-1])], cutoff=0.6)
            for other in extra
        ):
            found.add(loc)
    return found


def _code(kind: str) -> str:
    return {
        "extra_forbidden": "unknown-field",
        "missing": "missing-field",
        "union_tag_invalid": "unknown-type",
        "union_tag_not_found": "missing-type",
        "string_pattern_mismatch": "invalid-value",
        "invalid_key": "invalid-key",
    }.get(kind, "invalid-value")


def _field_name(doc: SourceDoc, loc: Loc) -> str:
    path = doc.resolve_loc(loc)
    named = [part for part in loc if isinstance(part, str)]
    return str(named[-1]) if named else ".".join(map(str, path)) or "file"


def _message(doc: SourceDoc, item: dict[str, Any], root: type[BaseModel]) -> str:
    loc = tuple(item["loc"])
    kind = item["type"]
    ctx = item.get("ctx", {})
    name = _field_name(doc, loc)
    if kind == "extra_forbidden":
        allowed = _allowed_fields(root, loc[:-1])
        hint = _did_you_mean(str(loc[-1]), allowed)
        listing = (_("; allowed here: {fields}").format(fields=", ".join(sorted(allowed)))
                   if allowed and not hint else "")
        return _("unknown field '{field}'").format(field=loc[-1]) + hint + listing
    if kind == "missing":
        return _("missing required field '{field}'").format(field=loc[-1])
    if kind == "invalid_key":
        key = _("null (or empty)") if item["input"] is None else repr(item["input"])
        return _("key {key} is not a name: keys are words like 'title' or 'fi' "
                 "(put it in quotes if it is meant as text)").format(key=key)
    if kind == "union_tag_invalid":
        tags = [t.strip(" '") for t in ctx.get("expected_tags", "").split(",")]
        hint = _did_you_mean(str(ctx.get("tag")), tags)
        return (_("unknown type '{type}'").format(type=ctx.get("tag")) + hint
                + _("; use one of: {types}").format(types=", ".join(tags)))
    if kind == "union_tag_not_found":
        return _("this item has no 'type': add 'type:' with one of the block or question types")
    if kind == "string_pattern_mismatch" and "a-z0-9" in str(ctx.get("pattern", "")):
        return _("'{value}' is not a valid id for '{field}': use lowercase ASCII letters, digits and single "
                 "hyphens, e.g. 'digital-support-basics'").format(value=item["input"], field=name)
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("'{field}' must be a whole number, not {value}").format(field=name, value=repr(item["input"]))
    if kind in ("float_parsing", "float_type"):
        return _("'{field}' must be a number, not {value}").format(field=name, value=repr(item["input"]))
    if kind in ("bool_parsing", "bool_type"):
        return _("'{field}' must be true or false, not {value}").format(field=name, value=repr(item["input"]))
    if kind in ("string_type",):
        return _("'{field}' must be text, not {value}: put it in quotes if needed").format(
            field=name, value=_describe(item["input"]))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return _("'{field}' must be a mapping of keys (e.g. fi: ..., sv: ...), not {value}").format(
            field=name, value=_describe(item["input"]))
    if kind == "list_type":
        return _("'{field}' must be a list ('- ' items), not {value}").format(
            field=name, value=_describe(item["input"]))
    if kind == "too_short":
        return _("'{field}' needs at least {count} item(s)").format(field=name, count=ctx.get("min_length"))
    if kind in ("literal_error", "enum"):
        return _("'{field}' must be one of {choices}, not {value}").format(
            field=name, choices=ctx.get("expected"), value=repr(item["input"]))
    return f"'{name}': {item['msg']}"


def _describe(value: Any) -> str:
    if value is None:
        return _("an empty value")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    return f"{type(value).__name__} {value!r}"


def _did_you_mean(word: str, candidates: list[str] | set[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return _(": did you mean '{word}'?").format(word=close[0]) if close else ""


def _allowed_fields(root: type[BaseModel], loc: Loc) -> set[str]:
    """Names a mapping at `loc` may hold, found by walking the model types along the path."""
    current: Any = root
    for part in loc:
        current = _step(current, part)
        if current is None:
            return set()
    model = _as_model(current)
    if model is None or issubclass(model, RootModel):
        return set()
    return set(model.model_fields)


def _step(annotation: Any, part: str | int) -> Any:
    annotation = _unwrap(annotation)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        tagged = [m for m in members if _tag_of(m) == part]
        if tagged:
            return tagged[0]  # a discriminator step: the loc names the union member
        if len(members) == 1:
            return _step(members[0], part)
        return None
    if origin is list and isinstance(part, int):
        return typing.get_args(annotation)[0]
    model = _as_model(annotation)
    if model is not None and isinstance(part, str) and part in model.model_fields:
        return model.model_fields[part].annotation
    return None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _as_model(annotation: Any) -> type[BaseModel] | None:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [m for m in typing.get_args(annotation) if m is not type(None)]
        annotation = members[0] if len(members) == 1 else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _tag_of(model: Any) -> str | None:
    model = _as_model(model)
    if model is None or "type" not in model.model_fields:
        return None
    args = typing.get_args(model.model_fields["type"].annotation)
    return args[0] if args else None
