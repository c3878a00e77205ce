"""The columns of the cases CSV, derived from the case JSON Schema, and each case's text in them.

A field added to the format becomes a documented, typed column without touching this module: a
scalar is one column, a list one column of values joined with SEPARATOR, a list of records (one
imaging study, one marker) one column per item field, its slots joined with SEPARATOR and a list
within one slot with SLOT_SEPARATOR.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from atlas.cases.schema import case_json_schema
from atlas.evidence.summary import unit_for

SEPARATOR = " | "
SLOT_SEPARATOR = "; "  # a list within one slot (one study's dimensions), never Python's "[11, 8]" (M-4)

_TYPES = {"string": "string", "integer": "integer", "number": "number", "boolean": "boolean"}


@dataclass(frozen=True)
class DataColumn:
    """One CSV column: a field of the format (or of the source's reference) and how it is flattened."""

    name: str
    type: str
    description: str
    required: bool = False
    enum: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    shape: str = "value"  # value | list | records | mapping | reference
    unit: str = ""

    @cached_property
    def parts(self) -> tuple[str, ...]:
        """The dotted name split once (it is looked up in every case)."""
        return tuple(self.name.split("."))

    @property
    def allowed(self) -> str:
        parts = [str(v).lower() if isinstance(v, bool) else str(v) for v in self.enum]
        if self.minimum is not None:
            parts.append(f"≥ {self.minimum:g}")
        if self.maximum is not None:
            parts.append(f"≤ {self.maximum:g}")
        return ", ".join(parts)

    @property
    def list_pattern(self) -> str:
        """Joined values each from the vocabulary (an empty slot allowed for records)."""
        choice = "(" + "|".join(_regex_literal(str(v)) for v in self.enum) + ")"
        if self.shape == "records":
            choice += "?"
        return f"{choice}({_regex_literal(SEPARATOR)}{choice})*"

    def table_schema_field(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.enum and self.shape == "value" and self.type == "string":
            constraints["enum"] = list(self.enum)
        elif self.enum and self.shape in ("list", "records"):
            constraints["pattern"] = self.list_pattern
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if constraints:
            field["constraints"] = constraints
        return field


REFERENCE_COLUMNS = tuple(
    DataColumn(name, kind, description, shape="reference")
    for name, kind, description in (
        ("source_year", "integer", "Publication year of the source, from references.bib."),
        ("source_citation", "string", "Citation of the source (Vancouver style), from references.bib."),
        (
            "source_unverified",
            "string",
            f"Parts of the source's citation not yet verified, joined by '{SEPARATOR}'.",
        ),
    )
)


def _regex_literal(text: str) -> str:
    """Escape regex metacharacters only (XML Schema regexes, which Table Schema uses, reject `\\ `)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\])", r"\\\1", text)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    return schema["$defs"][ref.split("/")[-1]] if ref else node


def data_columns(schema: dict[str, Any] | None = None) -> list[DataColumn]:
    """The CSV columns, in the order of the format, then the columns read from references.bib."""
    schema = schema or case_json_schema()
    columns: list[DataColumn] = []
    _walk(schema, schema, "", True, columns)
    return columns + list(REFERENCE_COLUMNS)


def _walk(
    schema: dict[str, Any], node: dict[str, Any], prefix: str, required: bool, out: list[DataColumn]
) -> None:
    node = _resolve(schema, node)
    needed = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        resolved = _resolve(schema, child)
        description = child.get("description") or resolved.get("description", "")
        is_required = required and name in needed
        if resolved.get("type") == "object" and "properties" in resolved:
            _walk(schema, resolved, f"{path}.", is_required, out)
        elif resolved.get("type") == "array":
            out.extend(_array_columns(schema, resolved, path, description))
        elif resolved.get("type") == "object":
            text = f"{description} Given as 'key: value' pairs joined with '{SEPARATOR}'."
            out.append(DataColumn(path, "string", text.strip(), shape="mapping"))
        else:
            out.append(_value_column(resolved, path, description, is_required, name))


def _value_column(node: dict[str, Any], path: str, description: str, required: bool, name: str) -> DataColumn:
    kind = "boolean" if "const" in node and isinstance(node["const"], bool) else node.get("type", "string")
    return DataColumn(
        path,
        _TYPES.get(kind, "string"),
        description,
        required=required,
        enum=tuple(node.get("enum", ())),
        minimum=node.get("minimum"),
        maximum=node.get("maximum"),
        unit=unit_for(name).strip(),
    )


def _array_columns(
    schema: dict[str, Any], node: dict[str, Any], path: str, description: str
) -> list[DataColumn]:
    items = _resolve(schema, node.get("items", {}))
    if items.get("type") == "object" and "properties" in items:
        return [
            DataColumn(
                f"{path}.{name}",
                "string",
                f"{description[:-1] if description.endswith('.') else description}: "
                f"{(sub.get('description') or '').rstrip('.').lower() or name}, one value per item "
                f"in item order, joined with '{SEPARATOR}' (an item without it leaves an empty slot"
                f"{_slot_note(_resolve(schema, sub))}).",
                enum=tuple(_resolve(schema, sub).get("enum", ())),
                shape="records",
                unit=unit_for(name).strip(),
            )
            for name, sub in items["properties"].items()
        ]
    text = f"{description} Values joined with '{SEPARATOR}'."
    enum = tuple(items.get("enum", ()))
    return [DataColumn(path, "string", text.strip(), enum=enum, shape="list", unit=unit_for(path).strip())]


def _slot_note(node: dict[str, Any]) -> str:
    return (
        f"; the values within one item joined with '{SLOT_SEPARATOR}'" if node.get("type") == "array" else ""
    )


def _scalar_text(value: Any) -> str:
    """A value as its JSON text: numbers and yes/no as the JSON export writes them, text as is."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return int.__repr__(value)  # what json.dumps writes (this runs for tens of thousands of cells)
    if isinstance(value, float) and math.isfinite(value):
        return float.__repr__(value)
    if isinstance(value, list):  # a list within one slot of a record column
        return SLOT_SEPARATOR.join(map(_scalar_text, value))
    return json.dumps(value, ensure_ascii=False)


def _lookup(data: dict[str, Any], parts: tuple[str, ...]) -> Any:
    value: Any = data
    for part in parts:
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def cell(column: DataColumn, data: dict[str, Any]) -> str:
    """The CSV text of one column for one case (as dumped to JSON); "" is not reported."""
    if column.shape == "records":
        items, name = _lookup(data, column.parts[:-1]), column.parts[-1]
        if not items or not any(name in item for item in items):
            return ""  # no item holds it: empty, as every value not reported is (recount M-3)
        return SEPARATOR.join(_scalar_text(item[name]) if name in item else "" for item in items)
    value = _lookup(data, column.parts)
    if value is None:
        return ""
    if column.shape == "list":
        return SEPARATOR.join(_scalar_text(item) for item in value)
    if column.shape == "mapping":
        return SEPARATOR.join(f"{key}: {_scalar_text(item)}" for key, item in value.items())
    return _scalar_text(value)
