"""Walking a model tree: every value with its location, for checks and statistics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .base import Localized, LocalizedList

Loc = tuple[str | int, ...]


def walk(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every value in a model tree with its location (field names and list indexes)."""
    yield loc, value
    if isinstance(value, Localized | LocalizedList):
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, (*loc, index))
