"""A schema that teaches: every field of every source file has a description and an example in
the generated JSON Schema (what an editor shows on hover and offers on completion), and the
schemas written into .schemas/ are the ones the models generate today."""

from __future__ import annotations

from typing import Any

import pytest

from lms_build.editor_schemas import SCHEMA_DIR, SCHEMAS, schema_document, schema_files
from tests.conftest import REPO, run_cli


def _properties(document: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(model, field, property schema) of the root object and every definition."""
    found = [(document.get("title", "root"), name, prop)
             for name, prop in document.get("properties", {}).items()]
    for model, definition in document.get("$defs", {}).items():
        found += [(model, name, prop) for name, prop in definition.get("properties", {}).items()]
    return found


def _lacking(document: dict[str, Any]) -> list[str]:
    lacking = []
    for model, name, prop in _properties(document):
        missing = [key for key in ("description", "examples") if not prop.get(key)]
        if missing:
            lacking.append(f"{model}.{name}: no {' and no '.join(missing)}")
    return lacking


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_every_field_has_a_description_and_an_example(kind: str) -> None:
    lacking = _lacking(schema_document(kind))
    assert not lacking, (
        "give these fields Field(description=..., examples=[...]) in lms_build/model/ "
        "(then run `lms-build schema --write`):\n  " + "\n  ".join(sorted(set(lacking))))


def test_the_check_notices_a_field_without_documentation() -> None:
    document = {"title": "Thing", "properties": {"name": {"type": "string", "description": "Its name."}}}
    assert _lacking(document) == ["Thing.name: no examples"]


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_every_example_is_valid_for_its_field(kind: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    document = schema_document(kind)
    for model, name, prop in _properties(document):
        for example in prop.get("examples", []):
            schema = {**prop, "$defs": document.get("$defs", {})}
            errors = list(jsonschema.Draft202012Validator(schema).iter_errors(example))
            assert not errors, f"{model}.{name}: example {example!r} is invalid: {errors[0].message}"


def test_committed_schemas_are_not_stale() -> None:
    for name, text in schema_files().items():
        path = REPO / SCHEMA_DIR / name
        assert path.is_file(), f"{path} missing: run `lms-build schema --write`"
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run `lms-build schema --write`"


def test_schema_write_creates_every_file_and_is_idempotent(tmp_path) -> None:
    (tmp_path / "course.toml").write_text("")
    result = run_cli("schema", "--write", cwd=tmp_path)
    assert result.returncode == 0, result.output
    written = sorted(p.name for p in (tmp_path / SCHEMA_DIR).iterdir())
    assert written == sorted(schema_files())
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / SCHEMA_DIR).iterdir()}
    assert run_cli("schema", "--write", cwd=tmp_path).returncode == 0
    assert before == {p: p.stat().st_mtime_ns for p in (tmp_path / SCHEMA_DIR).iterdir()}
