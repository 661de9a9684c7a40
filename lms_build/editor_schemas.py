"""JSON Schemas of the source files for editors (hover, completion, inline errors), generated
from the format models. `lms-build schema --write` keeps them in the course's `.schemas/`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .model import CourseConfig, ExtraPage, GlossaryFile, Module, PersonaFile, SourceFile

SCHEMA_DIR = ".schemas"
SCHEMAS: dict[str, type[BaseModel]] = {"module": Module, "course": CourseConfig, "personas": PersonaFile,
                                       "glossary": GlossaryFile, "page": ExtraPage, "sources": SourceFile}


def schema_document(kind: str) -> dict[str, Any]:
    document = SCHEMAS[kind].model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"lms-build {kind}",
            **document}


def schema_text(kind: str) -> str:
    return json.dumps(schema_document(kind), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """File name -> text of every schema, as `--write` writes them."""
    return {f"{kind}.schema.json": schema_text(kind) for kind in sorted(SCHEMAS)}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        path = folder / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
