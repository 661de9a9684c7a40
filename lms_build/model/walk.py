"""Walking a model tree: every value with its location, for checks and statistics."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from .base import Localized, LocalizedList

Loc = tuple[str | int, ...]


def walk(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any]]:
    """Every value in a model tree with its location (field names and list indexes), parents
    before children, in field and list order. Iterative: every check and statistic walks whole
    courses, and nested generators cost time for each level of depth at every value."""
    stack: list[tuple[Loc, Any]] = [(loc, value)]
    while stack:
        loc, value = stack.pop()
        yield loc, value
        if isinstance(value, _LEAVES):
            continue
        if isinstance(value, BaseModel):
            children = [((*loc, name), getattr(value, name)) for name in type(value).model_fields]
        elif isinstance(value, list):
            children = [((*loc, index), item) for index, item in enumerate(value)]
        else:
            continue
        children.reverse()
        stack += children


_LEAVES = (Localized, LocalizedList)
