"""The JSON Schema that editors use is generated from the models and agrees with them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from lms_build.load.yaml_source import parse_yaml
from tests.conftest import MINI_COURSE, REPO, run_cli

MODULE_FILES = sorted([*(REPO / "modules").glob("*.yaml"), *(MINI_COURSE / "modules").glob("*.yaml")])


@pytest.fixture(scope="module")
def module_schema() -> dict:
    result = run_cli("schema", "module")
    assert result.returncode == 0, result.output
    return json.loads(result.stdout)


def _load(path: Path) -> object:
    parsed = parse_yaml(path.read_text(encoding="utf-8"), path.name)
    assert not hasattr(parsed, "code"), parsed  # a Diagnostic: the file does not parse
    return parsed.data


@pytest.mark.parametrize("path", MODULE_FILES, ids=lambda p: p.name)
def test_schema_accepts_every_real_module(path: Path, module_schema: dict) -> None:
    jsonschema.validate(_load(path), module_schema)


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda m: m.pop("pages"), "'pages' is a required property"),
        (lambda m: m.update(sumary=m.pop("summary")), "Additional properties are not allowed"),
        (lambda m: m["pages"][0]["blocks"][0].update(type="calout"), "calout"),
        (lambda m: m.update(id="Perusteet Ä"), "does not match"),
    ],
    ids=["missing pages", "misspelt field", "unknown block type", "invalid id"],
)
def test_schema_rejects_a_broken_module(change, complaint: str, module_schema: dict) -> None:
    module = _load(MINI_COURSE / "modules" / "01-perusteet.yaml")
    change(module)
    with pytest.raises(jsonschema.ValidationError) as error:
        jsonschema.validate(module, module_schema)
    assert complaint in str(error.value)
