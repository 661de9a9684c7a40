"""A parsed source file that remembers where every value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, Severity

Loc = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column


@dataclass
class SourceDoc:
    """Plain data (dicts, lists, scalars) plus the position of every key and value in the file."""

    rel_path: str  # relative to the course root, with forward slashes
    data: Any
    value_positions: dict[Loc, Position] = field(default_factory=dict)
    key_positions: dict[Loc, Position] = field(default_factory=dict)

    def resolve_loc(self, loc: Loc) -> Loc:
        """Map a validation error location onto a path that exists in the file.

        Pydantic adds the discriminator tag of a union (`'quiz'`, `'single-choice'`) to error
        locations; those steps are not keys in the file, so they are skipped here.  The walk stops
        at the deepest part that exists (for a missing field, the mapping that lacks it)."""
        path: Loc = ()
        node = self.data
        for part in loc:
            if _has_child(node, part):
                node = node[part]
            elif isinstance(node, dict) and node.get("type") == part:
                continue
            else:
                break
            path = (*path, part)
        return path

    def position(self, loc: Loc, *, at_key: bool = False) -> Position:
        path = self.resolve_loc(loc)
        positions = self.key_positions if at_key and path in self.key_positions else self.value_positions
        while path and path not in positions:
            path = path[:-1]
        return positions.get(path, (1, 1))

    def value_at(self, loc: Loc) -> Any:
        node = self.data
        for part in self.resolve_loc(loc):
            node = node[part]
        return node

    def diagnostic(
        self,
        loc: Loc,
        code: str,
        message: str,
        severity: Severity = Severity.ERROR,
        *,
        at_key: bool = False,
        line_offset: int = 0,
    ) -> Diagnostic:
        line, column = self.position(loc, at_key=at_key)
        return Diagnostic(self.rel_path, line + line_offset, column, code, message, severity)


def _has_child(node: Any, part: str | int) -> bool:
    if isinstance(node, dict):
        return part in node
    return isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)


def relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
