"""The JSON Schema of a case file, derived from `atlas.cases.model` (never edited by hand).

Editors read the committed copy through the `# yaml-language-server: $schema=` line;
a test regenerates it and fails when the committed copy is stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from atlas.cases.model import Case
from atlas.paths import SCHEMA_FILE

SCHEMA_ID = "https://rvlms-atlas.github.io/schema/case.schema.json"


class _NotReportedIsAbsent(GenerateJsonSchema):
    """Optional fields are `X | None` in Python only so that absence has a value;
    in the file format null is not allowed (absent is the one way to say "not reported")."""

    def nullable_schema(self, schema: Any) -> dict[str, Any]:
        return self.generate_inner(schema["schema"])

    def default_schema(self, schema: Any) -> dict[str, Any]:
        return self.generate_inner(schema["schema"])


def case_json_schema() -> dict[str, Any]:
    schema = Case.model_json_schema(schema_generator=_NotReportedIsAbsent)
    schema["$id"] = SCHEMA_ID
    return schema


def schema_text() -> str:
    return json.dumps(case_json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def write_schema(root: Path) -> Path:
    path = root / SCHEMA_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path
